"""The phone side: enter a code, or open /j/CODE straight from the QR code. No name is asked."""

from flask import Blueprint, redirect, render_template, url_for

from ..domain import sessions
from ..domain.answers import MAX_ANSWER, MAX_CLIENT_ID
from ..domain.codes import normalise_code
from ..domain.errors import DomainError
from ..extensions import db
from ..live.writing import WRITING_INTERVAL
from ..ratelimit import guard_room_lookup
from .forms import JoinForm

bp = Blueprint("participant", __name__)


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = JoinForm()
    if form.validate_on_submit():
        try:
            session = guard_room_lookup(lambda: sessions.find_by_code(db.session, form.code.data))
            sessions.require_live(session)
        except DomainError as error:
            form.code.errors.append(error.message)
            status = 429 if error.code == "rate_limited" else 400
            return render_template("join.html", form=form), status
        return redirect(url_for("participant.join_code", code=session.code))
    return render_template("join.html", form=form), 400 if form.errors else 200


@bp.get("/j/<code>")
def join_code(code):
    # The page itself joins over Socket.IO, so a reload or a resume goes through one path.
    return render_template(
        "phone.html",
        code=normalise_code(code),
        max_answer=MAX_ANSWER,
        max_client_id=MAX_CLIENT_ID,
        writing_interval=WRITING_INTERVAL,
    )
