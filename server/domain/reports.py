"""The anonymized session report: steps, questions, answer texts and counts.

It carries no participant ids, tokens, client ids or per-answer times.
"""
from collections import defaultdict

from sqlalchemy.orm import Session

from ..store.models import WorkshopSession
from .answers import count_participants, session_answers
from .sessions import worksheet_of


def build_report(db: Session, session: WorkshopSession) -> dict:
    worksheet = worksheet_of(session)
    texts: dict[str, list[str]] = defaultdict(list)
    for answer in session_answers(db, session):
        texts[answer.question_id].append(answer.text)
    return {
        "session": {"title": session.title, "worksheet": worksheet.title,
                    "date": session.created_at.date().isoformat(),
                    "participants": count_participants(db, session),
                    "status": session.status},
        "steps": [{"index": step.index, "title": step.title,
                   "questions": [{"id": q.id, "prompt": q.prompt, "count": len(texts[q.id]),
                                  "answers": [{"text": t} for t in texts[q.id]]}
                                 for q in step.questions]}
                  for step in worksheet.steps],
    }
