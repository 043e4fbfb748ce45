"""PDF (fpdf2, pure Python): the report laid out for print: page one the overview (with
each question's page), then the answers under their themes, quotes first and Other last;
bar charts drawn as rectangles (a scale's points and a choice's options too, with counts, shares and a
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
from ..domain.reports import PRACTICE_NOTE, answer_groups, chart_rows, count_line, shown_steps
from .as_markdown import OTHER_TITLE, figures_line, middle_note, overview_line, share, stats_line

log = logging.getLogger(__name__)

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF")]
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

INK, MUTED, RULE = (31, 41, 51), (95, 105, 115), (205, 210, 215)
BAR, HIDDEN_BAR, TRACK = (58, 110, 165), (200, 204, 208), (236, 238, 240)
LINE = 5.2  # mm per line of body text
MARGIN, GUTTER = 13.0, 6.0  # mm: page margins, and between the two columns of the detail
# Answers: 8.5 pt DejaVu Sans (as large to the eye as 9.5 pt of a print serif), so a room of 30
# fits in a few pages.
ANSWER_SIZE, ANSWER_LINE = 8.0, 3.4

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
    """A4 with text columns of its own: `columns()` flows what follows in two columns, and
    `need(h)` moves to the next column (or page) when `h` mm would not fit. Every block
    asks `need` first, so nothing breaks inside an answer and a heading keeps its first
    lines."""

    def __init__(self, fonts: Path | None):
        super().__init__(format="A4")
        self.unicode = fonts is not None
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("body", style, str(fonts / name))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.cols, self.col, self.col_top = 1, 0, MARGIN

    def clean(self, text) -> str:
        text = str(text)
        if self.unicode:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def style(self, size: float, style: str = "", colour=INK) -> None:
        self.set_font(self.family, style, size)
        self.set_text_color(*colour)

    # Columns

    def columns(self, count: int = 2) -> None:
        self.cols, self.col, self.col_top = count, 0, self.get_y()
        self._place_column()

    def _place_column(self) -> None:
        width = (self.w - 2 * MARGIN - GUTTER * (self.cols - 1)) / self.cols
        x = MARGIN + self.col * (width + GUTTER)
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - width)
        self.set_x(x)

    def header(self) -> None:
        self.col, self.col_top = 0, self.t_margin  # a new page starts in its first column
        self._place_column()

    def need(self, height: float) -> None:
        """Room for `height` mm here, else the next column, else a new page."""
        if self.get_y() + height <= self.page_break_trigger:
            return
        if self.col + 1 < self.cols and self.col_top + height <= self.page_break_trigger:
            self.col += 1
            self._place_column()
            self.set_y(self.col_top)
        else:
            self.add_page()

    def lines_height(self, text, size, style="", indent=0.0, height=LINE) -> float:
        self.style(size, style)
        self.set_auto_page_break(False)  # a dry run that "breaks" would run header(): no column change
        lines = self.multi_cell(self.epw - indent, height, self.clean(text), dry_run=True, output="LINES")
        self.set_auto_page_break(True, margin=MARGIN)
        return len(lines) * height

    def para(self, text, size=10.5, style="", colour=INK, indent=0.0, height=LINE, keep=0.0) -> None:
        """A paragraph, kept whole (and with `keep` mm of what follows) in one column."""
        self.need(self.lines_height(text, size, style, indent, height) + keep)
        self.style(size, style, colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, height, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def item(self, text, size: float, style: str = "", indent=2.0, height=LINE, mark="•") -> None:
        """A list item: `mark` (a bullet, or a quote's opening mark) hanging in the margin,
        so wrapped lines align with the text."""
        hang = 2.4
        self.need(self.lines_height(text, size, style, indent + hang, height))
        y = self.get_y()
        self.style(size, style, MUTED)
        self.set_xy(self.l_margin + indent, y)
        self.cell(hang, height, self.clean(mark))
        self.style(size, style, INK)
        self.set_xy(self.l_margin + indent + hang, y)
        self.multi_cell(self.epw - indent - hang, height, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

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
        self.set_xy(MARGIN, -11)
        self.style(7.5, colour=MUTED)
        self.cell(self.w - 2 * MARGIN, 5, f"{self.page_no()} / {{nb}}", align="C")

    def bar_row(self, label: str, value: int, top: int, colour=BAR, note: str = "", label_width=0.0) -> None:
        """One row of a horizontal bar chart: label, bar scaled to `top`, value. With a
        `note` (a share), the bar runs on a light track and the value and note stand in
        a column at the right, so a chart's numbers line up. A label wider than the column
        allows (`label_width`, at most half the column) stands on a line of its own above."""
        self.style(8.5, colour=INK)
        label_width = label_width or 0.42 * self.epw
        own_line = self.get_string_width(self.clean(label)) + 2 > label_width
        self.need(LINE + 0.6 + (self.lines_height(label, 8.5, height=4.2) if own_line else 0))
        if own_line:
            self.para(label, size=8.5, height=4.2)
            label = ""
        self.style(8.5, colour=INK)
        y = self.get_y()
        self.set_x(self.l_margin)
        self.cell(label_width, LINE, self.clean(label))
        room = self.epw - label_width - (22 if note else 10)
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
            self.style(8.5, "B", INK)
            self.cell(8, LINE, str(value), align="R")
            self.style(8.5, colour=MUTED)
            self.cell(12, LINE, note, align="R")
        else:
            self.set_xy(x + width + 2, y)
            self.cell(8, LINE, str(value))
        self.ln(LINE + 0.3)

    def chart(self, q: dict) -> None:
        """A scale's points or a choice's options as bars, each with its count and share;
        a scale's mean and median (or a choice's note) below."""
        rows = chart_rows(q)
        top = max(q["count"], 1)  # a bar's length is its share of those who answered, as on every screen
        self.need(min(len(rows), 6) * (LINE + 0.3) + 1)  # the first rows with their question
        self.ln(1)
        self.style(8.5)
        widest = max((self.get_string_width(self.clean(label)) for label, _ in rows), default=0)
        label_width = min(widest + 3, 0.5 * self.epw)  # the labels' column, as wide as they need
        for label, count in rows:
            self.bar_row(label, count, top, note=share(count, q["count"]), label_width=label_width)
        if middle_note(q):
            self.para(middle_note(q), size=8, colour=MUTED, height=4)
        if stats_line(q):
            self.ln(0.5)
            self.para(stats_line(q), size=9.5, style="B")
        if q["kind"] == "choice" and q.get("multiple"):
            self.para(
                "Each person could pick more than one option, so the shares add up to more than 100%.",
                size=8,
                colour=MUTED,
                height=4,
            )


def _overview(pdf: ReportPDF, report: dict, pages: dict[str, int]) -> None:
    """Page one: the figures, the steps not reached, and per question its step, count, top
    themes or distribution, and the page it is on (`pages`, from a first layout)."""
    summary = report["summary"]
    pdf.para("Overview", size=13, style="B", height=6.5)
    pdf.para(figures_line(summary), size=10)
    if summary["not_reached_note"]:
        pdf.para(summary["not_reached_note"], size=9, colour=MUTED)
    for step in summary["steps"]:
        pdf.ln(1.2)
        pdf.para(step["heading"], size=9.5, style="B")
        for item in step["questions"]:
            pdf.style(9, "B", INK)
            pdf.set_x(pdf.l_margin)
            pdf.cell(9, 4.3, item["ref"])
            pdf.style(9, colour=INK)
            pdf.cell(pdf.epw - 9 - 34, 4.3, pdf.fit(item["prompt"], pdf.epw - 9 - 36))
            pdf.style(8.5, colour=MUTED)
            pdf.cell(24, 4.3, plural(item["count"], "answer", "answers"), align="R")
            page = pages.get(item["anchor"])
            pdf.cell(10, 4.3, f"p. {page}" if page else "", align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.para(overview_line(item), size=8.5, colour=MUTED, indent=9, height=3.8)


def _group(pdf: ReportPDF, group: dict) -> None:
    """A theme (or Other): its name and size, its quotes, then its other answers."""
    first = (group["quotes"] + group["answers"])[:1]
    pdf.need(5.2 + (pdf.lines_height(first[0], ANSWER_SIZE, indent=4.4, height=ANSWER_LINE) if first else 0))
    pdf.ln(0.5)
    pdf.set_x(pdf.l_margin)
    title = OTHER_TITLE if group["theme"] is None else group["theme"]
    pdf.style(9, "B", MUTED if group["theme"] is None else INK)
    title = pdf.fit(title, pdf.epw - 22)
    pdf.cell(pdf.get_string_width(title) + 0.5, 4.4, title)
    pdf.style(8, colour=MUTED)
    pdf.cell(0, 4.4, pdf.clean(f" · {plural(group['size'], 'answer', 'answers')}"), new_x="LMARGIN", new_y="NEXT")
    for quote in group["quotes"]:  # the theme's best fits, in italics, then the rest
        pdf.item(f"{quote}”", ANSWER_SIZE, "I", height=ANSWER_LINE, mark="“")
    for text in group["answers"]:
        pdf.item(text, ANSWER_SIZE, height=ANSWER_LINE)


def _layout(report: dict, fonts: Path | None, pages: dict[str, int]) -> tuple[ReportPDF, dict[str, int]]:
    s = report["session"]
    pdf = ReportPDF(fonts)
    pdf.set_title(pdf.clean(f"Report: {s['title']}"))
    pdf.set_creator("Fulcrum")
    # The date only: a finer timestamp would say more about the session than the report does.
    pdf.set_creation_date(datetime.fromisoformat(s["date"]))
    pdf.add_page()

    pdf.para("SESSION REPORT", size=8, style="B", colour=MUTED)
    pdf.para(s["title"], size=18, style="B", height=8)
    pdf.para(
        f"{s['worksheet']} · {s['date']} · {plural(s['participants'], 'participant', 'participants')}"
        + (" · still live" if s["status"] == "live" else ""),
        size=9.5,
        colour=MUTED,
    )
    pdf.para(
        "Anonymous: answers carry no names or device data; names and contact details in answers "
        f"are replaced by [name], [email] and the like. A question's answers are shown once at least "
        f"{s['min_group']} people answered it.",
        size=8,
        colour=MUTED,
        height=3.8,
    )
    if s.get("practice"):
        pdf.para(PRACTICE_NOTE, size=9.5, style="B")
    pdf.ln(3)
    _overview(pdf, report, pages)

    found: dict[str, int] = {}
    pdf.ln(4)
    pdf.columns(2)  # the detail in two columns: answers are short lines, so little is left blank
    for step in shown_steps(report):
        pdf.ln(3)
        first = f"{step['questions'][0]['ref']}  {step['questions'][0]['prompt']}"
        keep = 5 + pdf.lines_height(first, 9.5, "B", height=4.3) + 18  # with its first question's start
        pdf.para(step["heading"], size=12, style="B", height=5.6, keep=keep)
        pdf.start_section(pdf.clean(step["heading"]))  # the PDF's outline (bookmarks)
        y = pdf.get_y() + 0.5
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
        pdf.ln(1.5)
        for q in step["questions"]:
            pdf.ln(1.6)
            prompt = f"{q['ref']}  {q['prompt']}"
            pdf.need(pdf.lines_height(prompt, 9.5, "B", height=4.3) + 4 + 14)  # with its first answers
            pdf.start_section(pdf.clean(f"{q['ref']} {q['prompt']}"), level=1)
            found[q["anchor"]] = pdf.page_no()
            pdf.para(prompt, size=9.5, style="B", height=4.3)
            if q["hidden"]:
                pdf.para(q["note"], size=9, style="I", colour=MUTED, height=4.4)
                continue
            pdf.para(count_line(q), size=8, colour=MUTED, height=3.8)
            if q.get("kind") in CHART_KINDS:
                pdf.chart(q)  # its answers are its values: the bars say them all
                continue
            for group in answer_groups(q):
                _group(pdf, group)
    return pdf, found


def render_pdf(report: dict, fonts_from=None) -> bytes:
    fonts = font_dir(fonts_from)
    if fonts is None:
        log.warning("no DejaVu fonts found: the PDF falls back to Latin-1 text")
    # Laid out twice: the first run finds the page of each question for the overview (the
    # page numbers take no extra room, so the second run puts everything where the first did).
    _, pages = _layout(report, fonts, {})
    pdf, _ = _layout(report, fonts, pages)
    return bytes(pdf.output())
