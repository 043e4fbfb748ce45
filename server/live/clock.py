"""The room's clock: closes a step when its closing timer runs out and ends a session when
its grace period is over. Every serving process runs it; the deadlines are stored with the
session and each is claimed by one atomic update (domain/controls.py), so a deadline is
met once even with several processes, and on time after a restart or a crash of the
process that set it."""

import logging

from flask import Flask

from ..domain import controls
from ..domain.retention import PRACTICE_HOURS, expired_practice
from ..extensions import db, socketio
from ..outages import describe, rollback
from ..store.models import utcnow
from . import actions, rooms

TICK = 0.5  # seconds: how late a deadline may be met
SWEEP = 600  # ticks between two looks for expired practice sessions (5 minutes)
log = logging.getLogger(__name__)


def run_clock(app: Flask) -> None:
    ticks = 0
    while True:
        socketio.sleep(TICK)
        with app.app_context():
            try:
                tick()
                if ticks % SWEEP == 0:
                    sweep_practice()
                ticks += 1
            except Exception as error:  # a database away: the next tick tries again
                rollback()
                log.warning("the room clock skipped a tick (%s)", describe(error))


def tick() -> None:
    now = utcnow()
    for session_id in controls.due_timers(db.session(), now):
        session = controls.claim_timer(db.session(), session_id, now)
        db.session.commit()
        if session is not None:
            log.info("session %s: the timer closed step %s", session_id, session.timer_step)
            rooms.send_locked(session)
            rooms.send_timer(session)
    for session_id in controls.due_closings(db.session(), now):
        if controls.claim_closing(db.session(), session_id, now):
            db.session.commit()
            log.info("session %s ended after its grace period", session_id)
            rooms.send_ended(session_id)


def sweep_practice() -> None:
    """Delete the rehearsals older than a day (any process may: a delete done twice is one)."""
    for session in expired_practice(db.session()):
        log.info("session %s: a practice session, deleted after %s hours", session.id, PRACTICE_HOURS)
        actions.delete(session)
