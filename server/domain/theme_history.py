"""A question's hand state (what the facilitator changed by hand: themes' own names, merges,
answers pinned where they put them) and the history of its edits, for undo and redo.

Each edit stores the hand state before and after it (ThemeEdit), so undo and redo restore a
state rather than replay an action, and every screen reads the same history from the
database. The engine's groups are not part of it: they follow the answers, and every
recompute keeps the hand state (theme_state.apply_groups).
"""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..store.models import Answer, ThemeEdit, ThemePin, ThemeRow


def _of_question(db: Session, table, session_id: int, question_id: str) -> list:
    """A question's rows of `table` (themes, or theme edits), oldest first."""
    return list(
        db.scalars(
            select(table).where(table.session_id == session_id, table.question_id == question_id).order_by(table.id)
        )
    )


def question_rows(db: Session, session_id: int, question_id: str) -> list[ThemeRow]:
    return _of_question(db, ThemeRow, session_id, question_id)


def question_pins(db: Session, session_id: int, question_id: str) -> dict[int, int | None]:
    rows = db.execute(
        select(ThemePin.answer_id, ThemePin.theme_id)
        .join(Answer, Answer.id == ThemePin.answer_id)
        .where(Answer.session_id == session_id, Answer.question_id == question_id)
    )
    return {answer_id: theme_id for answer_id, theme_id in rows}


MAX_HISTORY = 100  # undoable edits kept per question; the oldest go first

HandState = dict  # {"labels": {theme id: name}, "merged": {theme id: into id}, "pins": {answer id: theme id | None}}


def hand_state(db: Session, session_id: int, question_id: str) -> HandState:
    """The question's edits by hand now (JSON-ready: keys are strings)."""
    rows = question_rows(db, session_id, question_id)
    return {
        "labels": {str(r.id): r.custom_label for r in rows if r.custom_label},
        "merged": {str(r.id): r.merged_into for r in rows if r.merged_into is not None},
        "pins": {str(a): t for a, t in sorted(question_pins(db, session_id, question_id).items())},
    }


def hand_made(state: HandState) -> int:
    """How many edits by hand are in effect: what "regroup automatically" would replace."""
    return len(state["labels"]) + len(state["merged"]) + len(state["pins"])


def restore(db: Session, session_id: int, question_id: str, state: HandState) -> None:
    rows = question_rows(db, session_id, question_id)
    ids = {r.id for r in rows}
    for row in rows:
        row.custom_label = state["labels"].get(str(row.id))
        into = state["merged"].get(str(row.id))
        row.merged_into = into if into in ids else None
    answers = set(
        db.scalars(select(Answer.id).where(Answer.session_id == session_id, Answer.question_id == question_id))
    )
    db.execute(delete(ThemePin).where(ThemePin.answer_id.in_(answers)))
    for answer_id, theme_id in state["pins"].items():
        # An answer deleted since (its participant left with their answers) stays gone.
        if int(answer_id) in answers and (theme_id is None or theme_id in ids):
            db.add(ThemePin(answer_id=int(answer_id), theme_id=theme_id))
    db.flush()


def question_edits(db: Session, session_id: int, question_id: str) -> list[ThemeEdit]:
    return _of_question(db, ThemeEdit, session_id, question_id)


def record(db: Session, session_id: int, question_id: str, what: str, before: HandState) -> None:
    """Keep an edit for undo; a new edit ends what could be redone."""
    db.flush()
    after = hand_state(db, session_id, question_id)
    if after == before:  # nothing changed (moved where it already was): nothing to undo
        return
    found = question_edits(db, session_id, question_id)
    done = [e for e in found if not e.undone]
    for edit in [e for e in found if e.undone] + done[: max(0, len(done) + 1 - MAX_HISTORY)]:
        db.delete(edit)
    db.add(ThemeEdit(session_id=session_id, question_id=question_id, what=what, before=before, after=after))
    db.flush()


def history(db: Session, session_id: int, question_id: str) -> dict:
    """What undo and redo would do: {"undo": n, "redo": n, "next_undo", "next_redo"}."""
    found = question_edits(db, session_id, question_id)
    done = [e for e in found if not e.undone]
    undone = [e for e in found if e.undone]
    return {
        "undo": len(done),
        "redo": len(undone),
        "next_undo": done[-1].what if done else None,
        "next_redo": undone[0].what if undone else None,
    }
