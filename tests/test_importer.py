"""The worksheet importer (server/domain/importer.py): the seed text, Markdown, a .docx and a
.pdf built here, and malformed documents (warnings or a WorksheetError, never a crash)."""

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain import importer
from server.domain.importer import MAX_DOCUMENT_BYTES, Imported, import_document, import_text
from server.domain.worksheets import MAX_FILE_BYTES, WorksheetError, validate_worksheet, worksheet_source

from support import require, require_file

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT.parent / "shared" / "worksheets" / "independence-interdependence.txt"
SEED_YAML = ROOT / "facilitator" / "independence-interdependence.yaml"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@pytest.fixture(scope="module")
def seed() -> dict:
    return yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    return require_file(SEED_TEXT, "the seed text (../shared/worksheets)").read_text(encoding="utf-8")


def assert_same_worksheet(imported: Imported, seed: dict) -> None:
    """Field by field, so a failure says which one differs, then the whole worksheet."""
    got = imported.source
    assert imported.warnings == [], f"unexpected warnings: {imported.warnings}"
    assert got.get("title") == seed["title"], "title differs"
    assert got.get("purpose") == seed["purpose"], "purpose differs"
    assert len(got.get("steps", [])) == len(seed["steps"]), "number of steps differs"
    for n, (step, expected) in enumerate(zip(got["steps"], seed["steps"]), start=1):
        assert step.get("title") == expected["title"], f"steps[{n}].title differs"
        assert step.get("guidance") == expected["guidance"], f"steps[{n}].guidance differs"
        prompts = [q.get("prompt") for q in step.get("questions", [])]
        assert prompts == [q["prompt"] for q in expected["questions"]], f"steps[{n}] questions differ"
    assert got.get("conclusion") == seed["conclusion"], "conclusion differs"
    assert got == seed


def seed_blocks(text: str) -> list[tuple[str, str]]:
    """The seed text as (kind, text) blocks, the way a word processor would hold it."""
    blocks = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if not blocks:
            blocks.append(("title", line))
        elif line.startswith("·"):
            blocks.append(("bullet", line.lstrip("· ")))
        elif line.startswith("Step ") or line == "Conclusion:":
            blocks.append(("heading", line))
        elif line == "Reflection Questions:":
            blocks.append(("subheading", line))
        else:
            blocks.append(("paragraph", line))
    return blocks


# -- text ----------------------------------------------------------------------------------------


def test_the_seed_text_gives_the_seed_worksheet(seed, seed_text):
    assert_same_worksheet(import_text(seed_text), seed)
    # The same file uploaded, and with Windows line endings and a BOM.
    assert_same_worksheet(import_document(seed_text.encode(), "seed.txt", "text/plain"), seed)
    crlf = "\ufeff" + seed_text.replace("\n", "\r\n")
    assert_same_worksheet(import_document(crlf.encode(), "seed.txt", ""), seed)


def test_the_import_passes_the_validator(seed_text):
    source = import_text(seed_text).source
    assert worksheet_source(validate_worksheet(source, "imported")) == {
        **source,
        "purpose": source["purpose"].rstrip("\n"),
        "conclusion": source["conclusion"].rstrip("\n"),
        "steps": [{**step, "guidance": step["guidance"].rstrip("\n")} for step in source["steps"]],
    }


def test_markdown_with_headings_and_dash_questions():
    markdown = """# Team retro

Why we meet: to look back
on the **last** sprint together.

## What went well

Think about the *whole* sprint, not only the end.

- What are you proud of?
- Who helped you, and how?

## What to change

- What slowed you down?
  Meetings count too.
* What would you stop doing?

---

## Conclusion

Thanks for your time. Notes: [the wiki](https://wiki.example.org/retro).
"""
    imported = import_text(markdown)
    assert imported.source == {
        "title": "Team retro",
        "purpose": "Why we meet: to look back on the last sprint together.\n",
        "steps": [
            {
                "title": "What went well",
                "guidance": "Think about the whole sprint, not only the end.\n",
                "questions": [{"prompt": "What are you proud of?"}, {"prompt": "Who helped you, and how?"}],
            },
            {
                "title": "What to change",
                "questions": [
                    {"prompt": "What slowed you down? Meetings count too."},
                    {"prompt": "What would you stop doing?"},
                ],
            },
        ],
        "conclusion": "Thanks for your time. Notes: the wiki (https://wiki.example.org/retro).\n",
    }
    # The unlabelled introduction is kept as the purpose, and said so.
    assert [(w["line"], w["message"]) for w in imported.warnings] == [
        (3, "text before the first step without a “Purpose:” label was taken as the purpose")
    ]
    validate_worksheet(imported.source, "retro")


def test_markdown_with_parts_numbered_questions_and_a_reflection_heading():
    markdown = """# Friendship Map

## Introduction

This worksheet looks at the people around you.

It takes about twenty minutes.

Part 1 — Who Is Around Me

Think of the people you see in a normal week.

1. Who do I call first when something goes wrong?
2) Who calls me?

Part 2: Giving Back

Guidance: notice what you give without being asked.

### Reflection Questions

How do I help the people close to me?
What do I expect in return?

## Conclusion

Keep the map and look at it again in a month.
"""
    imported = import_text(markdown)
    assert imported.warnings == []
    assert imported.source == {
        "title": "Friendship Map",
        "purpose": "This worksheet looks at the people around you.\n\nIt takes about twenty minutes.\n",
        "steps": [
            {
                "title": "Who Is Around Me",
                "guidance": "Think of the people you see in a normal week.\n",
                "questions": [
                    {"prompt": "Who do I call first when something goes wrong?"},
                    {"prompt": "Who calls me?"},
                ],
            },
            {
                "title": "Giving Back",
                "guidance": "notice what you give without being asked.\n",
                "questions": [
                    {"prompt": "How do I help the people close to me?"},
                    {"prompt": "What do I expect in return?"},
                ],
            },
        ],
        "conclusion": "Keep the map and look at it again in a month.\n",
    }


def test_numbered_headings_and_numbered_questions_told_apart():
    text = """Career Check-in
Purpose: see where you stand.

1. Where You Are Now
Look at your current role first.
1. What do you enjoy most?
2. What drains you?

2. Where You Want to Go
- What would you like to learn next?
"""
    imported = import_text(text)
    assert imported.warnings == []
    assert [s["title"] for s in imported.source["steps"]] == ["Where You Are Now", "Where You Want to Go"]
    assert [len(s["questions"]) for s in imported.source["steps"]] == [2, 1]


def test_a_numbered_heading_right_above_its_numbered_questions():
    text = "Check-in\n1. Arriving\n1. How are you?\n2. What do you need?\n2. Leaving\n1. What will you take away?\n"
    imported = import_text(text)
    assert imported.warnings == []
    assert [(s["title"], len(s["questions"])) for s in imported.source["steps"]] == [("Arriving", 2), ("Leaving", 1)]


def test_wrapped_lines_are_rejoined_and_separate_lines_kept_apart():
    text = """Title
Purpose:
This purpose was typed with a line break
in the middle of its sentence.
This line is a paragraph of its own.
Step 1: One
· How do I keep
  my balance?
"""
    imported = import_text(text)
    assert imported.source["purpose"] == (
        "This purpose was typed with a line break in the middle of its sentence.\n\n"
        "This line is a paragraph of its own.\n"
    )
    assert imported.source["steps"][0]["questions"] == [{"prompt": "How do I keep my balance?"}]


# -- what the parser is unsure of ------------------------------------------------------------------


def warned(imported: Imported) -> dict[int | None, str]:
    return {w["line"]: w["message"] for w in imported.warnings}


def test_stray_text_becomes_a_warning_and_stays():
    text = """Weekly Reflection
Name: ________
Step 1: Looking Back
- What happened this week?
Step 2: Quiet Time
Sit for a minute.
Step 3: Looking Ahead
Reflection Questions:
What will I try next week?
Write it on a card.
Conclusion:
Well done.
- Bring the card next time
"""
    imported = import_text(text)
    messages = warned(imported)
    assert "without a “Purpose:” label" in messages[2]  # before the first step: the purpose
    assert imported.source["purpose"] == "Name: ________\n"
    assert "“Quiet Time” has no questions" in messages[5]
    assert "not a question" in messages[10]  # under the questions, no "?": the guidance
    assert imported.source["steps"][2]["guidance"] == "Write it on a card.\n"
    assert "outside any step" in messages[13]
    assert imported.source["conclusion"] == "Well done.\n\n- Bring the card next time\n"
    for w in imported.warnings:
        assert w["text"] == text.splitlines()[w["line"] - 1].strip()
    # Nothing lost: each line the parser was unsure of is in the worksheet.
    assert imported.source["steps"][1]["guidance"] == "Sit for a minute.\n"


def test_questions_before_any_step_get_a_step_of_their_own():
    imported = import_text("Quick Poll\n- Why are we here?\n- What do we want?\n")
    assert imported.source["steps"] == [
        {"title": "Questions", "questions": [{"prompt": "Why are we here?"}, {"prompt": "What do we want?"}]}
    ]
    assert "put in a new step" in warned(imported)[2]


def test_a_document_without_a_title_line_is_named_and_warned():
    imported = import_text("Step 1: Warm-up\n- How are you?\n")
    assert imported.source["title"] == "Imported worksheet"
    assert "no title line" in warned(imported)[None]
    named = import_document(b"Step 1: Warm-up\n- How are you?\n", "friday-check-in.txt", "text/plain")
    assert named.source["title"] == "Friday check in"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t\n", "Only a Title\n", "A Title\nand a paragraph, but no steps or questions.\n", "---\n***\n"],
)
def test_nothing_to_import_is_a_clear_error(text):
    with pytest.raises(WorksheetError) as error:
        import_text(text)
    assert error.value.field == "file"
    assert "empty" in str(error.value) or "no steps" in str(error.value)


def test_text_over_the_limit_is_refused():
    with pytest.raises(WorksheetError, match="larger than") as error:
        import_text("Title\nStep 1: A\n- Why?\n" + "x" * MAX_FILE_BYTES)
    assert error.value.field == "file"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(["", "# T", "## S", "Step 1:", "Part 2 — X", "1. A", "2) B?", "· q?", "- x", "Purpose:"]),
            st.sampled_from(["Guidance:", "Reflection Questions:", "Conclusion:", "How?", "***", "Title: t"]),
        ),
        max_size=25,
    )
)
def test_any_text_imports_or_fails_clearly(lines):
    try:
        imported = import_text("\n".join(lines))
    except WorksheetError as error:
        assert error.field == "file"
        return
    assert imported.source["steps"], "an import without steps must raise"
    for w in imported.warnings:
        assert set(w) == {"line", "text", "message"} and w["message"]


# -- .docx -----------------------------------------------------------------------------------------


def seed_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for kind, line in seed_blocks(text):
        if kind == "title":
            document.add_heading(line, level=0)  # the Title style
        elif kind == "heading":
            document.add_heading(line, level=1)
        elif kind == "subheading":
            document.add_heading(line, level=2)
        elif kind == "bullet":
            document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_of_the_seed_gives_the_seed_worksheet(seed, seed_text):
    data = seed_docx(seed_text)
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert_same_worksheet(import_document(data, "Balance.docx", mimetype), seed)
    assert_same_worksheet(import_document(data, "upload", "application/octet-stream"), seed)  # by its bytes


def test_a_docx_with_paragraph_steps_and_a_table():
    import docx

    document = docx.Document()
    document.add_paragraph("Team Health")
    document.add_paragraph("Step 1: Energy")
    document.add_paragraph("How full is your tank today?", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Step 2: Support"
    table.cell(0, 1).text = "Who did you lean on this week?"
    out = io.BytesIO()
    document.save(out)
    imported = import_document(out.getvalue(), "health.docx", "")
    assert imported.source["title"] == "Team Health"
    assert [s["title"] for s in imported.source["steps"]] == ["Energy", "Support"]
    assert imported.source["steps"][0]["questions"] == [{"prompt": "How full is your tank today?"}]
    # A table cell's text is kept: not a list item, so the step's guidance; the step is warned
    # of as having no questions.
    assert imported.source["steps"][1]["guidance"] == "Who did you lean on this week?\n"
    assert [w["message"] for w in imported.warnings] == [
        "the step “Support” has no questions: participants will only read it"
    ]


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01not a zip",
        b"PK\x03\x04 truncated",
        zipped({"hello.txt": b"a zip, not a document"}),
        zipped({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<Types/>"}),
        bytes(range(256)) * 40,
    ],
    ids=["garbage", "truncated-zip", "other-zip", "broken-xml", "binary"],
)
def test_a_broken_docx_is_a_clear_error(data):
    with pytest.raises(WorksheetError) as error:
        import_document(data, "notes.docx", "")
    assert error.value.field == "file" and "notes.docx" in str(error.value)


def test_an_empty_docx_is_a_clear_error():
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(WorksheetError, match="no text") as error:
        import_document(out.getvalue(), "empty.docx", "")
    assert error.value.field == "file"


# -- .pdf ------------------------------------------------------------------------------------------


def new_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    if DEJAVU.exists() and DEJAVU_BOLD.exists():
        pdf.add_font("Body", "", str(DEJAVU))
        pdf.add_font("Body", "B", str(DEJAVU_BOLD))
        return pdf, "Body"
    return pdf, "Helvetica"  # the core fonts have no ’ or —: the seed then needs DejaVu


def seed_pdf(text: str) -> bytes:
    """The seed laid out as a word processor would: headings in bold, paragraphs wrapped to the
    page's width with space after them, bullets with a hanging indent."""
    pdf, font = new_pdf()
    require(font == "Body", "no DejaVu fonts for the seed's ’ and — (apt-get install fonts-dejavu-core)")
    for kind, line in seed_blocks(text):
        if kind == "title":
            pdf.set_font(font, "B", 16)
            pdf.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("heading", "subheading"):
            pdf.set_font(font, "B", 13 if kind == "heading" else 11)
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        elif kind == "bullet":
            pdf.set_font(font, "", 11)
            pdf.cell(6, 6, "•")
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(font, "", 11)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def test_a_pdf_of_the_seed_gives_the_seed_worksheet(seed, seed_text):
    from pypdf import PdfReader

    data = seed_pdf(seed_text)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2  # paragraphs wrap, and across pages
    # The lines' real positions come from pypdf's layout internals: if an upgrade moves them,
    # this says so (the import would fall back to the layout's text, less exact on headings).
    assert importer._pdf_drawn_lines(pages[0])[0].text == "The Balance Between Independence and"
    assert_same_worksheet(import_document(data, "Balance.pdf", "application/pdf"), seed)


def small_asks_pdf() -> tuple[bytes, str]:
    """Lines of one font, left-aligned, with no space between paragraphs."""
    pdf, font = new_pdf()
    pdf.set_font(font, "", 11)
    long_question = (
        "What would change in your week if you asked for help once a day, with something small, "
        "from someone you trust, and noticed how it felt afterwards?"
    )
    lines = [
        "Asking for Help",
        "Step 1: Small Asks",
        "Asking is a skill. It gets easier with practice, and most people are glad to be asked for "
        "something small: try it this week.",
        "Notice how it feels.",
        "Questions:",
        f"- {long_question}",
        "- Who could I ask?",
    ]
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="L")
    return bytes(pdf.output()), long_question


@pytest.mark.parametrize("positions", ["drawn", "layout-text"])
def test_a_pdf_wrapped_without_paragraph_spacing(positions, monkeypatch):
    if positions == "layout-text":  # as when pypdf's internals are not there

        def missing(page):
            raise AttributeError("moved")

        monkeypatch.setattr(importer, "_pdf_drawn_lines", missing)
    data, long_question = small_asks_pdf()
    imported = import_document(data, "help.pdf", "application/pdf")
    assert imported.warnings == []
    assert imported.source["steps"] == [
        {
            "title": "Small Asks",
            "guidance": "Asking is a skill. It gets easier with practice, and most people are glad to be asked for "
            "something small: try it this week.\n\nNotice how it feels.\n",
            "questions": [{"prompt": long_question}, {"prompt": "Who could I ask?"}],
        }
    ]


def test_a_pdf_without_text_is_a_clear_error():
    pdf, _ = new_pdf()
    pdf.rect(30, 30, 100, 60)  # a picture, no text: as a scanned page
    with pytest.raises(WorksheetError, match="no text") as error:
        import_document(bytes(pdf.output()), "scan.pdf", "application/pdf")
    assert error.value.field == "file"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"not a pdf at all", b""])
def test_a_broken_pdf_is_a_clear_error(data):
    with pytest.raises(WorksheetError) as error:
        import_document(data, "broken.pdf", "application/pdf")
    assert error.value.field == "file"


@settings(max_examples=30, deadline=None)
@given(data=st.binary(max_size=2000), name=st.sampled_from(["w.docx", "w.pdf", "w.txt", "w.md", "w"]))
def test_any_bytes_import_or_fail_clearly(data, name):
    for prefix in (b"", b"%PDF-1.4\n", b"PK\x03\x04"):
        try:
            import_document(prefix + data, name, "")
        except WorksheetError as error:
            assert error.field == "file"


# -- files -----------------------------------------------------------------------------------------


def test_unsupported_and_oversized_files_are_refused():
    for name, content_type, message in [
        ("old.doc", "application/msword", "save it as .docx"),
        ("slides.pptx", "", "cannot import .pptx"),
        ("photo", "image/png", "cannot import image/png"),
    ]:
        with pytest.raises(WorksheetError, match=message) as error:
            import_document(b"whatever", name, content_type)
        assert error.value.field == "file"
    with pytest.raises(WorksheetError, match="larger than 5 MiB"):
        import_document(b"x" * (MAX_DOCUMENT_BYTES + 1), "big.pdf", "application/pdf")
    with pytest.raises(WorksheetError, match="at most 256 KiB"):
        import_document(b"x" * (MAX_FILE_BYTES + 1), "big.txt", "text/plain")
    with pytest.raises(WorksheetError, match="not a text file"):
        import_document(b"Title\x00\x00", "nul.txt", "text/plain")


def test_a_windows_1252_text_file_is_read_and_said_so():
    data = "Caf\u00e9 Chat\nStep 1: Start\n\u2022 What\u2019s new?\n".encode("cp1252")
    imported = import_document(data, "chat.txt", "text/plain")
    assert imported.source["title"] == "Café Chat"
    assert imported.source["steps"][0]["questions"] == [{"prompt": "What’s new?"}]
    assert "Windows-1252" in imported.warnings[0]["message"]
