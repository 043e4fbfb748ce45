"""The facilitator's screens: sessions list, start, dashboard, projector, QR code, delete."""

import io

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..api.errors import STATUS
from ..domain import library, sessions
from ..domain.errors import DomainError
from ..domain.theme_state import MAX_LABEL, MIN_THEME_ANSWERS
from ..extensions import db
from ..live import actions
from ..urls import join_url
from .forms import ConfirmForm, StartSessionForm

bp = Blueprint("facilitator", __name__)


def owned_session(session_id: int):
    try:
        return sessions.get_owned_session(db.session, session_id, current_user)
    except DomainError as error:
        abort(STATUS.get(error.code, 400), error.message)


def start_form() -> StartSessionForm:
    """The start form, its worksheets by title: the library's, then the facilitator's own
    (chosen on the Worksheets page, whose "Start session" comes here with ?worksheet=SLUG)."""
    form = StartSessionForm()
    entries = library.entries(db.session, current_app.extensions["worksheets"], current_user)
    groups = {"Library": [], "Mine": []}
    for entry in entries:
        groups["Library" if entry.source == "library" else "Mine"].append((entry.worksheet.slug, entry.worksheet.title))
    form.worksheet.choices = groups if groups["Mine"] else groups["Library"]  # optgroups once there are two
    wanted = request.args.get("worksheet")
    if request.method == "GET" and any(wanted == entry.worksheet.slug for entry in entries):
        form.worksheet.data = wanted
    return form


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("participant.join"))
    return render_template(
        "home.html",
        form=start_form(),
        confirm=ConfirmForm(),
        sessions=sessions.list_sessions(db.session, current_user),
        worksheet_of=sessions.worksheet_of,
    )


@bp.post("/sessions")
@login_required
def start():
    form = start_form()
    session = None
    if form.validate_on_submit():
        entry = library.find(db.session, current_app.extensions["worksheets"], current_user, form.worksheet.data)
        worksheet = entry.worksheet
        try:
            session = sessions.start_session(
                db.session, current_user, worksheet, form.title.data, form.min_group.data, share=form.share.data or None
            )
        except DomainError as error:
            db.session.rollback()
            field = form.min_group if error.field == "min_group" else form.title
            field.errors = [*field.errors, error.message]
    if session is None:
        return render_template(
            "home.html",
            form=form,
            confirm=ConfirmForm(),
            sessions=sessions.list_sessions(db.session, current_user),
            worksheet_of=sessions.worksheet_of,
        ), 400
    db.session.commit()
    return redirect(url_for("facilitator.dashboard", session_id=session.id))


@bp.get("/sessions/<int:session_id>")
@login_required
def dashboard(session_id):
    session = owned_session(session_id)
    return render_template(
        "dashboard.html",
        session=session,
        join_url=join_url(session.code),
        confirm=ConfirmForm(),
        min_theme_answers=MIN_THEME_ANSWERS,
        max_label=MAX_LABEL,
    )


@bp.get("/sessions/<int:session_id>/projector")
@login_required
def projector(session_id):
    session = owned_session(session_id)
    return render_template(
        "projector.html",
        session=session,
        join_url=join_url(session.code),
        min_theme_answers=MIN_THEME_ANSWERS,
        conclusion=sessions.worksheet_of(session).conclusion,
    )


@bp.get("/sessions/<int:session_id>/qr.svg")
@login_required
def qr_code(session_id):
    session = owned_session(session_id)
    out = io.BytesIO()
    segno.make(join_url(session.code), error="m").save(
        out, kind="svg", scale=10, border=2, xmldecl=False, svgns=True, title="Join link"
    )
    return Response(out.getvalue(), mimetype="image/svg+xml")


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end(session_id):
    """The no-JavaScript way to end a session (the dashboard normally uses the socket)."""
    session = owned_session(session_id)
    if ConfirmForm().validate_on_submit() and session.is_live:
        actions.end(session)
    return redirect(url_for("facilitator.dashboard", session_id=session.id))


@bp.get("/sessions/<int:session_id>/delete")
@login_required
def confirm_delete(session_id):
    return render_template("delete_session.html", session=owned_session(session_id), confirm=ConfirmForm())


@bp.post("/sessions/<int:session_id>/delete")
@login_required
def delete(session_id):
    session = owned_session(session_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("facilitator.confirm_delete", session_id=session.id))
    title = session.title
    actions.delete(session)
    flash(f"“{title}” and all its answers are deleted.")
    return redirect(url_for("facilitator.home"))
