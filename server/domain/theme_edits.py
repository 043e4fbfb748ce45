"""The facilitator's edits of a question's themes, as one sorts sticky notes: rename, merge,
move answers (one or several, into a theme or to "Other"), a new theme from a selection, a
split, and "regroup automatically"; each one undoable and redoable.

What an edit changes is the question's *hand state*: themes' own names, merges, and answers
pinned where the facilitator put them (ThemePin). The engine's groups are not part of it: they
follow the answers, and every recompute keeps the hand state (theme_state.apply_groups). Each
edit stores the hand state before and after it (ThemeEdit), so undo and redo restore a state
rather than replay an action, and every screen reads the same history from the database.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Answer, ThemePin, ThemeRow, WorkshopSession
from ..themes.words import word_counts
from .answers import question_answers
from .errors import DomainError
from .sessions import worksheet_of
from .theme_history import hand_made, hand_state, question_edits, record, restore
from .theme_state import MAX_LABEL, free_colour, question_rows, question_themes, theme_root
from .values import check_text, is_id

MAX_SELECTION = 1000  # answers in one edit: more than any room's question holds


def undo(db: Session, session: WorkshopSession, question_id) -> str:
    """Bring back the hand state before the latest edit; returns what it undid."""
    question_id = _text_question(session, question_id)
    done = [e for e in question_edits(db, session.id, question_id) if not e.undone]
    if not done:
        raise DomainError("nothing_to_undo", "There is no theme edit of this question to undo.")
    restore(db, session.id, question_id, done[-1].before)
    done[-1].undone = True
    db.flush()
    return done[-1].what


def redo(db: Session, session: WorkshopSession, question_id) -> str:
    """Make the latest undone edit again; returns what it redid."""
    question_id = _text_question(session, question_id)
    undone = [e for e in question_edits(db, session.id, question_id) if e.undone]
    if not undone:
        raise DomainError("nothing_to_redo", "There is no undone theme edit of this question to redo.")
    restore(db, session.id, question_id, undone[0].after)
    undone[0].undone = False
    db.flush()
    return undone[0].what


def regroup(db: Session, session: WorkshopSession, question_id, confirm=False) -> str:
    """Drop every edit by hand of the question, so its next computation groups all of it
    afresh (the caller asks for that computation). Refused with `confirm_needed` while there
    are edits by hand and `confirm` is not true: the facilitator's groups are not replaced
    without their yes. One undo step brings them back."""
    qid = _text_question(session, question_id)
    before = hand_state(db, session.id, qid)
    count = hand_made(before)
    if count and confirm is not True:
        changes = "change" if count == 1 else "changes"
        raise DomainError(
            "confirm_needed",
            f"Regrouping replaces {count} {changes} you made by hand; send confirm: true to go ahead.",
        )
    restore(db, session.id, qid, {"labels": {}, "merged": {}, "pins": {}})
    record(db, session.id, qid, "regroup", before)
    return qid


def _text_question(session: WorkshopSession, question_id) -> str:
    question = worksheet_of(session).question(question_id) if isinstance(question_id, str) else None
    if question is None or question.kind != "text":
        raise DomainError("bad_request", f"This session has no text question {question_id!r}.")
    return question.id


def _theme(db: Session, session: WorkshopSession, theme_id) -> ThemeRow:
    row = db.get(ThemeRow, theme_id) if is_id(theme_id) else None
    if row is None or row.session_id != session.id:
        raise DomainError("bad_request", f"This session has no theme {theme_id!r}.")
    return row


def _label(label) -> str | None:
    """A theme name as given (spaces collapsed), checked; None for an empty one."""
    if not isinstance(label, str):
        raise DomainError("bad_request", "label must be a string.")
    label = check_text(" ".join(label.split()), "The theme name")
    if len(label) > MAX_LABEL:
        raise DomainError("too_long", f"Theme names are limited to {MAX_LABEL} characters.")
    return label or None


def rename_theme(db: Session, session: WorkshopSession, theme_id, label) -> str:
    """A new label sticks through recomputes; an empty one goes back to the engine's.
    Returns the theme's question id."""
    row = _theme(db, session, theme_id)
    before = hand_state(db, session.id, row.question_id)
    row.custom_label = _label(label)
    record(db, session.id, row.question_id, "rename", before)
    return row.question_id


def merge_themes(db: Session, session: WorkshopSession, theme_id, into_id) -> str:
    row, into = _theme(db, session, theme_id), _theme(db, session, into_id)
    if row.question_id != into.question_id or row.id == into.id:
        raise DomainError("bad_request", "Merge two different themes of the same question.")
    before = hand_state(db, session.id, row.question_id)
    for other in question_rows(db, session.id, row.question_id):
        if other.merged_into == row.id:
            other.merged_into = into.id
    if into.merged_into == row.id:  # merging back the other way: undo the earlier merge
        into.merged_into = None
    row.merged_into = into.id
    record(db, session.id, row.question_id, "merge", before)
    return row.question_id


def _answers(db: Session, session: WorkshopSession, answer_ids) -> tuple[str, list[Answer]]:
    """The answers of a selection (one question, none hidden) and their question id."""
    if not isinstance(answer_ids, list) or not answer_ids or len(answer_ids) > MAX_SELECTION:
        raise DomainError("bad_request", f"answer_ids must be a list of 1 to {MAX_SELECTION} answer ids.")
    if not all(is_id(a) for a in answer_ids):
        raise DomainError("bad_request", "answer_ids must hold answer ids (whole numbers).")
    wanted = list(dict.fromkeys(answer_ids))
    found = {a.id: a for a in db.scalars(select(Answer).where(Answer.id.in_(wanted)))}
    missing = next((a for a in wanted if a not in found or found[a].session_id != session.id), None)
    if missing is not None:
        raise DomainError("bad_request", f"This session has no answer {missing!r}.")
    answers = [found[a] for a in wanted]
    if len({a.question_id for a in answers}) > 1:
        raise DomainError("bad_request", "The answers belong to different questions.")
    if any(a.hidden for a in answers):
        raise DomainError("bad_request", "A hidden answer is in no theme; show it again first.")
    return answers[0].question_id, answers


def _pin(db: Session, answers: list[Answer], theme_id: int | None) -> None:
    for answer in answers:
        pin = db.get(ThemePin, answer.id) or ThemePin(answer_id=answer.id)
        pin.theme_id = theme_id
        db.add(pin)


def move_answers(db: Session, session: WorkshopSession, answer_ids, theme_id) -> str:
    """Put answers in a theme by hand (theme_id None: in "Other"), as one edit. Returns
    their question id."""
    question_id, answers = _answers(db, session, answer_ids)
    if theme_id is not None and _theme(db, session, theme_id).question_id != question_id:
        raise DomainError("bad_request", "That theme belongs to another question.")
    before = hand_state(db, session.id, question_id)
    _pin(db, answers, theme_id)
    record(db, session.id, question_id, "move", before)
    return question_id


def new_theme(db: Session, session: WorkshopSession, answer_ids, label=None, what: str = "new") -> ThemeRow:
    """A theme of the selected answers, made by hand: they leave their themes for it. Named
    `label`, or else after the words they share."""
    question_id, answers = _answers(db, session, answer_ids)
    name = _label(label) if label is not None else None
    before = hand_state(db, session.id, question_id)
    texts = [a.text for a in answers]
    taken = {t["color"] for t in question_themes(db, session, question_id, _question_texts(db, session, question_id))}
    row = ThemeRow(
        session_id=session.id,
        question_id=question_id,
        manual=True,
        color=free_colour(taken),
        label=shared_words_label(texts, worksheet_of(session).prompt(question_id)),
        custom_label=name,
    )
    db.add(row)
    db.flush()
    _pin(db, answers, row.id)
    record(db, session.id, question_id, what, before)
    return row


def split_theme(db: Session, session: WorkshopSession, theme_id, answer_ids, label=None) -> ThemeRow:
    """Some of a theme's answers become a theme of their own (made by hand)."""
    row = _theme(db, session, theme_id)
    texts = _question_texts(db, session, row.question_id)
    by_id = {r.id: r for r in question_rows(db, session.id, row.question_id)}
    theme = theme_root(row, by_id).id
    shown = next((t for t in question_themes(db, session, row.question_id, texts) if t["id"] == theme), None)
    members = set(shown["answer_ids"]) if shown else set()
    if not isinstance(answer_ids, list) or not answer_ids:
        raise DomainError("bad_request", "answer_ids must be a list of the theme's answer ids.")
    if not set(answer_ids) <= members:
        raise DomainError("bad_request", "Split off answers of this theme only.")
    if set(answer_ids) == members:
        raise DomainError("bad_request", "Leave at least one answer in the theme: choose some of its answers.")
    return new_theme(db, session, answer_ids, label, what="split")


def _question_texts(db: Session, session: WorkshopSession, question_id: str) -> dict[int, str]:
    return dict(question_answers(db, session.id, question_id))


def shared_words_label(texts: list[str], question: str = "") -> str:
    """A name for answers grouped by hand: the one or two words most of them share (used by
    at least two), else "New theme". The engine names its own themes (themes/label.py)."""
    shared = [w for w, n in word_counts(texts, question, top=2) if n >= 2]
    return " and ".join(shared) if shared else "New theme"
