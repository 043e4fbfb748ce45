"""Themes as the facilitator sees them: the engine's groups matched to the themes
shown before (so ids and colours stay put), with the facilitator's edits applied
(theme_edits.py: rename, merge, move, new theme, split), which survive every recompute.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.models import Answer, ThemeRow, ThemeRun, WorkshopSession
from ..themes.words import word_counts
from .answers import question_answers
from .privacy import scrub
from .sessions import worksheet_of
from .sharing import for_the_room
from .theme_history import hand_made, hand_state, history, question_pins, question_rows

COLOURS = 8  # the dashboard's palette size
MIN_THEME_ANSWERS = 3  # fewer answers than this make no themes (the engine is not asked)
SAME_THEME = 0.5  # a new group is an old theme when they share at least half of the smaller one
MAX_LABEL = 60
PROJECTOR_QUOTES = 2  # quotes per theme on the projector, when the facilitator asks for them


@dataclass
class Group:
    """One group from the engine, in answer ids."""

    members: list[int]
    label: str
    keywords: list[str] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)
    fits: dict[int, float] = field(default_factory=dict)  # member → how well it fits (engine.Theme.fits)


def apply_groups(db: Session, session_id: int, question_id: str, groups: list[Group]) -> None:
    """Store a fresh engine result, matching each group to the theme it continues."""
    rows = question_rows(db, session_id, question_id)
    pinned = set(question_pins(db, session_id, question_id))
    # Answers the facilitator placed by hand are not the engine's to move; a group
    # left with one answer is no theme.
    groups = [
        g
        for g in (
            Group([m for m in g.members if m not in pinned], g.label, g.keywords, g.examples, g.fits) for g in groups
        )
        if len(g.members) >= 2
    ]

    # Greedy one-to-one matching, biggest overlaps first; ties go to the older theme.
    pairs = []
    for gi, group in enumerate(groups):
        new = set(group.members)
        for row in rows:
            old = set(row.members)
            shared = len(new & old)
            if shared and shared / min(len(new), len(old)) >= SAME_THEME:
                pairs.append((-shared, row.id, gi, row))
    pairs.sort(key=lambda p: p[:3])
    matched: dict[int, ThemeRow] = {}
    used_rows: set[int] = set()
    for _, row_id, gi, row in pairs:
        if gi not in matched and row_id not in used_rows:
            matched[gi] = row
            used_rows.add(row_id)

    for row in rows:
        if row.id not in used_rows:
            row.members, row.examples, row.fits = [], [], {}
    # Colours in use: the continued themes' and those of themes made by hand that hold answers.
    held = {theme_id for theme_id in question_pins(db, session_id, question_id).values()}
    taken = {r.color for r in rows if (r.id in used_rows or r.id in held) and r.merged_into is None}
    for gi, group in enumerate(groups):
        found = matched.get(gi)
        if found is None:
            found = ThemeRow(session_id=session_id, question_id=question_id, color=free_colour(taken))
            taken.add(found.color)
            db.add(found)
        found.members, found.label = list(group.members), group.label
        found.keywords, found.examples = list(group.keywords), list(group.examples)
        found.fits = {str(m): group.fits[m] for m in group.members if m in group.fits}
    db.flush()


def free_colour(taken: set[int]) -> int:
    return next((c for c in range(COLOURS) if c not in taken), len(taken) % COLOURS)


def theme_root(row: ThemeRow, by_id: dict[int, ThemeRow]) -> ThemeRow:
    seen = set()
    while row.merged_into is not None and row.merged_into in by_id and row.id not in seen:
        seen.add(row.id)
        row = by_id[row.merged_into]
    return row


def question_themes(db: Session, session: WorkshopSession, question_id: str, texts: dict[int, str]) -> list[dict]:
    """The themes to show, biggest first: [{"id", "label", "size", "examples", "color",
    "answer_ids", "fits", "keywords", "renamed", "manual"}]. `answer_ids` are best fit first,
    then the answers placed by hand (their `fits` entry is None). `texts` maps the question's
    answer ids to texts."""
    rows = question_rows(db, session.id, question_id)
    by_id = {row.id: row for row in rows}
    pins = question_pins(db, session.id, question_id)
    fits: dict[int, dict[int, float]] = {}  # root id → engine member → its fit
    examples: dict[int, list[int]] = {}
    largest: dict[int, tuple[int, ThemeRow]] = {}  # root id → (size, the merged-in row that gave most)
    for row in rows:
        top = theme_root(row, by_id)
        own = [a for a in row.members if a in texts and a not in pins]
        fits.setdefault(top.id, {}).update((a, row.fits.get(str(a), 0.0)) for a in own)
        examples.setdefault(top.id, []).extend(a for a in row.examples if a in own)
        if own and len(own) > largest.get(top.id, (0, None))[0]:
            largest[top.id] = (len(own), row)
    placed: dict[int, list[int]] = {}
    for answer_id, theme_id in sorted(pins.items()):
        if theme_id in by_id and answer_id in texts:
            placed.setdefault(theme_root(by_id[theme_id], by_id).id, []).append(answer_id)

    shown: list[dict[str, Any]] = []
    for root_id in fits.keys() | placed.keys():
        engine = sorted(fits.get(root_id, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        ids = [a for a, _ in engine] + placed.get(root_id, [])
        if not ids:
            continue
        top = by_id[root_id]
        # A theme's own engine label wins; a theme that only holds merged-in groups
        # takes the label of the biggest of them.
        source = top if top.members or top.manual else largest.get(root_id, (0, top))[1]
        picks = list(dict.fromkeys(examples.get(root_id, []) + ids))[:3]
        shown.append(
            {
                "id": top.id,
                "label": top.custom_label or source.label or "Theme",
                "size": len(ids),
                "examples": [texts[a] for a in picks],
                "color": top.color,
                "answer_ids": ids,
                "fits": [round(f, 3) for _, f in engine] + [None] * len(placed.get(root_id, [])),
                "keywords": list(source.keywords),
                "renamed": bool(top.custom_label),
                "manual": top.manual,
            }
        )
    shown.sort(key=lambda t: (-t["size"], t["id"]))
    return shown


def themes_event(db: Session, session: WorkshopSession, question_id: str, texts: dict[int, str] | None = None) -> dict:
    """The `themes` push for one question; `words` ranks its words for groups too small to
    theme. `texts` (answer id → text) saves reading the answers again."""
    if texts is None:
        texts = dict(question_answers(db, session.id, question_id))
    themes = question_themes(db, session, question_id, texts)
    prompt = worksheet_of(session).prompt(question_id)
    themed = {a for t in themes for a in t["answer_ids"]}
    other = [a for a in texts if a not in themed]  # "Other": the answers in no theme
    return {
        "question_id": question_id,
        "themes": themes,
        "answers": len(texts),
        "unthemed": len(other),
        "other": other,
        "history": history(db, session.id, question_id),
        "hand_made": hand_made(hand_state(db, session.id, question_id)),
        "words": [[w, n] for w, n in word_counts(list(texts.values()), prompt, top=15)],
        "min_group": session.min_group,
        "waiting": max(0, session.min_group - len(texts)),
    }


def projector_view(event: dict, quotes: bool = False) -> dict:
    """The projector's part of a `themes_event`, which the whole room sees: scrubbed labels
    and sizes (no answer ids, keywords or words), with `quotes` up to PROJECTOR_QUOTES
    scrubbed examples per theme, and no themes at all until `min_group` people answered.
    Withheld here, so no screen can show more than this."""
    themes = [] if event["waiting"] else [_projector_theme(t, quotes) for t in event["themes"]]
    return {
        "question_id": event["question_id"],
        "answers": event["answers"],
        "min_group": event["min_group"],
        "waiting": event["waiting"],
        "themes": themes,
    }


def _projector_theme(theme: dict, quotes: bool) -> dict:
    shown = {"id": theme["id"], "label": scrub(theme["label"]), "size": theme["size"], "color": theme["color"]}
    if quotes:
        shown["quotes"] = [scrub(text) for text in theme["examples"][:PROJECTOR_QUOTES]]
    return shown


def projector_event(db: Session, session: WorkshopSession, question_id: str) -> dict:
    """The `themes` push for the projector (see projector_view)."""
    return projector_view(themes_event(db, session, question_id), session.reveal_quotes)


def session_themes(db: Session, session: WorkshopSession) -> dict[str, dict]:
    """Every question's themes event, for a screen that has just connected."""
    worksheet = worksheet_of(session)
    return {q.id: themes_event(db, session, q.id) for q in worksheet.questions if q.kind == "text"}


# What stored themes were computed from (ThemeRun): a computation that never finished
# (a crash, a lost request) leaves a question's themes behind its answers until someone
# recomputes them; these functions say which.

Stamp = tuple[int, datetime | None]  # (answer count, latest Answer.updated_at)


def answer_stamp(db: Session, session_id: int, question_id: str) -> Stamp:
    """A question's answer count and latest change, as `record_run` stores them. Read it
    before the answers themselves: an answer arriving in between makes the run look older
    than its input (one recompute too many), never newer."""
    count, last = db.execute(
        select(func.count(), func.max(Answer.updated_at)).where(
            Answer.session_id == session_id, Answer.question_id == question_id, for_the_room()
        )
    ).one()
    return count, last


def record_run(db: Session, session_id: int, question_id: str, stamp: Stamp) -> None:
    """Store what the question's themes were just computed from (with the themes, in one commit)."""
    run = db.get(ThemeRun, (session_id, question_id))
    if run is None:
        run = ThemeRun(session_id=session_id, question_id=question_id)
        db.add(run)
    run.answers, run.last_change = stamp
    db.flush()


def _stale(db: Session, in_scope) -> list[tuple[int, str]]:
    """(session id, question id) whose answers differ from what their themes were computed
    from, or that have answers and were never computed; `in_scope(column)` picks the sessions."""
    current = {
        (s, q): (n, last)
        for s, q, n, last in db.execute(
            select(Answer.session_id, Answer.question_id, func.count(), func.max(Answer.updated_at))
            .where(in_scope(Answer.session_id), for_the_room())
            .group_by(Answer.session_id, Answer.question_id)
        )
    }
    runs = {
        (run.session_id, run.question_id): (run.answers, run.last_change)
        for run in db.scalars(select(ThemeRun).where(in_scope(ThemeRun.session_id)))
    }
    return sorted(
        key for key in current.keys() | runs.keys() if current.get(key, (0, None)) != runs.get(key, (0, None))
    )


def stale_questions(db: Session, session: WorkshopSession) -> list[str]:
    """The session's questions whose themes need a recompute (see `_stale`)."""
    return [question_id for _, question_id in _stale(db, lambda column: column == session.id)]


def live_stale_questions(db: Session) -> list[tuple[int, str]]:
    """(session id, question id) of every live session's questions whose themes need a recompute."""
    live = select(WorkshopSession.id).where(WorkshopSession.status == "live")
    return _stale(db, lambda column: column.in_(live))
