"""Markdown: headings per step and question, themes with quotes, answers as a list.
Every text is escaped, so an answer can't become a link, an image, HTML or a heading."""

import re

from ..domain.formats import plural
from ..domain.reports import count_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&\"'=:])")


def escape(text: str) -> str:
    """Backslash-escape Markdown's punctuation; line breaks stay inside the list item."""
    lines = [_SPECIAL.sub(r"\\\1", line.strip()) for line in str(text).splitlines() or [""]]
    return "  \n  ".join(line for line in lines if line) or "\u00a0"


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
