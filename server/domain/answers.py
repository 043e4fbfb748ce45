"""Answers: validated once here, stored with the anonymous participant id only."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..store.models import Answer, Participant, ThemePin, WorkshopSession, utcnow
from .distribution import chart_text
from .errors import DomainError
from .formats import utc_iso
from .sessions import require_live, worksheet_of
from .sharing import FACILITATOR, GROUP, PRIVATE, for_the_room
from .values import check_text
from .worksheets import SHARES, Question

MAX_ANSWER = 2000
MAX_CLIENT_ID = 64


def clean_text(text) -> str:
    if not isinstance(text, str):
        raise DomainError("bad_request", "text must be a string.")
    text = text.strip()
    if not text:
        raise DomainError("bad_request", "The answer is empty.")
    if len(text) > MAX_ANSWER:
        raise DomainError("too_long", f"Answers are limited to {MAX_ANSWER} characters; this one has {len(text)}.")
    return check_text(text, "The answer")


def clean_client_id(client_id) -> str:
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID:
        raise DomainError("bad_request", f"client_id must be a string of 1 to {MAX_CLIENT_ID} characters.")
    return check_text(client_id, "client_id")


@dataclass(frozen=True)
class Submission:
    """One phone's `answer` event, as the domain sees it."""

    session_id: int
    participant_id: str
    question_id: object  # checked against the session's worksheet
    text: object  # a text question's answer
    client_id: object
    value: object = None  # a scale's point
    choices: object = None  # a choice question's options
    share: object = None  # its level (SHARES); None: the question's default


def submit_answers(db: Session, submissions: list[Submission]) -> list[tuple[Answer, bool] | DomainError]:
    """Store a batch of answers in one flush; per submission, (answer, changed) or the
    DomainError that refused it. The caller commits once for the whole batch.

    The same client_id twice is the same submission (a resend) and changes nothing, nor
    does the same text again; a new text for the same question replaces the
    participant's earlier answer (also within one batch, in order).
    Answers are accepted for any question of a live session, so an answer typed just
    before the facilitator moved on is not lost.
    """
    session_ids = {s.session_id for s in submissions}
    sessions = {row.id: row for row in db.scalars(select(WorkshopSession).where(WorkshopSession.id.in_(session_ids)))}
    participant_ids = {s.participant_id for s in submissions}
    question_ids = {s.question_id for s in submissions if isinstance(s.question_id, str)}
    current = {
        (a.participant_id, a.question_id): a
        for a in db.scalars(
            select(Answer).where(Answer.participant_id.in_(participant_ids), Answer.question_id.in_(question_ids))
        )
    }
    results: list[tuple[Answer, bool] | DomainError] = []
    for sub in submissions:
        try:
            results.append(_apply(db, sessions.get(sub.session_id), sub, current))
        except DomainError as error:
            results.append(error)
    db.flush()
    return results


def _apply(
    db: Session, session: WorkshopSession | None, sub: Submission, current: dict[tuple[str, str], Answer]
) -> tuple[Answer, bool]:
    if session is None:
        raise DomainError("not_found", "This session no longer exists.")
    require_live(session)
    question = worksheet_of(session).question(sub.question_id) if isinstance(sub.question_id, str) else None
    if question is None:
        raise DomainError("bad_request", f"This session has no question {sub.question_id!r}.")
    if worksheet_of(session).step_of(question.id) in (session.locked_steps or ()):
        # Refused whatever the client_id: a resend of an answer that never arrived is late too.
        raise DomainError("locked", "Answers for this step are closed.")
    share = clean_share(question, sub.share)
    if share == PRIVATE:
        # What the participant keeps private never leaves the phone: a marker only. The
        # refusal names no content, so nothing of it reaches a log either.
        if any(field is not None for field in (sub.text, sub.value, sub.choices)):
            raise DomainError("bad_request", "A private answer stays on the phone: send it without its text or value.")
        text, value = "", None
    else:
        text, value = clean_answer(question, sub)
    client_id = clean_client_id(sub.client_id)
    answer = current.get((sub.participant_id, question.id))
    if answer is not None and (
        answer.client_id == client_id or (answer.text, answer.value, answer.share) == (text, value, share)
    ):
        return answer, False  # a resend, or the same answer again: nothing changed
    if answer is None:
        answer = current[sub.participant_id, question.id] = Answer(
            session_id=session.id,
            participant_id=sub.participant_id,
            question_id=question.id,
            text=text,
            value=value,
            client_id=client_id,
            share=share,
        )
        db.add(answer)
    else:
        if share != GROUP and answer.share == GROUP:  # it leaves the room's themes, placed or not
            db.execute(delete(ThemePin).where(ThemePin.answer_id == answer.id))
        answer.text, answer.value, answer.client_id, answer.updated_at = text, value, client_id, utcnow()
        answer.share = share
    return answer, True


def clean_share(question: Question, share) -> str:
    """The answer's level: as sent, or the question's default; one the worksheet fixed
    cannot be changed."""
    if share is None:
        return question.share
    if share not in SHARES:
        raise DomainError("bad_request", f"`share` must be one of {', '.join(SHARES)}.", field="share")
    if question.share_fixed and share != question.share:
        raise DomainError(
            "bad_request", f"This question's answers are shared with: {question.share} (fixed).", field="share"
        )
    return str(share)


def clean_answer(question: Question, sub: Submission) -> tuple[str, int | list[str] | None]:
    """(text, value) of an answer to `question`: a text's words, a scale's point, a choice's
    options (in the worksheet's order); the text of a scale or choice is its value in words."""
    if question.kind == "scale":
        value = sub.value
        assert question.min is not None and question.max is not None  # validated worksheet
        if isinstance(value, bool) or not isinstance(value, int) or not question.min <= value <= question.max:
            raise DomainError(
                "bad_request",
                f"This question is a scale: send `value`, a whole number from {question.min} to {question.max}.",
            )
        return chart_text(value), value
    if question.kind == "choice":
        return _choices(question, sub.choices)
    return clean_text(sub.text), None


def _choices(question: Question, choices) -> tuple[str, list[str]]:
    if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
        raise DomainError("bad_request", "This question is a choice: send `choices`, a list of its options.")
    unknown = [c for c in choices if c not in question.options]
    if unknown:
        raise DomainError("bad_request", f"{unknown[0][:80]!r} is not one of this question's options.")
    if len(set(choices)) > 1 and not question.multiple:
        raise DomainError("bad_request", "This question takes one option only.")
    chosen = [option for option in question.options if option in choices]  # worksheet order, no repeats
    return chart_text(chosen), chosen


def answers_of_participant(
    db: Session, participant_id: str
) -> tuple[dict[str, str], dict[str, int | list], dict[str, str]]:
    """A phone's own answers, to show again after a reload: texts and the values of its
    scale and choice answers (none for those it kept private: the server has none), and
    every answer's level."""
    rows = db.execute(
        select(Answer.question_id, Answer.text, Answer.value, Answer.share).where(
            Answer.participant_id == participant_id
        )
    )
    texts, values, shares = {}, {}, {}
    for question_id, text, value, share in rows:
        shares[question_id] = share
        if share == PRIVATE:
            continue
        texts[question_id] = text
        if value is not None:
            values[question_id] = value
    return texts, values, shares


def session_answers(db: Session, session: WorkshopSession) -> list[Answer]:
    return list(db.scalars(select(Answer).where(Answer.session_id == session.id).order_by(Answer.id)))


def question_answers(db: Session, session_id: int, question_id: str) -> list[tuple[int, str]]:
    """(id, text) of a question's answers, oldest first: the engine's input order. Only the
    room's (`for_the_room`): hidden answers, and those sent to the facilitator only or kept
    private, are left out, here and so from themes, the projector, reports, exports."""
    return list(
        db.execute(
            select(Answer.id, Answer.text)
            .where(Answer.session_id == session_id, Answer.question_id == question_id, for_the_room())
            .order_by(Answer.id)
        )
    )


def answer_event(answer: Answer) -> dict:
    """What the facilitator's screens receive for an answer (no participant id) and its
    `share`; a scale's adds its `value`, a choice's its `choices`. A private one is a marker:
    empty text, no value (the server has none)."""
    event = {
        "id": answer.id,
        "question_id": answer.question_id,
        "text": answer.text,
        "at": utc_iso(answer.updated_at),
        "hidden": answer.hidden,
        "share": answer.share,
    }
    if isinstance(answer.value, list):
        event["choices"] = answer.value
    elif answer.value is not None:
        event["value"] = answer.value
    return event


def answer_counts(db: Session, session_id: int) -> dict[str, int]:
    """How many answered each question of a session, hidden answers left out: {question_id: n},
    only questions answered."""
    rows = db.execute(
        select(Answer.question_id, func.count())
        .where(Answer.session_id == session_id, Answer.hidden.is_(False))
        .group_by(Answer.question_id)
    )
    return {question_id: n for question_id, n in rows}


def level_counts(db: Session, session_id: int) -> dict[str, dict[str, int]]:
    """How many answered each question at each sharing level, hidden answers left out:
    {question_id: {"private": n, "facilitator": n, "group": n}} (only questions answered)."""
    counts: dict[str, dict[str, int]] = {}
    rows = db.execute(
        select(Answer.question_id, Answer.share, func.count())
        .where(Answer.session_id == session_id, Answer.hidden.is_(False))
        .group_by(Answer.question_id, Answer.share)
    )
    for question_id, share, n in rows:
        counts.setdefault(question_id, dict.fromkeys(SHARES, 0))[share] = n
    return counts


def facilitator_answers(db: Session, session_id: int, question_id: str) -> list[str]:
    """The texts sent only to the facilitator for a question (not hidden), for the owner's
    "include answers sent to me" report; nothing else reads them outside the dashboard."""
    return list(
        db.scalars(
            select(Answer.text).where(
                Answer.session_id == session_id,
                Answer.question_id == question_id,
                Answer.hidden.is_(False),
                Answer.share == FACILITATOR,
            )
        )
    )


def hidden_counts(db: Session, session_id: int) -> dict[str, int]:
    """How many answers the facilitator hid, per question (only questions with some)."""
    rows = db.execute(
        select(Answer.question_id, func.count())
        .where(Answer.session_id == session_id, Answer.hidden.is_(True))
        .group_by(Answer.question_id)
    )
    return {question_id: n for question_id, n in rows}


def count_participants(db: Session, session_id: int) -> int:
    """How many joined the session (connected now or not)."""
    return db.scalar(select(func.count()).select_from(Participant).where(Participant.session_id == session_id)) or 0
