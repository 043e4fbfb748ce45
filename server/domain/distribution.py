"""How a scale or choice question was answered: counts per point or option, and a scale's
mean and median. One function for every screen that draws it (dashboard, projector,
report, exports); the projector's and the report's share is withheld below min_group."""

import statistics

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Answer, WorkshopSession
from .sessions import worksheet_of
from .sharing import for_the_room
from .worksheets import Question

CHART_KINDS = ("scale", "choice")


def distribution(question: Question, values: list) -> dict:
    """`values`: the answers' stored values (a scale's points, or each answer's options)."""
    if question.kind == "scale":
        assert question.min is not None and question.max is not None  # validated worksheet
        points = [v for v in values if isinstance(v, int) and question.min <= v <= question.max]
        return {
            "kind": "scale",
            "min": question.min,
            "max": question.max,
            "left": question.left,
            "middle": question.middle,
            "right": question.right,
            "answers": len(points),
            "distribution": [{"value": p, "count": points.count(p)} for p in range(question.min, question.max + 1)],
            "mean": round(statistics.fmean(points), 1) if points else None,
            "median": float(statistics.median(points)) if points else None,
        }
    chosen = [option for v in values if isinstance(v, list) for option in v]
    return {
        "kind": "choice",
        "multiple": question.multiple,
        "answers": sum(1 for v in values if isinstance(v, list)),
        "options": [{"label": o, "count": chosen.count(o)} for o in question.options],
    }


def chart_text(value) -> str:
    """A stored value in words, as the answer's text holds it: "4", "Advice, Other"."""
    return ", ".join(value) if isinstance(value, list) else str(value)


def question_values(db: Session, session_id: int, question_id: str) -> list:
    """The stored values of a question's answers, those the facilitator hid left out."""
    return list(
        db.scalars(
            select(Answer.value).where(
                Answer.session_id == session_id, Answer.question_id == question_id, for_the_room()
            )
        )
    )


def chart_event(db: Session, session: WorkshopSession, question_id: str) -> dict | None:
    """The `chart` push for the facilitator's screens (None for a text question)."""
    question = worksheet_of(session).question(question_id)
    if question is None or question.kind not in CHART_KINDS:
        return None
    chart = distribution(question, question_values(db, session.id, question_id))
    return {
        "question_id": question_id,
        "chart": chart,
        "min_group": session.min_group,
        "waiting": max(0, session.min_group - chart["answers"]),
    }


def projector_chart(event: dict) -> dict:
    """What the room sees of a chart: nothing but the count until min_group people answered."""
    return {**event, "chart": None if event["waiting"] else event["chart"]}


def session_charts(db: Session, session: WorkshopSession) -> dict[str, dict]:
    """Every scale and choice question's chart, for a screen that has just connected."""
    events = (chart_event(db, session, q.id) for q in worksheet_of(session).questions)
    return {event["question_id"]: event for event in events if event is not None}
