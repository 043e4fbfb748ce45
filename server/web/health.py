"""Probes for load balancers and orchestrators."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from ..extensions import db
from ..ratelimit import http_limiter

bp = Blueprint("health", __name__)
http_limiter.exempt(bp)


@bp.get("/healthz")
def healthz():
    """The process is up and serving."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means not ready
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": type(error).__name__}), 503
    return jsonify({"status": "ok", "database": "ok"})
