"""Events from facilitator screens: connect (auth), host, goto, end, theme edits, reveal,
show_join, and the facilitation controls (timer, lock, hide, spotlight, pacing).
Each checks who may act, calls a room action (live/actions.py) and acks."""

from flask import session as socket_session
from flask_login import current_user
from flask_socketio import join_room

from ..domain import sessions
from ..domain.accounts import facilitator_for_login, facilitator_for_token
from ..domain.controls import closing_view
from ..domain.errors import DomainError
from ..domain.values import is_id
from ..extensions import db, socketio
from ..live import actions, controls
from ..live.rooms import hosts_room, projectors_room
from ..store.models import Facilitator
from .acks import client_event, ok


@socketio.on("connect")
def connect(auth=None):
    """Remember which facilitator this socket speaks for: an API token in `auth`, else the login cookie.
    Phones connect with neither and stay anonymous."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and facilitator_for_token(db.session, token) is not None:
        socket_session["login"] = ("token", token)
    elif current_user.is_authenticated:
        socket_session["login"] = ("cookie", current_user.get_id())
    else:
        socket_session["login"] = None


def socket_facilitator() -> Facilitator | None:
    """Whom this socket speaks for, checked again at every facilitator event: a logout, a
    password change or a revoked token ends an open dashboard's powers too."""
    login = socket_session.get("login")
    if login is None:
        return None
    kind, value = login
    return facilitator_for_token(db.session, value) if kind == "token" else facilitator_for_login(db.session, value)


def hosted_session():
    """The session this socket hosts, or `forbidden`."""
    session_id = socket_session.get("hosting")
    if session_id is None:
        raise DomainError("forbidden", "Only the session's facilitator can do that; send `host` first.")
    if socket_facilitator() is None:
        raise DomainError("forbidden", "This login has ended; log in again.")
    return sessions.get_session(db.session, session_id)


@client_event(socketio, "host")
def host(data):
    session_id = data.get("session_id")
    if not is_id(session_id):
        raise DomainError("bad_request", "`session_id` must be the session's numeric id.")
    facilitator = socket_facilitator()
    view = data.get("view", "dashboard")
    if view not in ("dashboard", "projector"):
        raise DomainError("bad_request", '`view` must be "dashboard" or "projector".')
    session = sessions.get_owned_session(db.session, session_id, facilitator)
    socket_session["hosting"] = session.id
    join_room(projectors_room(session.id) if view == "projector" else hosts_room(session.id))
    return ok(state=actions.hosted(session, view))


@client_event(socketio, "goto")
def goto(data):
    return ok(step=actions.goto(hosted_session(), data.get("index")))


@client_event(socketio, "end")
def end(data):
    """End now, or after a grace period (`after_seconds`) in which phones send what they have."""
    session = hosted_session()
    if controls.end_after(session, data.get("after_seconds", 0)):
        return ok(closing=closing_view(session))
    actions.end(session)
    return ok()


@client_event(socketio, "timer")
def timer(data):
    session = hosted_session()
    return ok(timer=controls.timer(session, data.get("seconds"), data.get("lock", False), data.get("add")))


@client_event(socketio, "lock")
def lock(data):
    return ok(locked=controls.lock(hosted_session(), data.get("index"), data.get("locked")))


@client_event(socketio, "hide")
def hide(data):
    controls.hide(hosted_session(), data.get("answer_id"), data.get("hidden"))
    return ok()


@client_event(socketio, "spotlight")
def spotlight(data):
    controls.spotlight(hosted_session(), data.get("answer_id"))
    return ok()


@client_event(socketio, "pacing")
def pacing(data):
    controls.pacing(hosted_session(), data.get("mode"))
    return ok()


@client_event(socketio, "theme_rename")
def theme_rename(data):
    actions.rename_theme(hosted_session(), data.get("theme_id"), data.get("label"))
    return ok()


@client_event(socketio, "theme_merge")
def theme_merge(data):
    actions.merge_themes(hosted_session(), data.get("theme_id"), data.get("into"))
    return ok()


@client_event(socketio, "theme_move")
def theme_move(data):
    """One answer (`answer_id`) or several (`answer_ids`, one undo step) into a theme, or
    into "Other" (`theme_id` null)."""
    answer_ids = data["answer_ids"] if "answer_ids" in data else [data.get("answer_id")]
    actions.move_answers(hosted_session(), answer_ids, data.get("theme_id"))
    return ok()


@client_event(socketio, "theme_new")
def theme_new(data):
    return ok(theme_id=actions.new_theme(hosted_session(), data.get("answer_ids"), data.get("label")))


@client_event(socketio, "theme_split")
def theme_split(data):
    session = hosted_session()
    return ok(theme_id=actions.split_theme(session, data.get("theme_id"), data.get("answer_ids"), data.get("label")))


@client_event(socketio, "theme_undo")
def theme_undo(data):
    return ok(what=actions.undo_theme_edit(hosted_session(), data.get("question_id")))


@client_event(socketio, "theme_redo")
def theme_redo(data):
    return ok(what=actions.redo_theme_edit(hosted_session(), data.get("question_id")))


@client_event(socketio, "theme_regroup")
def theme_regroup(data):
    """Group a question afresh; `confirm` must be true when that replaces edits by hand."""
    actions.regroup(hosted_session(), data.get("question_id"), data.get("confirm", False))
    return ok()


@client_event(socketio, "reveal")
def reveal(data):
    """Show a question's themes on the projector (question_id None hides them), with
    quotes if asked."""
    actions.reveal(hosted_session(), data.get("question_id"), data.get("quotes", False))
    return ok()


@client_event(socketio, "show_join")
def show_join(data):
    """Put the big join screen on the projector (or take it off)."""
    actions.show_join(hosted_session(), data.get("shown"))
    return ok()
