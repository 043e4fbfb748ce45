"""Probes for load balancers and orchestrators."""
from flask import Blueprint, current_app, jsonify
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
    """Ready for traffic: the database answers, and the message queue when there is one."""
    checks = {"database": lambda: db.session.execute(text("SELECT 1"))}
    if "redis" in current_app.extensions:
        checks["queue"] = current_app.extensions["redis"].ping
    report, ready = {}, True
    for name, check in checks.items():
        try:
            check()
            report[name] = "ok"
        except Exception as error:  # any driver error means not ready
            report[name], ready = type(error).__name__, False
    if not ready:
        db.session.rollback()
    return jsonify({"status": "ok" if ready else "unavailable", **report}), 200 if ready else 503
