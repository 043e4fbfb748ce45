"""The JSON API (/api/v1): token or cookie auth, JSON errors `{"error": {"code", "message"}}`."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import deletion, errors, routes, shares, worksheets  # noqa: E402,F401  (attach handlers and routes)
