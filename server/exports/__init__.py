"""Report exports: each renders the dict from domain.reports.build_report (and nothing
else), so every format shows exactly what the report page shows. No Flask here."""

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .as_csv import render_csv
from .as_markdown import render_markdown


@dataclass(frozen=True)
class Format:
    mimetype: str
    render: Callable[[dict], bytes]


def render_pdf(report: dict) -> bytes:
    # fpdf2 brings Pillow, fontTools and numpy: ~30 MB in every web process, so it is
    # loaded with the first PDF rather than at start.
    from .as_pdf import render_pdf as render

    return render(report)


def render_json(report: dict) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2).encode()


FORMATS = {
    "json": Format("application/json", render_json),
    "csv": Format("text/csv; charset=utf-8", render_csv),
    "md": Format("text/markdown; charset=utf-8", render_markdown),
    "pdf": Format("application/pdf", render_pdf),
}


def filename(report: dict, extension: str) -> str:
    """`report-2026-11-30-team-offsite.csv`: ASCII only, safe in a Content-Disposition header."""
    title = unicodedata.normalize("NFKD", report["session"]["title"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "session"
    return f"report-{report['session']['date']}-{slug}.{extension}"
