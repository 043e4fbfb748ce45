"""The facilitator's room controls on the dashboard (issue 13), in real Chromium against a
real server, with python-socketio phones answering and a recording host socket as a second
screen that hears what the server told every host: the timer in the bar (presets, a custom
time, "close the step when time is up", +1 min, clear; its countdown on the server's clock
even when the laptop's clock is off), "Close step"/"Reopen" (a phone's late answer refused
with `locked`, accepted again after reopening), Hide/Unhide and Spotlight/Take down on the
answer cards (too_few_answers shown on the card), Facilitator-led/Self-paced with where
people are, "End in 30 s" in the End question, the keyboard shortcuts and their help, and
two dashboards that stay in the same state.

Screenshots go to test-output/: controls-1366.png, controls-timer-menu.png, controls-timer.png,
controls-closed.png, controls-closed-menu.png, controls-too-few.png, controls-spotlight.png,
controls-hidden.png, controls-pacing.png, controls-pacing-menu.png, controls-end-question.png,
controls-closing.png, controls-ended.png, controls-help.png, controls-768.png, controls-1366-all.png,
controls-390.png, controls-390-timer.png.
"""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from support import (
    ANSWERS,
    OVERLAPS,
    STEP_1,
    Phone,
    answer_all,
    assert_accessible,
    connect_host,
    disconnect_all,
    join_all,
    new_session,
    no_sideways_scroll,
    open_dashboard,
    settles,
    wait_for,
)

pytestmark = pytest.mark.browser
PHONES = 35
MARKUP = '<img src=x onerror="window.__pwned=1"> Evenings on my own'

BAR_PARTS = [
    ".step-menu-button",
    "#step-title",
    "#step-closed",
    "#prev-step",
    "#next-step",
    "#participant-count",
    "#connection",
    "#timer-button",
    "#timer-add",
    "#timer-clear",
    "#lock-step",
    ".pacing-label",
    ".pacing-option",
    "#show-join",
    "#closing-status",
    "#end-session",
    "#shortcuts-open",
]


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def in_view(page, selector):
    b = box(page, selector)
    size = page.viewport_size
    return (
        b is not None
        and b["y"] >= -0.5
        and b["y"] + b["height"] <= size["height"] + 0.5
        and b["x"] >= -0.5
        and b["x"] + b["width"] <= size["width"] + 0.5
    )


def recording_host(live_server, token, session_id):
    """A second host screen that records every event it hears (support.Recorder)."""
    host = connect_host(live_server, token, record=True)
    ack = host.call("host", {"session_id": session_id}, timeout=10)
    assert ack["ok"], ack
    return host


def timer_seconds(page):
    """The bar's countdown in seconds ("1:59" → 119): by seconds, so 2:00 against 1:59 is one apart."""
    minutes, seconds = re.search(r"(\d+):(\d\d)$", page.locator("#timer-label").text_content()).groups()
    return int(minutes) * 60 + int(seconds)


def card(page, text):
    return page.locator("li.answer-card", has_text=text)


class Room:
    """A session of the seed worksheet on step 1 with 35 phones joined: 30 answered the
    first question, none the others."""

    def __init__(self, live_server, email):
        self.email = email
        self.token = live_server.token_for(email)
        self.session = new_session(live_server, self.token, title="Team offsite, spring")
        self.phones = [Phone(live_server.url) for _ in range(PHONES)]
        join_all(self.phones, self.session["code"])
        host = connect_host(live_server, self.token)
        try:
            assert host.call("host", {"session_id": self.session["id"]}, timeout=10)["ok"]
            assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        finally:
            host.disconnect()
        answer_all(zip(self.phones, ANSWERS), "s1q1")

    def close(self):
        disconnect_all([p.client for p in self.phones])


@pytest.fixture(scope="module")
def room(live_server):
    room = Room(live_server, "controls@example.com")
    yield room
    room.close()


def test_the_bar_holds_the_room_controls(browser, live_server, room, output_dir):
    errors = []
    page = open_dashboard(browser, live_server, room.email, room.session["id"], errors=errors)
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    expect(page.locator("ol[data-answers-for='s1q1'] > li")).to_have_count(len(ANSWERS))
    for part in ["#timer-button", "#lock-step", "#pacing", "#show-join", "#end-session", "#shortcuts-open"]:
        expect(page.locator(part)).to_be_visible()
    expect(page.locator("#lock-step")).to_have_text("Close step")
    expect(page.locator(".pacing-option[data-mode='facilitator']")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(300)
    assert page.evaluate(OVERLAPS, BAR_PARTS) == []
    assert no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / "controls-1366.png"))
    assert_accessible(page, "controls at 1366")
    assert not errors, errors


def timer_pushes(listener):
    return listener.recorder.of("timer")


def test_timer_counts_down_on_the_servers_clock(browser, live_server, room, output_dir):
    """Start (a preset), +1 min, a custom time with "close the step when time is up", a
    time the server refuses (its message, under the menu), clear. This laptop's clock is ten
    minutes fast: the countdown follows the server's `now`, not the laptop's."""
    errors = []
    page = open_dashboard(
        browser, live_server, room.email, room.session["id"], errors=errors, clock_ahead=timedelta(minutes=10)
    )
    listener = recording_host(live_server, room.token, room.session["id"])
    label = page.locator("#timer-label")
    try:
        expect(label).to_have_text("Timer")
        page.click("#timer-button")
        popover = page.locator("#timer-menu .timer-popover")
        expect(popover).to_be_visible()
        expect(page.locator("#timer-presets button")).to_have_text(["1 min", "2 min", "3 min", "5 min", "10 min"])
        assert in_view(page, "#timer-menu .timer-popover")
        page.screenshot(path=str(output_dir / "controls-timer-menu.png"))
        assert_accessible(page, "timer menu open")

        page.click("#timer-presets button[data-minutes='5']")
        expect(popover).to_be_hidden()
        expect(page.locator("#timer-button")).to_be_focused()  # back on the menu's button
        assert wait_for(lambda: [t["seconds"] for t in timer_pushes(listener)] == [300])
        pushed = timer_pushes(listener)[-1]
        assert pushed["ends_at"] and pushed["lock"] is False and pushed["index"] == 1, pushed
        expect(label).to_have_text(re.compile(r"^(5:00|4:5\d)$"))  # not 0:00: the laptop's clock is off
        expect(page.locator("#timer-total")).to_have_text(" of 5:00")
        expect(page.locator("#bar-timer")).to_have_attribute("data-state", "running")
        before = label.text_content()
        page.wait_for_timeout(2200)
        assert label.text_content() < before, (before, label.text_content())  # "4:57" < "4:59": it counts

        page.click("#timer-add")
        assert wait_for(lambda: [t["seconds"] for t in timer_pushes(listener)] == [300, 360])
        expect(label).to_have_text(re.compile(r"^(6:00|5:5\d)$"))
        expect(page.locator("#timer-total")).to_have_text(" of 6:00")
        page.wait_for_timeout(200)
        assert page.evaluate(OVERLAPS, BAR_PARTS) == []
        page.screenshot(path=str(output_dir / "controls-timer.png"))
        assert_accessible(page, "timer running")

        # A time the server refuses: its own message, under the menu; the timer runs on.
        page.click("#timer-button")
        page.fill("#timer-minutes", "0:05")
        page.click("#timer-custom button[type=submit]")
        error = page.locator("#timer-error")
        expect(error).to_contain_text("Could not start the timer: ")
        assert len(error.text_content()) > len("Could not start the timer: ") + 5
        page.fill("#timer-minutes", "soon")
        page.click("#timer-custom button[type=submit]")
        expect(error).to_have_text("Type a number of minutes, such as 7 or 1:30.")
        expect(page.locator("#timer-minutes")).to_be_focused()
        # Another time that closes the step at zero.
        page.check("#timer-lock")
        page.fill("#timer-minutes", "7")
        page.press("#timer-minutes", "Enter")
        assert wait_for(lambda: timer_pushes(listener)[-1]["seconds"] == 420)
        assert timer_pushes(listener)[-1]["lock"] is True
        # Nothing was pushed for the refused time (the same listener heard the others).
        assert [t["seconds"] for t in timer_pushes(listener)] == [300, 360, 420]
        expect(label).to_have_text(re.compile(r"^(7:00|6:5\d)$"))
        expect(page.locator("#timer-sr")).to_contain_text("the step closes then")

        page.click("#timer-clear")
        assert wait_for(lambda: timer_pushes(listener)[-1]["ends_at"] is None)
        expect(label).to_have_text("Timer")
        expect(page.locator("#timer-add")).to_be_hidden()
        expect(page.locator("#bar-timer")).to_have_attribute("data-state", "idle")

        # The timer keeps timing its own step while the facilitator looks ahead: the bar says whose.
        page.click("#timer-button")
        page.uncheck("#timer-lock")
        page.click("#timer-presets button[data-minutes='1']")
        expect(label).to_have_text(re.compile(r"^(1:00|0:5\d)$"))
        page.click("#next-step")
        expect(page.locator("#step-progress")).to_have_text("Step 3 of 9")
        expect(label).to_have_text(re.compile(r"^Step 2 · (1:00|0:5\d)$"))
        page.click("#prev-step")
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        expect(label).to_have_text(re.compile(r"^(1:00|0:5\d)$"))
        page.click("#timer-clear")
        expect(label).to_have_text("Timer")
        assert not errors, errors
    finally:
        disconnect_all([listener])


def small_session(live_server, email, phones=4, **body):
    """A new session, its facilitator's token, and joined phones (still on the Purpose)."""
    token = live_server.token_for(email)
    created = new_session(live_server, token, **body)
    joined = [Phone(live_server.url) for _ in range(phones)]
    join_all(joined, created["code"])
    return token, created, joined


def test_close_step_refuses_late_answers_and_reopens(browser, live_server, output_dir):
    errors = []
    token, created, phones = small_session(live_server, "lock@example.com", phones=3)
    page = open_dashboard(browser, live_server, "lock@example.com", created["id"], errors=errors)
    listener = recording_host(live_server, token, created["id"])
    try:
        expect(page.locator("#lock-step")).to_be_disabled()  # the Purpose has no answers to close
        page.click("#next-step")
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        expect(page.locator("#lock-step")).to_be_enabled()
        assert phones[0].answer("Before the close", "s1q1")["ok"]
        expect(card(page, "Before the close")).to_have_count(1)

        page.click("#lock-step")
        expect(page.locator("#lock-step")).to_have_text("Reopen")
        expect(page.locator("#step-closed")).to_be_visible()
        expect(page.locator("#step-closed .closed-long")).to_have_text("Answers closed")
        assert wait_for(lambda: listener.recorder.of("locked") == [{"steps": [1]}])
        late = phones[1].answer("Too late", "s1q1")
        assert not late["ok"] and late["error"]["code"] == "locked", late
        # The steps menu marks the closed step, and only it.
        page.click("#step-menu summary")
        expect(page.locator("#step-list .step-button[data-index='1'] .step-tag")).to_have_text(["Closed"])
        expect(page.locator("#step-list .step-tag")).to_have_count(1)
        page.wait_for_timeout(200)
        assert page.evaluate(OVERLAPS, BAR_PARTS) == []
        page.screenshot(path=str(output_dir / "controls-closed-menu.png"))
        assert_accessible(page, "step closed, steps menu open")
        page.keyboard.press("Escape")
        expect(page.locator("#step-list")).to_be_hidden()
        page.screenshot(path=str(output_dir / "controls-closed.png"))
        assert_accessible(page, "step closed")

        page.click("#lock-step")
        expect(page.locator("#lock-step")).to_have_text("Close step")
        expect(page.locator("#step-closed")).to_be_hidden()
        expect(page.locator("#step-list .step-tag")).to_have_count(0)
        assert wait_for(lambda: listener.recorder.of("locked")[-1:] == [{"steps": []}])
        assert phones[1].answer("Too late", "s1q1")["ok"]  # reopened: the same text goes in now
        expect(card(page, "Too late")).to_have_count(1)
        expect(page.locator("[data-count-for='s1q1']")).to_have_text("2 of 3 connected answered")

        # A timer that closes the step at zero: the server closes it, every screen hears.
        page.click("#timer-button")
        page.check("#timer-lock")
        page.fill("#timer-minutes", "0:10")
        page.press("#timer-minutes", "Enter")
        expect(page.locator("#timer-label")).to_have_text(re.compile(r"^0:(10|0\d)$"))
        expect(page.locator("#lock-step")).to_have_text("Reopen", timeout=15_000)
        expect(page.locator("#timer-label")).to_have_text("Time’s up")
        expect(page.locator("#bar-timer")).to_have_attribute("data-state", "up")
        assert wait_for(lambda: listener.recorder.of("locked")[-1:] == [{"steps": [1]}])
        late = phones[2].answer("After the bell", "s1q1")
        assert not late["ok"] and late["error"]["code"] == "locked", late
        assert_accessible(page, "time is up, step closed")
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones] + [listener])


def test_hide_and_spotlight_answers(browser, live_server, output_dir):
    """min_group 3: spotlight refused (too_few_answers, on the card) until a third answer;
    Hide greys the card (still counted); hiding the spotlit answer takes it down."""
    errors = []
    token, created, phones = small_session(live_server, "moderate@example.com", phones=4)
    page = open_dashboard(browser, live_server, "moderate@example.com", created["id"], errors=errors)
    listener = recording_host(live_server, token, created["id"])
    try:
        page.click("#next-step")
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        assert phones[0].answer("Walking the dog alone", "s1q1")["ok"]
        assert phones[1].answer("My own bank account", "s1q1")["ok"]
        walking = card(page, "Walking the dog alone")
        expect(walking).to_have_count(1)
        expect(card(page, "My own bank account")).to_have_count(1)

        # Two answers: too few to spotlight one. Said on the card, in the server's words.
        walking.locator("button.answer-spotlight").click()
        error = walking.locator(".answer-error")
        expect(error).to_contain_text("Not on the projector yet. ")
        expect(error).to_contain_text("3")  # the session's group size, from the server's message
        expect(walking).not_to_have_class(re.compile("is-spotlit"))
        page.screenshot(path=str(output_dir / "controls-too-few.png"))
        assert_accessible(page, "spotlight refused")

        assert phones[2].answer("Painting on Sundays", "s1q1")["ok"]
        expect(card(page, "Painting on Sundays")).to_have_count(1)
        walking.locator("button.answer-spotlight").click()
        expect(walking).to_have_class(re.compile("is-spotlit"))
        expect(walking.locator(".answer-flag")).to_have_text("On the projector")
        expect(walking.locator("button.answer-spotlight")).to_have_text("Take down")
        expect(walking.locator(".answer-error")).to_have_text("")
        expect(page.locator("#spotlight-note")).to_be_visible()
        expect(page.locator("#spotlight-text")).to_have_text("“Walking the dog alone”")
        walking_id = int(walking.get_attribute("data-answer-id"))
        # Nothing was pushed for the refusal; the same listener heard the spotlight (the control).
        assert wait_for(lambda: listener.recorder.of("spotlight") == [{"answer_id": walking_id}])
        assert_accessible(page, "an answer spotlit")
        page.screenshot(path=str(output_dir / "controls-spotlight.png"))

        walking.locator("button.answer-spotlight").click()  # Take down
        expect(page.locator("#spotlight-note")).to_be_hidden()
        expect(walking).not_to_have_class(re.compile("is-spotlit"))
        assert wait_for(lambda: listener.recorder.of("spotlight")[-1:] == [{"answer_id": None}])

        # Hide: greyed, marked, Unhide; the count stays; the second screen hears it.
        bank = card(page, "My own bank account")
        bank_id = int(bank.get_attribute("data-answer-id"))
        bank.locator("button.answer-hide").click()
        expect(bank).to_have_class(re.compile("is-hidden"))
        expect(bank.locator(".answer-flag")).to_contain_text("Hidden")
        expect(bank.locator("button.answer-hide")).to_have_text("Unhide")
        expect(bank.locator("button.answer-spotlight")).to_be_hidden()
        expect(page.locator("[data-count-for='s1q1']")).to_have_text("3 of 4 connected answered")
        assert wait_for(
            lambda: any(
                a["id"] == bank_id and a["hidden"] is True
                for b in listener.recorder.of("answers")
                for a in b["answers"]
            )
        )
        page.wait_for_timeout(300)
        page.screenshot(path=str(output_dir / "controls-hidden.png"))
        assert_accessible(page, "an answer hidden")
        # Its place among the answers is kept (not moved to the top like a new answer).
        order = page.locator("ol[data-answers-for='s1q1'] > li").evaluate_all(
            "cards => cards.map(c => c.dataset.answerId)"
        )
        assert order.index(str(bank_id)) == 1, order

        bank.locator("button.answer-hide").click()  # Unhide
        expect(bank).not_to_have_class(re.compile("is-hidden"))
        expect(bank.locator("button.answer-hide")).to_have_text("Hide")
        expect(bank.locator("button.answer-spotlight")).to_be_visible()

        # A spotlit answer's text is only ever text here (the note quotes it).
        assert phones[3].answer(MARKUP, "s1q1")["ok"]
        card(page, "onerror").locator("button.answer-spotlight").click()
        expect(page.locator("#spotlight-text")).to_have_text(f"“{MARKUP}”")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#spotlight-note img, main img[src='x']").count() == 0
        page.click("#spotlight-off")
        expect(page.locator("#spotlight-note")).to_be_hidden()

        # Hiding the spotlit answer takes it down.
        walking.locator("button.answer-spotlight").click()
        expect(page.locator("#spotlight-note")).to_be_visible()
        walking.locator("button.answer-hide").click()
        expect(walking).to_have_class(re.compile("is-hidden"))
        expect(page.locator("#spotlight-note")).to_be_hidden()
        assert wait_for(lambda: listener.recorder.of("spotlight")[-1:] == [{"answer_id": None}])
        # A hidden answer cannot be spotlit (the server says; its button is gone here).
        refused = listener.call("spotlight", {"answer_id": walking_id}, timeout=10)
        assert not refused["ok"] and refused["error"]["code"] == "bad_request", refused
        expect(page.locator("[data-count-for='s1q1']")).to_have_text("4 of 4 connected answered")
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones] + [listener])


def test_self_paced_shows_where_people_are(browser, live_server, output_dir):
    errors = []
    token, created, phones = small_session(live_server, "pacing@example.com", phones=6)
    page = open_dashboard(browser, live_server, "pacing@example.com", created["id"], errors=errors)
    listener = recording_host(live_server, token, created["id"])
    try:
        page.click("#next-step")
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        expect(page.locator("#pace-strip")).to_be_hidden()
        refused = phones[0].call("view", {"index": 2})
        assert not refused["ok"] and refused["error"]["code"] == "forbidden", refused

        page.click(".pacing-option[data-mode='self']")
        expect(page.locator(".pacing-option[data-mode='self']")).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".pacing-option[data-mode='facilitator']")).to_have_attribute("aria-pressed", "false")
        assert wait_for(lambda: {"mode": "self"} in listener.recorder.of("pacing"))
        expect(page.locator("#pace-strip")).to_be_visible()

        for phone, index in zip(phones, [1, 1, 1, 2, 2, 3]):
            ack = phone.call("view", {"index": index})
            assert ack["ok"] and ack["step"]["index"] == index, ack
        wanted = [{"index": 1, "participants": 3}, {"index": 2, "participants": 2}, {"index": 3, "participants": 1}]
        assert wait_for(lambda: listener.recorder.of("progress")[-1:] == [{"steps": wanted}])
        strip = page.locator("#pace-list")
        expect(strip.locator("li[data-index='1'] .pace-count")).to_have_text("3")
        expect(strip.locator("li[data-index='2'] .pace-count")).to_have_text("2")
        expect(strip.locator("li[data-index='3'] .pace-count")).to_have_text("1")
        expect(strip.locator("li[data-index='0'] .pace-count")).to_have_text("0")
        expect(strip.locator("li.is-current")).to_have_attribute("data-index", "1")
        page.click("#step-menu summary")
        expect(page.locator("#step-list .step-button[data-index='2'] .step-tag")).to_have_text(["2 here"])
        expect(page.locator("#step-list .step-button[data-index='0'] .step-tag")).to_have_count(0)
        page.screenshot(path=str(output_dir / "controls-pacing-menu.png"))
        assert_accessible(page, "self-paced, steps menu")
        page.keyboard.press("Escape")
        page.screenshot(path=str(output_dir / "controls-pacing.png"))
        assert_accessible(page, "self-paced")

        # Back to facilitator-led: every phone is brought to the facilitator's step.
        before = [len(p.steps) for p in phones]
        page.click(".pacing-option[data-mode='facilitator']")
        expect(page.locator(".pacing-option[data-mode='facilitator']")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#pace-strip")).to_be_hidden()
        assert wait_for(lambda: all(len(p.steps) > n and p.steps[-1]["index"] == 1 for p, n in zip(phones, before)))
        expect(page.locator("#step-list .step-tag")).to_have_count(0)
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones] + [listener])


def test_end_in_30_seconds(browser, live_server, output_dir):
    errors = []
    token, created, phones = small_session(live_server, "closing@example.com", phones=3)
    page = open_dashboard(browser, live_server, "closing@example.com", created["id"], errors=errors)
    listener = recording_host(live_server, token, created["id"])
    try:
        page.click("#next-step")
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        assert phones[1].answer("Call me on 07700 900123", "s1q1")["ok"]
        assert phones[0].call("writing", {"question_id": "s1q1"})["ok"]
        page.click("#end-session")
        dialog = page.locator("#end-dialog")
        expect(dialog).to_be_visible()
        expect(page.locator("#end-cancel")).to_be_focused()
        expect(page.locator("#end-dialog-writing")).to_have_text(
            "1 answer is still being written on phones and will not be sent."
        )
        expect(dialog.locator("button")).to_have_text(["Cancel", "End in 30 s", "End now"])
        page.screenshot(path=str(output_dir / "controls-end-question.png"))
        assert_accessible(page, "end question")

        page.click("#end-grace")
        expect(dialog).to_be_hidden()
        expect(page.locator("#end-session")).to_be_focused()  # it can still end sooner
        expect(page.locator("#closing-status")).to_be_visible()
        expect(page.locator("#closing-time")).to_have_text(re.compile(r"^0:(30|2\d)$"))
        assert wait_for(lambda: len(listener.recorder.of("closing")) == 1)
        closing = listener.recorder.of("closing")[0]
        grace = datetime.fromisoformat(closing["ends_at"]) - datetime.fromisoformat(closing["now"])
        assert timedelta(seconds=29) < grace <= timedelta(seconds=30), closing
        assert not any(p.ended.is_set() for p in phones)
        page.wait_for_timeout(200)
        assert page.evaluate(OVERLAPS, BAR_PARTS) == []
        page.screenshot(path=str(output_dir / "controls-closing.png"))
        assert_accessible(page, "closing")

        # Already closing: End asks only whether to end now.
        page.click("#end-session")
        expect(page.locator("#end-dialog-title")).to_have_text("End the session now?")
        expect(page.locator("#end-grace")).to_be_hidden()
        expect(page.locator("#end-dialog-grace")).to_contain_text("It ends by itself in 0:")
        page.click("#end-confirm")
        expect(page.locator("#ended-banner")).to_be_visible()
        expect(page.locator("#closing-status")).to_be_hidden()
        expect(page.locator("#connection")).to_have_text("Ended")  # no green "Live" over a room that is over
        for part in ["#bar-timer", "#lock-step", "#pacing", "#end-session"]:
            expect(page.locator(part)).to_be_hidden()
        assert wait_for(lambda: all(p.ended.is_set() for p in phones))
        # After the end an answer can still be hidden (out of the report); nothing is spotlit.
        late = card(page, "Call me on")
        expect(late.locator("button.answer-spotlight")).to_be_hidden()
        late.locator("button.answer-hide").click()
        expect(late).to_have_class(re.compile("is-hidden"))
        assert wait_for(lambda: any(a["hidden"] for b in listener.recorder.of("answers") for a in b["answers"]))
        page.screenshot(path=str(output_dir / "controls-ended.png"))
        assert_accessible(page, "ended after closing")
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones] + [listener])


def test_shortcuts_and_their_help(browser, live_server, room, output_dir):
    errors = []
    page = open_dashboard(browser, live_server, room.email, room.session["id"], errors=errors)
    listener = recording_host(live_server, room.token, room.session["id"])
    help_dialog = page.locator("#shortcuts-dialog")
    try:
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        # ? opens the list, with the keyboard on Close; Escape shuts it, focus back where it was.
        page.focus("#next-step")
        page.keyboard.press("?")
        expect(help_dialog).to_be_visible()
        expect(page.locator("#shortcuts-close")).to_be_focused()
        expect(help_dialog.locator("dl.shortcut-list").first.locator("dt")).to_have_count(8)  # the page's own keys
        # Behind it, the arrows move nothing.
        page.keyboard.press("ArrowRight")
        assert in_view(page, "#shortcuts-dialog")
        page.screenshot(path=str(output_dir / "controls-help.png"))
        assert_accessible(page, "shortcuts help")
        page.keyboard.press("Escape")
        expect(help_dialog).to_be_hidden()
        expect(page.locator("#next-step")).to_be_focused()
        expect(page.locator("#step-progress")).to_have_text("Step 2 of 9")
        # The visible button opens it too; Close returns to the button.
        page.click("#shortcuts-open")
        expect(help_dialog).to_be_visible()
        page.click("#shortcuts-close")
        expect(help_dialog).to_be_hidden()
        expect(page.locator("#shortcuts-open")).to_be_focused()

        # T opens the timer's menu on its first choice; Escape closes it, back on its button.
        page.keyboard.press("t")
        expect(page.locator("#timer-menu .timer-popover")).to_be_visible()
        expect(page.locator("#timer-presets button").first).to_be_focused()
        # Typing in a field takes no shortcut: ?, l and t are letters there.
        page.focus("#timer-minutes")
        page.keyboard.type("?lt")
        expect(page.locator("#timer-minutes")).to_have_value("?lt")
        expect(help_dialog).to_be_hidden()
        expect(page.locator("#lock-step")).to_have_text("Close step")
        page.fill("#timer-minutes", "")
        page.keyboard.press("Escape")
        expect(page.locator("#timer-menu .timer-popover")).to_be_hidden()
        expect(page.locator("#timer-button")).to_be_focused()

        # L closes and reopens the step (the server hears it: the control for the field above).
        page.keyboard.press("l")
        expect(page.locator("#lock-step")).to_have_text("Reopen")
        assert wait_for(lambda: listener.recorder.of("locked")[-1:] == [{"steps": [1]}])
        page.keyboard.press("l")
        expect(page.locator("#lock-step")).to_have_text("Close step")
        assert wait_for(lambda: listener.recorder.of("locked")[-1:] == [{"steps": []}])
        # + adds a minute to the running timer.
        page.keyboard.press("t")
        page.keyboard.press("Enter")  # on "1 min"
        assert wait_for(
            lambda: listener.recorder.of("timer")[-1:] and listener.recorder.of("timer")[-1]["seconds"] == 60
        )
        expect(page.locator("#timer-total")).to_have_text(" of 1:00")
        expect(page.locator("#timer-button")).to_be_focused()
        page.keyboard.press("+")
        assert wait_for(lambda: listener.recorder.of("timer")[-1]["seconds"] == 120)
        expect(page.locator("#timer-total")).to_have_text(" of 2:00")
        page.click("#timer-clear")
        expect(page.locator("#timer-label")).to_have_text("Timer")
        # J toggles the join screen; E asks to end (and asks only).
        page.locator("body").press("j")
        expect(page.locator("#show-join")).to_have_attribute("aria-pressed", "true")
        page.locator("body").press("j")
        expect(page.locator("#show-join")).to_have_attribute("aria-pressed", "false")
        page.locator("body").press("e")
        expect(page.locator("#end-dialog")).to_be_visible()
        expect(page.locator("#end-cancel")).to_be_focused()
        page.keyboard.press("?")  # not over the End question
        expect(help_dialog).to_be_hidden()
        page.keyboard.press("Escape")
        expect(page.locator("#end-dialog")).to_be_hidden()
        # The arrows still move the steps.
        page.locator("body").press("ArrowRight")
        expect(page.locator("#step-progress")).to_have_text("Step 3 of 9")
        # The room's `step` can arrive before the move's ack; a move waits for the last one's.
        expect(page.locator("#prev-step")).to_be_enabled()
        page.locator("body").press("ArrowLeft")
        expect(page.locator("#step-progress")).to_have_text("Step 2 of 9")
        assert not errors, errors
    finally:
        disconnect_all([listener])


def test_two_dashboards_stay_in_the_same_state(browser, live_server, output_dir):
    """What one dashboard does, the other shows (from the server's pushes), and a reload
    starts from the server's state; the controls fit a tablet and a phone."""
    errors = []
    email = "two@example.com"
    token, created, phones = small_session(live_server, email, phones=4)
    laptop = open_dashboard(browser, live_server, email, created["id"], errors=errors)
    tablet = open_dashboard(browser, live_server, email, created["id"], 768, 1024, errors)
    try:
        laptop.click("#next-step")
        for page in (laptop, tablet):
            expect(page.locator("#step-title")).to_have_text(STEP_1)
        answer_all(zip(phones, ANSWERS[9:13]), "s1q1")
        for page in (laptop, tablet):
            expect(page.locator("ol[data-answers-for='s1q1'] > li")).to_have_count(4)

        laptop.click("#timer-button")
        laptop.click("#timer-presets button[data-minutes='2']")
        expect(tablet.locator("#timer-label")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
        expect(tablet.locator("#timer-total")).to_have_text(" of 2:00")
        tablet.click("#lock-step")
        expect(laptop.locator("#lock-step")).to_have_text("Reopen")
        expect(laptop.locator("#step-closed")).to_be_visible()
        card(laptop, ANSWERS[9]).locator("button.answer-hide").click()
        expect(card(tablet, ANSWERS[9])).to_have_class(re.compile("is-hidden"))
        expect(card(tablet, ANSWERS[9]).locator("button.answer-hide")).to_have_text("Unhide")
        card(tablet, ANSWERS[10]).locator("button.answer-spotlight").click()
        expect(card(laptop, ANSWERS[10])).to_have_class(re.compile("is-spotlit"))
        expect(laptop.locator("#spotlight-text")).to_have_text(f"“{ANSWERS[10]}”")
        laptop.click(".pacing-option[data-mode='self']")
        expect(tablet.locator(".pacing-option[data-mode='self']")).to_have_attribute("aria-pressed", "true")
        expect(tablet.locator("#pace-strip")).to_be_visible()
        tablet.click("#end-session")
        tablet.click("#end-grace")
        expect(laptop.locator("#closing-time")).to_have_text(re.compile(r"^0:(30|2\d)$"))
        # Both count down together.
        assert abs(timer_seconds(laptop) - timer_seconds(tablet)) <= 1

        tablet.wait_for_timeout(300)
        assert no_sideways_scroll(tablet)
        assert tablet.evaluate(OVERLAPS, BAR_PARTS) == []
        tablet.screenshot(path=str(output_dir / "controls-768.png"))
        assert_accessible(tablet, "every control on, at 768")
        laptop.screenshot(path=str(output_dir / "controls-1366-all.png"))
        assert laptop.evaluate(OVERLAPS, BAR_PARTS) == []

        # A reload (or a third screen) starts from the server's state.
        phone_view = open_dashboard(browser, live_server, email, created["id"], 390, 844, errors)
        for page in (tablet, phone_view):
            if page is tablet:
                page.reload()
            expect(page.locator("#timer-total")).to_have_text(" of 2:00")
            expect(page.locator("#lock-step")).to_have_text("Reopen")
            expect(card(page, ANSWERS[9])).to_have_class(re.compile("is-hidden"))
            expect(card(page, ANSWERS[10])).to_have_class(re.compile("is-spotlit"))
            expect(page.locator(".pacing-option[data-mode='self']")).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#closing-status")).to_be_visible()
        phone_view.wait_for_timeout(300)
        assert no_sideways_scroll(phone_view)
        assert phone_view.evaluate(OVERLAPS, BAR_PARTS) == []
        phone_view.screenshot(path=str(output_dir / "controls-390.png"))
        bar = box(phone_view, "#dash-bar")
        assert bar["height"] <= 844 * 0.35, bar
        assert_accessible(phone_view, "every control on, at 390")
        phone_view.evaluate("window.scrollTo(0, 0)")  # the bar not yet stuck: the menu opens low
        phone_view.click("#timer-button")
        expect(phone_view.locator("#timer-menu .timer-popover")).to_be_visible()
        # The page brings an opened menu into view in the next animation frame: wait for it.
        assert settles(phone_view, lambda: in_view(phone_view, "#timer-menu .timer-popover"), 3)
        phone_view.screenshot(path=str(output_dir / "controls-390-timer.png"))
        assert_accessible(phone_view, "timer menu at 390")
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones])
