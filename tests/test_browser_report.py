"""A facilitator reads the report of a session with themes, and downloads its PDF; the
projector waits for enough answers. Screenshots: test-output/report.png,
report-pdf-1.png (the PDF's first page), projector-waiting.png, dashboard-waiting.png,
home-start-form.png (the start form's group size)."""

import subprocess
import uuid

import pytest
import requests
from playwright.sync_api import expect

from support import (
    PII,
    RAW,
    Phone,
    assert_accessible,
    auth,
    disconnect_all,
    new_session,
    page_log_in,
    require_program,
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
        expect(question.locator(".report-answer")).to_have_count(len(S1Q1))
        expect(question.locator("svg.chart .chart-row").first).to_be_visible()
        expect(page.locator(".report-question[data-question-id='s1q2'] .report-hidden")).to_have_text(
            "Hidden until 3 people answer (2 so far)."
        )
        text = page.inner_text("main")
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
        if require_program("pdftoppm", "poppler-utils", skip=False):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(output_dir / "report-pdf-1"),
                ],
                check=True,
                timeout=60,
            )
            extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
            assert "Team offsite, March" in extracted and "Answers per question" in extracted
            for raw in RAW:
                assert raw not in extracted, raw
        laptop.close()
    finally:
        disconnect_all([p.client for p in phones])
