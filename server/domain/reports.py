"""The anonymized session report: the one place that turns a session into something a
reader may see. The report page and every export (server/exports/) render this dict.

What it guarantees (docs/architecture.md, "Anonymity by construction"):
- every text that came from a participant (answers, theme labels, quotes) is scrubbed;
- a question answered by fewer than `min_group` people carries its count only;
- no participant, answer, theme or client id, no token, no time finer than the date;
- answers are in an order that says nothing about who answered when (`_unlinked_order`
  within each group: a theme's quotes, in the engine's best-fit order, then its other
  answers; the answers in no theme, "Other", last).

Steps are numbered as the room saw them (`step_heading`), and steps the session never
reached are left out, named in one line (`not_reached_note`). `summary` is the overview
every format opens with.
"""

import hashlib

from sqlalchemy.orm import Session

from ..store.models import WorkshopSession
from .answers import (
    answer_counts,
    count_participants,
    facilitator_answers,
    hidden_counts,
    level_counts,
    question_answers,
)
from .distribution import CHART_KINDS, chart_text, distribution, question_values
from .formats import plural
from .privacy import scrub
from .sessions import worksheet_of
from .theme_state import question_themes
from .worksheets import SHARES

MAX_QUOTES = 3
TOP_THEMES = 3  # per question in the overview


def step_number(index: int) -> int:
    """The number phones, the dashboard and the projector show for a step ("Step 2 of 9"):
    its place in the worksheet, counting the Purpose when there is one."""
    return index + 1


def step_heading(step) -> str:
    """ "Step 2: Understanding Independence in Relationships", as the room saw it."""
    return f"Step {step_number(step.index)}: {step.title}"


def _ranges(numbers: list[int]) -> str:
    """[3, 6, 7] → "3, 6–7"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def not_reached_note(steps: list[dict]) -> str | None:
    """The one line that names the steps left out: "Steps 7–8 were not reached: A; B." """
    if not steps:
        return None
    titles = "; ".join(s["title"] for s in steps)
    if len(steps) == 1:
        return f"Step {steps[0]['number']} was not reached: {titles}."
    return f"Steps {_ranges([s['number'] for s in steps])} were not reached: {titles}."


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


def levels_note(levels: dict) -> str:
    """ " · 3 kept private · 2 sent only to the facilitator": answers the report counts but
    never shows (sharing levels, domain/sharing.py); "" when there are none."""
    parts = [f"{levels[key]} {words}" for key, words in LEVEL_WORDS if levels.get(key)]
    return "".join(f" · {part}" for part in parts)


LEVEL_WORDS = (("private", "kept private"), ("facilitator", "sent only to the facilitator"))


def count_line(question: dict) -> str:
    """ "12 answers", how many more were kept private or sent to the facilitator only, and
    how many the facilitator hid: the same line in every format."""
    line = plural(question["count"], "answer", "answers") + levels_note(question.get("levels", {}))
    hidden = question["hidden_by_facilitator"]
    return f"{line} · {hidden} hidden by the facilitator" if hidden else line


def _question(
    db: Session, session: WorkshopSession, question, hidden_by_facilitator: int, levels: dict, to_you: bool
) -> dict:
    rows = question_answers(db, session.id, question.id)  # one answer per participant, the room's only
    count = len(rows)
    entry = {
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "count": count,
        "hidden_by_facilitator": hidden_by_facilitator,  # a number only: what they said stays out
        # Counts per sharing level; the text of the room's answers only (`count` of them).
        "levels": {**dict.fromkeys(SHARES, 0), **levels},
        "hidden": count < session.min_group,
        "waiting": max(0, session.min_group - count),
        "themes": [],
        "other": 0,  # answers in no theme
        "answers": [],
    }
    if to_you:  # the owner's own variant: what was sent to them alone, never on a share link
        mine = [scrub(t) for t in facilitator_answers(db, session.id, question.id)]
        entry["to_you"] = _unlinked_order(session.id, question.id, mine)
    if entry["hidden"]:
        entry["note"] = hidden_note(count, session.min_group)
        return entry  # below the threshold: not a word of the room's answers leaves this function
    if question.kind in CHART_KINDS:
        return _chart_question(db, session, question, entry)
    texts = dict(rows)
    scrubbed = {answer_id: scrub(text) for answer_id, text in texts.items()}
    placed: set[int] = set()
    for theme in question_themes(db, session, question.id, texts):  # biggest first
        ids = [a for a in theme["answer_ids"] if a in scrubbed and a not in placed]
        if not ids:
            continue
        placed.update(ids)
        label = scrub(theme["label"])
        rest = [scrubbed[a] for a in ids]
        # The engine's examples, best fit first, are the quotes; the rest follow unlinked.
        quotes = [t for t in dict.fromkeys(scrub(q) for q in theme["examples"]) if t in rest][:MAX_QUOTES]
        for quote in quotes:
            rest.remove(quote)
        entry["themes"].append({"label": label, "size": len(ids), "quotes": quotes})
        entry["answers"] += [{"text": t, "theme": label, "quote": True} for t in quotes]
        entry["answers"] += [
            {"text": t, "theme": label, "quote": False} for t in _unlinked_order(session.id, question.id, rest)
        ]
    other = [text for answer_id, text in scrubbed.items() if answer_id not in placed]
    entry["other"] = len(other)
    entry["answers"] += [
        {"text": t, "theme": None, "quote": False} for t in _unlinked_order(session.id, question.id, other)
    ]
    return entry


def answer_groups(q: dict) -> list[dict]:
    """A text question's answers as the detail shows them: per theme (biggest first)
    {"theme", "size", "quotes", "answers"} (its other answers), then the answers in no
    theme as {"theme": None, …} ("Other", last, never a theme). Every format uses this."""
    groups, answers, at = [], q["answers"], 0
    for theme in q["themes"]:
        chunk: list[dict] = []
        while at < len(answers) and answers[at]["theme"] == theme["label"] and len(chunk) < theme["size"]:
            chunk.append(answers[at])
            at += 1
        groups.append(
            {
                "theme": theme["label"],
                "size": theme["size"],
                "quotes": [a["text"] for a in chunk if a.get("quote")],
                "answers": [a["text"] for a in chunk if not a.get("quote")],
            }
        )
    rest = [a["text"] for a in answers[at:]]
    if rest:
        groups.append({"theme": None, "size": len(rest), "quotes": [], "answers": rest})
    return groups


def point_label(q: dict, value: int) -> str:
    """The scale's label at this point: left at the minimum, right at the maximum, middle
    at the middle point (a scale of an even number of points has none)."""
    if value == q["min"]:
        return q.get("left") or ""
    if value == q["max"]:
        return q.get("right") or ""
    if q.get("middle") and 2 * value == q["min"] + q["max"]:
        return str(q["middle"])
    return ""


def chart_rows(q: dict) -> list[tuple[str, int]]:
    """(label, count) per point or option, in order: "1 · More independent", "2", …"""
    if q["kind"] == "scale":
        rows = []
        for d in q["distribution"]:
            label = point_label(q, d["value"])
            rows.append((f"{d['value']} · {label}" if label else str(d["value"]), d["count"]))
        return rows
    return [(o["label"], o["count"]) for o in q["options"]]


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


def build_report(db: Session, session: WorkshopSession, include_to_you: bool = False) -> dict:
    """The report; `include_to_you` adds, per question, the answers sent only to the
    facilitator (`to_you`): the owner's own variant, which no share link ever builds."""
    worksheet = worksheet_of(session)
    hidden = hidden_counts(db, session.id)
    levels = level_counts(db, session.id)
    answered = set(answer_counts(db, session.id)) | set(hidden)  # a hidden answer was an answer too
    steps, not_reached = [], []
    for step in worksheet.steps:
        number = step_number(step.index)
        # Self-paced phones can answer ahead of the facilitator: a step with answers was reached.
        reached = step.index <= (session.reached_step or 0) or any(q.id in answered for q in step.questions)
        if not reached and step.questions:
            not_reached.append({"number": number, "title": step.title})
        questions = []
        for n, q in enumerate(step.questions, 1):
            entry = _question(db, session, q, hidden.get(q.id, 0), levels.get(q.id, {}), include_to_you)
            questions.append({**entry, "ref": f"{number}.{n}", "anchor": f"q-{q.id}"})
        steps.append(
            {
                "index": step.index,
                "number": number,
                "title": step.title,
                "heading": step_heading(step),
                "anchor": f"step-{number}",
                "reached": reached,  # every format leaves an unreached step out (not_reached names it)
                "questions": questions,
            }
        )
    report = {
        "session": {
            "title": session.title,
            "worksheet": worksheet.title,
            "date": session.created_at.date().isoformat(),
            "participants": count_participants(db, session.id),
            "status": session.status,
            "min_group": session.min_group,
            "practice": session.practice,  # a rehearsal's simulated answers: not a real room's
        },
        "steps": steps,
        "not_reached": not_reached,
    }
    report["summary"] = summary(report, len(worksheet.steps))
    return report


def _question_summary(q: dict) -> dict:
    """One question in the overview: its count, and its top themes (a text question) or
    its distribution (a scale or choice); a hidden question its count and note only."""
    keys = ("ref", "anchor", "prompt", "kind", "count", "hidden", "hidden_by_facilitator")
    item = {key: q[key] for key in keys} | {"levels": q.get("levels", {})}
    if q["hidden"]:
        item["note"] = q["note"]
    elif q["kind"] in CHART_KINDS:
        item["distribution"] = [{"label": label, "count": n} for label, n in chart_rows(q)]
        if q["kind"] == "scale":
            item["mean"], item["median"] = q.get("mean"), q.get("median")
    else:
        item["themes"] = [{"label": t["label"], "size": t["size"]} for t in q["themes"][:TOP_THEMES]]
        item["more_themes"] = max(0, len(q["themes"]) - TOP_THEMES)
        item["other"] = q["other"]
    return item


def shown_steps(report: dict) -> list[dict]:
    """The steps every format shows: reached, with questions."""
    return [s for s in report["steps"] if s.get("reached", True) and s["questions"]]


def summary(report: dict, step_count: int) -> dict:
    """The overview (and table of contents) every format opens with, from the report alone."""
    shown = shown_steps(report)
    return {
        "participants": report["session"]["participants"],
        "reached_step": max((s["number"] for s in report["steps"] if s.get("reached", True)), default=0),
        "step_count": step_count,
        "hidden_by_facilitator": sum(q["hidden_by_facilitator"] for s in shown for q in s["questions"]),
        "not_reached_note": not_reached_note(report["not_reached"]),
        "steps": [
            {
                "number": s["number"],
                "heading": s["heading"],
                "anchor": s["anchor"],
                "questions": [_question_summary(q) for q in s["questions"]],
            }
            for s in shown
        ],
    }
