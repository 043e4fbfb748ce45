"""Worksheet import: plain text, Markdown, .docx and .pdf documents → the worksheet's YAML keys.

Pure Python (no Flask). Every document becomes lines of text, and one line-based parser turns
them into the keys of docs/worksheets.md, with a warning for whatever it was unsure of. The
result still goes through the one validator (`validate_worksheet`) before anything is saved.

Shapes recognised (case does not matter; a label may end with ":" and carry text after it):

- Title: the first line (`# Title` in Markdown, or `Title: ...`).
- Purpose: paragraphs after a "Purpose", "Introduction" or "Overview" label. Text between the
  title and the first step without such a label is taken as the purpose, with a warning.
- Steps: "Step N: Title", "Part N — Title" (also "Part N: Title", "Section N", "Activity N",
  "Exercise N", "Stage N"), Markdown headings (`## Title`: the shallowest level below the title
  marks steps, deeper ones are kept as paragraphs, with a warning), or, in a document with none
  of those, numbered headings ("1. Title" numbered 1, 2, 3 in order through the document, not
  ending in "?" or ".", followed by text or a list, or by a numbered list starting again at 1).
  A "Step N:" / "N." prefix is not part of the title.
- Guidance: the paragraphs of a step (after a "Guidance" or "Instructions" label, or none).
- Questions: bullet lines (`·` `•` `-` `*` `+` `–`, `1.` `1)` `a)` `Q1.`) in a step, and lines
  ending in "?" after a "Questions" / "Reflection Questions" / "Discussion Questions" /
  "Reflection" / "Prompts" label.
- Conclusion: paragraphs after a "Conclusion", "Closing", "Final Thoughts" or "Summary" label.

Every line that is not blank is its own paragraph (the way worksheets are typed), except a
line that wraps the one before: it does not end a sentence and the next begins in lower case;
in Markdown, consecutive lines make one paragraph unless a line ends in "?" or ":". Multi-line
texts (purpose, guidance, conclusion) join their paragraphs with a blank line and end with a
newline, as a YAML `|` block does. Markdown's `**bold**`, `*italic*`, `` `code` `` and links
lose their markup (a link keeps its address in brackets); horizontal rules (`---`) are skipped.

Never a silent drop of text: anything the parser cannot place goes into the guidance of the
nearest step (or the purpose, or the conclusion) and gets a warning `{"line", "text",
"message"}`, the line counted from 1 in the text the parser saw (for a .docx or .pdf: the text
extracted from it, one paragraph a line). An empty or unreadable document, or one with no steps,
raises WorksheetError(field="file").

.docx (python-docx): the Title style and Heading styles become headings, list paragraphs
become bullet lines, other paragraphs lines ("Step 1: ..." paragraphs stay text for the parser);
tables are read cell by cell. .pdf (pypdf): the lines of each page with where they end on the
page, the lines the layout wrapped joined back into paragraphs: a line is a wrap of the one
before when the next word would not have fitted at its end (or it does not end a sentence and
the next begins in lower case); a bullet, a step, a label, a change of font size or a vertical
gap starts a new one. Bare page numbers are skipped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePath
from typing import NoReturn

from .worksheets import MAX_FILE_BYTES, MAX_TITLE, WorksheetError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # an uploaded .docx or .pdf
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a .docx's parts, unpacked (a zip bomb is refused)
MAX_PDF_PAGES = 200
MAX_WARNING_TEXT = 300
DEFAULT_TITLE = "Imported worksheet"
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
SUPPORTED = ".txt, .md, .docx or .pdf"


@dataclass(frozen=True)
class Imported:
    source: dict  # the worksheet's YAML keys (defaults left out), not yet validated
    warnings: list[dict]  # {"line": int | None, "text": str, "message": str}


# ---------------------------------------------------------------------------------------------
# Entry points


def import_text(text: str, *, fallback_title: str = DEFAULT_TITLE) -> Imported:
    """Plain text or Markdown (recognised by its `#` headings) → the worksheet's YAML keys."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        _fail("worksheet", f"the text is larger than {MAX_FILE_BYTES // 1024} KiB")
    markdown = any(_HEADING.match(line) for line in text.splitlines())
    return _Parser(text, markdown=markdown, markup=markdown, fallback_title=fallback_title).run()


def import_document(data: bytes, filename: str, content_type: str) -> Imported:
    """A document (.txt .md .docx .pdf, told apart by its name, its content type, then its first
    bytes) → the worksheet's YAML keys. Unsupported or unreadable files raise WorksheetError."""
    name = PurePath(filename or "").name or "document"
    if len(data) > MAX_DOCUMENT_BYTES:
        _fail(name, f"the document is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
    kind = _kind(data, name, content_type or "")
    fallback = _title_from_name(name)
    if kind == "docx":
        return _Parser(_docx_text(data, name), markdown=True, markup=False, fallback_title=fallback).run()
    if kind == "pdf":
        return _Parser(_pdf_text(data, name), markdown=False, markup=False, fallback_title=fallback).run()
    if len(data) > MAX_FILE_BYTES:
        _fail(name, f"a text file can be at most {MAX_FILE_BYTES // 1024} KiB")
    text, encoding = _decode(data, name)
    imported = import_text(text, fallback_title=fallback)
    if encoding != "utf-8":
        note = {"line": None, "text": "", "message": f"the file is not UTF-8: it was read as {encoding}"}
        imported.warnings.insert(0, note)
    return imported


def _fail(source: str, message: str) -> NoReturn:
    raise WorksheetError(f"{source}: file: {message}", field="file")


def _kind(data: bytes, name: str, content_type: str) -> str:
    suffix = PurePath(name).suffix.lower()
    content_type = content_type.split(";")[0].strip().lower()
    if suffix == ".docx" or content_type.endswith("wordprocessingml.document"):
        return "docx"
    if suffix == ".pdf" or content_type == "application/pdf":
        return "pdf"
    if suffix in TEXT_SUFFIXES or content_type in ("text/plain", "text/markdown", "text/x-markdown"):
        return "text"
    if suffix == ".doc" or content_type == "application/msword":
        _fail(name, "old Word documents (.doc) cannot be read: save it as .docx (Word: File → Save As) and try again")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if suffix or content_type not in ("", "application/octet-stream"):
        _fail(name, f"cannot import {suffix or content_type} files: send a {SUPPORTED} file")
    return "text"


def _title_from_name(name: str) -> str:
    words = re.sub(r"[-_]+", " ", PurePath(name).stem).strip()
    return words[:1].upper() + words[1:] if words and words != "document" else DEFAULT_TITLE


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 (or UTF-16 with its BOM), else
    Windows-1252, which Windows' "Save as text" writes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-8"  # as good as UTF-8: nothing to warn about
        except UnicodeDecodeError:
            _fail(name, "the text is not valid UTF-16: save it as UTF-8 and try again")
    if b"\x00" in data:
        _fail(name, f"this is not a text file: send a {SUPPORTED} file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        _fail(name, "the text is not UTF-8: save it as UTF-8 and try again")


# ---------------------------------------------------------------------------------------------
# Recognising a line

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_=])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)(?:[·•◦▪▫‣●○■□➢➤►✓\uf0b7\uf0a7\uf076\uf0d8]\s*|[-*+–]\s+)(.*)$")
_NUMBERED = re.compile(r"^(\s*)(?:\(?(\d{1,3})[.)]|\(?([a-z])\)|q(\d{1,3})[.:)])\s+(.*)$", re.IGNORECASE)
_NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_STEP = re.compile(
    r"^(?:step|part|section|stage|activity|exercise)\s+(\d{1,3}|[ivx]{1,5}|" + "|".join(_NUMBER_WORDS) + r")"
    r"\s*(?:(?:[:.)]|\s[-–—]|[–—])\s*(.*))?$",
    re.IGNORECASE,
)
_LABELS = {
    "title": "title",
    "purpose": "purpose",
    "introduction": "purpose",
    "intro": "purpose",
    "overview": "purpose",
    "guidance": "guidance",
    "instructions": "guidance",
    "questions": "questions",
    "reflection questions": "questions",
    "discussion questions": "questions",
    "journal questions": "questions",
    "questions to consider": "questions",
    "questions for reflection": "questions",
    "reflection": "questions",
    "reflect": "questions",
    "prompts": "questions",
    "reflection prompts": "questions",
    "journal prompts": "questions",
    "conclusion": "conclusion",
    "closing": "conclusion",
    "closing thoughts": "conclusion",
    "final thoughts": "conclusion",
    "summary": "conclusion",
}
_LABEL = re.compile(
    r"^(" + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True)) + r")\s*(:?)\s*(.*)$", re.I
)
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class _Line:
    number: int  # 1-based, in the text the parser saw
    raw: str  # the line as written (stripped), for warnings
    kind: str  # prose, bullet, numbered, heading, step, label, blank, rule
    text: str = ""  # the content: markers and labels taken off
    level: int = 0  # a Markdown heading's level
    label: str = ""  # purpose, guidance, questions, conclusion, title
    value: int | None = None  # a numbered line's number
    indent: int = 0
    blank_before: bool = False


def _strip_markup(text: str) -> str:
    """Markdown's inline markup off: emphasis, code, links (keeping the address), escapes."""
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)", lambda m: f"{m[1]} ({m[2]})" if m[1] else m[2], text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=[^\s*])([^*]*?[^\s*])?\*(?![\w*])", lambda m: m[0][1:-1], text)
    text = re.sub(r"(?<![\w_])_(?=[^\s_])([^_]*?[^\s_])?_(?![\w_])", lambda m: m[0][1:-1], text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", text)


def _classify(number: int, raw_line: str, *, markdown: bool, markup: bool) -> _Line:
    raw = raw_line.strip()
    line = _Line(number=number, raw=raw, kind="prose", text=raw, indent=len(raw_line) - len(raw_line.lstrip()))
    if not raw:
        line.kind = "blank"
        return line
    clean = _strip_markup if markup else (lambda s: s)
    heading = _HEADING.match(raw_line) if markdown else None
    if heading:
        line.kind, line.level, line.text = "heading", len(heading[1]), clean(heading[2])
    elif _RULE.match(raw_line) and (markdown or len(raw) >= 3):
        line.kind = "rule"
        return line
    elif bullet := _BULLET.match(raw_line):
        line.kind, line.text = "bullet", clean(bullet[2].strip())
        return line
    elif numbered := _NUMBERED.match(raw_line):
        value = numbered[2] or numbered[4]
        line.kind, line.value, line.text = "numbered", int(value) if value else None, clean(numbered[5].strip())
        return line
    else:
        line.text = clean(raw)
    _classify_heading_text(line)
    return line


def _classify_heading_text(line: _Line) -> None:
    """A step ("Step 1: ...") or a label ("Guidance:") in a heading or a line of its own."""
    text = re.sub(r"^\*\*(.*)\*\*$", r"\1", line.text).strip()
    if step := _STEP.match(text):
        line.kind, line.text = "step", (step[2] or "").strip() or text.rstrip(":.").strip()
        return
    label = _LABEL.match(text)
    if label and (label[2] or not label[3]):  # "Guidance" alone, or "Guidance: ..."
        if _LABELS[label[1].lower()] == "title" and not label[3]:
            return  # "Title" alone is a title, not the label of one
        line.kind, line.label, line.text = "label", _LABELS[label[1].lower()], label[3].strip()


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _starts_lower(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0] in "(,;")


def _join(first: str, second: str) -> str:
    if not first:
        return second
    if re.search(r"\w-$|—$", first):
        return first + second  # a hyphenated word or a dash at the end of a wrapped line
    return f"{first} {second}"


def _lines(text: str, *, markdown: bool, markup: bool) -> list[_Line]:
    """The text's lines, classified, with the lines that wrap the one before joined to it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    out: list[_Line] = []
    blank = False
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = _classify(number, raw_line.replace("\t", " ").rstrip(), markdown=markdown, markup=markup)
        if line.kind in ("blank", "rule"):
            blank = True
            continue
        line.blank_before, blank = blank, False
        previous = out[-1] if out else None
        if previous and not line.blank_before and len(out) > 1 and _wraps(previous, line, markdown):
            previous.text = _join(previous.text, line.text)
            previous.raw = _join(previous.raw, line.raw)
            continue
        out.append(line)
    return out


def _wraps(previous: _Line, line: _Line, markdown: bool) -> bool:
    """Whether `line` continues `previous` (a paragraph or a list item written over two lines)."""
    if line.kind != "prose" or previous.kind not in ("prose", "bullet", "numbered"):
        return False
    if previous.kind != "prose" and (not previous.text or line.indent > previous.indent):
        return True  # a list item's text after a bare marker, or an indented continuation
    if markdown and previous.kind == "prose":
        return not previous.text.endswith(("?", ":"))
    return not _ends_sentence(previous.text) and _starts_lower(line.text)


# ---------------------------------------------------------------------------------------------
# Placing the lines


@dataclass
class _Text:
    """A multi-line text being built: paragraphs, list lines kept together."""

    blocks: list[str] = field(default_factory=list)
    last_was_list: bool = False

    def add(self, text: str, *, listed: bool = False) -> None:
        if not text:
            return
        if listed and self.last_was_list and self.blocks:
            self.blocks[-1] += "\n" + text
        else:
            self.blocks.append(text)
        self.last_was_list = listed

    def value(self) -> str:
        return "\n\n".join(self.blocks) + "\n" if self.blocks else ""


@dataclass
class _Step:
    title: str
    line: _Line
    guidance: _Text = field(default_factory=_Text)
    questions: list[str] = field(default_factory=list)
    asking: bool = False  # after a "Questions" label: lines ending in "?" are questions


class _Parser:
    def __init__(self, text: str, *, markdown: bool, markup: bool, fallback_title: str):
        self.lines = _lines(text, markdown=markdown, markup=markup)
        self.fallback_title = fallback_title
        self.warnings: list[dict] = []
        self.title = ""
        self.purpose = _Text()
        self.conclusion = _Text()
        self.steps: list[_Step] = []
        self.section = "start"  # start, purpose, step, conclusion
        self.numbered_steps = 0
        self.has_title = bool(self.lines) and self._is_title(self.lines[0])
        body = self.lines[1:] if self.has_title else self.lines
        self.step_level = min(
            (line.level for line in body if line.level and line.kind in ("heading", "step")), default=0
        )
        # "1. Title" heads steps only in a document with no other mark of a step; with none at
        # all, the first question opens a step of its own.
        self.numbered_headings = not any(line.kind in ("step", "heading") for line in body)
        self.implicit_steps = self.numbered_headings and not any(
            self._numbered_heading(i) for i in range(len(self.lines))
        )

    def warn(self, line: _Line | None, message: str) -> None:
        text = line.raw if line else ""
        if len(text) > MAX_WARNING_TEXT:
            text = text[: MAX_WARNING_TEXT - 1] + "…"
        self.warnings.append({"line": line.number if line else None, "text": text, "message": message})

    @staticmethod
    def _is_title(line: _Line) -> bool:
        if line.kind == "label":
            return line.label == "title" and bool(line.text)
        return line.kind in ("prose", "heading") and len(line.text) <= MAX_TITLE

    def _numbered_heading(self, index: int) -> bool:
        """A "N. Title" line that heads a step: numbered in order, not a question, and followed
        by text or a list rather than by the next numbered line (unless that one starts a new
        list at 1)."""
        line = self.lines[index]
        if index == 0 and self.has_title:
            return False
        if not self.numbered_headings or line.kind != "numbered" or line.value is None:
            return False
        if line.value != self.numbered_steps + 1 or line.text.endswith(("?", ".")) or len(line.text) > 120:
            return False
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if following is not None and following.kind == "numbered":
            return following.value == 1  # "2. Title" then "1. ...": a list of its own begins
        return following is not None and following.kind in ("prose", "bullet", "label")

    def run(self) -> Imported:
        if not self.lines:
            _fail("worksheet", "the document is empty: there is no text to import")
        if self.has_title:
            self.title = self.lines[0].text
        else:
            self.title = self.fallback_title
            self.warn(None, f"no title line at the top: the worksheet is called “{self.fallback_title}”")
        for index in range(1 if self.has_title else 0, len(self.lines)):
            self._place(index, self.lines[index])
        if not self.steps:
            _fail(
                "worksheet",
                "found no steps: start each step with a line such as “Step 1: Title” or a heading, "
                "and list its questions under it",
            )
        for step in self.steps:
            if not step.questions:
                self.warn(step.line, f"the step “{step.title}” has no questions: participants will only read it")
        return Imported(source=self._source(), warnings=self.warnings)

    def _place(self, index: int, line: _Line) -> None:
        if line.kind == "numbered" and self._numbered_heading(index):
            self.numbered_steps += 1
            self._start_step(line, line.text.rstrip(":").strip())
        elif line.kind == "step":
            self._start_step(line, line.text)
        elif line.kind == "heading":
            self._heading(line)
        elif line.kind == "label":
            self._label(line)
        elif line.kind in ("bullet", "numbered"):
            self._bullet(line)
        else:
            self._prose(line)

    def _start_step(self, line: _Line, title: str) -> None:
        title = re.sub(r"^(?:\d{1,3}[.)]\s+)", "", title).strip() or line.raw
        self.steps.append(_Step(title=title, line=line))
        self.section = "step"

    def _heading(self, line: _Line) -> None:
        if line.level <= self.step_level:
            self._start_step(line, line.text)
            return
        self._target().add(line.text)
        self.warn(line, "a heading below the steps' level was kept as a paragraph of the text around it")

    def _label(self, line: _Line) -> None:
        label = line.label
        if label == "title":  # "Title: ..." below the first line: text like any other
            line.text = line.raw
            self._prose(line)
        elif label in ("purpose", "conclusion"):
            self.section = label
            if line.text:
                self._prose(line)
        elif label == "guidance":
            if self.section == "step":
                self.steps[-1].asking = False
            if line.text:
                self._prose(line)
        else:  # questions
            if self.section != "step":
                self._implicit_step(line, _HEADING.sub(r"\2", line.raw).split(":")[0].strip())
            self.steps[-1].asking = True
            if line.text:
                self._question_line(line)

    def _implicit_step(self, line: _Line, title: str) -> None:
        title = title[:MAX_TITLE].strip() or "Questions"
        where = "after the conclusion" if self.section == "conclusion" else "outside any step"
        self.warn(line, f"questions {where}: they were put in a new step “{title}”")
        self.steps.append(_Step(title=title, line=line))
        self.section = "step"

    def _bullet(self, line: _Line) -> None:
        if not line.text:
            return  # a bare bullet mark: no words to keep
        if self.section == "step":
            self.steps[-1].questions.append(line.text)
        elif self.implicit_steps:
            self._implicit_step(line, "Questions")
            self.steps[-1].questions.append(line.text)
        else:
            name = "conclusion" if self.section == "conclusion" else "purpose"
            (self.conclusion if name == "conclusion" else self.purpose).add(line.raw, listed=True)
            self.warn(line, f"a list item outside any step was kept in the {name}, not made a question")

    def _question_line(self, line: _Line) -> None:
        step = self.steps[-1]
        if line.text.endswith("?"):
            step.questions.append(line.text)
        else:
            step.guidance.add(line.text)
            self.warn(line, "a line under the questions that is not a question (no “?”) was added to the guidance")

    def _prose(self, line: _Line) -> None:
        if self.section == "step":
            step = self.steps[-1]
            if step.asking:
                self._question_line(line)
                return
            step.guidance.add(line.text)
            if step.questions:
                self.warn(line, "text after the step's questions was added to its guidance")
        elif self.section == "conclusion":
            self.conclusion.add(line.text)
        else:
            self.purpose.add(line.text)
            if self.section == "start":
                self.warn(line, "text before the first step without a “Purpose:” label was taken as the purpose")

    def _target(self) -> _Text:
        if self.section == "step":
            return self.steps[-1].guidance
        return self.conclusion if self.section == "conclusion" else self.purpose

    def _source(self) -> dict:
        source: dict = {"title": self.title}
        if self.purpose.blocks:
            source["purpose"] = self.purpose.value()
        source["steps"] = []
        for step in self.steps:
            item: dict = {"title": step.title}
            if step.guidance.blocks:
                item["guidance"] = step.guidance.value()
            if step.questions:
                item["questions"] = [{"prompt": prompt} for prompt in step.questions]
            source["steps"].append(item)
        if self.conclusion.blocks:
            source["conclusion"] = self.conclusion.value()
        return source


# ---------------------------------------------------------------------------------------------
# .docx


def _docx_text(data: bytes, name: str) -> str:
    """The document's paragraphs as lines for the parser (Markdown-like headings and bullets),
    a blank line between paragraphs."""
    import docx  # python-docx; loaded with the first document, not by every web process
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(_docx_paragraph(block))
            elif isinstance(block, Table):
                lines.extend(_docx_table(block))
    except WorksheetError:
        raise
    except Exception:  # python-docx and lxml raise many kinds of error on a broken file
        _fail(name, "this .docx could not be read: open it in Word and save it again as .docx")
    return _document_text([line for line in lines if line.strip()], name, "Word document")


def _check_zip(data: bytes, name: str) -> None:
    """A .docx is a zip with word/document.xml, and not one that unpacks to a huge size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        names, size = [], 0
    if "word/document.xml" not in names:
        _fail(name, f"this is not a Word document (.docx): send a {SUPPORTED} file")
    if size > MAX_UNZIPPED_BYTES:
        _fail(name, "this .docx unpacks to more than 64 MiB")


def _docx_paragraph(paragraph) -> str:
    text = _CONTROL.sub("", paragraph.text.replace("\t", " ").replace("\n", " ")).strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style == "Title":
        return f"# {text}"
    heading = re.match(r"Heading (\d)$", style)
    if heading:
        return "#" * min(int(heading[1]) + 1, 6) + " " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if (style.startswith("List") or numbered) and not _BULLET.match(text) and not _STEP.match(text):
        return f"- {text}"
    return text


def _docx_table(table) -> list[str]:
    lines: list[str] = []
    seen: list = []  # the cells' XML elements (lxml keeps one proxy per element while it is held)
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is element for element in seen):
                continue  # a merged cell appears once per column it spans
            seen.append(cell._tc)
            lines.extend(_docx_paragraph(p) for p in cell.paragraphs)
    return lines


def _document_text(lines: list[str], name: str, what: str) -> str:
    text = "\n\n".join(lines)
    if not text.strip():
        _fail(name, f"this {what} has no text to import")
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        _fail(name, f"this {what} has more than {MAX_FILE_BYTES // 1024} KiB of text: a worksheet is shorter")
    return text


# ---------------------------------------------------------------------------------------------
# .pdf

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I)


@dataclass
class _PdfLine:
    """A line as the page draws it: its text, where it starts and ends across the page, the
    height of its font and its height on the page (PDF units; characters and line numbers
    when only the layout's text is known)."""

    text: str
    left: float
    right: float
    height: float
    y: float
    margin: float = 0.0  # the right edge of the page's text
    gap_before: bool = False  # more space above it than between the lines of a paragraph

    @property
    def char_width(self) -> float:
        return (self.right - self.left) / max(len(self.text), 1)


def _pdf_text(data: bytes, name: str) -> str:
    """The PDF's text, the lines its layout wrapped joined back into paragraphs, one a line."""
    from pypdf import PdfReader  # loaded with the first PDF, not by every web process

    lines: list[_PdfLine] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            _fail(name, "this PDF is protected by a password: save a copy without one and try again")
        if len(reader.pages) > MAX_PDF_PAGES:
            _fail(name, f"this PDF has more than {MAX_PDF_PAGES} pages: a worksheet is shorter")
        size = 0
        for page in reader.pages:
            page_lines = _pdf_page_lines(page)
            size += sum(len(line.text) for line in page_lines)
            if size > MAX_FILE_BYTES:
                _fail(name, f"this PDF has more than {MAX_FILE_BYTES // 1024} KiB of text: a worksheet is shorter")
            lines.extend(page_lines)
    except WorksheetError:
        raise
    except Exception:  # pypdf raises many kinds of error on a broken file
        _fail(name, "this PDF could not be read: export it again as PDF, or paste its text")
    if not lines:
        _fail(name, "this PDF has no text to import (a scanned page is a picture of text): paste its text instead")
    return _document_text(_pdf_paragraphs(lines), name, "PDF")


def _pdf_page_lines(page) -> list[_PdfLine]:
    """The page's lines, without bare page numbers, each knowing the page's right edge and
    whether a vertical gap comes before it."""
    try:
        lines = _pdf_drawn_lines(page)
    except Exception:  # pypdf's layout internals moved or failed: fall back to its layout text
        lines = _pdf_layout_lines(page)
    lines = [line for line in lines if line.text and not _PAGE_NUMBER.match(line.text)]
    margin = max((line.right for line in lines), default=0.0)
    pitch = _pitches(lines)
    for previous, line in pairwise(lines):
        step = abs(previous.y - line.y)
        usual = pitch.get(line.height)
        line.gap_before = step > 1.3 * usual if usual else step > 2 * line.height
    for line in lines:
        line.margin = margin
    return lines


def _pitches(lines: list[_PdfLine]) -> dict[float, float]:
    """The usual distance between two lines of a paragraph, for each font height: the median
    distance between consecutive lines of that height."""
    steps: dict[float, list[float]] = {}
    for previous, line in pairwise(lines):
        step = abs(previous.y - line.y)
        if previous.height == line.height and 0 < step < 3 * line.height:
            steps.setdefault(line.height, []).append(step)
    return {height: sorted(found)[len(found) // 2] for height, found in steps.items()}


def _pdf_drawn_lines(page) -> list[_PdfLine]:
    """Lines with the real positions of their text: what pypdf's layout mode computes before it
    turns them into fixed-width text (its internals; `_pdf_layout_lines` is the fallback)."""
    from pypdf._text_extraction import _layout_mode  # here: if it moves, only this function fails
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return []
    operations = iter(ContentStream(contents, page.pdf, "bytes").operations)
    groups = _layout_mode.text_show_operations(operations, page._layout_mode_fonts(), True, None)
    if not groups:
        return []
    lines = []
    for y, parts in _layout_mode.y_coordinate_groups(groups, None).items():
        text, last_right = "", None
        for part in parts:
            apart = last_right is not None and part["tx"] - last_right > 0.15 * part["font_size"]
            if apart and text and not text.endswith(" ") and not part["text"].startswith(" "):
                text += " "
            text += part["text"]
            last_right = part["displaced_tx"]
        right = max(part["displaced_tx"] for part in parts)
        lines.append(_PdfLine(_pdf_clean(text), parts[0]["tx"], right, round(parts[0]["font_height"], 1), y))
    return lines


def _pdf_layout_lines(page) -> list[_PdfLine]:
    """Lines of pypdf's layout text (or, failing that, its plain text): positions in characters."""
    try:
        text = page.extract_text(extraction_mode="layout")
    except Exception:
        text = page.extract_text()
    lines = []
    for number, raw in enumerate(text.split("\n")):
        raw = raw.replace("\t", " ").rstrip()
        indent = len(raw) - len(raw.lstrip())
        lines.append(_PdfLine(_pdf_clean(raw), indent, len(raw), 1.0, -number))
    return lines


def _pdf_clean(text: str) -> str:
    return re.sub(r"[ \u00a0]{2,}", " ", _CONTROL.sub(" ", text.replace("\t", " "))).strip()


def _pdf_paragraphs(lines: list[_PdfLine]) -> list[str]:
    paragraphs: list[str] = []
    previous: _PdfLine | None = None
    for line in lines:
        if previous is not None and _pdf_wraps(previous, line):
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _pdf_wraps(previous: _PdfLine, line: _PdfLine) -> bool:
    """Whether the layout wrapped `previous` onto `line`: the same paragraph goes on, and the
    next word would not have fitted at the end of the line before (or, as in text, the line
    does not end a sentence and the next begins in lower case)."""
    if line.gap_before or _classify(0, line.text, markdown=False, markup=False).kind != "prose":
        return False  # a new paragraph, a bullet, a step, a label
    before = _classify(0, previous.text, markdown=False, markup=False)
    if (before.kind == "label" and not before.text) or abs(previous.height - line.height) > 0.15 * line.height:
        return False  # after a bare label, or from a heading's font to the body's
    if re.search(r"\w-$|—$", previous.text) or (not _ends_sentence(previous.text) and _starts_lower(line.text)):
        return True
    first_word = line.text.split(" ", 1)[0]
    return (len(first_word) + 0.5) * line.char_width > previous.margin - previous.right
