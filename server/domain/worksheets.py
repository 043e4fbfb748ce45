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
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import NoReturn

import yaml

from .values import unstorable

MAX_FILE_BYTES = 256 * 1024
MAX_TITLE = 200
MAX_DESCRIPTION = 400
MAX_PROMPT = 1000
MAX_OPTION = 80
MIN_OPTIONS, MAX_OPTIONS = 2, 12
MIN_POINTS, MAX_POINTS = 2, 11  # a scale's points, max - min + 1
DEFAULT_SCALE = (1, 5)
MAX_MINUTES = 120  # a step's suggested duration; the timer's own limit (domain/controls.py) is 7200 s
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
KINDS = ("text", "scale", "choice")
# Who reads an answer, one level per answer, chosen on the phone (docs/architecture.md,
# "Sharing levels"): the participant only, the facilitator only, or the room anonymously.
SHARES = ("private", "facilitator", "group")
DEFAULT_SHARE = "group"
SHARE_KEYS = ("share", "share_fixed")  # any question may carry them

TOP_KEYS = ("title", "description", "purpose", "steps", "conclusion")
STEP_KEYS = ("title", "guidance", "notes", "minutes", "questions")
KIND_KEYS = {"text": (), "scale": ("min", "max", "left", "right", "middle"), "choice": ("options", "multiple")}


class WorksheetError(ValueError):
    """An invalid worksheet; the message names the source and the field, `field` is its path
    (`steps[3].questions[1].prompt`, steps and questions counted from 1)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    min: int | None = None  # scale
    max: int | None = None
    left: str = ""
    right: str = ""
    middle: str = ""
    options: tuple[str, ...] = ()  # choice
    multiple: bool = False
    share: str = DEFAULT_SHARE  # the level the phone offers first
    share_fixed: bool = False  # the participant may not choose another

    def payload(self) -> dict:
        """The question as phones (and every screen) receive it."""
        data: dict = {"id": self.id, "kind": self.kind, "prompt": self.prompt}
        if self.kind == "scale":
            data.update(min=self.min, max=self.max, left=self.left, right=self.right, middle=self.middle)
        elif self.kind == "choice":
            data.update(options=list(self.options), multiple=self.multiple)
        data.update(share=self.share, share_fixed=self.share_fixed)
        return data

    def source(self) -> dict:
        """The question's YAML keys, defaults left out."""
        data: dict = {"prompt": self.prompt}
        if self.kind == "scale":
            data["kind"] = "scale"
            if (self.min, self.max) != DEFAULT_SCALE:
                data.update(min=self.min, max=self.max)
            data.update({k: v for k, v in (("left", self.left), ("middle", self.middle), ("right", self.right)) if v})
        elif self.kind == "choice":
            data.update(kind="choice", options=list(self.options))
            if self.multiple:
                data["multiple"] = True
        if self.share != DEFAULT_SHARE:
            data["share"] = self.share
        if self.share_fixed:
            data["share_fixed"] = True
        return data


@dataclass(frozen=True)
class Step:
    index: int
    title: str
    guidance: str
    questions: tuple[Question, ...]
    notes: str = ""  # the facilitator's script: the dashboard's alone (live/rooms.py)
    minutes: int | None = None  # a suggested duration: the timer's default


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
    def questions(self) -> list[Question]:
        return [q for step in self.steps for q in step.questions]

    def with_share(self, share: str) -> Worksheet:
        """This worksheet with `share` as every question's default level, except where the
        worksheet fixed it: a session's override at start."""
        steps = tuple(
            replace(step, questions=tuple(q if q.share_fixed else replace(q, share=share) for q in step.questions))
            for step in self.steps
        )
        return replace(self, steps=steps)

    @property
    def purpose(self) -> str:
        """The purpose's text (the first step, without questions, that the parser adds), or ""."""
        first = self.steps[0] if self.steps else None
        return first.guidance if first and _is_framing(first, "Purpose") else ""

    @property
    def conclusion(self) -> str:
        """The conclusion's text (the last step, without questions, that the parser adds), or ""."""
        last = self.steps[-1] if self.steps else None
        return last.guidance if last and _is_framing(last, "Conclusion") else ""

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
        """The snapshot a session stores (every field, ids included)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "steps": [
                {
                    "index": s.index,
                    "title": s.title,
                    "guidance": s.guidance,
                    "notes": s.notes,
                    "minutes": s.minutes,
                    "questions": [q.payload() for q in s.questions],
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
                        notes=s.get("notes") or "",
                        minutes=s.get("minutes"),
                        questions=tuple(_snapshot_question(q) for q in s["questions"]),
                    )
                    for s in data["steps"]
                ),
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise WorksheetError(f"worksheet snapshot is malformed: {e!r}") from None


def _snapshot_question(q: dict) -> Question:
    # Snapshots from before sharing levels have no share keys: the defaults.
    extra = {key: q[key] for key in (*KIND_KEYS.get(q["kind"], ()), *SHARE_KEYS) if key in q}
    if "options" in extra:
        extra["options"] = tuple(extra["options"])
    return Question(id=q["id"], kind=q["kind"], prompt=q["prompt"], **extra)


def _is_framing(step: Step, title: str) -> bool:
    return step.title == title and not step.questions and not step.notes and step.minutes is None


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
    """Validation helpers that know the source's name, for uniform error messages."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str) -> NoReturn:
        field = where if where and not where.startswith(("line ", "top level")) else None  # a path, or none
        raise WorksheetError(f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}", field)

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

    def whole(self, value, where: str, low: int, high: int, default: int | None = None) -> int | None:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"must be a whole number from {low} to {high}")
        if not low <= value <= high:
            self.fail(where, f"must be from {low} to {high} (got {value})")
        return value


def parse_worksheet(text: str, source: str) -> Worksheet:
    """Parse YAML text; `source` is the file name, used for the slug and in error messages."""
    name = PurePath(source).name or source
    slug = PurePath(source).stem
    if not SLUG_RE.match(slug):
        _Checker(name).fail(
            "",
            f"file name {slug!r} is not a valid slug (lowercase letters, digits and '-', "
            "starting with a letter or digit, at most 64 characters)",
        )
    return validate_worksheet(load_yaml(text, name), slug, name)


def load_yaml(text: str, source: str = "worksheet"):
    """YAML text → data, with the worksheet's limits (size, no aliases, no duplicate keys)."""
    check = _Checker(source)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        check.fail("", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return yaml.load(text.replace("\r\n", "\n"), Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = "; ".join(filter(None, [getattr(e, "context", None), getattr(e, "problem", None)])) or str(e)
        check.fail(where, f"YAML syntax error: {problem}")


def validate_worksheet(data, slug: str, source: str = "worksheet") -> Worksheet:
    """The one validator of every way in (file, API, editor, import): the YAML keys → a
    Worksheet, or a WorksheetError naming the field by its path."""
    check = _Checker(source)
    top = check.mapping(data, "top level", TOP_KEYS)
    title = check.text(top.get("title"), "title", required=True, limit=MAX_TITLE, one_line=True)
    description = check.text(top.get("description"), "description", limit=MAX_DESCRIPTION, one_line=True)
    purpose = check.text(top.get("purpose"), "purpose")
    conclusion = check.text(top.get("conclusion"), "conclusion")
    raw_steps = top.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        check.fail("steps", "must be a non-empty list of steps (add a step with a title)")

    steps: list[Step] = []
    if purpose:
        steps.append(Step(index=0, title="Purpose", guidance=purpose, questions=()))
    for n, raw in enumerate(raw_steps, start=1):
        steps.append(_step(check, raw, f"steps[{n}]", len(steps)))
    if conclusion:
        steps.append(Step(index=len(steps), title="Conclusion", guidance=conclusion, questions=()))
    return Worksheet(slug=slug, title=title, description=description, steps=tuple(steps))


def _step(check: _Checker, raw, where: str, index: int) -> Step:
    raw = check.mapping(raw, where, STEP_KEYS)
    title = check.text(raw.get("title"), f"{where}.title", required=True, limit=MAX_TITLE, one_line=True)
    guidance = check.text(raw.get("guidance"), f"{where}.guidance")
    notes = check.text(raw.get("notes"), f"{where}.notes")
    minutes = check.whole(raw.get("minutes"), f"{where}.minutes", 1, MAX_MINUTES)
    raw_questions = raw.get("questions")
    if raw_questions is None:
        raw_questions = []
    if not isinstance(raw_questions, list):
        check.fail(f"{where}.questions", "must be a list of questions (each with a prompt)")
    questions = tuple(
        _question(check, raw_q, f"{where}.questions[{qn}]", f"s{index}q{qn}")
        for qn, raw_q in enumerate(raw_questions, start=1)
    )
    return Step(index=index, title=title, guidance=guidance, questions=questions, notes=notes, minutes=minutes)


def _question(check: _Checker, raw, where: str, question_id: str) -> Question:
    kind = raw.get("kind", "text") if isinstance(raw, dict) else "text"
    if kind not in KINDS:
        check.fail(f"{where}.kind", f"unknown kind {kind!r} (allowed kinds: {', '.join(KINDS)})")
    raw = check.mapping(raw, where, ("prompt", "kind", *KIND_KEYS[kind], *SHARE_KEYS))
    prompt = check.text(raw.get("prompt"), f"{where}.prompt", required=True, limit=MAX_PROMPT)
    share = raw.get("share", DEFAULT_SHARE)
    if share not in SHARES:
        check.fail(f"{where}.share", f"unknown level {share!r} (allowed: {', '.join(SHARES)})")
    fixed = raw.get("share_fixed", False)
    if not isinstance(fixed, bool):
        check.fail(f"{where}.share_fixed", "must be true or false")
    if kind == "scale":
        question = _scale(check, raw, where, question_id, prompt)
    elif kind == "choice":
        question = _choice(check, raw, where, question_id, prompt)
    else:
        question = Question(id=question_id, kind=kind, prompt=prompt)
    return replace(question, share=share, share_fixed=fixed)


def _scale(check: _Checker, raw: dict, where: str, question_id: str, prompt: str) -> Question:
    low = check.whole(raw.get("min"), f"{where}.min", -100, 100, DEFAULT_SCALE[0])
    high = check.whole(raw.get("max"), f"{where}.max", -100, 100, DEFAULT_SCALE[1])
    assert low is not None and high is not None  # defaults given
    if not MIN_POINTS <= high - low + 1 <= MAX_POINTS:
        check.fail(
            f"{where}.max",
            f"a scale has {MIN_POINTS} to {MAX_POINTS} points: max must be {low + MIN_POINTS - 1} to "
            f"{low + MAX_POINTS - 1} when min is {low} (got {high})",
        )
    left, right, middle = (
        check.text(raw.get(key), f"{where}.{key}", limit=MAX_OPTION, one_line=True)
        for key in ("left", "right", "middle")
    )
    return Question(
        id=question_id, kind="scale", prompt=prompt, min=low, max=high, left=left, right=right, middle=middle
    )


def _choice(check: _Checker, raw: dict, where: str, question_id: str, prompt: str) -> Question:
    options = raw.get("options")
    if not isinstance(options, list) or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        check.fail(f"{where}.options", f"must be a list of {MIN_OPTIONS} to {MAX_OPTIONS} options")
    labels: list[str] = []
    for n, option in enumerate(options, start=1):
        label = check.text(option, f"{where}.options[{n}]", required=True, limit=MAX_OPTION, one_line=True)
        if label.casefold() in (seen.casefold() for seen in labels):
            check.fail(f"{where}.options[{n}]", f"repeats the option {label!r}: options must differ")
        labels.append(label)
    multiple = raw.get("multiple", False)
    if not isinstance(multiple, bool):
        check.fail(f"{where}.multiple", "must be true or false")
    return Question(id=question_id, kind="choice", prompt=prompt, options=tuple(labels), multiple=multiple)


def worksheet_source(worksheet: Worksheet) -> dict:
    """The worksheet's YAML keys (what GET returns and the editor edits), defaults left out."""
    data: dict = {"title": worksheet.title}
    if worksheet.description:
        data["description"] = worksheet.description
    if worksheet.purpose:
        data["purpose"] = worksheet.purpose
    data["steps"] = []
    for step in worksheet.steps:
        if (step.index == 0 and worksheet.purpose) or (step is worksheet.steps[-1] and worksheet.conclusion):
            continue
        item: dict = {"title": step.title}
        for key in ("guidance", "notes"):
            if getattr(step, key):
                item[key] = getattr(step, key)
        if step.minutes is not None:
            item["minutes"] = step.minutes
        if step.questions:
            item["questions"] = [q.source() for q in step.questions]
        data["steps"].append(item)
    if worksheet.conclusion:
        data["conclusion"] = worksheet.conclusion
    return data


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks (`|`), as people write worksheets by hand."""


def _text(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def worksheet_yaml(worksheet: Worksheet) -> str:
    """YAML that parses back to an equal worksheet."""
    source = worksheet_source(worksheet)
    for key in ("purpose", "conclusion"):
        if key in source:
            source[key] += "\n"  # a block, like the library's files, even for one paragraph
    for step in source["steps"]:
        for key in ("guidance", "notes"):
            if key in step:
                step[key] += "\n"
    text: str = yaml.dump(source, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)
    return text


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
