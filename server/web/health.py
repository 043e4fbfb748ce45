"""Probes for load balancers and orchestrators."""

from flask import Blueprint, current_app, jsonify

from ..extensions import db
from ..outages import rollback
from ..ratelimit import http_limiter
from ..store.models import ReadinessProbe, utcnow

bp = Blueprint("health", __name__)
http_limiter.exempt(bp)


@bp.get("/healthz")
def healthz():
    """The process is up and serving."""
    return jsonify({"status": "ok"})


def write_probe() -> None:
    db.session.merge(ReadinessProbe(id=1, checked_at=utcnow()))
    db.session.commit()


@bp.get("/readyz")
def readyz():
    """Ready for traffic: a write to the database commits (a full disk or a read-only
    database answers reads but loses every answer), and the message queue answers when
    there is one."""
    checks = {"database": write_probe}
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
        rollback()
    return jsonify({"status": "ok" if ready else "unavailable", **report}), 200 if ready else 503
