"""Worksheet library: YAML files in facilitator/ parsed into immutable worksheets.

Pure Python (stdlib + PyYAML). The format is documented in docs/worksheets.md.
A worksheet is flattened into the *session step list* the facilitator walks
through: optional Purpose (index 0), the worksheet's steps, optional Conclusion.
Question ids come from that list ("s3q1"), so a snapshot stored with a session
stays meaningful even if the file is later edited.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import NoReturn

import yaml

from .values import unstorable

MAX_FILE_BYTES = 256 * 1024
MAX_TITLE = 200
MAX_PROMPT = 1000
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
SUPPORTED_KINDS = ("text",)
RESERVED_KINDS = ("scale", "choice")  # planned; rejected until implemented

TOP_KEYS = ("title", "description", "purpose", "steps", "conclusion")
STEP_KEYS = ("title", "guidance", "questions")
QUESTION_KEYS = ("prompt", "kind")


class WorksheetError(ValueError):
    """An invalid worksheet; the message names the file, the step and the field."""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str


@dataclass(frozen=True)
class Step:
    index: int
    title: str
    guidance: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Worksheet:
    slug: str
    title: str
    description: str
    steps: tuple[Step, ...]

    def question(self, question_id: str) -> Question | None:
        for step in self.steps:
            for q in step.questions:
                if q.id == question_id:
                    return q
        return None

    @property
    def purpose(self) -> str:
        """The purpose's text (the first step, without questions, that the parser adds), or ""."""
        first = self.steps[0] if self.steps else None
        return first.guidance if first and first.title == "Purpose" and not first.questions else ""

    @property
    def conclusion(self) -> str:
        """The conclusion's text (the last step, without questions, that the parser adds), or ""."""
        last = self.steps[-1] if self.steps else None
        return last.guidance if last and last.title == "Conclusion" and not last.questions else ""

    def step_of(self, question_id: str) -> int | None:
        """The index of the step that asks `question_id`."""
        for step in self.steps:
            if any(q.id == question_id for q in step.questions):
                return step.index
        return None

    def prompt(self, question_id: str) -> str:
        """A question's prompt ("" for an id the worksheet does not have)."""
        question = self.question(question_id)
        return question.prompt if question else ""

    def to_dict(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "steps": [
                {
                    "index": s.index,
                    "title": s.title,
                    "guidance": s.guidance,
                    "questions": [{"id": q.id, "kind": q.kind, "prompt": q.prompt} for q in s.questions],
                }
                for s in self.steps
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Worksheet:
        # Snapshots are written by to_dict, so no re-validation; just fail clearly if mangled.
        try:
            return cls(
                slug=data["slug"],
                title=data["title"],
                description=data.get("description", ""),
                steps=tuple(
                    Step(
                        index=s["index"],
                        title=s["title"],
                        guidance=s.get("guidance", ""),
                        questions=tuple(
                            Question(id=q["id"], kind=q["kind"], prompt=q["prompt"]) for q in s["questions"]
                        ),
                    )
                    for s in data["steps"]
                ),
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise WorksheetError(f"worksheet snapshot is malformed: {e!r}") from None


class _Loader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys (silently lost otherwise) and
    aliases (not needed, and they let a small file expand into a huge worksheet)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not supported", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (list, dict)):
                continue  # unhashable: the base class reports it
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _clean(text: str) -> str:
    """Normalise newlines, strip trailing whitespace per line and surrounding blank lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


class _Checker:
    """Validation helpers that know the file name, for uniform error messages."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str) -> NoReturn:
        raise WorksheetError(f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}")

    def mapping(self, value, where: str, allowed: tuple[str, ...]) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping with keys {', '.join(allowed)}")
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.fail(where, f"unknown key {key!r} ({hint}allowed keys: {', '.join(allowed)})")
        return value

    def text(self, value, where: str, *, required=False, limit=None, one_line=False) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            got = f" (got {type(value).__name__}; quote it if it is meant as text)" if value is not None else ""
            self.fail(where, f"must be a non-empty string{got}")
        text = _clean(value).strip()  # strip() also drops leading spaces, e.g. on a title
        bad = unstorable(text)
        if bad:
            self.fail(where, f"contains a character that cannot be stored ({bad})")
        if not text and required:
            self.fail(where, "must be a non-empty string")
        if one_line and "\n" in text:
            self.fail(where, "must be a single line")
        if limit and len(text) > limit:
            self.fail(where, f"must be at most {limit} characters (got {len(text)})")
        return text


def _step_label(n: int, raw) -> str:
    """'steps[3] ("Assessing the Balance…")' — 1-based, as a person counts steps in the file."""
    title = raw.get("title") if isinstance(raw, dict) else None
    if not isinstance(title, str) or not title.strip():
        return f"steps[{n}]"
    title = " ".join(title.split())
    if len(title) > 24:
        title = title[:24].rsplit(" ", 1)[0] + "…"
    return f'steps[{n}] ("{title}")'


def parse_worksheet(text: str, source: str) -> Worksheet:
    """Parse YAML text; `source` is the file name, used for the slug and in error messages."""
    check = _Checker(PurePath(source).name or source)
    slug = PurePath(source).stem
    if not SLUG_RE.match(slug):
        check.fail(
            "",
            f"file name {slug!r} is not a valid slug (lowercase letters, digits and '-', "
            "starting with a letter or digit, at most 64 characters)",
        )
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        check.fail("", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        data = yaml.load(text.replace("\r\n", "\n"), Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = "; ".join(filter(None, [getattr(e, "context", None), getattr(e, "problem", None)])) or str(e)
        check.fail(where, f"YAML syntax error: {problem}")

    top = check.mapping(data, "top level", TOP_KEYS)
    title = check.text(top.get("title"), "title", required=True, limit=MAX_TITLE, one_line=True)
    description = check.text(top.get("description"), "description", one_line=True)
    purpose = check.text(top.get("purpose"), "purpose")
    conclusion = check.text(top.get("conclusion"), "conclusion")
    raw_steps = top.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        check.fail("steps", "must be a non-empty list of steps")

    steps: list[Step] = []
    if purpose:
        steps.append(Step(index=0, title="Purpose", guidance=purpose, questions=()))
    for n, raw in enumerate(raw_steps, start=1):
        label = _step_label(n, raw)
        raw = check.mapping(raw, label, STEP_KEYS)
        index = len(steps)
        step_title = check.text(raw.get("title"), f"{label}: title", required=True, limit=MAX_TITLE, one_line=True)
        guidance = check.text(raw.get("guidance"), f"{label}: guidance")
        raw_questions = raw.get("questions")
        if raw_questions is None:
            raw_questions = []
        if not isinstance(raw_questions, list):
            check.fail(f"{label}: questions", "must be a list of questions")
        questions = []
        for qn, raw_q in enumerate(raw_questions, start=1):
            where = f"{label}: questions[{qn}]"
            raw_q = check.mapping(raw_q, where, QUESTION_KEYS)
            prompt = check.text(raw_q.get("prompt"), f"{where}.prompt", required=True, limit=MAX_PROMPT)
            kind = raw_q.get("kind", "text")
            if kind in RESERVED_KINDS:
                check.fail(
                    f"{where}.kind",
                    f"kind {kind!r} is reserved for a later version and not supported yet "
                    f"(supported: {', '.join(SUPPORTED_KINDS)})",
                )
            if kind not in SUPPORTED_KINDS:
                check.fail(f"{where}.kind", f"unknown kind {kind!r} (allowed kinds: {', '.join(SUPPORTED_KINDS)})")
            questions.append(Question(id=f"s{index}q{qn}", kind=kind, prompt=prompt))
        steps.append(Step(index=index, title=step_title, guidance=guidance, questions=tuple(questions)))
    if conclusion:
        steps.append(Step(index=len(steps), title="Conclusion", guidance=conclusion, questions=()))
    return Worksheet(slug=slug, title=title, description=description, steps=tuple(steps))


def load_worksheet(path) -> Worksheet:
    path = Path(path)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)  # never read more than the cap
    except OSError as e:
        raise WorksheetError(f"{path.name}: cannot read file: {e.strerror or e}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise WorksheetError(f"{path.name}: file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8-sig")  # tolerate a BOM from Windows editors
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise WorksheetError(
            f"{path.name}: line {line}: not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})"
        ) from None
    return parse_worksheet(text, path.name)


def load_library(directory) -> dict[str, Worksheet]:
    """Every *.yaml / *.yml in `directory`, keyed and sorted by slug."""
    directory = Path(directory)
    if not directory.is_dir():
        raise WorksheetError(f"{directory}: worksheet directory does not exist")
    library: dict[str, Worksheet] = {}
    files = [
        p
        for p in directory.iterdir()
        # skip hidden files: editor lock/swap files must not break startup
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    ]
    for path in sorted(files, key=lambda p: (p.stem, p.name)):
        worksheet = load_worksheet(path)
        if worksheet.slug in library:
            raise WorksheetError(
                f"{path.name}: duplicate slug {worksheet.slug!r} (another .yaml/.yml file has the same name)"
            )
        library[worksheet.slug] = worksheet
    return library
