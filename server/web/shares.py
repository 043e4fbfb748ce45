"""Share links: the facilitator's page to make and revoke them, and the reviewer's
read-only report behind one (no account, no cookie, no live session), with its downloads."""

import logging
import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..domain import shares
from ..domain.errors import DomainError
from ..domain.reports import build_report
from ..downloads import report_download
from ..extensions import db
from ..outages import describe, is_outage, rollback
from ..urls import share_url
from .facilitator import owned_session
from .forms import ConfirmForm, ShareForm

bp = Blueprint("shares", __name__)
log = logging.getLogger(__name__)  # the session id at most: never an address or a token
DOWNLOADS = ("pdf", "csv", "md")  # as the report page offers, less its JSON (the API's format)


def views_line(link) -> str:
    """ "Opened 3 times, last on 2 Dec 2026" / "Not opened yet": all the page tells of its visits."""
    if not link.views:
        return "Not opened yet"
    last = link.last_viewed_at
    when = f"{last.day} {last.strftime('%b %Y')}" if last else "an unknown day"
    times = "once" if link.views == 1 else f"{link.views:,} times"
    return f"Opened {times}, last on {when}"


def render_shares(session, form, status=200):
    links = [
        {
            "id": link.id,
            "url": share_url(link.id),
            "label": link.label,
            "views": views_line(link),
            "created_at": link.created_at,
            "expires_at": link.expires_at,
            "state": shares.link_state(link),
        }
        for link in shares.list_shares(db.session, session)
    ]
    return render_template(
        "shares.html",
        session=session,
        form=form,
        links=links,
        max_days=shares.MAX_DAYS,
        max_label=shares.MAX_LABEL,
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
    try:
        shares.create_share(db.session, session, form.days.data, label=form.label.data)
    except DomainError as error:  # the label: too long, or a character that cannot be stored
        db.session.rollback()
        form.label.errors = [*form.label.errors, error.message]
        return render_shares(session, form, 400)
    db.session.commit()
    flash(f"New link created; it works for {form.days.data} day{'' if form.days.data == 1 else 's'}.")
    return redirect(url_for("shares.manage", session_id=session.id))


@bp.get("/sessions/<int:session_id>/shares/<share_id>/revoke")
@login_required
def confirm_revoke(session_id, share_id):
    """ "Turn off" asks first, on a page of its own (so it works without JavaScript): a
    link turned off stays off, and whoever was sent it loses the report."""
    session = owned_session(session_id)
    try:
        link = shares.get_share(db.session, session, share_id)
    except DomainError as error:
        abort(404, error.message)
    if shares.link_state(link) != "active":
        return redirect(url_for("shares.manage", session_id=session.id))
    return render_template(
        "revoke_share.html", session=session, link=link, views=views_line(link), confirm=ConfirmForm()
    )


@bp.post("/sessions/<int:session_id>/shares/<share_id>/revoke")
@login_required
def revoke(session_id, share_id):
    session = owned_session(session_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("shares.confirm_revoke", session_id=session.id, share_id=share_id))
    try:
        shares.revoke_share(db.session, session, share_id)
    except DomainError as error:
        abort(404, error.message)
    db.session.commit()
    flash("Link turned off: it no longer opens the report.")
    return redirect(url_for("shares.manage", session_id=session.id))


# The reviewer's side. Only what build_report gives is shown: no dashboard, no socket.


def refusal(error: DomainError):
    """The answer to a dead or unknown link, the same for the page and its downloads."""
    if error.code == "not_found":
        abort(404, error.message)
    return render_template("error.html", status=410, message=error.message), 410


# Link previews and crawlers fetch a pasted link before anyone opens it (chat apps, mail
# scanners); the facilitator's "opened 3 times" should count people. Read from the request's
# headers to decide, never stored.
PREVIEW_AGENT = re.compile(
    r"bot\b|crawler|spider|preview|facebookexternalhit|whatsapp|curl/|wget/|python-requests",
    re.I,
)


def a_visit() -> bool:
    """Is this request a person opening the page (not a HEAD, a browser's prefetch or
    prerender, or a link preview)?"""
    if request.method != "GET":
        return False
    purpose = " ".join(request.headers.get(h, "") for h in ("Sec-Purpose", "Purpose", "X-Moz")).lower()
    if "prefetch" in purpose or "prerender" in purpose:
        return False
    return not PREVIEW_AGENT.search(request.headers.get("User-Agent", ""))


def opened(token):
    """The session the shared page shows, its opening counted when it is a visit. The count
    is a convenience: when the database cannot take the write just now, the reviewer still
    gets the page."""
    key = current_app.config["SECRET_KEY"]
    if not a_visit():
        return shares.resolve(db.session, key, token)
    try:
        session = shares.open_share(db.session, key, token)
        db.session.commit()
        return session
    except DomainError:
        raise
    except Exception as error:
        if not is_outage(error):
            raise
        rollback()
        log.warning("a share link's view was not counted: %s", describe(error))
        return shares.resolve(db.session, key, token)


@bp.get("/shared/<token>")
def shared_report(token):
    try:
        session = opened(token)
    except DomainError as error:
        return refusal(error)
    return render_template("shared_report.html", report=build_report(db.session, session), token=token)


@bp.get("/shared/<token>/report.<extension>")
def shared_download(token, extension):
    """The shared page's downloads: the same export of the same report as the owner's."""
    try:
        session = shares.resolve(db.session, current_app.config["SECRET_KEY"], token)
    except DomainError as error:
        return refusal(error)
    if extension not in DOWNLOADS:
        abort(404, f"No download {extension!r}; use one of: {', '.join(DOWNLOADS)}.")
    return report_download(build_report(db.session, session), extension)


@bp.after_request
def private_page(response):
    # Reviewers' pages and downloads (and the facilitator's list of links) carry a secret
    # in the URL: never sent on as a referrer, cached or indexed.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
