"""Worksheet library: the seed worksheet, the session step list, and validation errors."""

import json
from pathlib import Path

import pytest

from server.domain.worksheets import (
    Question,
    Step,
    Worksheet,
    WorksheetError,
    load_library,
    load_worksheet,
    parse_worksheet,
    validate_worksheet,
    worksheet_source,
    worksheet_yaml,
)

from support import require_file

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "facilitator" / "independence-interdependence.yaml"
SHARED_SOURCE = REPO.parent / "shared" / "worksheets" / "independence-interdependence.txt"

SEED_STEP_TITLES = [
    "Purpose",
    "Understanding Independence in Relationships",
    "Understanding Interdependence in Relationships",
    "Assessing the Balance in Your Current Relationships",
    "Identifying Areas for Growth in Independence",
    "Identifying Areas for Growth in Interdependence",
    "Communicating Your Needs and Boundaries",
    "Developing a Personal Plan for Balance",
    "Conclusion",
]


@pytest.fixture(scope="module")
def seed() -> Worksheet:
    return load_worksheet(SEED)


def all_questions(ws: Worksheet) -> list[Question]:
    return [q for step in ws.steps for q in step.questions]


# --- the seed worksheet -------------------------------------------------------


def test_seed_session_steps(seed):
    assert seed.slug == "independence-interdependence"
    assert seed.title == "The Balance Between Independence and Interdependence"
    assert [s.title for s in seed.steps] == SEED_STEP_TITLES
    assert [s.index for s in seed.steps] == list(range(9))
    assert seed.steps[0].questions == () and seed.steps[8].questions == ()
    assert all(len(s.questions) == 3 for s in seed.steps[1:8])


def test_seed_questions_ids_and_kinds(seed):
    questions = all_questions(seed)
    assert len(questions) == 21
    assert [q.id for q in questions] == [f"s{s}q{n}" for s in range(1, 8) for n in range(1, 4)]
    assert {q.kind for q in questions} == {"text"}
    assert seed.question("s1q1").prompt.startswith("How do I maintain my independence in my relationships")
    assert seed.question("s7q3").prompt.startswith("How can I check in with myself regularly")
    assert seed.question("s0q1") is None and seed.question("s8q1") is None and seed.question("nope") is None


def test_seed_purpose_guidance_and_conclusion(seed):
    purpose = seed.steps[0].guidance
    assert purpose.startswith("Healthy relationships require a balance between independence and interdependence—two")
    assert "equilibrium.\n\nHaving a clear understanding of both personal autonomy" in purpose
    assert purpose.endswith("nurture both independence and interdependence.")
    assert seed.steps[1].guidance.startswith(
        "Independence refers to the ability to function autonomously, maintain one’s"
    )
    assert seed.steps[7].guidance.startswith("Now that you’ve assessed where you are")
    conclusion = seed.steps[8].guidance
    assert conclusion.startswith("Striking a healthy balance between independence and interdependence is an ongoing")
    assert conclusion.endswith("take the necessary steps to foster healthier dynamics moving forward.")


def _source_lines() -> list[str]:
    require_file(SHARED_SOURCE, "the worksheet's shared source text (outside the repository, ../shared)")
    return [line.strip() for line in SHARED_SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_source_question_is_a_prompt_verbatim(seed):
    source_questions = [line[2:] for line in _source_lines() if line.startswith("· ")]
    assert len(source_questions) == 21
    assert [q.prompt for q in all_questions(seed)] == source_questions


def test_every_source_paragraph_is_in_the_seed(seed):
    # Guidance, purpose and conclusion paragraphs are transcribed word for word too.
    texts = "\n".join(s.guidance for s in seed.steps)
    headings = {"Purpose:", "Guidance:", "Reflection Questions:", "Conclusion:"}
    lines = _source_lines()
    for line in lines[1:]:
        if line in headings or line.startswith(("· ", "Step ")):
            continue
        assert line in texts
    assert lines[0] == seed.title
    step_titles = [line.split(": ", 1)[1] for line in lines if line.startswith("Step ")]
    assert step_titles == SEED_STEP_TITLES[1:8]


def test_round_trip_through_json(seed):
    data = json.loads(json.dumps(seed.to_dict()))
    assert set(data) == {"slug", "title", "description", "steps"}
    assert data["steps"][1]["questions"][0] == {
        "id": "s1q1",
        "kind": "text",
        "prompt": seed.question("s1q1").prompt,
        "share": "group",
        "share_fixed": False,
    }
    restored = Worksheet.from_dict(data)
    assert restored == seed
    assert isinstance(restored.steps, tuple) and isinstance(restored.steps[1], Step)
    assert isinstance(restored.steps[1].questions, tuple)


def test_from_dict_rejects_a_mangled_snapshot():
    with pytest.raises(WorksheetError, match="snapshot"):
        Worksheet.from_dict({"slug": "x", "steps": []})


def test_seed_library_loads():
    library = load_library(REPO / "facilitator")
    assert "independence-interdependence" in library
    assert list(library) == sorted(library)


# --- numbering without purpose / conclusion, text normalisation ---------------


def test_without_purpose_first_step_is_index_zero():
    ws = parse_worksheet(
        "title: T\ndescription: One line\nsteps:\n  - title: A\n    questions:\n      - prompt: Q?\n  - title: B\n",
        "bare.yaml",
    )
    assert [(s.index, s.title) for s in ws.steps] == [(0, "A"), (1, "B")]
    assert ws.question("s0q1").prompt == "Q?"
    assert ws.steps[1].questions == () and ws.steps[1].guidance == ""
    assert ws.description == "One line"


def test_crlf_and_trailing_whitespace_are_normalised():
    text = "title: T  \r\npurpose: |\r\n  one   \r\n\r\n  two\t\r\n\r\nsteps:\r\n  - title: A\r\n"
    ws = parse_worksheet(text, "crlf.yml")
    assert ws.slug == "crlf"
    assert ws.steps[0].guidance == "one\n\ntwo"
    assert ws.steps[1].index == 1


# --- validation errors --------------------------------------------------------

VALID_STEP = "  - title: Assessing the Balance in Your Current Relationships\n"


def error_for(text: str, source: str = "bad-sheet.yaml") -> str:
    with pytest.raises(WorksheetError) as info:
        parse_worksheet(text, source)
    message = str(info.value)
    assert message.startswith(source.rsplit("/", 1)[-1] + ": ")
    return message


def test_missing_title():
    message = error_for("steps:\n" + VALID_STEP)
    assert message == "bad-sheet.yaml: title: must be a non-empty string"


def test_title_must_be_a_string():
    assert "title: must be a non-empty string (got int" in error_for("title: 2024\nsteps:\n" + VALID_STEP)


def test_title_too_long():
    assert "title: must be at most 200 characters" in error_for(f"title: {'x' * 201}\nsteps:\n" + VALID_STEP)


@pytest.mark.parametrize("steps", ["steps: []\n", "steps:\n", ""])
def test_empty_or_missing_steps(steps):
    assert "bad-sheet.yaml: steps: must be a non-empty list" in error_for("title: T\n" + steps)


def field_of(text: str) -> str | None:
    with pytest.raises(WorksheetError) as info:
        parse_worksheet(text, "bad-sheet.yaml")
    return info.value.field


def test_question_without_prompt_names_step_and_field():
    text = "title: T\nsteps:\n  - title: First\n" + VALID_STEP + "    questions:\n      - kind: text\n"
    assert error_for(text) == "bad-sheet.yaml: steps[2].questions[1].prompt: must be a non-empty string"
    assert field_of(text) == "steps[2].questions[1].prompt"


def test_blank_prompt_is_rejected():
    text = "title: T\nsteps:\n" + VALID_STEP + "    questions:\n      - prompt: ok\n      - prompt: '   '\n"
    assert "steps[1].questions[2].prompt: must be a non-empty string" in error_for(text)


def test_step_without_title():
    message = error_for("title: T\nsteps:\n  - guidance: hi\n")
    assert message == "bad-sheet.yaml: steps[1].title: must be a non-empty string"


def test_unknown_key_typo_lists_allowed_keys():
    text = "title: T\nsteps:\n" + VALID_STEP + "    questions:\n      - promt: How?\n"
    message = error_for(text)
    assert "steps[1].questions[1]: unknown key 'promt'" in message
    assert "did you mean 'prompt'" in message
    assert "allowed keys: prompt, kind" in message


def test_unknown_key_at_top_and_step_level():
    assert "top level: unknown key 'titel'" in error_for("titel: T\nsteps:\n" + VALID_STEP)
    message = error_for("title: T\nsteps:\n" + VALID_STEP + "    guidence: x\n")
    assert "steps[1]: unknown key 'guidence'" in message
    assert "allowed keys: title, guidance, notes, minutes, questions" in message


def test_unknown_kind_lists_allowed_kinds():
    text = "title: T\nsteps:\n" + VALID_STEP + "    questions:\n      - prompt: Hm\n        kind: essay\n"
    message = error_for(text)
    assert "steps[1].questions[1].kind: unknown kind 'essay'" in message
    assert "allowed kinds: text, scale, choice" in message


def sheet(question: str, step_extra: str = "") -> str:
    return "title: T\nsteps:\n" + VALID_STEP + step_extra + "    questions:\n" + question


def test_scales_have_defaults_labels_and_two_to_eleven_points():
    ws = parse_worksheet(sheet("      - prompt: Where?\n        kind: scale\n"), "s.yaml")
    q = ws.steps[0].questions[0]
    assert (q.kind, q.min, q.max, q.left, q.middle, q.right) == ("scale", 1, 5, "", "", "")
    labelled = "      - {prompt: 'Where?', kind: scale, min: 0, max: 10, left: Apart, middle: Even, right: Close}\n"
    q = parse_worksheet(sheet(labelled), "s.yaml").steps[0].questions[0]
    assert (q.min, q.max, q.left, q.middle, q.right) == (0, 10, "Apart", "Even", "Close")
    assert q.payload() == {
        "id": "s0q1", "kind": "scale", "prompt": "Where?", "min": 0, "max": 10,
        "left": "Apart", "right": "Close", "middle": "Even", "share": "group", "share_fixed": False,
    }  # fmt: skip
    for bad, field in [
        ("min: 1, max: 1", "steps[1].questions[1].max"),  # one point
        ("min: 1, max: 12", "steps[1].questions[1].max"),  # twelve points
        ("min: 1.5", "steps[1].questions[1].min"),
        ("max: 'five'", "steps[1].questions[1].max"),
        ("max: true", "steps[1].questions[1].max"),
        ("left: [a]", "steps[1].questions[1].left"),
        ("options: [a, b]", "steps[1].questions[1]"),  # a choice's key on a scale
    ]:
        assert field_of(sheet(f"      - {{prompt: 'Where?', kind: scale, {bad}}}\n")) == field, bad
    assert "max must be 2 to 11 when min is 1 (got 12)" in error_for(
        sheet("      - {prompt: 'Where?', kind: scale, max: 12}\n")
    )


def test_choices_have_two_to_twelve_distinct_options():
    q = parse_worksheet(sheet("      - {prompt: 'Which?', kind: choice, options: [Advice, Help]}\n"), "c.yaml")
    assert q.steps[0].questions[0].payload() == {
        "id": "s0q1", "kind": "choice", "prompt": "Which?", "options": ["Advice", "Help"], "multiple": False,
        "share": "group", "share_fixed": False,
    }  # fmt: skip
    for bad, field in [
        ("options: [One]", "steps[1].questions[1].options"),
        (f"options: [{', '.join(f'o{i}' for i in range(13))}]", "steps[1].questions[1].options"),
        ("options: [A, '']", "steps[1].questions[1].options[2]"),
        ("options: [Advice, advice]", "steps[1].questions[1].options[2]"),
        ("options: [A, B], multiple: 'yes'", "steps[1].questions[1].multiple"),
        ("options: [A, B], min: 1", "steps[1].questions[1]"),
    ]:
        assert field_of(sheet(f"      - {{prompt: 'Which?', kind: choice, {bad}}}\n")) == field, bad
    assert field_of(sheet("      - {prompt: 'Which?', kind: choice}\n")) == "steps[1].questions[1].options"


def test_notes_and_minutes_belong_to_steps():
    ws = parse_worksheet(sheet("      - prompt: How?\n", "    notes: Say hello.\n    minutes: 8\n"), "n.yaml")
    assert (ws.steps[0].notes, ws.steps[0].minutes) == ("Say hello.", 8)
    for bad in ("0", "121", "2.5", "'ten'"):
        assert field_of(sheet("      - prompt: How?\n", f"    minutes: {bad}\n")) == "steps[1].minutes", bad


def test_yaml_and_source_round_trip_every_key():
    text = sheet(
        "      - prompt: How?\n"
        "      - {prompt: 'Where?', kind: scale, min: 0, max: 6, left: Apart, middle: Even, right: Close}\n"
        "      - {prompt: 'Which?', kind: choice, options: [A, B, C], multiple: true, share: facilitator}\n"
        "      - {prompt: 'Mine?', share: private, share_fixed: true}\n",
        "    guidance: |\n      One.\n\n      Two.\n    notes: Say hello.\n    minutes: 8\n",
    )
    ws = parse_worksheet("description: Short.\npurpose: Why.\nconclusion: End.\n" + text, "r.yaml")
    assert [(q.share, q.share_fixed) for q in ws.questions] == [
        ("group", False),
        ("group", False),
        ("facilitator", False),
        ("private", True),
    ]
    again = parse_worksheet(worksheet_yaml(ws), "r.yaml")
    assert again == ws
    assert validate_worksheet(worksheet_source(ws), "r") == ws
    assert Worksheet.from_dict(ws.to_dict()) == ws  # the session's snapshot keeps every setting
    assert "kind: text" not in worksheet_yaml(ws)  # defaults are left out, as people write them


def test_sharing_levels_are_checked_and_a_session_may_override_the_unfixed():
    for bad, field in [
        ("share: everyone", "steps[1].questions[1].share"),
        ("share: Private", "steps[1].questions[1].share"),
        ("share_fixed: 'yes'", "steps[1].questions[1].share_fixed"),
    ]:
        assert field_of(sheet(f"      - {{prompt: 'How?', {bad}}}\n")) == field, bad
    ws = parse_worksheet(
        sheet("      - {prompt: 'A?'}\n      - {prompt: 'B?', share: group, share_fixed: true}\n"), "s.yaml"
    )
    assert [q.share for q in ws.with_share("private").questions] == ["private", "group"]  # the fixed one stays
    assert [q.share for q in ws.questions] == ["group", "group"]  # a copy: the worksheet is unchanged


def test_the_seed_file_round_trips_through_its_yaml():
    seed = load_worksheet(SEED)
    assert parse_worksheet(worksheet_yaml(seed), "independence-interdependence.yaml") == seed


def test_prompt_too_long():
    text = "title: T\nsteps:\n" + VALID_STEP + f"    questions:\n      - prompt: {'y' * 1001}\n"
    assert "questions[1].prompt: must be at most 1000 characters" in error_for(text)


@pytest.mark.parametrize("source", ["Bad_Name.yaml", "-leading.yaml", "a" * 65 + ".yaml", "has.dot.yaml"])
def test_bad_slug(source):
    assert "is not a valid slug" in error_for("title: T\nsteps:\n" + VALID_STEP, source)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: T\nsteps:\n  - title: A\n    questions: [unclosed\n", encoding="utf-8")
    with pytest.raises(WorksheetError) as info:
        load_worksheet(path)
    message = str(info.value)
    assert message.startswith("broken.yaml: line ")
    assert "YAML syntax error" in message


def test_yaml_syntax_error_reports_the_right_line():
    message = error_for("title: T\nsteps:\n  - title: a b: c\n")
    assert message.startswith("bad-sheet.yaml: line 3, column ")


def test_duplicate_keys_and_aliases_are_rejected():
    assert "duplicate key 'title'" in error_for("title: T\ntitle: U\nsteps:\n" + VALID_STEP)
    assert "aliases" in error_for("title: &t T\nsteps:\n  - title: *t\n")


def test_top_level_must_be_a_mapping():
    assert "top level: must be a mapping" in error_for("- just\n- a list\n")
    assert "top level: must be a mapping" in error_for("")


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Caf\u00e9\nsteps:\n  - title: A\n".encode("latin-1"))
    with pytest.raises(WorksheetError) as info:
        load_worksheet(path)
    assert str(info.value).startswith("latin1.yaml: line 1: not valid UTF-8")


def test_too_large_file(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("title: T\nsteps:\n  - title: A\n" + "# padding\n" * 30_000, encoding="utf-8")
    assert path.stat().st_size > 256 * 1024
    with pytest.raises(WorksheetError, match=r"^huge\.yaml: file is larger than 256 KiB"):
        load_worksheet(path)
    with pytest.raises(WorksheetError, match=r"^huge\.yaml: file is larger than 256 KiB"):
        parse_worksheet(path.read_text(encoding="utf-8"), "huge.yaml")


# --- load_library -------------------------------------------------------------


def test_load_library_sorted_by_slug(tmp_path):
    (tmp_path / "zeta.yaml").write_text("title: Zeta\nsteps:\n  - title: Z\n", encoding="utf-8")
    (tmp_path / "alpha.yml").write_text("title: Alpha\nsteps:\n  - title: A\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a worksheet", encoding="utf-8")
    (tmp_path / ".#zeta.yaml").write_text("editor lock file", encoding="utf-8")
    library = load_library(tmp_path)
    assert list(library) == ["alpha", "zeta"]
    assert library["alpha"].title == "Alpha" and library["zeta"].slug == "zeta"


def test_load_library_raises_on_a_bad_file(tmp_path):
    (tmp_path / "alpha.yaml").write_text("title: Alpha\nsteps:\n  - title: A\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: Broken\nsteps: []\n", encoding="utf-8")
    with pytest.raises(WorksheetError, match=r"^broken\.yaml: steps: must be a non-empty list"):
        load_library(tmp_path)


def test_load_library_rejects_duplicate_slugs(tmp_path):
    (tmp_path / "same.yaml").write_text("title: A\nsteps:\n  - title: A\n", encoding="utf-8")
    (tmp_path / "same.yml").write_text("title: B\nsteps:\n  - title: B\n", encoding="utf-8")
    with pytest.raises(WorksheetError, match="duplicate slug 'same'"):
        load_library(tmp_path)
