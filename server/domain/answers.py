"""Answers: validated once here, stored with the anonymous participant id only."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store.models import Answer, Participant, WorkshopSession, utcnow
from .errors import DomainError
from .sessions import require_live, worksheet_of

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
    return text


def clean_client_id(client_id) -> str:
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID:
        raise DomainError("bad_request", f"client_id must be a string of 1 to {MAX_CLIENT_ID} characters.")
    return client_id


def submit_answer(db: Session, session: WorkshopSession, participant_id: str, question_id,
                  text, client_id) -> tuple[Answer, bool]:
    """Store a participant's answer; returns (answer, changed).

    The same client_id twice is the same submission (a resend) and changes nothing, nor
    does the same text again; a new text for the same question replaces the
    participant's earlier answer.
    Answers are accepted for any question of a live session, so an answer typed just
    before the facilitator moved on is not lost.
    """
    require_live(session)
    if not isinstance(question_id, str) or worksheet_of(session).question(question_id) is None:
        raise DomainError("bad_request", f"This session has no question {question_id!r}.")
    text, client_id = clean_text(text), clean_client_id(client_id)
    for attempt in range(2):
        answer = db.scalar(select(Answer).where(Answer.participant_id == participant_id,
                                                Answer.question_id == question_id))
        if answer is not None and (answer.client_id == client_id or answer.text == text):
            return answer, False  # a resend, or the same words again: nothing changed
        if answer is None:
            answer = Answer(session_id=session.id, participant_id=participant_id,
                            question_id=question_id, text=text, client_id=client_id)
            db.add(answer)
        else:
            answer.text, answer.client_id, answer.updated_at = text, client_id, utcnow()
        try:
            db.flush()
            return answer, True
        except IntegrityError:  # the same phone raced itself from two processes; read the winner
            db.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def answers_of_participant(db: Session, participant_id: str) -> dict[str, str]:
    rows = db.execute(select(Answer.question_id, Answer.text).where(Answer.participant_id == participant_id))
    return {question_id: text for question_id, text in rows}


def session_answers(db: Session, session: WorkshopSession) -> list[Answer]:
    return list(db.scalars(select(Answer).where(Answer.session_id == session.id).order_by(Answer.id)))


def question_answers(db: Session, session_id: int, question_id: str) -> list[tuple[int, str]]:
    """(id, text) of a question's answers, oldest first: the engine's input order."""
    return list(db.execute(select(Answer.id, Answer.text).where(Answer.session_id == session_id,
                                                              Answer.question_id == question_id)
                           .order_by(Answer.id)))


def answer_event(answer: Answer) -> dict:
    """What the facilitator's screens receive for an answer (no participant id)."""
    return {"id": answer.id, "question_id": answer.question_id, "text": answer.text,
            "at": answer.updated_at.isoformat(timespec="seconds") + "Z"}


def count_participants(db: Session, session: WorkshopSession) -> int:
    return db.scalar(select(func.count()).select_from(Participant)
                     .where(Participant.session_id == session.id)) or 0
