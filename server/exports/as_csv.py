"""CSV: one row per shown answer (questions under the group size have none)."""

import csv
import io

COLUMNS = ["step", "step_title", "question_id", "prompt", "theme", "text", "value"]


def _cell(value) -> str:
    # A spreadsheet runs a cell that starts like a formula; an apostrophe keeps it text.
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _value(value) -> str:
    """A scale's point, or a choice's options joined by "; " (empty for a text answer)."""
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, list) else str(value)


def render_csv(report: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for step in report["steps"]:
        for q in step["questions"]:
            for answer in q["answers"]:
                writer.writerow(
                    [
                        _cell(v)
                        for v in (
                            step["index"],
                            step["title"],
                            q["id"],
                            q["prompt"],
                            answer["theme"] or "",
                            answer["text"],
                            _value(answer.get("value")),
                        )
                    ]
                )
    return out.getvalue().encode()  # UTF-8, no BOM: it would become part of the first column's name
