"""Rehearse: a practice session of a worksheet with simulated participants, so a facilitator
sees the dashboard, themes, charts and projector before facing a room. Each step's
answers arrive over about half a minute after the facilitator opens it
(domain/rehearsal.py plans them), through the same answer writer as phones' answers, so
every screen reacts as it would to a real room."""

import logging
import random
import time

import gevent
from flask import Flask, current_app
from sqlalchemy import select

from ..domain import sessions
from ..domain.answers import Submission
from ..domain.errors import DomainError
from ..domain.rehearsal import PARTICIPANTS, simulated_answers
from ..domain.worksheets import MAX_TITLE, Worksheet
from ..extensions import db
from ..store.models import Facilitator, Participant, WorkshopSession

log = logging.getLogger(__name__)
_played: set[tuple[int, int]] = set()  # (session, step) whose answers this process has sent


def rehearse(facilitator: Facilitator, worksheet: Worksheet) -> WorkshopSession:
    title = f"Practice: {worksheet.title}"[:MAX_TITLE]
    session = sessions.start_session(db.session(), facilitator, worksheet, title, practice=True)
    for _ in range(PARTICIPANTS):
        sessions.new_participant(db.session(), session)
    db.session.commit()
    log.info("session %s: a rehearsal with %s simulated participants", session.id, PARTICIPANTS)
    return session


def step_opened(session: WorkshopSession, index: int) -> None:
    """The facilitator opened step `index` of a practice session: its simulated participants
    start answering. Planned from a seed of the session and step, with one client id per
    participant and question, so playing a step again (another process, a restart) only
    resends what is stored already."""
    if not session.practice or (session.id, index) in _played:
        return
    step = sessions.worksheet_of(session).steps[index]
    if not step.questions:
        return
    _played.add((session.id, index))
    participants = list(
        db.session().scalars(
            select(Participant.id).where(Participant.session_id == session.id).order_by(Participant.id)
        )
    )[:PARTICIPANTS]
    samples = current_app.extensions["rehearsal_samples"]
    plan = simulated_answers(step, len(participants), samples, random.Random(f"{session.id}/{index}"))
    gevent.spawn(_play, current_app._get_current_object(), session.id, plan, participants)  # type: ignore[attr-defined]


def _play(app: Flask, session_id: int, plan: list, participants: list[str]) -> None:
    started = time.monotonic()
    for delay, n, question_id, payload in plan:
        gevent.sleep(max(0.0, started + delay - time.monotonic()))
        submission = Submission(
            session_id,
            participants[n],
            question_id,
            payload.get("text"),
            f"rehearsal-{question_id}-{n}",
            payload.get("value"),
            payload.get("choices"),
            payload.get("share"),
        )
        try:
            app.extensions["answer_writer"].submit(submission)
        except DomainError as error:
            if error.code in ("session_ended", "not_found"):
                return  # ended or deleted: the rehearsal is over
            # a closed step refuses, as it would a phone's answer; the rest go on
        except Exception:
            log.exception("a simulated answer of session %s failed", session_id)
