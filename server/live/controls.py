"""Facilitation controls as room actions (see actions.py): the timer, closing a step,
hiding and spotlighting answers, pacing, a phone's own moves, ending after a grace period,
and where self-paced phones are. Each validates through domain/controls.py, commits, then
tells the rooms (rooms.py)."""

from flask import current_app

from ..domain import controls
from ..domain.sessions import step_payload
from ..extensions import db
from ..store.models import WorkshopSession
from . import rooms
from .actions import answers_stored, progress_soon


def timer(session: WorkshopSession, seconds, lock=False, add=None) -> dict:
    controls.set_timer(db.session(), session, seconds, lock, add)
    db.session.commit()
    return rooms.send_timer(session)


def lock(session: WorkshopSession, index, locked) -> list[int]:
    steps = controls.set_lock(db.session(), session, index, locked)
    db.session.commit()
    rooms.send_locked(session)
    return steps


def hide(session: WorkshopSession, answer_id, hidden) -> None:
    """Hide an answer (or show it again): the hosts get it back marked, and its question's
    themes are recomputed with or without it."""
    answer, unspotlit = controls.hide_answer(db.session(), session, answer_id, hidden)
    db.session.commit()
    rooms.send_answers(session.id, [answer])
    answers_stored(session.id)  # the projector's counts leave hidden answers out
    if unspotlit:
        rooms.send_spotlight(session)
    current_app.extensions["themes"].request(session.id, answer.question_id)


def spotlight(session: WorkshopSession, answer_id) -> None:
    controls.set_spotlight(db.session(), session, answer_id)
    db.session.commit()
    rooms.send_spotlight(session)


def pacing(session: WorkshopSession, mode) -> None:
    """Switch who moves the phones; back to the facilitator, every phone follows their step."""
    controls.set_pacing(db.session(), session, mode)
    db.session.commit()
    rooms.send_pacing(session)
    if mode == "facilitator":
        rooms.send_step(session, step_payload(session))
    else:
        progress_soon(session.id)


def view(session: WorkshopSession, participant_id: str, index) -> dict:
    step = controls.view_step(db.session(), session, participant_id, index)
    db.session.commit()
    progress_soon(session.id)
    return step


def end_after(session: WorkshopSession, after_seconds) -> bool:
    """End in `after_seconds` (the clock ends it, live/clock.py); False: end now instead."""
    if not controls.schedule_end(db.session(), session, after_seconds):
        return False
    db.session.commit()
    rooms.send_closing(session)
    return True
