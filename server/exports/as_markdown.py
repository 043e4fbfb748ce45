"""Markdown: the overview first (figures, the steps not reached, and a table of contents
linking to the headings below), then a heading per step and question, answers under their
themes (quotes first, "Other" last), a scale's or choice's counts as a small table.

Every text is escaped where it would change the meaning (`escape`), so an answer can't
become a link, an image, HTML, a heading, a list or emphasis, and a plain sentence stays
plain ("a meal." is not "a meal\\.").

The words of a chart (point labels, shares, "Mean 3.2 · Median 3") are defined here once
and used by the PDF too, so both say the same as the report page."""

import re
import unicodedata

from ..domain.distribution import CHART_KINDS
from ..domain.formats import plural
from ..domain.reports import (  # noqa: F401  (point_label, chart_rows: the PDF's words too)
    PRACTICE_NOTE,
    answer_groups,
    chart_rows,
    count_line,
    levels_note,
    point_label,
    shown_steps,
)

# Anywhere in a line: what opens code, links, images, HTML or autolinks, an entity, and
# (escaping the backslash) what would escape the character after it.
_ALWAYS = re.compile(r"[`\[\]<]|&(?=#?\w+;)|\\(?=[!-/:-@\[-`{-~])")
_PAIRED = "*_~"  # emphasis and strikethrough need two: one alone ("5 * 3", "snake_case") stays
# At the start of a line: a heading, a quote, a list item, a numbered item, a rule or a
# setext underline.
_LEADING = re.compile(r"^(?:(#{1,6}(?=\s|$)|>)|([-+*])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)|(=+|-+)\s*$)")


def _escape_line(line: str, table: bool) -> str:
    paired = {c for c in _PAIRED if line.count(c) >= 2}
    if not paired and line.startswith(("***", "___")):
        paired = {line[0]}
    out = []
    for i, c in enumerate(line):
        if c in paired or (table and c == "|") or _ALWAYS.match(line, i):
            out.append("\\" + c)
        else:
            out.append(c)
    text = "".join(out)
    lead = _LEADING.match(text)
    if lead:
        if lead.group(1) or lead.group(2) or lead.group(5):
            text = "\\" + text
        elif lead.group(3):
            n = len(lead.group(3))
            text = text[:n] + "\\" + text[n:]
    return text


def escape(text: str, table: bool = False) -> str:
    """Backslash-escape what Markdown would read as markup, and nothing else; line breaks
    stay inside the list item (or cell). `table`: a `|` would split a cell."""
    lines = [_escape_line(line.strip(), table) for line in str(text).splitlines() or [""]]
    return "  \n  ".join(line for line in lines if line) or "\u00a0"


def heading(level: int, text: str) -> str:
    """An ATX heading of a text: a trailing `#` would be read as its closing sequence."""
    body = escape(text)
    return "#" * level + " " + (body[:-1] + "\\#" if body.endswith("#") else body)


def slug(text: str, taken: dict[str, int]) -> str:
    """The anchor a Markdown viewer gives a heading (GitHub's rule: lower case, punctuation
    dropped, spaces to hyphens, "-1", "-2" on repeats), for the table of contents."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    base = "".join(c for c in text if c.isalnum() or c in " -_").replace(" ", "-")
    n = taken.get(base, 0)
    taken[base] = n + 1
    return f"{base}-{n}" if n else base


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


def middle_note(q: dict) -> str:
    """An even scale's middle label, which falls between two points: "Between 2 and 3: Balanced"."""
    if q["kind"] != "scale" or not q.get("middle") or (q["min"] + q["max"]) % 2 == 0:
        return ""
    low = (q["min"] + q["max"]) // 2
    return f"Between {low} and {low + 1}: {q['middle']}"


def overview_line(item: dict) -> str:
    """A question's line in every format's overview: its top themes ("hobbies (9) ·
    alone time (8) · boundaries (7) · 2 more themes · 3 in no theme"), or its distribution, or its
    note; and how many answers the facilitator hid."""
    if item["hidden"]:
        parts = [item["note"]]
    elif "distribution" in item:
        parts = [f"{row['label']} ({share(row['count'], item['count'])})" for row in item["distribution"]]
        parts += [stats_line(item)] if stats_line(item) else []
    elif item["themes"]:
        parts = [f"{t['label']} ({t['size']})" for t in item["themes"]]
        if item["more_themes"]:
            parts.append(plural(item["more_themes"], "more theme", "more themes"))
        if item["other"]:
            parts.append(f"{item['other']} in no theme")
    else:
        parts = ["No themes yet."]
    line = " · ".join(parts) + levels_note(item.get("levels", {}))
    if item["hidden_by_facilitator"]:
        line += f" · {item['hidden_by_facilitator']} hidden by the facilitator"
    return line


def figures_line(summary: dict) -> str:
    """ "30 participants · reached Step 6 of 9 · 3 answers hidden by the facilitator" """
    parts = [
        plural(summary["participants"], "participant", "participants"),
        f"reached Step {summary['reached_step']} of {summary['step_count']}",
    ]
    if summary["hidden_by_facilitator"]:
        parts.append(plural(summary["hidden_by_facilitator"], "answer", "answers") + " hidden by the facilitator")
    return " · ".join(parts)


OTHER_TITLE = "Other: in no theme"


def chart_markdown(q: dict) -> list[str]:
    """A scale's or choice's counts as a table, then the mean and median or a note."""
    head = "Point" if q["kind"] == "scale" else "Option"
    out = [f"| {head} | Answers | Share |", "| --- | ---: | ---: |"]
    out += [f"| {escape(label, table=True)} | {count} | {share(count, q['count'])} |" for label, count in chart_rows(q)]
    out.append("")
    if middle_note(q):
        out += [escape(middle_note(q)), ""]
    if stats_line(q):
        out += [f"**{stats_line(q)}**", ""]
    if q["kind"] == "choice" and q.get("multiple"):
        out += ["Each person could pick more than one option, so the shares add up to more than 100%.", ""]
    return out


def _overview(report: dict, anchors: dict[str, str]) -> list[str]:
    summary = report["summary"]
    out = ["## Overview", "", figures_line(summary), ""]
    if summary["not_reached_note"]:
        out += [escape(summary["not_reached_note"]), ""]
    for step in summary["steps"]:
        out.append(f"- [{escape(step['heading'])}](#{anchors[step['anchor']]})")
        for item in step["questions"]:
            count = plural(item["count"], "answer", "answers")
            link = f"[{item['ref']} {escape(item['prompt'])}](#{anchors[item['anchor']]})"
            out.append(f"  - {link} · {count} · {escape(overview_line(item))}")
    return out + [""]


def render_markdown(report: dict) -> bytes:
    s = report["session"]
    # The headings' anchors first, in document order, so the contents can link to them.
    taken: dict[str, int] = {}
    slug(s["title"], taken)
    slug("Overview", taken)
    anchors = {}
    for step in shown_steps(report):
        if step["questions"]:
            anchors[step["anchor"]] = slug(step["heading"], taken)
            for q in step["questions"]:
                anchors[q["anchor"]] = slug(f"{q['ref']} {q['prompt']}", taken)

    out = [
        heading(1, s["title"]),
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
    out += _overview(report, anchors)
    for step in shown_steps(report):
        out += [heading(2, step["heading"]), ""]
        for q in step["questions"]:
            out += [heading(3, f"{q['ref']} {q['prompt']}"), ""]
            if q["hidden"]:
                out += [f"*{q['note']}*", ""]
                continue
            out += [count_line(q), ""]
            if q.get("kind") in CHART_KINDS:
                out += chart_markdown(q)
                continue  # its answers are its values: the table says them all
            for group in answer_groups(q):
                title = escape(group["theme"]) if group["theme"] is not None else OTHER_TITLE
                out += [f"**{title}** · {plural(group['size'], 'answer', 'answers')}", ""]
                for quote in group["quotes"]:  # one blockquote each: adjacent lines would run together
                    out += [f"> “{escape(quote)}”", ""]
                out += [f"- {escape(text)}" for text in group["answers"]]
                if group["answers"]:
                    out.append("")
    return "\n".join(out).encode()
