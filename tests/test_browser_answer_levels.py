"""The dashboard and sharing levels, in real Chromium (issue 16): per question "n answered ·
k private · m to you", answers sent only to the facilitator listed apart (no Spotlight),
no card for a private answer, and a card that goes when its answer is taken back to private.

Screenshots: test-output/dashboard-levels-1366.png, dashboard-levels-1920.png.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from support import Phone, disconnect_all, new_session, open_dashboard

pytestmark = pytest.mark.browser

TO_YOU = "Only you should read this, zqxtoyou"


def send(phone, share, text=None):
    data = {"question_id": "s1q1", "share": share, "client_id": str(uuid.uuid4())}
    if text is not None:
        data["text"] = text
    ack = phone.call("answer", data)
    assert ack["ok"], ack
    return ack


def test_levels_on_the_dashboard(browser, live_server, output_dir):
    email = "levels-dashboard@example.com"
    token = live_server.token_for(email)
    session = new_session(live_server, token, min_group=1)
    errors = []
    page = open_dashboard(browser, live_server, email, session["id"], errors=errors)
    page.click("#next-step")
    phones = [Phone(live_server.url) for _ in range(5)]
    try:
        for phone in phones:
            phone.join(session["code"])
        group = [send(phones[i], "group", f"A walk on my own, number {i}") for i in range(2)]
        send(phones[2], "private")
        send(phones[3], "private")
        to_you = send(phones[4], "facilitator", TO_YOU)
        answered = page.locator("#tab-s1q1 .answered")
        expect(answered).to_have_text("5 of 5 connected answered · 2 private · 1 to you")

        block = page.locator(".to-you[data-to-you-block='s1q1']")
        expect(block).to_be_visible()
        expect(block.locator(".to-you-title")).to_have_text("Sent only to you · 1")
        card = block.locator(f"li[data-answer-id='{to_you['id']}']")
        expect(card).to_contain_text(TO_YOU)
        expect(card.locator(".to-you-tag")).to_have_text("to you")
        expect(card.locator(".answer-spotlight")).to_be_hidden()
        expect(card.locator(".answer-hide")).to_be_visible()
        room = page.locator("ol[data-answers-for='s1q1'] li.answer-card")
        expect(room).to_have_count(2)  # the room's two; a private answer has no card
        expect(room.first.locator(".answer-spotlight")).to_be_visible()  # positive control: the room's can be
        expect(room.first.locator(".to-you-tag")).to_have_count(0)
        themes = page.locator(".themes-panel[data-themes-for='s1q1']")
        assert TO_YOU not in themes.inner_text()
        # The themes count the room's answers only: 2 here, of the 5 answered (3 make themes).
        expect(themes).to_contain_text("Themes appear from 3 answers.", use_inner_text=True)
        block.scroll_into_view_if_needed()
        page.screenshot(path=str(output_dir / "dashboard-levels-1366.png"), animations="disabled")

        # A group answer taken back to private: its card goes, the counts follow.
        send(phones[0], "private")
        expect(room).to_have_count(1)
        expect(page.locator(f"li[data-answer-id='{group[0]['id']}']")).to_have_count(0)
        expect(answered).to_have_text("5 of 5 connected answered · 3 private · 1 to you")
        # …and one sent to the room after all joins the room's list.
        send(phones[4], "group", TO_YOU)
        expect(room).to_have_count(2)
        expect(block).to_be_hidden()
        page.set_viewport_size({"width": 1920, "height": 1080})
        send(phones[1], "facilitator", "Second thoughts: only for you")
        expect(block.locator(".to-you-title")).to_have_text("Sent only to you · 1")
        page.screenshot(path=str(output_dir / "dashboard-levels-1920.png"), animations="disabled")

        # Hide still works on an answer sent only here.
        second = block.locator("li.answer-card").first
        second.locator(".answer-hide").click()
        expect(second).to_have_class(re.compile(r"\bis-hidden\b"))
        expect(second.locator(".answer-hide")).to_have_text("Unhide")
        expect(second.locator(".answer-spotlight")).to_be_hidden()
        # Positive control for the themes' count: the room's answers reach 3.
        expect(themes).to_contain_text("Themes appear from 3 answers.", use_inner_text=True)
        send(phones[2], "group", "Alone time in the morning, walking")
        send(phones[3], "group", "Morning walks alone, a book")  # with phone 4's: 3 for the room
        expect(themes).not_to_contain_text("Themes appear from 3 answers.", use_inner_text=True)
    finally:
        disconnect_all([p.client for p in phones])
    page.context.close()
    assert not errors, errors
