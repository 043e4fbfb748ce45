"""Facilitation controls: a timer per step, closing steps, hiding and spotlighting answers,
self pacing and an end with a grace period. All of it is stored with the session, so every
screen on every process agrees and a restart changes nothing; the live layer
(live/actions.py) tells the rooms, and live/clock.py acts when a timer or a grace period
runs out, on whichever process gets there first (`claim_*` are atomic updates)."""

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from ..store.models import Answer, Participant, WorkshopSession, utcnow
from .errors import DomainError
from .formats import utc_iso_ms
from .privacy import scrub
from .sessions import PACING, require_live, step_payload, worksheet_of
from .sharing import GROUP, for_the_room
from .values import is_id, whole_number

MIN_TIMER, MAX_TIMER = 10, 7200  # seconds: from a quick round to a two-hour block
MAX_ADD = 3600
MAX_END_GRACE = 300  # seconds a facilitator may give the room to send what it has


def _flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise DomainError("bad_request", f"`{name}` must be true or false.", field=name)
    return value


# The timer: one countdown, for the step that was current when it started.


def timer_view(session: WorkshopSession, now: datetime | None = None) -> dict:
    """TIMER as the protocol defines it; `now` is the server's clock, so a screen whose own
    clock is off still counts down right."""
    running = session.timer_ends_at is not None
    return {
        "ends_at": utc_iso_ms(session.timer_ends_at),
        "seconds": session.timer_seconds if running else None,
        "lock": session.timer_lock if running else False,
        "index": session.timer_step if running else None,
        "now": utc_iso_ms(now or utcnow()),
    }


def set_timer(db: Session, session: WorkshopSession, seconds, lock=False, add=None) -> None:
    """Start a countdown of `seconds` for the current step (None clears it), or with `add`
    extend the running one."""
    require_live(session)
    if add is not None:
        add = whole_number(add, "`add`", 1, MAX_ADD, field="add")
        if session.timer_ends_at is None:
            raise DomainError("bad_request", "No timer is running.", field="add")
        session.timer_ends_at += timedelta(seconds=add)
        session.timer_seconds = (session.timer_seconds or 0) + add
    elif seconds is None:
        clear_timer(session)
    else:
        seconds = whole_number(seconds, "`seconds`", MIN_TIMER, MAX_TIMER, field="seconds")
        session.timer_ends_at = utcnow() + timedelta(seconds=seconds)
        session.timer_seconds, session.timer_step = seconds, session.current_step
        session.timer_lock = _flag(lock, "lock")
    db.flush()


def clear_timer(session: WorkshopSession) -> None:
    session.timer_ends_at = session.timer_seconds = session.timer_step = None
    session.timer_lock = False


def due_timers(db: Session, now: datetime) -> list[int]:
    """Live sessions whose closing timer has run out."""
    return list(
        db.scalars(
            select(WorkshopSession.id).where(
                WorkshopSession.status == "live",
                WorkshopSession.timer_lock.is_(True),
                WorkshopSession.timer_ends_at <= now,
            )
        )
    )


def claim_timer(db: Session, session_id: int, now: datetime) -> WorkshopSession | None:
    """Close the step of a run-out timer, once: of several processes, one gets the session."""
    claimed = _changed(
        db,
        update(WorkshopSession)
        .where(
            WorkshopSession.id == session_id,
            WorkshopSession.timer_lock.is_(True),
            WorkshopSession.timer_ends_at <= now,
        )
        .values(timer_lock=False),
    )
    if not claimed:
        return None
    session = db.get(WorkshopSession, session_id)
    if session is not None and session.timer_step is not None:
        db.refresh(session)
        _set_locked(session, session.timer_step, True)
        db.flush()
    return session


# Closed steps: their answers are refused with `locked`.


def is_locked(session: WorkshopSession, step_index: int | None) -> bool:
    return step_index is not None and step_index in (session.locked_steps or ())


def set_lock(db: Session, session: WorkshopSession, index, locked) -> list[int]:
    require_live(session)
    last = len(worksheet_of(session).steps) - 1
    index = session.current_step if index is None else whole_number(index, "`index`", 0, last, field="index")
    _set_locked(session, index, _flag(locked, "locked"))
    db.flush()
    return list(session.locked_steps)


def _set_locked(session: WorkshopSession, index: int, locked: bool) -> None:
    steps = set(session.locked_steps or ())
    steps.add(index) if locked else steps.discard(index)
    session.locked_steps = sorted(steps)  # a new list: JSON columns see reassignment, not mutation


# Hiding and spotlighting answers.


def _answer(db: Session, session: WorkshopSession, answer_id) -> Answer:
    if not is_id(answer_id):
        raise DomainError("bad_request", "`answer_id` must be an answer's numeric id.", field="answer_id")
    answer = db.get(Answer, answer_id)
    if answer is None or answer.session_id != session.id:
        raise DomainError("not_found", "This session has no such answer.", field="answer_id")
    return answer


def hide_answer(db: Session, session: WorkshopSession, answer_id, hidden) -> tuple[Answer, bool]:
    """Hide an answer from everything but the dashboard (or show it again); returns it, and
    whether the spotlight had to come down."""
    answer = _answer(db, session, answer_id)
    answer.hidden = _flag(hidden, "hidden")
    unspotlit = answer.hidden and session.spotlight_answer == answer.id
    if unspotlit:
        session.spotlight_answer = None
    db.flush()
    return answer, unspotlit


def set_spotlight(db: Session, session: WorkshopSession, answer_id) -> None:
    require_live(session)
    if answer_id is None:
        session.spotlight_answer = None
    else:
        answer = _answer(db, session, answer_id)
        if answer.hidden:
            raise DomainError("bad_request", "A hidden answer cannot be put in the spotlight.", field="answer_id")
        if answer.share != GROUP:  # the room sees only what its author shared with the group
            raise DomainError(
                "bad_request", "Only answers shared with the group can be put in the spotlight.", field="answer_id"
            )
        shown = db.scalar(
            select(func.count(Answer.id)).where(
                Answer.session_id == session.id, Answer.question_id == answer.question_id, for_the_room()
            )
        )
        if (shown or 0) < session.min_group:
            raise DomainError(
                "too_few_answers",
                f"Its question has fewer than {session.min_group} answers: one answer alone could be recognised.",
                field="answer_id",
            )
        session.spotlight_answer = answer.id
    db.flush()


def spotlight_view(db: Session, session: WorkshopSession) -> dict | None:
    """What the projector shows of the spotlit answer: its text scrubbed and its question."""
    answer = db.get(Answer, session.spotlight_answer) if session.spotlight_answer else None
    if answer is None or answer.hidden:
        return None
    return {"text": scrub(answer.text), "question": worksheet_of(session).prompt(answer.question_id)}


# Pacing: the facilitator moves everyone, or each phone moves itself.


def set_pacing(db: Session, session: WorkshopSession, mode) -> None:
    require_live(session)
    if mode not in PACING:
        raise DomainError("bad_request", '`mode` must be "facilitator" or "self".', field="mode")
    if mode == "self" and session.pacing != "self":  # everyone starts from the step they are on
        db.execute(update(Participant).where(Participant.session_id == session.id).values(at_step=session.current_step))
    session.pacing = mode
    db.flush()


def view_step(db: Session, session: WorkshopSession, participant_id: str, index) -> dict:
    """A self-paced phone moves to step `index`: its STEP."""
    require_live(session)
    if session.pacing != "self":
        raise DomainError("forbidden", "The facilitator moves this session.")
    index = whole_number(index, "`index`", 0, len(worksheet_of(session).steps) - 1, field="index")
    db.execute(update(Participant).where(Participant.id == participant_id).values(at_step=index))
    return step_payload(session, index)


def participant_step(db: Session, session: WorkshopSession, participant_id: str) -> dict:
    """The STEP a phone joining sees: the facilitator's, or in self pacing its own."""
    if session.pacing != "self":
        return step_payload(session)
    at = db.scalar(select(Participant.at_step).where(Participant.id == participant_id)) or 0
    return step_payload(session, min(at, len(worksheet_of(session).steps) - 1))


def progress(db: Session, session_id: int, connected: set[str]) -> list[dict]:
    """How many of the connected participants are on each step (steps with someone)."""
    if not connected:
        return []
    rows = db.execute(
        select(Participant.at_step, func.count(Participant.id))
        .where(Participant.session_id == session_id, Participant.id.in_(connected))
        .group_by(Participant.at_step)
        .order_by(Participant.at_step)
    )
    return [{"index": index, "participants": n} for index, n in rows]


# Ending with a grace period.


def closing_view(session: WorkshopSession, now: datetime | None = None) -> dict | None:
    if session.closing_at is None or not session.is_live:
        return None
    return {"ends_at": utc_iso_ms(session.closing_at), "now": utc_iso_ms(now or utcnow())}


def schedule_end(db: Session, session: WorkshopSession, after_seconds) -> bool:
    """End in `after_seconds` (True), or now if 0 (False: the caller ends the session)."""
    require_live(session)
    after = whole_number(after_seconds, "`after_seconds`", 0, MAX_END_GRACE, field="after_seconds")
    if after == 0:
        return False
    session.closing_at = utcnow() + timedelta(seconds=after)
    db.flush()
    return True


def due_closings(db: Session, now: datetime) -> list[int]:
    return list(
        db.scalars(
            select(WorkshopSession.id).where(WorkshopSession.status == "live", WorkshopSession.closing_at <= now)
        )
    )


def claim_closing(db: Session, session_id: int, now: datetime) -> bool:
    """End a session whose grace period is over, once across processes."""
    return _changed(
        db,
        update(WorkshopSession)
        .where(WorkshopSession.id == session_id, WorkshopSession.status == "live", WorkshopSession.closing_at <= now)
        .values(status="ended", ended_at=now),
    )


def _changed(db: Session, statement) -> bool:
    """Run an UPDATE; whether it changed a row (this process won the claim)."""
    return bool(cast(CursorResult, db.execute(statement)).rowcount)
