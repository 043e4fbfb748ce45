"""Share links: the facilitator's page to make and revoke them, and the reviewer's
read-only report behind one (no account, no cookie, no live session)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import login_required

from ..domain import shares
from ..domain.errors import DomainError
from ..domain.reports import build_report
from ..extensions import db
from ..urls import share_url
from .facilitator import owned_session
from .forms import ConfirmForm, ShareForm

bp = Blueprint("shares", __name__)


def render_shares(session, form, status=200):
    links = [
        {
            "id": link.id,
            "url": share_url(link.id),
            "created_at": link.created_at,
            "expires_at": link.expires_at,
            "state": shares.link_state(link),
        }
        for link in shares.list_shares(db.session, session)
    ]
    return render_template(
        "shares.html", session=session, form=form, confirm=ConfirmForm(), links=links, max_days=shares.MAX_DAYS
    ), status


@bp.get("/sessions/<int:session_id>/shares")
@login_required
def manage(session_id):
    return render_shares(owned_session(session_id), ShareForm())


@bp.post("/sessions/<int:session_id>/shares")
@login_required
def create(session_id):
    session = owned_session(session_id)
    form = ShareForm()
    if not form.validate_on_submit():
        return render_shares(session, form, 400)
    shares.create_share(db.session, session, form.days.data)
    db.session.commit()
    flash(f"New link created; it works for {form.days.data} day{'' if form.days.data == 1 else 's'}.")
    return redirect(url_for("shares.manage", session_id=session.id))


@bp.post("/sessions/<int:session_id>/shares/<share_id>/revoke")
@login_required
def revoke(session_id, share_id):
    session = owned_session(session_id)
    if ConfirmForm().validate_on_submit():
        try:
            shares.revoke_share(db.session, session, share_id)
        except DomainError as error:
            abort(404, error.message)
        db.session.commit()
        flash("Link turned off: it no longer opens the report.")
    return redirect(url_for("shares.manage", session_id=session.id))


# The reviewer's side. Only what build_report gives is shown: no dashboard, no socket.


@bp.get("/shared/<token>")
def shared_report(token):
    try:
        session = shares.resolve(db.session, current_app.config["SECRET_KEY"], token)
    except DomainError as error:
        if error.code == "not_found":
            abort(404, error.message)
        return render_template("error.html", status=410, message=error.message), 410
    return render_template("shared_report.html", report=build_report(db.session, session))


@bp.after_request
def private_page(response):
    # Reviewers' pages (and the facilitator's list of links) carry a secret in the URL:
    # never sent on as a referrer, cached or indexed.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
