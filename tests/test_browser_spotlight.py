"""The projector under the facilitator's controls (issue 13), in real Chromium at 1920×1080
and 1280×720: the step's timer beside the join strip (readable from the back, smaller than
the question; counted from the server's clock, the screen's own being ten minutes off),
"Time's up" and the closed step; one answer in the spotlight under its question (scrubbed,
as text), a long one fitting, and taken down; self pacing's people per step (never an
answer); the end's grace period counting down, then the closing screen.

Every state is screenshotted to test-output/projector-*.png, checked with axe-core, and
checked to fit the screen with nothing cut off and its main text at least 7:1."""

import pytest
from playwright.sync_api import expect

from support import (
    FONT_PX,
    PII,
    PROJECTOR_SIZES,
    RAW,
    Phone,
    check_projector,
    connect_host,
    disconnect_all,
    new_session,
    page_log_in,
    resize_projector,
    wait_for,
)

pytestmark = pytest.mark.browser
STEP_1_PROMPT = (
    "How do I maintain my independence in my relationships (e.g., pursuing personal hobbies, setting boundaries,"
    " having alone time)?"
)
SCRIPTED = '<img src=x onerror="window.__pwned=1">Walks <b>alone</b>'
LONG = ("Reading alone in the garden on Sunday mornings, with nobody needing anything from me. " * 21).strip()
SKEWED_CLOCK = "(() => { const real = Date.now.bind(Date); Date.now = () => real() - 600000; })();"


@pytest.fixture
def screen(browser, live_server):
    """A logged-in projector page (1920×1080) whose clock is ten minutes slow, recording its
    page errors and the Socket.IO packets it receives."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    context.add_init_script(SKEWED_CLOCK)
    page = context.new_page()
    page.errors, page.received = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: page.received.append(str(payload))))
    yield page
    assert page.evaluate("window.__pwned") is None
    assert not page.errors, page.errors
    context.close()


def hosting(live_server, email, screen, **body):
    """A session, its projector open on `screen`, and a recording facilitator socket."""
    token = live_server.token_for(email)
    created = new_session(live_server, token, **body)
    page_log_in(screen, live_server.url, email)
    screen.goto(f"{live_server.url}/sessions/{created['id']}/projector")
    host = connect_host(live_server, token, record=True)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    return created, host


def control(host, event, data):
    ack = host.call(event, data, timeout=10)
    assert ack["ok"], (event, ack)
    return ack


def answer_id(host, text):
    """The id of the answer with this text, as the facilitator's screen received it."""

    def ids():
        return [a["id"] for b in host.recorder.of("answers") for a in b["answers"] if a["text"] == text]

    assert wait_for(ids)
    return ids()[0]


def clock_seconds(page):
    """The clock card's digits in seconds ("4:59" → 299)."""
    minutes, seconds = page.locator("#projector-timer-value").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_timer_and_one_answer_in_the_spotlight(screen, live_server, output_dir):
    created, host = hosting(live_server, "projector-spotlight@example.com", screen, min_group=3)
    phones = [Phone(live_server.url) for _ in range(4)]
    try:
        for phone in phones:
            phone.join(created["code"])
        control(host, "goto", {"index": 1})
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator("#projector-status")).to_have_text("4 people connected")
        card = screen.locator("#projector-timer")
        expect(card).to_be_hidden()

        # The timer, beside the join strip, by the server's clock (this screen's is ten minutes slow).
        control(host, "timer", {"seconds": 300, "lock": True})
        expect(card).to_be_visible()
        expect(screen.locator("#projector-timer-label")).to_have_text("Answers close in")
        assert 295 <= clock_seconds(screen) <= 300, clock_seconds(screen)
        check_projector(
            screen, output_dir, "timer", "#projector-timer-value, #projector-timer-label, .projector-prompt"
        )
        for width, height in PROJECTOR_SIZES:  # from the back of the room, yet smaller than the question
            resize_projector(screen, width, height)
            digits = card.locator("#projector-timer-value").evaluate(FONT_PX)
            assert digits >= 0.045 * height, (width, digits)
            assert digits < screen.locator(".projector-prompt").first.evaluate(FONT_PX)
            strip, clock = screen.locator(".projector-main").bounding_box(), card.bounding_box()
            assert clock["x"] >= strip["x"] + strip["width"] and abs(clock["y"] - strip["y"]) < 2  # beside it
        before = clock_seconds(screen)
        screen.wait_for_timeout(2100)
        assert 1 <= before - clock_seconds(screen) <= 3

        # Answers enough for the group size: one full of personal details, one that is markup.
        texts = [PII, SCRIPTED, "Saying no to plans when I am tired", LONG]
        for phone, text in zip(phones, texts):
            assert phone.answer(text, "s1q1")["ok"]
        expect(screen.locator(".projector-count").first).to_have_text("4 answers")

        # In the spotlight: scrubbed, under its question; the timer stays beside the strip.
        control(host, "spotlight", {"answer_id": answer_id(host, PII)})
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "spotlight")
        spot = screen.locator("#projector-spotlight-text")
        expect(spot).to_contain_text("[email]")
        expect(screen.locator("#projector-spotlight-question")).to_have_text(STEP_1_PROMPT)
        shown = screen.inner_text("main")
        for raw in RAW:
            assert raw not in shown, raw
        expect(card).to_be_visible()
        expect(screen.locator("#projector-stage")).to_be_hidden()
        check_projector(screen, output_dir, "spotlight", "#projector-spotlight-text, #projector-spotlight-question")
        for width, height in PROJECTOR_SIZES:
            resize_projector(screen, width, height)
            assert spot.evaluate(FONT_PX) >= 0.05 * height  # the answer is the screen

        # Markup stays text.
        control(host, "spotlight", {"answer_id": answer_id(host, SCRIPTED)})
        expect(spot).to_have_text(SCRIPTED)
        assert screen.locator("#projector img[src='x'], #projector b").count() == 0
        # A long answer fits, smaller but still readable from the middle of the room.
        control(host, "spotlight", {"answer_id": answer_id(host, LONG)})
        expect(spot).to_contain_text("Reading alone in the garden")
        check_projector(screen, output_dir, "spotlight-long", "#projector-spotlight-text")
        for width, height in PROJECTOR_SIZES:
            resize_projector(screen, width, height)
            assert spot.evaluate(FONT_PX) >= 0.022 * height

        # A projector that (re)connects now gets it from the state, never an answer id.
        screen.reload()
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "spotlight")
        expect(spot).to_contain_text("Reading alone in the garden")
        spotlights = [f for f in screen.received if f.startswith('42["spotlight"') or '"spotlight":{' in f]
        assert spotlights and not any("answer_id" in f for f in spotlights)

        # Taken down: the step's questions come back (the spotlight was up a moment ago).
        control(host, "spotlight", {"answer_id": None})
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator("#projector-spotlight")).to_be_hidden()
        expect(screen.locator(".projector-prompt").first).to_have_text(STEP_1_PROMPT)
        assert "Reading alone" not in screen.inner_text("main")

        # Time's up, said in words, and it stays; closing the step then says so.
        control(host, "timer", {"seconds": 10})
        expect(screen.locator("#projector-timer-label")).to_have_text("Time left")
        expect(screen.locator("#projector-timer-value")).to_have_text("Time's up", timeout=15_000)
        check_projector(
            screen, output_dir, "times-up", "#projector-timer-value, .projector-prompt", sizes=PROJECTOR_SIZES[:1]
        )
        control(host, "lock", {"locked": True})
        expect(screen.locator("#projector-timer-value")).to_have_text("Closed")
        expect(screen.locator("#projector-timer-label")).to_have_text("Time's up")
        check_projector(
            screen, output_dir, "closed", "#projector-timer-value, #projector-timer-label, .projector-prompt"
        )
        # Another step: open, no timer.
        control(host, "goto", {"index": 2})
        expect(card).to_be_hidden()
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_progress_in_self_pacing_and_the_closing_countdown(screen, live_server, output_dir):
    created, host = hosting(live_server, "projector-progress@example.com", screen)
    phones = [Phone(live_server.url) for _ in range(5)]
    try:
        for phone in phones:
            phone.join(created["code"])
        control(host, "goto", {"index": 1})
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")

        # Self pacing: how many people are on each step, from the first to the last.
        control(host, "pacing", {"mode": "self"})
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "progress")
        for phone, index in zip(phones, (1, 1, 2, 2, 2)):
            assert phone.call("view", {"index": index})["ok"]
        rows = screen.locator(".projector-progress-step")
        expect(rows).to_have_count(9)
        counts = screen.locator(".projector-progress-count")
        expect(counts).to_have_text(["0", "2", "3", "0", "0", "0", "0", "0", "0"])
        expect(screen.locator("#projector-progress-note")).to_have_text("5 people working through the steps")
        # Answers go on, and none of them shows (the dashboard got it: it was sent).
        secret = "Swimming alone at dawn"
        assert phones[0].answer(secret, "s1q1")["ok"]
        assert answer_id(host, secret)
        screen.wait_for_timeout(1200)  # a push that should not come has had time to arrive
        assert secret not in screen.inner_text("main")
        assert screen.received and not any(secret in frame for frame in screen.received)  # heard frames, not this
        check_projector(screen, output_dir, "progress", ".projector-progress-label, .projector-progress-count")
        for width, height in PROJECTOR_SIZES:
            resize_projector(screen, width, height)
            assert rows.first.locator(".projector-progress-label").evaluate(FONT_PX) >= 0.03 * height
        phones[2].call("view", {"index": 3})
        expect(counts).to_have_text(["0", "2", "2", "1", "0", "0", "0", "0", "0"])

        # Back to the facilitator: the step's questions again.
        control(host, "pacing", {"mode": "facilitator"})
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator("#projector-progress")).to_be_hidden()

        # The end with a grace period: a countdown by the server's clock, then the closing screen.
        control(host, "end", {"after_seconds": 8})
        expect(screen.locator("#projector-timer")).to_be_visible()
        expect(screen.locator("#projector-timer-label")).to_have_text("Closing in")
        assert 5 <= clock_seconds(screen) <= 8, clock_seconds(screen)
        check_projector(
            screen, output_dir, "grace", "#projector-timer-value, #projector-timer-label, .projector-prompt"
        )
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "ended", timeout=15_000)
        expect(screen.locator("#projector-closing")).to_contain_text("Thank you")
        expect(screen.locator("#projector-timer")).to_be_hidden()
        check_projector(screen, output_dir, "ended-after-grace", ".projector-closing-title, .projector-closing-text")
        assert wait_for(lambda: all(p.ended.is_set() for p in phones))
    finally:
        disconnect_all([host, *(p.client for p in phones)])
