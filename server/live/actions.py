"""Room actions: each validates through the domain, commits, and then tells the rooms
(rooms.py). Socket handlers, pages, the JSON API and the CLI call these and only
translate in and out, so an action behaves the same from every edge."""

from flask import current_app

from ..domain import sessions, theme_state
from ..domain.sessions import delete_session as delete_rows
from ..extensions import db, socketio
from ..store.models import WorkshopSession
from . import rooms
from .presence import presence

PRESENCE_DELAY = 0.25  # seconds: a room joining at once gives the dashboard a few updates, not one per phone
_presence_due: set[int] = set()


def goto(session: WorkshopSession, index) -> dict:
    step = sessions.goto(db.session(), session, index)
    db.session.commit()  # durable before anyone is told: a phone that rejoins lands here
    rooms.send_step(session.id, step)
    return step


def end(session: WorkshopSession) -> None:
    sessions.end_session(db.session(), session)
    db.session.commit()
    rooms.send_ended(session.id)


def delete(session: WorkshopSession) -> None:
    """Delete a session for good; a live room hears `ended` once the delete is committed."""
    session_id, was_live = session.id, session.is_live
    delete_rows(db.session(), session)
    db.session.commit()
    if was_live:
        rooms.send_ended(session_id)


def reveal(session: WorkshopSession, question_id) -> None:
    sessions.reveal(db.session(), session, question_id)
    db.session.commit()
    rooms.send_reveal(session)


# Theme edits: stored at once, then every host screen gets the question's themes again.
# They stick through later recomputes (see domain/theme_state.py).


def rename_theme(session: WorkshopSession, theme_id, label) -> None:
    _themes_changed(session, theme_state.rename_theme(db.session(), session, theme_id, label).question_id)


def merge_themes(session: WorkshopSession, theme_id, into) -> None:
    _themes_changed(session, theme_state.merge_themes(db.session(), session, theme_id, into).question_id)


def move_answer(session: WorkshopSession, answer_id, theme_id) -> None:
    _themes_changed(session, theme_state.move_answer(db.session(), session, answer_id, theme_id))


def _themes_changed(session: WorkshopSession, question_id: str) -> None:
    db.session.commit()
    rooms.send_themes(session, question_id)


def hosted(session: WorkshopSession, view: str) -> dict:
    """A screen starts hosting: its state, by view. A dashboard also asks for the themes
    that a crash or a lost request left behind their answers; they follow the ack."""
    if view == "projector":
        return rooms.projector_view(session)
    state = rooms.host_view(session)
    for question_id in theme_state.stale_questions(db.session(), session):
        current_app.extensions["themes"].request(session.id, question_id)
    return state


# Presence: who is connected, told to the hosts soon after it changes, coalescing a
# room joining at once into a few updates.


def joined(sid: str, session_id: int, participant_id: str, left_session: int | None = None) -> None:
    presence.add(sid, session_id, participant_id)
    announce_presence(session_id)
    if left_session is not None:
        announce_presence(left_session)


def left(sid: str) -> None:
    session_id = presence.remove(sid)
    if session_id is not None:
        announce_presence(session_id)


def announce_presence(session_id: int) -> None:
    if session_id not in _presence_due:
        _presence_due.add(session_id)
        socketio.start_background_task(_send_presence, session_id)


def _send_presence(session_id: int) -> None:
    socketio.sleep(PRESENCE_DELAY)
    _presence_due.discard(session_id)
    rooms.send_presence(session_id, presence.count(session_id))
