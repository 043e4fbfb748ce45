"""In real Chromium: the Worksheets pages — the library (the read-only library beside the
facilitator's own, preview, duplicate, delete with a confirmation, rehearse), the editor
(steps and questions of every kind as forms, the validator's errors at the field as one
types, moves by keyboard, the phone preview, the YAML view, a draft that survives a reload,
save and edit again) and the import of the seed's text.

Screenshots: test-output/worksheets-library.png (1366×768), worksheets-library-phone.png
(360 px), worksheets-preview-dialog.png, worksheet-editor.png (with its preview),
worksheet-editor-yaml.png, worksheet-editor-errors.png, worksheet-import-preview.png,
worksheet-editor-share-{1366,1920,1280,360}.png (a question's sharing level, fixed, and its preview),
home-start-share-{1366,360}.png (the start form's default sharing level).
"""

import re

import pytest
from playwright.sync_api import expect

from support import ROOT, SEED, SEED_TITLE, STEP_1, assert_accessible, own_worksheet, page_log_in, session_state

pytestmark = pytest.mark.browser
SEED_TEXT = ROOT.parent / "shared" / "worksheets" / "independence-interdependence.txt"
LAPTOP = {"width": 1366, "height": 768}
OWN = {
    "title": "Monday kick-off",
    "description": "Five minutes to open the week.",
    "steps": [
        {
            "title": "Plans",
            "guidance": "Markup stays text: <img src=x onerror=window.hacked=1>",
            "questions": [{"prompt": "What is your one big thing this week?"}],
        }
    ],
}


def field(page, path):
    """The input of a field by the validator's path (steps[2].questions[1].prompt)."""
    return page.locator(f"#worksheet-form [data-path='{path}']")


def error_at(page, path):
    return page.locator(f"#worksheet-form [data-error-for='{path}']")


def card(page, title):
    return page.locator(".ws-card", has=page.locator(".ws-card-title", has_text=re.compile(f"^{re.escape(title)}$")))


def laptop_page(browser, live_server, email, errors):
    """A logged-in laptop page; the CSP is bypassed so axe-core can be injected (the pages'
    own CSP is checked by assert_csp_clean)."""
    page = browser.new_context(viewport=LAPTOP, bypass_csp=True).new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page_log_in(page, live_server.url, email)
    return page


def assert_csp_clean(browser, live_server, email, paths):
    """The pages work under their Content-Security-Policy: no violation, no script error."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page_log_in(page, live_server.url, email)
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        page.wait_for_timeout(300)
    context.close()
    assert not problems


def test_library_lists_the_library_and_ones_own_and_previews_a_worksheet(browser, live_server, output_dir):
    token = live_server.token_for("library@example.com")
    own_worksheet(live_server, token, OWN)
    errors = []
    page = laptop_page(browser, live_server, "library@example.com", errors)
    page.goto(f"{live_server.url}/")
    page.click("#open-worksheets")  # the sessions page links here
    expect(page.locator("h1")).to_have_text("Worksheets")

    seed = card(page, SEED_TITLE)
    expect(seed.locator(".badge")).to_have_text("Library")
    expect(seed.locator(".ws-card-meta")).to_have_text("9 steps · 21 questions")
    expect(seed.locator(".ws-edit")).to_have_count(0)  # read-only: no Edit, no Delete
    expect(seed.locator(".ws-delete")).to_have_count(0)
    expect(seed.locator(".ws-export")).to_have_attribute("href", f"/api/v1/worksheets/{SEED}.yaml")
    mine = card(page, "Monday kick-off")
    expect(mine.locator(".badge")).to_have_text("Mine")
    expect(mine.locator(".ws-card-description")).to_have_text("Five minutes to open the week.")
    expect(mine.locator(".ws-card-meta")).to_have_text("1 step · 1 question")
    expect(mine.locator(".ws-edit")).to_be_visible()
    expect(page.locator("#mine-list .ws-card")).to_have_count(1)
    page.screenshot(path=str(output_dir / "worksheets-library.png"))
    assert_accessible(page, "worksheets library")

    # Export YAML downloads the worksheet as a file.
    with page.expect_download() as info:
        seed.locator(".ws-export").click()
    assert info.value.suggested_filename == f"{SEED}.yaml"

    # Preview: the steps one by one, as phones show them.
    seed.locator(".ws-preview").click()
    dialog = page.locator("#preview-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".step-progress")).to_have_text("Step 2 of 9")
    expect(dialog.locator(".step-title")).to_have_text(STEP_1)
    expect(dialog.locator(".answer-form textarea")).to_have_count(3)
    page.screenshot(path=str(output_dir / "worksheets-preview-dialog.png"))
    page.keyboard.press("ArrowLeft")
    expect(dialog.locator(".step-title")).to_have_text("Purpose")
    expect(dialog.locator(".read-along")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(seed.locator(".ws-preview")).to_be_focused()

    # Worksheet text is text, never markup.
    mine.locator(".ws-preview").click()
    expect(dialog.locator(".guidance")).to_have_text("Markup stays text: <img src=x onerror=window.hacked=1>")
    assert page.evaluate("window.hacked") is None and not dialog.locator(".guidance img").count()
    page.click("#preview-close")

    # Start session opens the start form with this worksheet chosen.
    mine.locator(".ws-start").click()
    expect(page.locator("#worksheet")).to_have_value(re.compile("^monday-kick-off"))
    page.click("#start-session")
    expect(page.locator("#step-title")).to_be_visible()
    assert "/sessions/" in page.url

    assert_csp_clean(
        browser, live_server, "library@example.com", ["/worksheets", "/worksheets/new", "/worksheets/import"]
    )

    # At a phone's width the cards stack and nothing is cut off.
    phone = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    page_log_in(phone, live_server.url, "library@example.com")
    phone.goto(f"{live_server.url}/worksheets")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(output_dir / "worksheets-library-phone.png"), full_page=True)
    assert not errors


def test_editor_builds_checks_previews_keeps_a_draft_and_saves(browser, live_server, output_dir):
    live_server.token_for("editor@example.com")
    errors = []
    page = laptop_page(browser, live_server, "editor@example.com", errors)
    page.goto(f"{live_server.url}/worksheets")
    page.click("#new-worksheet")
    expect(page.locator("#editor-title")).to_have_text("New worksheet")

    page.fill("[data-path='title']", "Friday check-in")
    page.fill("[data-path='description']", "Ten minutes to close the week.")
    field(page, "steps[1].title").fill("How was the week?")
    field(page, "steps[1].notes").fill("Reveal the scale once most have answered.")
    field(page, "steps[1].minutes").fill("5")
    field(page, "steps[1].questions[1].prompt").fill("One word for the week")

    # A scale.
    page.click("#worksheet-form button:has-text('Add question')")
    expect(field(page, "steps[1].questions[2].prompt")).to_be_focused()
    page.keyboard.type("How full is your tank?")
    field(page, "steps[1].questions[2].kind").select_option("scale")
    field(page, "steps[1].questions[2].min").fill("0")
    field(page, "steps[1].questions[2].max").fill("4")
    field(page, "steps[1].questions[2].left").fill("Empty")
    field(page, "steps[1].questions[2].middle").fill("Half")
    field(page, "steps[1].questions[2].right").fill("Full")

    # A choice: two option boxes to begin with.
    page.click("#worksheet-form button:has-text('Add question')")
    page.keyboard.type("What helped?")
    field(page, "steps[1].questions[3].kind").select_option("choice")
    field(page, "steps[1].questions[3].options[1]").fill("Team")
    field(page, "steps[1].questions[3].options[2]").fill("Focus time")
    page.click("#worksheet-form .ws-question:nth-child(3) button:has-text('Add option')")
    expect(field(page, "steps[1].questions[3].options[3]")).to_be_focused()
    page.keyboard.type("Rest")
    field(page, "steps[1].questions[3].multiple").check()
    expect(page.locator("#check")).to_have_attribute("data-state", "ready")

    # Errors at the field as one types, gone once fixed: an empty prompt…
    prompt = field(page, "steps[1].questions[1].prompt")
    prompt.fill("")
    expect(error_at(page, "steps[1].questions[1].prompt")).to_have_text("Can’t be empty.")
    expect(prompt).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#check")).to_have_attribute("data-state", "error")
    prompt.fill("One word for the week")
    expect(error_at(page, "steps[1].questions[1].prompt")).to_be_hidden()
    expect(prompt).not_to_have_attribute("aria-invalid", "true")
    # … a choice of one option …
    choice = page.locator("#worksheet-form .ws-question").nth(2)
    choice.locator("button:has-text('Remove option 3')").click()
    choice.locator("button:has-text('Remove option 2')").click()
    expect(error_at(page, "steps[1].questions[3].options")).to_contain_text("2 to 12 options")
    page.screenshot(path=str(output_dir / "worksheet-editor-errors.png"))
    choice.locator("button:has-text('Add option')").click()
    page.keyboard.type("Focus time")
    expect(error_at(page, "steps[1].questions[3].options")).to_be_hidden()
    # … a scale out of range.
    field(page, "steps[1].questions[2].max").fill("40")
    expect(error_at(page, "steps[1].questions[2].max")).to_contain_text("2 to 11 points")
    field(page, "steps[1].questions[2].max").fill("4")
    expect(error_at(page, "steps[1].questions[2].max")).to_be_hidden()

    # The preview shows the step as phones do: the scale's points and labels, the options.
    field(page, "steps[1].title").focus()
    frame = page.locator("#preview-frame")
    expect(frame.locator(".step-title")).to_have_text("How was the week?")
    expect(frame.locator(".scale-number")).to_have_text(["0", "1", "2", "3", "4"])  # the phone's own forms
    expect(frame.locator(".scale-end-left .scale-end-text")).to_have_text("Empty")
    expect(frame.locator(".scale-end-middle .scale-end-text")).to_have_text("Half")
    expect(frame.locator(".option-text")).to_have_text(["Team", "Focus time"])
    expect(frame.locator(".option-input[type='checkbox']")).to_have_count(2)
    expect(frame.locator("textarea")).to_have_count(1)
    expect(frame).not_to_contain_text("Reveal the scale")  # notes are the facilitator's alone

    # A second step, moved up and down with the keyboard: focus follows it.
    page.click("#add-step")
    expect(field(page, "steps[2].title")).to_be_focused()
    page.keyboard.type("Next week")
    field(page, "steps[2].questions[1].prompt").fill("What will you try?")
    second = page.locator("#worksheet-form .ws-step").nth(1)
    second.locator("button:has-text('Move step 2 up')").focus()
    page.keyboard.press("Enter")
    expect(field(page, "steps[1].title")).to_have_value("Next week")
    expect(field(page, "steps[2].title")).to_have_value("How was the week?")
    moved = page.locator("#worksheet-form .ws-step").nth(0)
    expect(moved.locator("button:has-text('Move step 1 down')")).to_be_focused()  # up is gone at the top
    expect(page.locator("#announcer")).to_have_text("Step moved to position 1 of 2.")
    expect(frame.locator(".step-title")).to_have_text("Next week")
    page.keyboard.press("Enter")
    expect(field(page, "steps[1].title")).to_have_value("How was the week?")
    expect(page.locator("#worksheet-form .ws-step").nth(1).locator("button:has-text('Move step 2 up')")).to_be_focused()
    field(page, "steps[1].title").focus()
    expect(page.locator("#check")).to_have_attribute("data-state", "ready")
    frame.evaluate("frame => { frame.scrollTop = frame.querySelector('.answer-form-scale').offsetTop - 110; }")
    page.screenshot(path=str(output_dir / "worksheet-editor.png"))
    assert_accessible(page, "worksheet editor")

    # A reload keeps the unsaved worksheet; Discard is offered.
    page.reload()
    expect(page.locator("#draft-note")).to_be_visible()
    expect(page.locator("#draft-note-text")).to_have_text("Unsaved changes restored from this browser.")
    expect(field(page, "title")).to_have_value("Friday check-in")
    expect(field(page, "steps[1].questions[2].kind")).to_have_value("scale")
    expect(field(page, "steps[1].questions[3].options[2]")).to_have_value("Focus time")
    expect(field(page, "steps[1].minutes")).to_have_value("5")
    expect(field(page, "steps[2].title")).to_have_value("Next week")

    # The YAML view, edited, read back into the forms.
    page.click("#view-yaml")
    yaml_box = page.locator("#yaml-text")
    expect(yaml_box).to_be_visible()
    text = yaml_box.input_value()
    assert "kind: scale" in text and "min: 0" in text and "multiple: true" in text and "- Focus time" in text
    yaml_box.fill(text.replace("- Focus time", "- Quiet mornings"))
    page.screenshot(path=str(output_dir / "worksheet-editor-yaml.png"))
    page.click("#view-form")
    expect(field(page, "steps[1].questions[3].options[2]")).to_have_value("Quiet mornings")
    # A YAML mistake stays in the YAML view, said under the box.
    page.click("#view-yaml")
    yaml_box.fill("title: [unclosed\n")
    page.click("#view-form")
    expect(page.locator("#yaml-error")).to_contain_text("YAML syntax error")
    expect(yaml_box).to_be_visible()
    yaml_box.fill(text.replace("- Focus time", "- Quiet mornings"))
    page.click("#view-form")
    expect(field(page, "title")).to_be_visible()

    # Save: a new worksheet of one's own, listed as Mine; no draft after it.
    page.click("#save-worksheet")
    expect(page.locator("#saved-note")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/worksheets/friday-check-in/edit$"))
    expect(page.locator("#editor-title")).to_have_text("Edit worksheet")
    page.reload()
    expect(page.locator("#draft-note")).to_be_hidden()
    expect(field(page, "steps[1].questions[3].options[2]")).to_have_value("Quiet mornings")
    page.goto(f"{live_server.url}/worksheets")
    mine = card(page, "Friday check-in")
    expect(mine.locator(".badge")).to_have_text("Mine")
    expect(mine.locator(".ws-card-meta")).to_have_text("2 steps · 4 questions")

    # Edit it again.
    mine.locator(".ws-edit").click()
    field(page, "title").fill("Friday check-out")
    expect(page.locator("#check")).to_have_attribute("data-state", "ready")
    page.click("#save-worksheet")
    expect(page.locator("#saved-note-text")).to_contain_text("Saved “Friday check-out”")
    page.goto(f"{live_server.url}/worksheets")
    expect(card(page, "Friday check-out")).to_be_visible()
    expect(card(page, "Friday check-in")).to_have_count(0)
    assert not errors


def test_duplicate_the_seed_then_delete_the_copy_after_confirming(browser, live_server):
    live_server.token_for("copier@example.com")
    errors = []
    page = laptop_page(browser, live_server, "copier@example.com", errors)
    page.goto(f"{live_server.url}/worksheets")
    card(page, SEED_TITLE).locator(".ws-duplicate").click()
    expect(page).to_have_url(
        re.compile(r"/worksheets/the-balance-between-independence-and-interdependence-[a-z0-9-]+/edit$")
    )
    expect(field(page, "title")).to_have_value(f"{SEED_TITLE} (copy)")
    expect(field(page, "steps[1].title")).to_have_value(STEP_1)
    field(page, "steps[1].minutes").fill("12")  # editable: a copy of one's own
    expect(page.locator("#check")).to_have_attribute("data-state", "ready")
    page.click("#save-worksheet")
    expect(page.locator("#saved-note")).to_be_visible()

    page.goto(f"{live_server.url}/worksheets")
    copy = card(page, f"{SEED_TITLE} (copy)")
    expect(copy.locator(".badge")).to_have_text("Mine")
    copy.locator(".ws-delete").click()
    dialog = page.locator("#delete-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_text(f"Delete “{SEED_TITLE} (copy)”?")
    expect(page.locator("#delete-cancel")).to_be_focused()
    page.click("#delete-cancel")  # kept
    expect(dialog).to_be_hidden()
    expect(copy).to_be_visible()
    copy.locator(".ws-delete").click()
    page.click("#delete-confirm")
    expect(dialog).to_be_hidden()
    expect(copy).to_have_count(0)
    expect(page.locator("#library-status")).to_have_text(f"“{SEED_TITLE} (copy)” is deleted.")
    page.reload()
    expect(card(page, f"{SEED_TITLE} (copy)")).to_have_count(0)
    expect(page.locator("#no-mine")).to_be_visible()
    # A library worksheet has no editor of its own.
    assert page.goto(f"{live_server.url}/worksheets/{SEED}/edit").status == 403
    assert not errors


def test_import_the_seed_text_preview_open_in_editor_and_save(browser, live_server, output_dir):
    live_server.token_for("importer@example.com")
    errors = []
    page = laptop_page(browser, live_server, "importer@example.com", errors)
    page.goto(f"{live_server.url}/worksheets")
    page.click("#import-worksheet")
    page.fill("#import-text", SEED_TEXT.read_text(encoding="utf-8"))
    page.click("#import-preview")
    expect(page.locator("#import-summary")).to_have_text("7 steps and 21 questions, with a purpose and a conclusion.")
    expect(page.locator("#import-title")).to_have_text(SEED_TITLE)
    expect(page.locator("#import-no-warnings")).to_be_visible()
    expect(page.locator("#import-warnings")).to_be_hidden()
    expect(page.locator(".ws-outline-step")).to_have_count(7)
    expect(page.locator(".ws-outline-questions li")).to_have_count(21)
    page.screenshot(path=str(output_dir / "worksheet-import-preview.png"))
    assert_accessible(page, "import preview")

    page.click("#import-open")
    expect(page).to_have_url(re.compile(r"/worksheets/new$"))
    expect(page.locator("#draft-note-text")).to_contain_text("Imported and not saved yet")
    expect(field(page, "title")).to_have_value(SEED_TITLE)
    expect(page.locator("#worksheet-form .ws-step")).to_have_count(7)
    expect(page.locator("#check")).to_have_attribute("data-state", "ready")
    page.click("#save-worksheet")
    expect(page).to_have_url(re.compile(r"/worksheets/the-balance-between-independence-and-interdependence/edit$"))
    page.goto(f"{live_server.url}/worksheets")
    expect(page.locator("#mine-list .ws-card-title")).to_have_text([SEED_TITLE])
    assert not errors


def test_rehearse_starts_a_practice_session_and_opens_its_dashboard(browser, live_server, output_dir):
    live_server.token_for("rehearser@example.com")
    errors = []
    page = laptop_page(browser, live_server, "rehearser@example.com", errors)
    page.goto(f"{live_server.url}/worksheets")
    card(page, SEED_TITLE).locator(".ws-rehearse").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(page.locator("#step-title")).to_have_text("Purpose")
    expect(page.locator("#practice-note")).to_contain_text("simulated participants")  # marked as practice
    # The simulated room answers the step the facilitator opens.
    page.click("#next-step")
    expect(page.locator("#step-title")).to_have_text("Understanding Independence in Relationships")
    expect(page.locator("li.answer-card").nth(5)).to_be_visible(timeout=40_000)
    page.wait_for_timeout(8_000)  # a few more answers and their themes
    page.screenshot(path=str(output_dir / "rehearsal-dashboard.png"))
    session_url = page.url
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page_log_in(projector, live_server.url, "rehearser@example.com")
    projector.goto(f"{session_url}/projector")
    expect(projector.locator("#projector-practice")).to_have_text("Practice session")  # the room sees it too
    projector.screenshot(path=str(output_dir / "rehearsal-projector.png"))
    page.goto(f"{session_url}/report")
    expect(page.locator("#practice-note")).to_contain_text("simulated")
    code = page.context.request.get(f"{live_server.url}/api/v1/sessions/{session_url.rsplit('/', 1)[1]}").json()["code"]
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    expect(phone.locator("#practice-note")).to_be_visible()
    assert not errors


MESSY = """Team retro

Some intro line that is odd

Step 1: Looking back
- What went well this sprint?
- What was hard?
random trailing note here
"""


def test_import_a_file_shows_what_the_importer_was_unsure_of_line_by_line(browser, live_server, output_dir):
    live_server.token_for("uploader@example.com")
    errors = []
    page = laptop_page(browser, live_server, "uploader@example.com", errors)
    page.goto(f"{live_server.url}/worksheets/import")
    page.set_input_files(
        "#import-file", files=[{"name": "retro.md", "mimeType": "text/markdown", "buffer": MESSY.encode()}]
    )
    expect(page.locator("#import-reads")).to_have_text("Reads the file retro.md.")
    page.click("#import-preview")
    expect(page.locator("#import-title")).to_have_text("Team retro")
    expect(page.locator("#import-summary")).to_have_text("1 step and 2 questions, with a purpose.")
    warnings = page.locator("#import-warning-list > li")
    expect(warnings).to_have_count(2)
    expect(warnings.nth(0).locator(".ws-warning-line")).to_have_text("Some intro line that is odd")
    expect(warnings.nth(0)).to_contain_text("Line 3:")
    expect(warnings.nth(1).locator(".ws-warning-line")).to_have_text("random trailing note here")
    expect(page.locator("#import-no-warnings")).to_be_hidden()
    page.screenshot(path=str(output_dir / "worksheet-import-warnings.png"))

    # A document that cannot be read says so, with nothing to open.
    page.set_input_files(
        "#import-file", files=[{"name": "notes.docx", "mimeType": "application/octet-stream", "buffer": b"not a zip"}]
    )
    page.click("#import-preview")
    expect(page.locator("#import-error")).to_be_visible()
    expect(page.locator("#import-result")).to_be_hidden()
    assert not errors


def test_a_question_can_default_to_private_and_fix_it(browser, live_server, output_dir):
    import requests

    token = live_server.token_for("levels-editor@example.com")
    errors = []
    page = laptop_page(browser, live_server, "levels-editor@example.com", errors)
    page.goto(f"{live_server.url}/worksheets/new")
    page.fill("[data-path='title']", "Just for me")
    field(page, "steps[1].title").fill("Looking inward")
    field(page, "steps[1].questions[1].prompt").fill("Where do I lean too much?")
    share = field(page, "steps[1].questions[1].share")
    expect(share).to_have_value("group")  # the default, as the server says it
    share.select_option("private")
    field(page, "steps[1].questions[1].share_fixed").check()
    # The phone preview offers the choice as participants will see it: fixed, on "Only me".
    preview = page.locator(".ws-editor-preview")
    expect(preview.locator(".share-option input:checked").first).to_have_value("private")
    expect(preview.locator(".share-fixed").first).to_be_visible()
    expect(page.locator("#check")).to_have_attribute("data-state", "ready")
    # The levels and their names are the server's (web/worksheets.limits), in its order.
    assert share.locator("option").all_inner_texts() == [
        "Only the participant",
        "The facilitator",
        "The group, anonymously",
    ]
    inputs = preview.locator(".share-option input")
    assert [inputs.nth(i).is_disabled() for i in range(3)] == [True, True, True]  # fixed
    for size, name in (
        (LAPTOP, "1366"),
        ({"width": 1920, "height": 1080}, "1920"),
        ({"width": 1280, "height": 720}, "1280"),
        ({"width": 360, "height": 780}, "360"),
    ):
        page.set_viewport_size(size)
        share.evaluate("node => { document.activeElement.blur(); node.scrollIntoView({block: 'center'}); }")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name  # nothing sideways
        page.screenshot(path=str(output_dir / f"worksheet-editor-share-{name}.png"))
    page.set_viewport_size(LAPTOP)
    # Unfixed, the preview lets a participant choose again, from the level set here.
    field(page, "steps[1].questions[1].share_fixed").uncheck()
    share.select_option("facilitator")
    expect(preview.locator(".share-option input:checked").first).to_have_value("facilitator")
    expect(preview.locator(".share-fixed")).to_have_count(0)
    expect(preview.locator(".share-option input").first).to_be_enabled()
    share.select_option("private")
    field(page, "steps[1].questions[1].share_fixed").check()
    expect(preview.locator(".share-fixed").first).to_be_visible()
    page.click("#save-worksheet")
    expect(page.locator("#saved-note")).to_be_visible()
    saved = requests.get(
        f"{live_server.url}/api/v1/worksheets/just-for-me.yaml",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).text
    assert "share: private" in saved and "share_fixed: true" in saved
    page.reload()
    expect(field(page, "steps[1].questions[1].share")).to_have_value("private")
    expect(field(page, "steps[1].questions[1].share_fixed")).to_be_checked()

    # The start form: "as the worksheet says" first; an override leaves a fixed level alone.
    for size, name in ((LAPTOP, "1366"), ({"width": 360, "height": 780}, "360")):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/?worksheet=just-for-me")
        expect(page.locator("#share")).to_have_value("")
        expect(page.locator("#share option").first).to_have_text("As the worksheet says")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        page.screenshot(path=str(output_dir / f"home-start-share-{name}.png"))
    page.set_viewport_size(LAPTOP)
    page.select_option("#share", "facilitator")
    page.click("#start-session")
    page.wait_for_url(re.compile(r"/sessions/\d+$"))
    session_id = page.url.rsplit("/", 1)[1]
    state = session_state(live_server, token, session_id).json()
    assert [(q["share"], q["share_fixed"]) for q in state["step"]["questions"]] == [("private", True)]
    assert not errors
