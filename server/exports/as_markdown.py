"""Markdown: headings per step and question, themes with quotes, answers as a list; a
scale's or choice's answers as a small table of counts (and a scale's mean and median).
Every text is escaped, so an answer can't become a link, an image, HTML or a heading.

The words of a chart (point labels, shares, "Mean 3.2 · Median 3") are defined here once
and used by the PDF too, so both say the same as the report page."""

import re

from ..domain.distribution import CHART_KINDS
from ..domain.formats import plural
from ..domain.reports import PRACTICE_NOTE, count_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&\"'=:])")


def escape(text: str) -> str:
    """Backslash-escape Markdown's punctuation; line breaks stay inside the list item."""
    lines = [_SPECIAL.sub(r"\\\1", line.strip()) for line in str(text).splitlines() or [""]]
    return "  \n  ".join(line for line in lines if line) or "\u00a0"


def number(value: float) -> str:
    """3.0 → "3", 3.5 → "3.5": a median reads as a point of the scale when it is one."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def stats_line(q: dict) -> str:
    """ "Mean 3.2 · Median 3" for a scale with answers, else ""."""
    if q.get("mean") is None or q.get("median") is None:
        return ""
    return f"Mean {q['mean']:.1f} · Median {number(q['median'])}"


def share(count: int, total: int) -> str:
    """A count as a share of the people who answered: "25%"."""
    # Half up, as the report page and the projector round (Python's round() goes to even).
    return f"{int(100 * count / total + 0.5) if total else 0}%"


def point_label(q: dict, value: int) -> str:
    """The scale's label at this point: left at the minimum, right at the maximum, middle
    at the middle point (a scale of an even number of points has none: see middle_note)."""
    if value == q["min"]:
        return q.get("left") or ""
    if value == q["max"]:
        return q.get("right") or ""
    if q.get("middle") and 2 * value == q["min"] + q["max"]:
        return q["middle"]
    return ""


def middle_note(q: dict) -> str:
    """An even scale's middle label, which falls between two points: "Between 2 and 3: Balanced"."""
    if q["kind"] != "scale" or not q.get("middle") or (q["min"] + q["max"]) % 2 == 0:
        return ""
    low = (q["min"] + q["max"]) // 2
    return f"Between {low} and {low + 1}: {q['middle']}"


def chart_rows(q: dict) -> list[tuple[str, int]]:
    """(label, count) per point or option, in order: "1 · More independent", "2", …"""
    if q["kind"] == "scale":
        rows = []
        for d in q["distribution"]:
            label = point_label(q, d["value"])
            rows.append((f"{d['value']} · {label}" if label else str(d["value"]), d["count"]))
        return rows
    return [(o["label"], o["count"]) for o in q["options"]]


def chart_markdown(q: dict) -> list[str]:
    """A scale's or choice's counts as a table, then the mean and median or a note."""
    head = "Point" if q["kind"] == "scale" else "Option"
    out = [f"| {head} | Answers | Share |", "| --- | ---: | ---: |"]
    out += [f"| {escape(label)} | {count} | {share(count, q['count'])} |" for label, count in chart_rows(q)]
    out.append("")
    if middle_note(q):
        out += [escape(middle_note(q)), ""]
    if stats_line(q):
        out += [f"**{stats_line(q)}**", ""]
    if q["kind"] == "choice" and q.get("multiple"):
        out += ["Each person could pick more than one option, so the shares add up to more than 100%.", ""]
    return out


def render_markdown(report: dict) -> bytes:
    s = report["session"]
    out = [
        f"# {escape(s['title'])}",
        "",
        f"{escape(s['worksheet'])} · {s['date']} · {plural(s['participants'], 'participant', 'participants')}",
        "",
        f"Anonymous: no names or device data. Contact details and names in answers are replaced "
        f"by \\[email\\], \\[name\\] and the like. A question's answers are shown once at least "
        f"{s['min_group']} people answered it.",
        "",
    ]
    if s.get("practice"):
        out += [f"**{escape(PRACTICE_NOTE)}**", ""]
    for step in report["steps"]:
        if not step["questions"]:
            continue
        out += [f"## {escape(step['title'])}", ""]
        for q in step["questions"]:
            out += [f"### {escape(q['prompt'])}", ""]
            if q["hidden"]:
                out += [f"*{q['note']}*", ""]
                continue
            out += [count_line(q), ""]
            if q.get("kind") in CHART_KINDS:
                out += chart_markdown(q)
                continue  # its answers are its values: the table says them all
            if q["themes"]:
                out += ["**Themes**", ""]
                for theme in q["themes"]:
                    out.append(f"- **{escape(theme['label'])}** ({plural(theme['size'], 'answer', 'answers')})")
                    out += [f"  > {escape(quote)}" for quote in theme["quotes"]]
                out += [""]
            if q["answers"]:
                out += ["**Answers**", ""]
                out += [f"- {escape(a['text'])}" for a in q["answers"]]
                out += [""]
    return "\n".join(out).encode()
