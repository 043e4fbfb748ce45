"""Workshop sessions: start, find, move between steps, end, and let phones join."""

import logging
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store.models import (
    Answer,
    Facilitator,
    Participant,
    ShareLink,
    ThemeEdit,
    ThemePin,
    ThemeRow,
    ThemeRun,
    WorkshopSession,
    utcnow,
)
from .codes import hash_token, is_valid_code, new_room_code, new_token, normalise_code
from .errors import DomainError
from .values import check_text, is_id, whole_number
from .worksheets import SHARES, Step, Worksheet

MAX_TITLE = 200
DEFAULT_MIN_GROUP = 3
MAX_MIN_GROUP = 1000  # more than any room; a bigger number is a typo
PACING = ("facilitator", "self")
log = logging.getLogger(__name__)  # ids and counts only: never participant text or addresses


def clean_min_group(value) -> int:
    """The privacy threshold: how many people must answer a question before its
    answers, themes or quotes are shown anywhere but the facilitator's dashboard."""
    if value is None:
        return DEFAULT_MIN_GROUP
    return whole_number(value, "The minimum group size", 1, MAX_MIN_GROUP, field="min_group")


def clean_pacing(mode) -> str:
    """Who moves the phones: the facilitator (everyone together) or each phone itself."""
    if not isinstance(mode, str) or mode not in PACING:
        raise DomainError("bad_request", '`pacing` must be "facilitator" or "self".', field="pacing")
    return mode


def start_session(
    db: Session,
    facilitator: Facilitator,
    worksheet: Worksheet,
    title: str | None = None,
    min_group=None,
    pacing="facilitator",
    practice=False,
    share=None,
) -> WorkshopSession:
    """A live session of `worksheet`; `share` (a level of SHARES, or None for the
    worksheet's own) is every question's default sharing level, where not fixed."""
    pacing = clean_pacing(pacing)
    if share is not None:
        if share not in SHARES:
            raise DomainError("bad_request", f"`share` must be one of {', '.join(SHARES)}.", field="share")
        worksheet = worksheet.with_share(share)
    if not isinstance(practice, bool):
        raise DomainError("bad_request", "`practice` must be true or false.", field="practice")
    title = (title or "").strip() or worksheet.title
    if len(title) > MAX_TITLE:
        raise DomainError("too_long", f"The title is longer than {MAX_TITLE} characters.", field="title")
    check_text(title, "The title", field="title")
    min_group = clean_min_group(min_group)
    for _ in range(10):  # a collision among live codes is rare; retry with a new code
        session = WorkshopSession(
            facilitator_id=facilitator.id,
            worksheet_slug=worksheet.slug,
            title=title,
            worksheet=worksheet.to_dict(),
            code=new_room_code(),
            min_group=min_group,
            pacing=pacing,
            practice=practice,
        )
        db.add(session)
        try:
            db.flush()
            log.info("session %s started from worksheet %s", session.id, worksheet.slug)
            return session
        except IntegrityError:
            db.rollback()
    raise DomainError("conflict", "Could not find a free room code; try again.")


def get_session(db: Session, session_id) -> WorkshopSession:
    session = db.get(WorkshopSession, session_id) if is_id(session_id) else None
    if session is None:
        raise DomainError("not_found", f"No session with id {session_id!r}.")
    return session


def get_owned_session(db: Session, session_id, facilitator: Facilitator | None) -> WorkshopSession:
    """The facilitator's own session. Another's answers exactly as a missing one does
    (`not_found`), so ids tell nobody which sessions exist."""
    session = get_session(db, session_id)
    if facilitator is None or session.facilitator_id != facilitator.id:
        raise DomainError("not_found", f"No session with id {session_id!r}.")
    return session


def list_sessions(db: Session, facilitator: Facilitator) -> list[WorkshopSession]:
    return list(
        db.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.facilitator_id == facilitator.id)
            .order_by(WorkshopSession.id.desc())
        )
    )


def find_by_code(db: Session, raw_code: str) -> WorkshopSession:
    """The live session with this code; an ended one only to say it has ended."""
    code = normalise_code(raw_code or "")
    if not is_valid_code(code):
        raise DomainError("unknown_room", "That is not a room code: codes have 6 letters and digits.")
    session = db.scalar(
        select(WorkshopSession)
        .where(WorkshopSession.code == code)
        .order_by((WorkshopSession.status == "live").desc(), WorkshopSession.id.desc())
        .limit(1)
    )
    if session is None:
        raise DomainError("unknown_room", f"No session has the code {code}.")
    return session


def require_live(session: WorkshopSession) -> None:
    if not session.is_live:
        raise DomainError("session_ended", "This session has ended.")


# Snapshots never change, so each is parsed once. Keyed by id and creation time so
# that two databases in one process (tests) never share an entry.
_snapshots: dict[tuple, Worksheet] = {}


def worksheet_of(session: WorkshopSession) -> Worksheet:
    """The session's own copy of its worksheet."""
    key = (session.id, session.created_at)
    worksheet = _snapshots.get(key)
    if worksheet is None:
        if len(_snapshots) > 512:
            _snapshots.clear()
        worksheet = _snapshots[key] = Worksheet.from_dict(session.worksheet)
    return worksheet


def step_payload(session: WorkshopSession, index: int | None = None) -> dict:
    """STEP as the protocol defines it: the facilitator's step, or step `index`."""
    worksheet = worksheet_of(session)
    step: Step = worksheet.steps[session.current_step if index is None else index]
    return {
        "index": step.index,
        "count": len(worksheet.steps),
        "title": step.title,
        "guidance": step.guidance,
        "questions": [q.payload() for q in step.questions],
        "locked": step.index in (session.locked_steps or ()),
    }


def worksheet_outline(session: WorkshopSession) -> dict:
    """Every question of the session, for the phone's take-home worksheet (public
    worksheet content, no answers), and how far the session has got."""
    worksheet = worksheet_of(session)
    return {
        "title": worksheet.title,
        "purpose": worksheet.purpose,
        "conclusion": worksheet.conclusion,
        "reached": session.reached_step,
        "steps": [
            {
                "index": step.index,
                "title": step.title,
                "guidance": step.guidance,
                "questions": [q.payload() for q in step.questions],
            }
            for step in worksheet.steps
            if step.questions
        ],
    }


def goto(db: Session, session: WorkshopSession, index) -> dict:
    require_live(session)
    index = whole_number(index, "index", 0, len(worksheet_of(session).steps) - 1, field="index")
    session.current_step = index
    session.reached_step = max(session.reached_step or 0, index)
    db.flush()
    log.info("session %s moved to step %s", session.id, index)
    return step_payload(session)


def reveal(db: Session, session: WorkshopSession, question_id, quotes=False) -> None:
    """Show a question's themes on the projector (None hides them), with up to two
    scrubbed quotes per theme if `quotes`."""
    if question_id is not None and (
        not isinstance(question_id, str) or worksheet_of(session).question(question_id) is None
    ):
        raise DomainError("bad_request", f"This session has no question {question_id!r}.", field="question_id")
    if not isinstance(quotes, bool):
        raise DomainError("bad_request", "`quotes` must be true or false.", field="quotes")
    session.revealed_question = question_id
    session.reveal_quotes = quotes and question_id is not None
    db.flush()


def show_join(db: Session, session: WorkshopSession, shown) -> None:
    """Put the big join screen on the projector, or take it off."""
    require_live(session)
    if not isinstance(shown, bool):
        raise DomainError("bad_request", "`shown` must be true or false.", field="shown")
    session.join_shown = shown
    db.flush()


def end_session(db: Session, session: WorkshopSession) -> None:
    require_live(session)
    session.status = "ended"
    session.ended_at = utcnow()
    db.flush()
    log.info("session %s ended", session.id)


def delete_session(db: Session, session: WorkshopSession) -> None:
    """Delete a session and every row tied to it, for good: table by table, children
    first, rather than trusting ON DELETE CASCADE, which SQLite applies only when the
    connection turns foreign keys on. The caller commits."""
    session_id = session.id
    answer_ids = select(Answer.id).where(Answer.session_id == session_id).scalar_subquery()
    db.execute(delete(ThemePin).where(ThemePin.answer_id.in_(answer_ids)))
    # Themes point at each other (merged_into): unlink them first so no database has
    # to order the self-referencing deletes.
    db.execute(update(ThemeRow).where(ThemeRow.session_id == session_id).values(merged_into=None))
    db.execute(delete(ThemeRow).where(ThemeRow.session_id == session_id))
    db.execute(delete(ThemeRun).where(ThemeRun.session_id == session_id))
    db.execute(delete(ThemeEdit).where(ThemeEdit.session_id == session_id))
    db.execute(delete(Answer).where(Answer.session_id == session_id))
    db.execute(delete(Participant).where(Participant.session_id == session_id))
    db.execute(delete(ShareLink).where(ShareLink.session_id == session_id))
    db.execute(delete(WorkshopSession).where(WorkshopSession.id == session_id))
    log.info("session %s deleted", session_id)


def join(db: Session, raw_code: str, token: str | None) -> tuple[WorkshopSession, Participant, str]:
    """A phone joins (or, with its resume token, rejoins) as an anonymous participant."""
    session = find_by_code(db, raw_code)
    require_live(session)
    if token:
        check_text(token, "The resume token")
        participant = db.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))
        if participant is not None and participant.session_id == session.id:
            log.info("session %s: a participant resumed", session.id)
            return session, participant, token
    participant, token = new_participant(db, session)
    log.info("session %s: a participant joined", session.id)
    return session, participant, token


def new_participant(db: Session, session: WorkshopSession) -> tuple[Participant, str]:
    """An anonymous participant of `session`, and its resume token (only its hash is kept)."""
    token = new_token()
    participant = Participant(id=secrets.token_hex(16), session_id=session.id, token_hash=hash_token(token))
    db.add(participant)
    db.flush()
    return participant, token
