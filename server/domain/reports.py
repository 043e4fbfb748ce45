"""The anonymized session report: the one place that turns a session into something a
reader may see. The report page and every export (server/exports/) render this dict.

What it guarantees (docs/architecture.md, "Anonymity by construction"):
- every text that came from a participant (answers, theme labels, quotes) is scrubbed;
- a question answered by fewer than `min_group` people carries its count only;
- no participant, answer, theme or client id, no token, no time finer than the date;
- answers are in an order that says nothing about who answered when (`_unlinked_order`).
"""

import hashlib

from sqlalchemy.orm import Session

from ..store.models import WorkshopSession
from .answers import count_participants, hidden_counts, question_answers
from .distribution import CHART_KINDS, chart_text, distribution, question_values
from .formats import plural
from .privacy import scrub
from .sessions import worksheet_of
from .theme_state import question_themes

MAX_QUOTES = 3


def _unlinked_order(session_id: int, question_id: str, texts: list[str]) -> list[str]:
    """Sort by a hash of the text itself (salted per session and question), not by
    arrival: the order is stable across builds yet carries no trace of insertion order,
    so one person's answers can't be lined up across questions. Even knowing this rule,
    the order can only be recomputed from the texts, which the reader already has."""
    salt = f"fulcrum-report/{session_id}/{question_id}/"
    return sorted(texts, key=lambda t: (hashlib.sha256((salt + t).encode()).digest(), t))


PRACTICE_NOTE = "Practice session: the answers are simulated, and it is deleted 24 hours after it started."


def hidden_note(count: int, min_group: int) -> str:
    """What the report says in place of a question under the threshold (every format)."""
    if count == 0:
        return "No answers yet."
    people = "person answers" if min_group == 1 else "people answer"
    return f"Hidden until {min_group} {people} ({count} so far)."


def count_line(question: dict) -> str:
    """ "12 answers", and how many the facilitator hid: the same line in every format."""
    line = plural(question["count"], "answer", "answers")
    hidden = question["hidden_by_facilitator"]
    return f"{line} · {hidden} hidden by the facilitator" if hidden else line


def _question(db: Session, session: WorkshopSession, question, hidden_by_facilitator: int) -> dict:
    rows = question_answers(db, session.id, question.id)  # one answer per participant, none hidden
    count = len(rows)
    entry = {
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "count": count,
        "hidden_by_facilitator": hidden_by_facilitator,  # a number only: what they said stays out
        "hidden": count < session.min_group,
        "waiting": max(0, session.min_group - count),
        "themes": [],
        "answers": [],
    }
    if entry["hidden"]:
        entry["note"] = hidden_note(count, session.min_group)
        return entry  # below the threshold: not a word of it leaves this function
    if question.kind in CHART_KINDS:
        return _chart_question(db, session, question, entry)
    texts = dict(rows)
    theme_of: dict[int, str] = {}
    for theme in question_themes(db, session, question.id, texts):
        label = scrub(theme["label"])
        entry["themes"].append(
            {"label": label, "size": theme["size"], "quotes": [scrub(q) for q in theme["examples"][:MAX_QUOTES]]}
        )
        theme_of.update((answer_id, label) for answer_id in theme["answer_ids"])
    # Scrub first, so the order depends on what the reader sees; pair each text with its
    # theme before the ids are dropped.
    scrubbed = {answer_id: scrub(text) for answer_id, text in texts.items()}
    labels: dict[str, list[str | None]] = {}
    for answer_id, text in scrubbed.items():
        labels.setdefault(text, []).append(theme_of.get(answer_id))
    for text in _unlinked_order(session.id, question.id, list(scrubbed.values())):
        entry["answers"].append({"text": text, "theme": labels[text].pop(0)})
    return entry


def _chart_question(db: Session, session: WorkshopSession, question, entry: dict) -> dict:
    """A scale's or choice's counts (and a scale's mean and median); its answers are the
    values in words, for the CSV, in an order that links no one across questions."""
    values = question_values(db, session.id, question.id)
    chart = distribution(question, values)
    entry.update({key: value for key, value in chart.items() if key not in ("kind", "answers")})
    in_words = {chart_text(v): v for v in values}
    for text in _unlinked_order(session.id, question.id, [chart_text(v) for v in values]):
        entry["answers"].append({"text": text, "theme": None, "value": in_words[text]})
    return entry


def build_report(db: Session, session: WorkshopSession) -> dict:
    worksheet = worksheet_of(session)
    hidden = hidden_counts(db, session.id)
    return {
        "session": {
            "title": session.title,
            "worksheet": worksheet.title,
            "date": session.created_at.date().isoformat(),
            "participants": count_participants(db, session.id),
            "status": session.status,
            "min_group": session.min_group,
            "practice": session.practice,  # a rehearsal's simulated answers: not a real room's
        },
        "steps": [
            {
                "index": step.index,
                "title": step.title,
                "questions": [_question(db, session, q, hidden.get(q.id, 0)) for q in step.questions],
            }
            for step in worksheet.steps
        ],
    }


def answer_counts(report: dict) -> list[dict]:
    """Answers per question, for the overview chart: [{"step", "question", "prompt", "count", "hidden"}]."""
    return [
        {"step": step["index"], "question": n, "prompt": q["prompt"], "count": q["count"], "hidden": q["hidden"]}
        for step in report["steps"]
        for n, q in enumerate(step["questions"], 1)
    ]
