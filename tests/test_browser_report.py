"""A facilitator reads the report of a session with themes, and downloads its PDF; the
projector waits for enough answers. Screenshots: test-output/report.png,
report-pdf-1.png (the PDF's first page), projector-waiting.png, dashboard-waiting.png,
home-start-form.png (the start form's group size); and a full room's report (30 people, five
steps): report-full-1366.png, report-full-1920.png, report-full-detail-1366.png, the page
as it prints (report-full-print-1366.png) and its PDF's first page, report-full-pdf-1.png;
the owner's variant with the answers sent only to them (issue 16): report-to-you-1366.png,
report-to-you-detail-1366.png, report-levels-pdf-1.png."""

import uuid

import pytest
import requests
from playwright.sync_api import expect

from support import (
    PII,
    RAW,
    ROOT,
    SEED,
    Phone,
    assert_accessible,
    auth,
    disconnect_all,
    full_room,
    new_session,
    no_sideways_scroll,
    page_log_in,
    pdf_first_page,
    wait_for,
)

pytestmark = pytest.mark.browser
S1Q1 = [
    "Time alone with a good book",
    "Time alone on long walks",
    "Reading novels alone on Sunday",
    PII,
    "Keeping my own money and savings",
    "Paying my own bills and rent",
    "My own bank account",
    "Painting by myself in the evening",
    "Playing guitar alone",
    "Time alone to think",
]
S1Q2 = ["Quite comfortable most days", "Less than I would like"]


def test_report_page_pdf_and_waiting_projector(browser, live_server, output_dir):
    token = live_server.token_for("report@example.com")
    api = auth(token)
    created = new_session(live_server, token, title="Team offsite, March")
    phones = [Phone(live_server.url) for _ in S1Q1]
    try:
        for n, (phone, text) in enumerate(zip(phones, S1Q1)):
            assert phone.call("join", {"code": created["code"]})["ok"]
            phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})
            if n < len(S1Q2):
                phone.call("answer", {"question_id": "s1q2", "text": S1Q2[n], "client_id": str(uuid.uuid4())})

        def themed():
            report = requests.get(
                f"{live_server.url}/api/v1/sessions/{created['id']}/report", headers=api, timeout=10
            ).json()
            return len(report["steps"][1]["questions"][0]["themes"]) >= 2

        assert wait_for(themed, timeout=90)

        laptop = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = laptop.new_page()
        page_log_in(page, live_server.url, "report@example.com")
        expect(page.locator("#min_group")).to_have_value("3")
        page.screenshot(path=str(output_dir / "home-start-form.png"))

        # The dashboard and the projector: s1q2 has 2 answers of the 3 needed.
        page.goto(f"{live_server.url}/sessions/{created['id']}")
        page.click("#next-step")
        panel = page.locator("section.themes-panel[data-themes-for='s1q2']")
        expect(panel.locator(".themes-note")).to_have_text(
            "Waiting for 1 more answer: themes show here and on the projector from 3 answers."
        )
        projector = laptop.new_page()
        projector.set_viewport_size({"width": 1920, "height": 1080})
        projector.goto(f"{live_server.url}/sessions/{created['id']}/projector")
        expect(projector.locator("#projector-step-title")).to_have_text("Understanding Independence in Relationships")
        page.click("#tab-s1q2")  # one question in focus at a time
        page.click("button.reveal-toggle[data-question-id='s1q2']")
        expect(projector.locator("#projector-themes-note")).to_have_text("Themes appear from 3 answers · 2 so far")
        expect(projector.locator("li.projector-theme")).to_have_count(0)
        projector.screenshot(path=str(output_dir / "projector-waiting.png"))
        page.screenshot(path=str(output_dir / "dashboard-waiting.png"), full_page=True)
        page.click("#tab-s1q1")
        page.click("button.reveal-toggle[data-question-id='s1q1']")
        expect(projector.locator("li.projector-theme").first).to_be_visible()
        for raw in RAW:
            assert raw not in projector.inner_text("main")

        # The report.
        page.goto(f"{live_server.url}/sessions/{created['id']}/report")
        expect(page.locator("#report-title")).to_have_text("Team offsite, March")
        question = page.locator(".report-question[data-question-id='s1q1']")
        # Every answer once: as a theme's quote, or in a fold under its theme or Other.
        shown = question.locator(".report-quote, .report-answer")
        expect(shown).to_have_count(len(S1Q1))
        expect(question.locator(".report-group").first).to_be_visible()
        expect(page.locator(".report-question[data-question-id='s1q2'] .report-hidden")).to_have_text(
            "Hidden until 3 people answer (2 so far)."
        )
        text = page.text_content("main")  # folded answers too
        for raw in RAW + S1Q2:
            assert raw not in text, raw
        assert "Ask [name] at [email] or [phone], see [link], [handle]" in text
        page.screenshot(path=str(output_dir / "report.png"), full_page=True)
        assert_accessible(page, "report")

        # The PDF, downloaded through the page's link with the login cookie.
        with page.expect_download() as download:
            page.click("#report-downloads a:has-text('PDF')")
        pdf = output_dir / "report-browser.pdf"
        download.value.save_as(pdf)
        assert download.value.suggested_filename.startswith("report-") and pdf.read_bytes().startswith(b"%PDF")
        extracted = pdf_first_page(pdf, output_dir / "report-pdf-1", dpi=60)
        if extracted is not None:
            assert "Team offsite, March" in extracted and "Overview" in extracted
            for raw in RAW:
                assert raw not in extracted, raw
        laptop.close()
    finally:
        disconnect_all([p.client for p in phones])


def seed_full_room(live_server, email: str, then=None, **room) -> int:
    """The full room of tests/support.full_room (`room`: its options), written to the live
    server's database; `then(db, session)` adds to it before the commit."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from server.config import normalise_db_url
    from server.domain import accounts
    from server.domain.worksheets import load_worksheet

    worksheet = load_worksheet(ROOT / "facilitator" / f"{SEED}.yaml")
    engine = create_engine(normalise_db_url(live_server.env["DATABASE_URL"]), connect_args={"timeout": 30})
    try:
        with Session(engine) as db:
            session = full_room(db, accounts.find_facilitator(db, email), worksheet, **room)
            if then is not None:
                then(db, session)
            db.commit()
            return session.id
    finally:
        engine.dispose()


def report_page(browser, live_server, email, session_id, errors):
    """The owner's report page on a 1366×768 laptop (CSP bypassed for axe-core)."""
    page = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True).new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page_log_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/sessions/{session_id}/report")
    return page


def test_full_room_report_overview_first(browser, live_server, output_dir):
    email = "full-report@example.com"
    live_server.token_for(email)
    session_id = seed_full_room(live_server, email)
    errors = []
    page = report_page(browser, live_server, email, session_id, errors)
    laptop = page.context

    # The overview is the first thing under the title: its figures in the first screen.
    overview = page.locator("#overview")
    expect(overview.locator("#report-figures")).to_contain_text("30 participants")
    expect(page.locator("#report-unreached")).to_have_text(
        "Steps 7–8 were not reached: Communicating Your Needs and Boundaries; Developing a Personal Plan for Balance."
    )
    figures = page.locator("#report-figures").bounding_box()
    assert figures["y"] + figures["height"] <= 768, figures
    expect(overview.locator(".toc-question")).to_have_count(15)
    expect(overview.locator(".toc-question").first.locator(".toc-chip")).to_have_count(3)
    assert no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "report-full-1366.png"))
    assert_accessible(page, "full report")

    # The contents link to a question; its themes come first, Other last, the rest folded.
    page.click("#overview a[href='#q-s2q1']")
    question = page.locator("#q-s2q1")
    expect(question).to_be_in_viewport()
    groups = question.locator(".report-group")
    expect(groups).to_have_count(5)
    expect(groups.last).to_have_class("report-group is-other")
    expect(groups.last.locator(".report-group-title")).to_contain_text("Other: in no theme")
    expect(groups.first.locator(".report-quote")).to_have_count(3)
    fold = groups.first.locator("details.report-more")
    expect(fold.locator(".report-answer").first).to_be_hidden()
    fold.locator("summary").click()
    expect(fold.locator(".report-answer")).to_have_count(3)
    expect(fold.locator(".report-answer").first).to_be_visible()
    page.screenshot(path=str(output_dir / "report-full-detail-1366.png"))
    # In print every fold is open by CSS alone (emulating print fires no `beforeprint`, so
    # this is the page with its script off or a browser's print preview before it runs).
    fold.locator("summary").click()
    expect(fold.locator(".report-answer").first).to_be_hidden()  # folded again: the control
    page.emulate_media(media="print")
    expect(fold.locator(".report-answer").first).to_be_visible()
    expect(fold.locator("summary")).to_be_hidden()
    fold.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "report-full-print-1366.png"))
    page.emulate_media(media="screen")
    expect(fold.locator(".report-answer").first).to_be_hidden()

    projector = browser.new_context(viewport={"width": 1920, "height": 1080})
    wide = projector.new_page()
    page_log_in(wide, live_server.url, email)
    wide.goto(f"{live_server.url}/sessions/{session_id}/report")
    expect(wide.locator("#overview .toc-question")).to_have_count(15)
    assert no_sideways_scroll(wide)
    wide.screenshot(path=str(output_dir / "report-full-1920.png"))
    projector.close()

    with page.expect_download() as download:
        page.click("#report-downloads a:has-text('PDF')")
    pdf = output_dir / "report-full.pdf"
    download.value.save_as(pdf)
    text = pdf_first_page(pdf, output_dir / "report-full-pdf-1", dpi=80)
    if text is not None:
        first = text.split("\f")[0]
        assert "Overview" in first and "6.3" in first
    assert errors == []
    laptop.close()


TO_ME = ["I find it hard to ask my partner for help", "Money is where I lean on others most"]


def seed_levels_room(live_server, email: str) -> int:
    """The full room, and for its first question two answers sent only to the facilitator
    and three kept private (markers), written to the live server's database."""
    from server.domain import sessions
    from server.domain.answers import Submission, submit_answers

    def levels(db, session):
        plan = [("facilitator", t) for t in TO_ME] + [("private", None)] * 3
        subs = []
        for n, (share, text) in enumerate(plan):
            person = sessions.join(db, session.code, None)[1]
            subs.append(Submission(session.id, person.id, "s1q1", text, f"levels-{n}", share=share))
        assert all(isinstance(r, tuple) for r in submit_answers(db, subs))

    return seed_full_room(live_server, email, levels, title="Levels cohort")


def test_owner_variant_with_answers_sent_to_them(browser, live_server, output_dir):
    email = "levels-report@example.com"
    live_server.token_for(email)
    session_id = seed_levels_room(live_server, email)
    errors = []
    page = report_page(browser, live_server, email, session_id, errors)
    laptop = page.context
    first = page.locator("#overview .toc-question").first
    expect(first.locator(".toc-count")).to_have_text(
        "28 answers · 3 kept private · 2 sent only to the facilitator · 2 hidden by the facilitator"
    )
    expect(page.locator(".report-to-you")).to_have_count(0)
    for text in TO_ME:
        assert text not in page.text_content("main")

    toggle = page.locator("#to-you-toggle")
    expect(toggle).to_have_text("Include answers sent to me")
    expect(toggle).to_be_in_viewport()
    toggle.click()
    page.wait_for_url("**/report?include=facilitator")
    expect(page.locator("#to-you-banner")).to_be_in_viewport()
    expect(page.locator("#to-you-toggle")).to_have_text("Leave out answers sent to me")
    assert no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "report-to-you-1366.png"))
    apart = page.locator("#q-s1q1 .report-to-you")
    expect(apart).to_have_count(1)
    expect(apart.locator(".report-to-you-title")).to_contain_text("2 answers · not part of the shared report")
    expect(apart.locator(".report-answer")).to_have_count(2)
    assert sorted(apart.locator(".report-answer").all_text_contents()) == sorted(TO_ME)
    expect(page.locator(".report-to-you")).to_have_count(1)  # only the question that has some
    apart.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "report-to-you-detail-1366.png"))
    assert_accessible(page, "report with the answers sent to me")

    # The PDF from the variant's page is the report as shared: counts per level, no such text.
    with page.expect_download() as download:
        page.click("#report-downloads a:has-text('PDF')")
    pdf = output_dir / "report-levels.pdf"
    download.value.save_as(pdf)
    text = pdf_first_page(pdf, output_dir / "report-levels-pdf-1", dpi=80)
    if text is not None:
        one_line = " ".join(text.split("\f")[0].split())
        assert "3 kept private · 2 sent only to the facilitator" in one_line
        for secret in TO_ME:
            assert secret not in text
    assert errors == []
    laptop.close()
