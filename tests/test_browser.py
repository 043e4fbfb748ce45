"""The whole loop in real Chromium: a facilitator's laptop and two phones.

Screenshots of the phone, dashboard, projector and report go to test-output/.
axe-core checks the phone page, the dashboard and the report.
"""

import re

import pytest
from playwright.sync_api import expect

from support import SEED, assert_accessible, page_log_in

pytestmark = pytest.mark.browser
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def test_facilitator_runs_a_session_with_two_phones(browser, playwright, live_server, output_dir):
    live_server.token_for("browser@example.com")
    errors = []
    # bypass_csp only lets the test inject axe-core; the pages' own scripts are all files.
    laptop = browser.new_context(viewport={"width": 1280, "height": 860}, bypass_csp=True)
    host = laptop.new_page()
    host.on("pageerror", lambda e: errors.append(f"dashboard: {e}"))

    page_log_in(host, live_server.url, "browser@example.com")
    host.select_option("#worksheet", SEED)
    host.fill("#min_group", "2")  # two phones: the report shows a question from two answers on
    host.click("#start-session")
    expect(host.locator("#step-title")).to_have_text("Purpose")
    code = host.locator("#room-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code)
    dashboard_url = host.url

    # Phone A types the code; phone B opens the QR code's link.
    phone_a = browser.new_context(**playwright.devices["Pixel 5"], bypass_csp=True).new_page()
    phone_b = browser.new_context(**playwright.devices["iPhone 13"], bypass_csp=True).new_page()
    for name, phone in (("phone A", phone_a), ("phone B", phone_b)):
        phone.on("pageerror", lambda e, name=name: errors.append(f"{name}: {e}"))
    phone_a.goto(f"{live_server.url}/join")
    phone_a.fill("#code", code.lower())
    phone_a.click("#join-button")
    phone_b.goto(f"{live_server.url}/j/{code}")
    for phone in (phone_a, phone_b):
        expect(phone.locator("#step-title")).to_have_text("Purpose")
        expect(phone.locator("#read-along")).to_be_visible()
    expect(host.locator("#participant-count")).to_contain_text("2 connected")

    # The facilitator advances: both phones follow.
    host.click("#next-step")
    for phone in (phone_a, phone_b):
        expect(phone.locator("#step-title")).to_have_text("Understanding Independence in Relationships")
        expect(phone.locator("#questions textarea")).to_have_count(3)
    expect(host.locator("#step-list .step-button[data-index='1']")).to_have_attribute("aria-current", "step")

    # Both answer; one answer is a script injection attempt, which must show as text.
    phone_a.fill("#answer-s1q1", XSS)
    phone_a.click("form[data-question-id='s1q1'] .send-button")
    phone_b.fill("#answer-s1q1", "Long walks alone on Sunday mornings")
    phone_b.click("form[data-question-id='s1q1'] .send-button")
    for phone in (phone_a, phone_b):
        expect(phone.locator("#status-s1q1")).to_have_text("Sent ✓")
    cards = host.locator("ol[data-answers-for='s1q1'] > li.answer-card")
    expect(cards).to_have_count(2)
    expect(host.locator("[data-count-for='s1q1']")).to_have_text("2 of 2 connected answered")
    expect(cards.first).to_contain_text("Long walks alone")  # newest first
    expect(cards.nth(1)).to_contain_text(XSS)

    # Phone B revises: the card changes in place, the count stays.
    phone_b.fill("#answer-s1q1", "Long walks alone, and a weekly class of my own")
    phone_b.click("form[data-question-id='s1q1'] .send-button")
    expect(phone_b.locator("#status-s1q1")).to_have_text("Sent ✓")
    expect(cards.first).to_contain_text("weekly class of my own")
    expect(cards).to_have_count(2)

    phone_a.screenshot(path=str(output_dir / "phone.png"), full_page=True)
    host.screenshot(path=str(output_dir / "dashboard.png"), full_page=True)
    assert_accessible(phone_a, "phone")
    assert_accessible(host, "dashboard")

    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{dashboard_url}/projector")
    expect(projector.locator("#projector-code")).to_have_text(code)
    expect(projector.locator("#projector-step-title")).to_have_text("Understanding Independence in Relationships")
    assert projector.locator("#projector-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    projector.screenshot(path=str(output_dir / "projector.png"))

    # Ending (asked in the page) tells both phones.
    host.click("#end-session")
    host.click("#end-confirm")
    expect(host.locator("#ended-banner")).to_be_visible()
    for phone in (phone_a, phone_b):
        expect(phone.locator("#ended-banner")).to_have_text("The session has ended. Thank you for taking part.")
        expect(phone.locator("#answer-s1q2")).to_be_disabled()
    phone_b.screenshot(path=str(output_dir / "phone-ended.png"), full_page=True)
    # The projector closes with the conclusion, never the join code; at 1080p and at 720p.
    for width, height in ((1920, 1080), (1280, 720)):
        projector.set_viewport_size({"width": width, "height": height})
        expect(projector.locator("#projector-closing")).to_be_visible()
        expect(projector.locator("#projector-closing")).to_contain_text("Thank you")
        expect(projector.locator("#projector-closing")).to_contain_text("balance between independence")
        expect(projector.locator("#projector-code")).to_be_hidden()
        expect(projector.locator("#projector-qr")).to_be_hidden()
        fits = "el => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= window.innerHeight"
        assert projector.locator("#projector-closing").evaluate(fits), (width, height)  # no scrolling to read it
        projector.screenshot(path=str(output_dir / f"projector-closing-{height}.png"))
    assert_accessible(projector, "projector closing")

    report = laptop.new_page()
    report.goto(f"{dashboard_url}/report")
    question = report.locator(".report-question[data-question-id='s1q1']")
    expect(question.locator(".report-count")).to_contain_text("2")
    expect(question.locator(".report-answer")).to_have_count(2)
    expect(question).to_contain_text(XSS)
    expect(question).to_contain_text("weekly class of my own")
    report.screenshot(path=str(output_dir / "report-two-phones.png"), full_page=True)
    assert_accessible(report, "report")

    for page in (host, phone_a, phone_b, projector, report):
        assert page.evaluate("window.__pwned") is None
    assert not errors, errors
