"""Events from facilitator screens: connect (auth), host, goto, end."""
from flask import current_app, session as socket_session
from flask_login import current_user
from flask_socketio import join_room

from ..domain import sessions, theme_state
from ..domain.accounts import facilitator_for_login, facilitator_for_token
from ..domain.answers import answer_event, session_answers
from ..domain.errors import DomainError
from ..domain.values import is_id
from ..extensions import db, socketio
from ..live import broadcast_ended, broadcast_step, hosts_room, projectors_room
from ..theme_service import emit_themes
from ..store.models import Facilitator
from ..urls import join_url
from .acks import client_event, ok
from .presence import presence


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


def host_state(session) -> dict:
    worksheet = sessions.worksheet_of(session)
    return {"session": {"id": session.id, "title": session.title, "code": session.code,
                        "worksheet": worksheet.title, "status": session.status,
                        "join_url": join_url(session.code), "min_group": session.min_group},
            "steps": [{"index": s.index, "title": s.title} for s in worksheet.steps],
            "step": sessions.step_payload(session),
            "participants": presence.count(session.id),
            "answers": [answer_event(a) for a in session_answers(db.session, session)],
            "themes": theme_state.session_themes(db.session, session),
            "revealed": session.revealed_question}


def projector_themes(session) -> dict | None:
    """The projector's view of the revealed question's themes, or None."""
    question_id = session.revealed_question
    return theme_state.projector_event(db.session, session, question_id) if question_id else None


def projector_state(session) -> dict:
    """What a projector needs: no answers, and only the revealed question's themes."""
    themes = projector_themes(session)
    return {"session": {"id": session.id, "title": session.title, "code": session.code,
                        "status": session.status, "join_url": join_url(session.code),
                        "min_group": session.min_group},
            "step": sessions.step_payload(session),
            "participants": presence.count(session.id),
            "themes": {session.revealed_question: themes} if themes else {},
            "revealed": session.revealed_question}


@client_event(socketio, "host")
def host(data):
    session_id = data.get("session_id")
    if not is_id(session_id):
        raise DomainError("bad_request", "`session_id` must be the session's numeric id.")
    facilitator = socket_facilitator()
    view = data.get("view", "dashboard")
    if view not in ("dashboard", "projector"):
        raise DomainError("bad_request", "`view` must be \"dashboard\" or \"projector\".")
    session = sessions.get_owned_session(db.session, session_id, facilitator)
    socket_session["hosting"] = session.id
    if view == "projector":
        join_room(projectors_room(session.id))
        return ok(state=projector_state(session))
    join_room(hosts_room(session.id))
    state = host_state(session)
    # Themes a crash or a lost request left behind their answers: recomputed now, and pushed
    # to this room after this ack (the computation starts once this handler has returned).
    for question_id in theme_state.stale_questions(db.session, session):
        current_app.extensions["themes"].request(session.id, question_id)
    return ok(state=state)


@client_event(socketio, "goto")
def goto(data):
    session = hosted_session()
    step = sessions.goto(db.session, session, data.get("index"))
    db.session.commit()
    broadcast_step(session.id, step)
    return ok(step=step)


@client_event(socketio, "end")
def end(_data):
    session = hosted_session()
    sessions.end_session(db.session, session)
    db.session.commit()
    broadcast_ended(session.id)
    return ok()


# Theme edits: stored at once, then every host screen gets the question's themes again.
# They stick through later recomputes (see domain/theme_state.py).

def edit_themes(edit) -> dict:
    """Run `edit(session)` on the hosted session's themes (it returns the question id),
    store it, and send that question's themes to every host screen."""
    session = hosted_session()
    question_id = edit(session)
    db.session.commit()
    emit_themes(session, question_id)
    return ok()


@client_event(socketio, "theme_rename")
def theme_rename(data):
    return edit_themes(lambda session: theme_state.rename_theme(
        db.session, session, data.get("theme_id"), data.get("label")).question_id)


@client_event(socketio, "theme_merge")
def theme_merge(data):
    return edit_themes(lambda session: theme_state.merge_themes(
        db.session, session, data.get("theme_id"), data.get("into")).question_id)


@client_event(socketio, "theme_move")
def theme_move(data):
    return edit_themes(lambda session: theme_state.move_answer(
        db.session, session, data.get("answer_id"), data.get("theme_id")))


@client_event(socketio, "reveal")
def reveal(data):
    """Show a question's themes on the projector (question_id None hides them)."""
    session = hosted_session()
    question_id = data.get("question_id")
    if question_id is not None and (not isinstance(question_id, str)
                                    or sessions.worksheet_of(session).question(question_id) is None):
        raise DomainError("bad_request", f"This session has no question {question_id!r}.")
    session.revealed_question = question_id
    db.session.commit()
    socketio.emit("reveal", {"question_id": question_id}, to=hosts_room(session.id))
    socketio.emit("reveal", {"question_id": question_id, "themes": projector_themes(session)},
                  to=projectors_room(session.id))
    return ok()
