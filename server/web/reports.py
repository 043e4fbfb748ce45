from flask import Blueprint, render_template
from flask_login import login_required

from ..domain.reports import build_report
from ..extensions import db
from .facilitator import owned_session

bp = Blueprint("reports", __name__)


@bp.get("/sessions/<int:session_id>/report")
@login_required
def report(session_id):
    session = owned_session(session_id)
    return render_template("report.html", session=session, report=build_report(db.session, session))
