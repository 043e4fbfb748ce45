from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from ..domain.errors import DomainError
from ..domain.reports import build_report
from ..downloads import report_download
from ..extensions import db
from .facilitator import owned_session

bp = Blueprint("reports", __name__)


@bp.get("/sessions/<int:session_id>/report")
@login_required
def report(session_id):
    session = owned_session(session_id)
    to_you = includes_to_you()
    report = build_report(db.session, session, include_to_you=to_you)
    return render_template("report.html", session=session, report=report, to_you=to_you)


def includes_to_you() -> bool:
    """The owner asked for the variant with the answers sent only to them (`?include=facilitator`)."""
    return request.args.get("include") == "facilitator"


@bp.get("/sessions/<int:session_id>/report.<extension>")
@login_required
def download(session_id, extension):
    session = owned_session(session_id)
    try:
        # Downloads are the report as shared: never with the answers sent only to the owner.
        return report_download(build_report(db.session, session), extension)
    except DomainError as error:
        abort(404, error.message)
