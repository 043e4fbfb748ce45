"""PDF (fpdf2, pure Python): the report laid out for print, with bar charts drawn as
rectangles (a scale's points and a choice's options too, with counts, shares and a
scale's mean and median, worded as in the Markdown). Text uses DejaVu Sans when the
system has it (Debian: fonts-dejavu-core, installed by .ci/run and the Dockerfile), which
covers Latin, Greek and Cyrillic; otherwise the built-in Helvetica, which knows Latin-1
only, so other characters are mapped to near equivalents or "?" rather than failing the
export."""

import logging
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from ..domain.distribution import CHART_KINDS
from ..domain.formats import plural
from ..domain.reports import PRACTICE_NOTE, answer_counts, count_line
from .as_markdown import chart_rows, middle_note, share, stats_line

log = logging.getLogger(__name__)

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF")]
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

INK, MUTED, RULE = (31, 41, 51), (95, 105, 115), (205, 210, 215)
BAR, HIDDEN_BAR, TRACK = (58, 110, 165), (200, 204, 208), (236, 238, 240)
LINE = 5.2  # mm per line of body text

_LATIN1 = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "*",
        "\u00a0": " ",
        "\u2212": "-",
    }
)


def font_dir(dirs=None) -> Path | None:
    for folder in FONT_DIRS if dirs is None else dirs:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    return None


class ReportPDF(FPDF):
    def __init__(self, fonts: Path | None):
        super().__init__(format="A4")
        self.unicode = fonts is not None
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("body", style, str(fonts / name))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)

    def clean(self, text) -> str:
        text = str(text)
        if self.unicode:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def style(self, size: float, style: str = "", colour=INK) -> None:
        self.set_font(self.family, style, size)
        self.set_text_color(*colour)

    def para(self, text, size=10.5, style="", colour=INK, indent=0.0, height=LINE) -> None:
        self.style(size, style, colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, height, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def fit(self, text: str, width: float) -> str:
        """`text` shortened with an ellipsis to fit `width` mm in the current font."""
        text = self.clean(text)
        if self.get_string_width(text) <= width:
            return text
        dots = self.clean("…")
        while text and self.get_string_width(text + dots) > width:
            text = text[:-1]
        return text.rstrip() + dots

    def footer(self) -> None:
        self.set_y(-12)
        self.style(8, colour=MUTED)
        self.cell(0, 5, f"{self.page_no()}", align="C")

    def bar_row(self, label: str, value: int, top: int, colour=BAR, label_width=62.0, note: str = "") -> None:
        """One row of a horizontal bar chart: label, bar scaled to `top`, value. With a
        `note` (a share), the bar runs on a light track and the value and note stand in
        a column at the right, so a chart's numbers line up."""
        if self.will_page_break(LINE + 1):
            self.add_page()
        y = self.get_y()
        self.style(9, colour=INK)
        self.set_x(self.l_margin)
        self.cell(label_width, LINE, self.fit(label, label_width - 3))
        room = self.epw - label_width - (26 if note else 12)
        width = room * value / top if top else 0
        x = self.l_margin + label_width
        if note:
            self.set_fill_color(*TRACK)
            self.rect(x, y + 1, room, LINE - 2, style="F")
        self.set_fill_color(*colour)
        if width > 0:
            self.rect(x, y + 1, max(width, 0.8), LINE - 2, style="F")
        if note:
            self.set_xy(x + room + 1, y)
            self.style(9, "B", INK)
            self.cell(10, LINE, str(value), align="R")
            self.style(9, colour=MUTED)
            self.cell(14, LINE, note, align="R")
        else:
            self.set_xy(x + width + 2, y)
            self.cell(10, LINE, str(value))
        self.ln(LINE + 0.6)

    def chart(self, q: dict) -> None:
        """A scale's points or a choice's options as bars, each with its count and share;
        a scale's mean and median (or a choice's note) below."""
        rows = chart_rows(q)
        top = max(q["count"], 1)  # a bar's length is its share of those who answered, as on every screen
        if self.will_page_break(min(len(rows), 6) * (LINE + 0.6)):
            self.add_page()  # the first rows with their question, where it fits
        self.ln(1)
        for label, count in rows:
            self.bar_row(label, count, top, note=share(count, q["count"]))
        if middle_note(q):
            self.para(middle_note(q), size=8.5, colour=MUTED)
        if stats_line(q):
            self.ln(0.5)
            self.para(stats_line(q), size=10, style="B")
        if q["kind"] == "choice" and q.get("multiple"):
            self.para(
                "Each person could pick more than one option, so the shares add up to more than 100%.",
                size=8.5,
                colour=MUTED,
            )


def render_pdf(report: dict, fonts_from=None) -> bytes:
    fonts = font_dir(fonts_from)
    if fonts is None:
        log.warning("no DejaVu fonts found: the PDF falls back to Latin-1 text")
    s = report["session"]
    pdf = ReportPDF(fonts)
    pdf.set_title(pdf.clean(f"Report: {s['title']}"))
    pdf.set_creator("Fulcrum")
    # The date only: a finer timestamp would say more about the session than the report does.
    pdf.set_creation_date(datetime.fromisoformat(s["date"]))
    pdf.add_page()

    pdf.para("SESSION REPORT", size=8.5, style="B", colour=MUTED)
    pdf.para(s["title"], size=20, style="B", height=9)
    pdf.ln(1)
    pdf.para(
        f"{s['worksheet']} · {s['date']} · {plural(s['participants'], 'participant', 'participants')}"
        + (" · still live" if s["status"] == "live" else ""),
        size=10,
        colour=MUTED,
    )
    pdf.para(
        "Anonymous: answers carry no names or device data; names and contact details in answers "
        f"are replaced by [name], [email] and the like. A question's answers are shown once at least "
        f"{s['min_group']} people answered it.",
        size=9,
        colour=MUTED,
    )
    if s.get("practice"):
        pdf.para(PRACTICE_NOTE, size=10, style="B")
    pdf.ln(3)

    counts = answer_counts(report)
    if counts:
        pdf.para("Answers per question", size=12, style="B")
        pdf.ln(1)
        top = max([c["count"] for c in counts] + [s["min_group"], 1])
        for c in counts:
            pdf.bar_row(
                f"{c['step']}.{c['question']}  {c['prompt']}", c["count"], top, HIDDEN_BAR if c["hidden"] else BAR
            )
        pdf.para(f"Grey bars: fewer than {s['min_group']} answers, so hidden.", size=8.5, colour=MUTED)

    for step in report["steps"]:
        if not step["questions"]:
            continue
        pdf.ln(4)
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.para(step["title"], size=15, style="B", height=7)
        y = pdf.get_y() + 0.5
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
        pdf.ln(2.5)
        for q in step["questions"]:
            if pdf.will_page_break(22):
                pdf.add_page()
            pdf.para(q["prompt"], size=11, style="B")
            if not q["hidden"]:
                pdf.para(count_line(q), size=9, colour=MUTED)
            else:
                pdf.para(q["note"], size=10, style="I", colour=MUTED)
                pdf.ln(3)
                continue
            if q.get("kind") in CHART_KINDS:
                pdf.chart(q)  # its answers are its values: the bars say them all
                pdf.ln(3)
                continue
            if q["themes"]:
                pdf.ln(1)
                pdf.para("Themes", size=9.5, style="B", colour=MUTED)
                top = max(t["size"] for t in q["themes"])
                for theme in q["themes"]:
                    pdf.bar_row(theme["label"], theme["size"], top)
                    for quote in theme["quotes"]:
                        pdf.para(f"“{quote}”", size=9, style="I", colour=MUTED, indent=6, height=4.6)
            if q["answers"]:
                pdf.ln(1)
                pdf.para("Answers", size=9.5, style="B", colour=MUTED)
                for answer in q["answers"]:
                    pdf.para(f"•  {answer['text']}", size=10, indent=2)
            pdf.ln(3)
    return bytes(pdf.output())
