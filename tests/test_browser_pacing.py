"""The participant's phone at 360×740 under the facilitator's controls (issue 13), in real
Chromium: the step's countdown counted from the server's clock (the phone's own is ten
minutes off), "Time's up"; a closed step that keeps the draft (also one refused with
`locked` on its way in) and reopens; self pacing with the phone's own Back/Next (`view`),
never the moved-on banner for its own moves, and back to the facilitator; the end's grace
period ("Closing in … — send what you have"), then the end.

Screenshots go to test-output/: phone-timer-360.png, phone-times-up-360.png,
phone-closed-360.png, phone-reopened-360.png, phone-self-paced-360.png,
phone-self-paced-top-360.png, phone-closing-360.png, phone-closing-ended-360.png.
"""

import json
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import (
    SMALL_PHONE,
    STEP_1,
    HostedRoom,
    Phone,
    assert_accessible,
    disconnect_all,
    send_button,
    settles,
    type_text,
    wait_for,
)

pytestmark = pytest.mark.browser
STEP_2 = "Understanding Interdependence in Relationships"
STEP_3 = "Assessing the Balance in Your Current Relationships"
STEP_4 = "Identifying Areas for Growth in Independence"
NOT_SENT = "_Not sent — this answer stayed on your phone._"
CLOSED = "Answers for this step are closed"
SKEW_MS = -10 * 60 * 1000
# The phone's clock ten minutes slow: a countdown from its own clock would be ten minutes long.
SKEWED_CLOCK = f"(() => {{ const real = Date.now.bind(Date); Date.now = () => real() + ({SKEW_MS}); }})();"


@pytest.fixture
def room(request, live_server):
    room = HostedRoom(live_server, f"{request.node.originalname[:40]}@example.com")
    yield room
    disconnect_all([room.host])


def open_phone(browser, room, skewed=False):
    """A 360×740 phone on the room's page (its clock ten minutes slow if `skewed`), with its
    page errors and the Socket.IO packets it sends collected."""
    context = browser.new_context(**SMALL_PHONE, bypass_csp=True, accept_downloads=True)
    if skewed:
        context.add_init_script(SKEWED_CLOCK)
    page = context.new_page()
    page.errors, page.frames_sent = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: page.frames_sent.append(str(payload))))
    page.goto(f"{room.url}/j/{room.code}")
    expect(page.locator("#connection")).to_have_text("Connected")
    return page


@pytest.fixture
def phone(browser, room):
    page = open_phone(browser, room)
    yield page
    errors = page.errors
    page.context.close()
    assert not errors, errors


def sent(page, name):
    """The payloads of every `name` event the page sent."""
    pattern = re.compile(r'^42\d*\["' + name + r'",(.*)\]$', re.S)
    return [json.loads(m.group(1)) for m in map(pattern.match, page.frames_sent) if m]


def shown_seconds(page):
    """The countdown on the phone, in seconds ("4:32" → 272)."""
    minutes, seconds = page.locator("#step-timer-value").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def server_left(timer):
    """Seconds left of a TIMER by the server's own clock when it made the message, less
    the time since (measured here, on the test machine's correct clock)."""
    ends = datetime.fromisoformat(timer["ends_at"].replace("Z", "+00:00"))
    now = datetime.fromisoformat(timer["now"].replace("Z", "+00:00"))
    return (ends - now).total_seconds()


def in_view(page, selector):
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }"
    )


def take_home(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_text(encoding="utf-8")


def settle(page):
    page.wait_for_timeout(400)  # smooth scrolls and fades have finished: the screenshot is what a person sees


def test_the_countdown_counts_from_the_servers_clock(browser, room, output_dir):
    page = open_phone(browser, room, skewed=True)
    try:
        # The skew is real: the page's Date.now is ten minutes behind this machine's.
        assert abs(page.evaluate("Date.now()") - time.time() * 1000 - SKEW_MS) < 5000
        room.goto(1)
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        timer = page.locator("#step-timer")
        expect(timer).to_be_hidden()

        started = time.monotonic()
        ack = room.control("timer", {"seconds": 300})
        expect(timer).to_be_visible()
        # Right by the server's clock (a phone counting from its own would show 15:00).
        expected = server_left(ack["timer"]) - (time.monotonic() - started)
        assert abs(shown_seconds(page) - expected) <= 2, (shown_seconds(page), expected)
        expect(page.locator("#step-timer-word")).to_have_text("left")
        expect(page.locator("#step-timer-lock")).to_be_hidden()
        # Beside "Step 2 of 9", on the first screen with the first answer box.
        assert in_view(page, "#step-timer") and in_view(page, "#answer-s1q1")
        settle(page)
        page.screenshot(path=str(output_dir / "phone-timer-360.png"))
        assert_accessible(page, "phone with a countdown")
        assert page.locator("#step-timer").get_attribute("role") == "timer"  # not read out every second
        # It counts down with the phone's own clock.
        before = shown_seconds(page)
        page.wait_for_timeout(2200)
        assert 1 <= before - shown_seconds(page) <= 3

        # One more minute: the countdown follows.
        room.control("timer", {"add": 60})
        page.wait_for_function("() => document.getElementById('step-timer-value').textContent.startsWith('5:')")
        assert 340 <= shown_seconds(page) <= 360
        # Cleared: gone (it was shown a moment ago).
        room.control("timer", {"seconds": None})
        expect(timer).to_be_hidden()

        # A short one that closes the step: "Time's up", then the step closes (the server does it).
        room.control("timer", {"seconds": 10, "lock": True})
        expect(timer).to_be_visible()
        expect(page.locator("#step-timer-lock")).to_have_text("· then closes")
        assert in_view(page, "#step-timer") and in_view(page, "#step-title")
        page.screenshot(path=str(output_dir / "phone-timer-lock-360.png"))
        expect(page.locator("#step-timer-value")).to_have_text("Time's up", timeout=15_000)
        expect(timer).to_have_attribute("data-state", "done")
        expect(page.locator("#step-closed")).to_be_visible(timeout=5000)
        expect(page.locator("#step-closed")).to_contain_text(CLOSED)
        settle(page)
        page.screenshot(path=str(output_dir / "phone-times-up-360.png"))
        assert_accessible(page, "phone, time's up and closed")

        # Moving on leaves the timer behind with its step.
        room.goto(2)
        expect(page.locator("#step-title")).to_have_text(STEP_2)
        expect(timer).to_be_hidden()
        expect(page.locator("#step-closed")).to_be_hidden()
    finally:
        errors = page.errors
        page.context.close()
    assert not errors, errors


def test_a_closed_step_keeps_the_draft_and_reopens(phone, room, output_dir):
    room.goto(1)
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    draft, kept, stored = (
        "Mornings on my own, before the house wakes",
        "Only with my oldest friend",
        "Quite comfortable",
    )
    phone.locator("#answer-s1q2").fill(stored)
    send_button(phone, "s1q2").click()
    expect(send_button(phone, "s1q2")).to_have_text("Sent ✓")
    type_text(phone, "s1q1", draft)

    # Closed: said once above the questions; sending is off; the text stays in its box.
    room.control("lock", {"locked": True})
    note = phone.locator("#step-closed")
    expect(note).to_be_visible()
    expect(note).to_contain_text(CLOSED)
    expect(send_button(phone, "s1q1")).to_be_disabled()
    expect(send_button(phone, "s1q1")).to_have_text("Closed")
    expect(send_button(phone, "s1q2")).to_be_disabled()
    expect(send_button(phone, "s1q2")).to_have_text("Sent ✓")
    expect(phone.locator("#answer-s1q1")).to_have_value(draft)
    expect(phone.locator("#answer-s1q1")).to_be_editable()  # still theirs to finish, for the take-home
    expect(phone.locator("#status-s1q1")).to_have_text(
        "Not sent: answers here are closed. It stays in your take-home file."
    )
    phone.evaluate("window.scrollTo(0, 0)")
    settle(phone)
    assert in_view(phone, "#step-closed")  # on the first screen
    phone.screenshot(path=str(output_dir / "phone-closed-360.png"))
    assert_accessible(phone, "phone, step closed")
    # Where the person was typing, the field says it too.
    phone.locator("form[data-question-id='s1q1'] .answer-actions").scroll_into_view_if_needed()
    settle(phone)
    assert in_view(phone, "#status-s1q1") and in_view(phone, "#answer-s1q1")
    phone.screenshot(path=str(output_dir / "phone-closed-field-360.png"))
    # A submit anyway (Enter in a form, a script) sends nothing.
    phone.locator("form[data-question-id='s1q1']").evaluate("form => form.requestSubmit()")
    phone.wait_for_timeout(500)
    assert [a["question_id"] for a in sent(phone, "answer")] == ["s1q2"]  # the listener heard the sent one

    # An answer on its way when the step closed: refused with `locked`, kept, not resent.
    room.control("lock", {"locked": False})
    expect(send_button(phone, "s1q3")).to_be_enabled()
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline")
    phone.locator("#answer-s1q3").fill(kept)
    send_button(phone, "s1q3").click()  # offline: into the outbox (the phone still thinks it is open)
    expect(phone.locator("#status-s1q3")).to_contain_text("saved on this phone")
    room.control("lock", {"locked": True})
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected", timeout=15_000)
    expect(send_button(phone, "s1q3")).to_have_text("Closed")
    expect(phone.locator("#status-s1q3")).to_contain_text("answers here are closed")
    expect(phone.locator("#answer-s1q3")).to_have_value(kept)
    assert settles(phone, lambda: kept in [a["text"] for a in sent(phone, "answer")])  # it went, and was refused
    # The refusal's ack lands after the frame went out: wait for it to empty the outbox.
    outbox = f"() => localStorage.getItem('fulcrum:outbox:{room.code}')"
    assert settles(phone, lambda: phone.evaluate(outbox) is None)
    phone.wait_for_timeout(500)
    assert [a["text"] for a in sent(phone, "answer")].count(kept) == 1  # never resent by itself
    assert room.answers("s1q3") == [] and room.answers("s1q1") == [] and room.answers("s1q2") == [stored]

    # The take-home has both drafts, marked not sent.
    text = take_home(phone, "#takehome-link")
    assert f"> {draft}\n\n{NOT_SENT}\n" in text and f"> {kept}\n\n{NOT_SENT}\n" in text
    assert f"> {stored}\n\n### " in text

    # Reopened: sending is back, the drafts too; the person sends when they choose.
    room.control("lock", {"locked": False})
    expect(note).to_be_hidden()
    expect(send_button(phone, "s1q1")).to_be_enabled()
    expect(send_button(phone, "s1q1")).to_have_text("Send")
    expect(phone.locator("#answer-s1q1")).to_have_value(draft)
    settle(phone)
    phone.screenshot(path=str(output_dir / "phone-reopened-360.png"))
    send_button(phone, "s1q1").click()
    expect(send_button(phone, "s1q1")).to_have_text("Sent ✓")
    assert wait_for(lambda: room.answers("s1q1") == [draft])
    assert room.answers("s1q3") == []  # the refused one waits for its person

    # Closed again while the facilitator moves on: nothing to send, so no banner; the text
    # goes to "Not sent yet", counted, and says it belongs to a closed step.
    room.control("lock", {"locked": True})
    expect(send_button(phone, "s1q3")).to_be_disabled()
    room.goto(2)
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    expect(phone.locator("#moved-on")).to_be_hidden()
    expect(phone.locator("#unsent-count")).to_have_text("1")
    phone.click("#unsent-toggle")
    expect(phone.locator("#unsent-text")).to_have_text(
        "One answer from closed steps is kept on this phone, in your take-home file."
    )
    expect(phone.locator("#unsent #answer-s1q3")).to_have_value(kept)
    expect(send_button(phone, "s1q3")).to_be_disabled()
    expect(send_button(phone, "s2q1")).to_be_enabled()  # the new step is open


def test_self_pacing_moves_the_phone_itself_and_back_to_the_facilitator(phone, room, output_dir):
    room.goto(1)
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    nav = phone.locator("#pace-nav")
    expect(nav).to_be_hidden()

    room.control("pacing", {"mode": "self"})
    expect(nav).to_be_visible()
    expect(phone.locator("#step-progress")).to_have_text("Step 2 of 9 · at your own pace")
    # The server starts it on the facilitator's step, so progress is right with no `view`
    # (the Next below shows the listener hears one).
    assert wait_for(lambda: any(s["index"] == 1 for p in room.host.recorder.of("progress") for s in p["steps"]), 5)
    assert sent(phone, "view") == []

    # Unsent text, then Next: the phone's own move, so no moved-on banner; the text is kept.
    draft = "Saturday mornings are mine"
    type_text(phone, "s1q1", draft)
    phone.click("#pace-next")
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    assert sent(phone, "view")[-1] == {"index": 2}
    expect(phone.locator("#moved-on")).to_be_hidden()
    expect(phone.locator("#step-title")).to_be_focused()  # the keyboard moves on with the person
    expect(phone.locator("#unsent-count")).to_have_text("1")
    phone.locator("#pace-nav").scroll_into_view_if_needed()
    settle(phone)
    phone.screenshot(path=str(output_dir / "phone-self-paced-360.png"))
    assert_accessible(phone, "phone, self paced")
    phone.evaluate("window.scrollTo(0, 0)")
    settle(phone)
    phone.screenshot(path=str(output_dir / "phone-self-paced-top-360.png"))
    assert wait_for(lambda: {"index": 2, "participants": 1} in room.host.recorder.of("progress")[-1]["steps"], 5)

    # Answers work on any step it is on.
    phone.locator("#answer-s2q1").fill("My sister, for lifts")
    send_button(phone, "s2q1").click()
    expect(send_button(phone, "s2q1")).to_have_text("Sent ✓")
    assert wait_for(lambda: room.answers("s2q1") == ["My sister, for lifts"])

    # Back, to the first step, where Back is off.
    phone.click("#pace-back")
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    expect(phone.locator("#answer-s1q1")).to_have_value(draft)
    phone.click("#pace-back")
    expect(phone.locator("#step-title")).to_have_text("Purpose")
    expect(phone.locator("#pace-back")).to_be_disabled()
    expect(phone.locator("#pace-next")).to_be_enabled()

    # The facilitator moving the screens does not move a self-paced phone.
    room.goto(4)
    assert wait_for(lambda: any(s["index"] == 4 for s in room.host.recorder.of("step")))  # the hosts heard it
    phone.wait_for_timeout(800)
    expect(phone.locator("#step-title")).to_have_text("Purpose")

    # A reload comes back to the phone's own step.
    phone.click("#pace-next")
    phone.click("#pace-next")
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    phone.reload()
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    expect(nav).to_be_visible()

    # Back to the facilitator: the buttons go and the phone follows their step.
    room.control("pacing", {"mode": "facilitator"})
    expect(phone.locator("#step-title")).to_have_text(STEP_4)
    expect(nav).to_be_hidden()
    expect(phone.locator("#step-progress")).to_have_text("Step 5 of 9")
    # …and their moves with unsent text ask again (the banner above was absent, not broken).
    type_text(phone, "s4q1", "Asking for help sooner")
    room.goto(5)
    expect(phone.locator("#moved-on")).to_be_visible()
    expect(phone.locator("#moved-on-title")).to_have_text("The facilitator moved to Step 6")


def test_a_phone_away_when_self_pacing_began_stays_where_it_is(phone, room, live_server):
    room.goto(2)
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline")
    room.goto(3)  # while it is away: the server will start it there
    room.control("pacing", {"mode": "self"})
    # What the server has for a phone it never heard from in self pacing: the first step.
    other = Phone(live_server.url)
    try:
        assert other.join(room.code)["step"]["index"] == 0
    finally:
        other.client.disconnect()

    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected", timeout=15_000)
    expect(phone.locator("#pace-nav")).to_be_visible()
    expect(phone.locator("#step-title")).to_have_text(STEP_2)  # where the person was
    assert settles(phone, lambda: {"index": 2} in sent(phone, "view"), 5)  # and the server is told
    assert wait_for(lambda: any(s["index"] == 2 for p in room.host.recorder.of("progress") for s in p["steps"]), 5)
    phone.reload()
    expect(phone.locator("#step-title")).to_have_text(STEP_2)


def test_the_end_with_a_grace_period(browser, room, output_dir):
    page = open_phone(browser, room, skewed=True)
    try:
        room.goto(1)
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        draft = "Long walks, and saying no more often"
        type_text(page, "s1q2", draft)

        room.control("end", {"after_seconds": 8})
        closing = page.locator("#closing")
        expect(closing).to_be_visible()
        expect(closing).to_contain_text("— send what you have")
        count = page.locator("#closing-count")
        # Counted from the server's clock, not the phone's (ten minutes off).
        seconds = int(re.fullmatch(r"Closing in (\d+) s", count.inner_text()).group(1))
        assert 5 <= seconds <= 8, seconds
        # In sight while typing further down the page (sticky).
        page.locator("#answer-s1q2").scroll_into_view_if_needed()
        assert in_view(page, "#closing") and in_view(page, "#answer-s1q2")
        settle(page)
        page.screenshot(path=str(output_dir / "phone-closing-360.png"))
        assert_accessible(page, "phone, closing")

        # What is sent in the grace period is stored.
        send_button(page, "s1q2").click()
        expect(send_button(page, "s1q2")).to_have_text("Sent ✓")
        assert wait_for(lambda: room.answers("s1q2") == [draft])
        type_text(page, "s1q3", "Not finished in time")

        # Then the end, as before: the banner goes, the take-home comes.
        expect(page.locator("#ended-banner")).to_be_visible(timeout=15_000)
        expect(closing).to_be_hidden()
        expect(page.locator("#takehome-download")).to_be_visible()
        expect(page.locator("#status-s1q3")).to_have_text("Not sent — it is kept in your take-home file.")
        page.evaluate("window.scrollTo(0, 0)")
        settle(page)
        page.screenshot(path=str(output_dir / "phone-closing-ended-360.png"))
        assert_accessible(page, "phone, ended after the grace period")
    finally:
        errors = page.errors
        page.context.close()
    assert not errors, errors
