"""A room answering at once, seen on the facilitator's dashboard in real Chromium: every
answer shows, in a few renders rather than one per phone."""

import threading
import uuid

import pytest
from playwright.sync_api import expect

from support import Phone, disconnect_all, new_session, page_log_in

pytestmark = pytest.mark.browser
PHONES = 40
QUESTIONS = ("s1q1", "s1q2")


def test_a_burst_of_answers_is_rendered_in_a_few_updates(browser, live_server, output_dir):
    token = live_server.token_for("burst@example.com")
    created = new_session(live_server, token)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page_log_in(page, live_server.url, "burst@example.com")
    page.goto(f"{live_server.url}/sessions/{created['id']}")
    expect(page.locator("#step-title")).to_have_text("Purpose")
    page.click("#next-step")
    expect(page.locator("#step-title")).to_have_text("Understanding Independence in Relationships")

    phones = [Phone(live_server.url) for _ in range(PHONES)]
    try:
        for phone in phones:
            assert phone.call("join", {"code": created["code"]})["ok"]
        go = threading.Barrier(PHONES)

        def answer(i, phone):
            go.wait()  # everyone at once
            for question in QUESTIONS:
                ack = phone.call(
                    "answer",
                    {"question_id": question, "text": f"Reflection {i} on {question}", "client_id": str(uuid.uuid4())},
                )
                assert ack["ok"], ack

        threads = [threading.Thread(target=answer, args=(i, p)) for i, p in enumerate(phones)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

        total = PHONES * len(QUESTIONS)
        for question in QUESTIONS:
            expect(page.locator(f'ol[data-answers-for="{question}"] > li')).to_have_count(PHONES, timeout=15000)
        # Whatever the last theme push said, the panel counts the answers it lists.
        for question in QUESTIONS:
            words = page.locator(f'section.themes-panel[data-themes-for="{question}"] .themes-words')
            if words.is_visible():
                note = words.locator(".themes-note").inner_text()
                assert "Waiting for" not in note and "appear from" not in note, note
        renders = int(page.locator("#dashboard").get_attribute("data-answer-renders"))
        assert 1 <= renders <= total // 5, f"{renders} renders for {total} answers"
        page.screenshot(path=str(output_dir / "dashboard-burst.png"), full_page=False)
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones])
