"""The participant's phone at 360×740 in real Chromium (issue 12): the question first, a
draft never hidden or lost (the moved-on banner, "Not sent yet" at the top, reloads),
feedback at the field, the writing hint, and the Markdown take-home, also after the end
and a reload.

Screenshots go to test-output/: phone-guidance-360.png, phone-guidance-open-360.png,
phone-field-error-360.png, phone-sent-360.png, phone-moved-on-360.png,
phone-kept-360.png, phone-reload-drafts-360.png, phone-ended-360.png,
phone-ended-reload-360.png.
"""

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import (
    SEED_TITLE,
    SMALL_PHONE,
    STEP_1,
    HostedRoom,
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


@pytest.fixture
def room(request, live_server):
    room = HostedRoom(live_server, f"{request.node.originalname[:40]}@example.com")
    yield room
    disconnect_all([room.host])


@pytest.fixture
def phone(browser, room):
    """A 360×740 phone on the room's page, collecting page errors (checked at the end)."""
    # bypass_csp only lets the test inject axe-core; the page's own scripts are all files.
    context = browser.new_context(**SMALL_PHONE, bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{room.url}/j/{room.code}")
    expect(page.locator("#connection")).to_have_text("Connected")
    yield page
    errors = page.errors
    context.close()
    assert not errors, errors


def box(page, selector):
    return page.locator(selector).bounding_box()


def in_view(page, selector):
    """The element lies wholly inside the viewport, as the page is scrolled now."""
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


def storage(page):
    return page.evaluate("() => Object.fromEntries(Object.entries(window.localStorage))")


def test_the_question_comes_first_and_feedback_is_at_the_field(phone, room, output_dir):
    # The Purpose step reads as before: all of it, nothing folded, nothing to answer.
    expect(phone.locator("#step-title")).to_have_text("Purpose")
    expect(phone.locator("#read-along")).to_be_visible()
    expect(phone.locator("#read-more")).to_be_hidden()
    assert phone.locator("#step-guidance").evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    assert phone.locator("#step-guidance p").count() == 2

    room.goto(1)
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    expect(phone.locator("#questions textarea")).to_have_count(3)
    phone.wait_for_timeout(400)  # the smooth scroll to the top has finished
    assert phone.evaluate("window.scrollY") == 0
    # The first answer box (and its Send button) on the first screen, without scrolling.
    assert in_view(phone, "#answer-s1q1"), box(phone, "#answer-s1q1")
    assert in_view(phone, "form[data-question-id='s1q1'] .send-button")
    guidance = phone.locator("#step-guidance")
    expect(guidance).to_have_attribute("data-clamped", "true")
    assert guidance.evaluate("el => el.scrollHeight > el.clientHeight + 20")  # folded: there is more
    more = phone.locator("#read-more")
    expect(more).to_be_visible()
    expect(more).to_have_attribute("aria-expanded", "false")
    phone.screenshot(path=str(output_dir / "phone-guidance-360.png"))
    assert_accessible(phone, "phone, step with guidance folded")

    more.click()
    expect(more).to_have_text("Show less")
    expect(more).to_have_attribute("aria-expanded", "true")
    assert guidance.evaluate("el => el.scrollHeight <= el.clientHeight + 1")  # all of it
    assert "assert your personal boundaries" in guidance.inner_text()
    phone.screenshot(path=str(output_dir / "phone-guidance-open-360.png"))
    assert_accessible(phone, "phone, guidance open")
    more.click()
    expect(guidance).to_have_attribute("data-clamped", "true")

    # An empty answer: the error sits under its box, in view, even when the person had
    # scrolled past the box to reach the button.
    send_s1q2 = send_button(phone, "s1q2")
    phone.evaluate("top => window.scrollBy(0, top - 8)", send_s1q2.evaluate("el => el.getBoundingClientRect().top"))
    assert not in_view(phone, "#answer-s1q2")
    send_s1q2.click()
    status = phone.locator("#status-s1q2")
    expect(status).to_have_text("Write an answer first.")
    expect(status).to_be_in_viewport(ratio=1)
    expect(phone.locator("#answer-s1q2")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#answer-s1q2")).to_be_focused()
    # Measured in one frame (the page may still be scrolling): right under the box, above the button.
    gaps = phone.evaluate(
        """() => {
        const r = (id) => document.getElementById(id).getBoundingClientRect();
        const field = r("answer-s1q2"), error = r("status-s1q2");
        const send = document.querySelector("form[data-question-id='s1q2'] .send-button").getBoundingClientRect();
        return [error.top - field.bottom, send.top - error.bottom];
    }"""
    )
    assert 0 <= gaps[0] < 16 and gaps[1] >= 0, gaps
    phone.wait_for_timeout(300)
    phone.screenshot(path=str(output_dir / "phone-field-error-360.png"))
    assert_accessible(phone, "phone, error at the field")
    type_text(phone, "s1q2", "Yes")  # typing clears the error
    expect(status).to_have_text("")
    expect(phone.locator("#answer-s1q2")).not_to_have_attribute("aria-invalid", "true")

    # Sent: the button becomes a quiet "Sent ✓" until the text is edited, then "Update".
    text = "Pottery on Thursdays, on my own"
    phone.locator("#answer-s1q1").fill(text)
    send = send_button(phone, "s1q1")
    expect(send).to_have_text("Send")
    send.click()
    expect(send).to_have_text("Sent ✓")
    expect(phone.locator("#status-s1q1")).to_have_text("Sent ✓")  # for screen readers (and older tests)
    expect(send).to_have_class(re.compile(r"\bsend-button-sent\b"))
    expect(send).not_to_have_class(re.compile(r"\bbutton-primary\b"))
    assert wait_for(lambda: room.answers("s1q1") == [text])
    phone.locator("#answer-s1q1").scroll_into_view_if_needed()
    phone.screenshot(path=str(output_dir / "phone-sent-360.png"))
    assert_accessible(phone, "phone, sent")

    type_text(phone, "s1q1", " and long walks")
    expect(send).to_have_text("Update")
    expect(send).to_have_class(re.compile(r"\bbutton-primary\b"))
    expect(phone.locator("#status-s1q1")).to_have_text("Changed — not sent yet.")
    send.click()
    expect(send).to_have_text("Sent ✓")
    assert wait_for(lambda: room.answers("s1q1") == [text, f"{text} and long walks"])


def test_moving_on_keeps_the_text_and_asks_send_now_or_later(phone, room, output_dir):
    room.goto(1)
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    banner = phone.locator("#moved-on")

    # No unsent text: the phone simply follows (and the banner is there to be seen when due).
    room.goto(2)
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    expect(banner).to_be_hidden()

    # Typing, not sent, when the facilitator moves: the step and the text stay, the banner asks.
    draft = "My sister, when the car breaks down"
    type_text(phone, "s2q1", draft)
    room.goto(3)
    expect(banner).to_be_visible()
    expect(phone.locator("#moved-on-title")).to_have_text("The facilitator moved to Step 4")
    expect(banner).to_contain_text(STEP_3)
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    expect(phone.locator("#answer-s2q1")).to_have_value(draft)
    expect(phone.locator("#answer-s2q1")).to_be_focused()  # the banner never takes the keyboard
    assert in_view(phone, "#moved-on") and in_view(phone, "#answer-s2q1")
    phone.screenshot(path=str(output_dir / "phone-moved-on-360.png"))
    assert_accessible(phone, "phone, moved-on banner")
    # The narrowest phones: the buttons stack, nothing runs off the side.
    phone.set_viewport_size({"width": 320, "height": 568})
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.screenshot(path=str(output_dir / "phone-moved-on-320.png"))
    phone.set_viewport_size(SMALL_PHONE["viewport"])
    # Scrolled down, the banner is still in sight (sticky).
    phone.locator("#answer-s2q3").scroll_into_view_if_needed()
    assert in_view(phone, "#moved-on")

    # Send it now: the facilitator gets the answer, then the new step shows.
    phone.click("#moved-on-send")
    expect(phone.locator("#step-title")).to_have_text(STEP_3)
    expect(banner).to_be_hidden()
    assert wait_for(lambda: room.answers("s2q1") == [draft])
    expect(phone.locator("#unsent")).to_be_hidden()

    # Again, and keep it for later: it goes to "Not sent yet", at the top, not to the facilitator.
    kept = "The ones with my oldest friends, mostly"
    type_text(phone, "s3q1", kept)
    room.goto(4)
    expect(banner).to_be_visible()
    expect(phone.locator("#moved-on-title")).to_have_text("The facilitator moved to Step 5")
    phone.click("#moved-on-keep")
    expect(phone.locator("#step-title")).to_have_text(STEP_4)
    expect(banner).to_be_hidden()
    expect(phone.locator("#step-title")).to_be_focused()  # the keyboard moves on with the person
    unsent = phone.locator("#unsent")
    expect(unsent).to_be_visible()
    expect(phone.locator("#unsent-count")).to_have_text("1")
    phone.wait_for_timeout(400)
    assert box(phone, "#unsent")["y"] < box(phone, "#step-title")["y"]  # above the step
    assert in_view(phone, "#unsent")  # on the first screen
    phone.screenshot(path=str(output_dir / "phone-kept-folded-360.png"))
    assert in_view(phone, "#answer-s4q1")  # and the new step's first box still is too
    assert_accessible(phone, "phone, not sent yet folded")
    phone.click("#unsent-toggle")
    expect(phone.locator("#unsent-toggle")).to_have_attribute("aria-expanded", "true")
    expect(phone.locator("#unsent #answer-s3q1")).to_have_value(kept)
    expect(phone.locator("#unsent form[data-question-id='s3q1']")).to_contain_text("Step 4 · " + STEP_3)
    phone.screenshot(path=str(output_dir / "phone-kept-360.png"))
    assert_accessible(phone, "phone, not sent yet open")
    assert room.answers("s3q1") == [] and room.answers("s2q1") == [draft]  # the same recorder heard s2q1

    # Sent from the list, whenever the person likes.
    send_button(phone, "s3q1").click()
    expect(send_button(phone, "s3q1")).to_have_text("Sent ✓")
    expect(phone.locator("#unsent-count")).to_be_hidden()
    assert wait_for(lambda: room.answers("s3q1") == [kept])

    # The facilitator coming back to the held step takes the banner away, the text in place.
    type_text(phone, "s4q1", "Asking for lifts")
    room.goto(5)
    expect(banner).to_be_visible()
    room.goto(4)
    expect(banner).to_be_hidden()
    expect(phone.locator("#answer-s4q1")).to_have_value("Asking for lifts")


def test_drafts_of_every_step_survive_a_reload_and_a_lost_connection(phone, room, output_dir):
    room.goto(1)
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    earlier, sent, later = "Saturday mornings are mine", "Quite comfortable, mostly", "Lunch with a colleague"
    type_text(phone, "s1q1", earlier)
    phone.locator("#answer-s1q2").fill(sent)
    send_button(phone, "s1q2").click()
    expect(send_button(phone, "s1q2")).to_have_text("Sent ✓")
    room.goto(2)
    phone.click("#moved-on-keep")
    expect(phone.locator("#step-title")).to_have_text(STEP_2)

    # The connection drops while typing: the text is on the phone all along.
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline")
    type_text(phone, "s2q1", later)
    drafts = {k: v for k, v in storage(phone).items() if k.startswith(f"fulcrum:draft:{room.code}:")}
    assert drafts == {f"fulcrum:draft:{room.code}:s1q1": earlier, f"fulcrum:draft:{room.code}:s2q1": later}
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected", timeout=15_000)
    expect(phone.locator("#answer-s2q1")).to_have_value(later)

    phone.reload()
    expect(phone.locator("#step-title")).to_have_text(STEP_2)
    expect(phone.locator("#answer-s2q1")).to_have_value(later)
    expect(send_button(phone, "s2q1")).to_have_text("Send")
    expect(phone.locator("#unsent")).to_be_visible()
    expect(phone.locator("#unsent-count")).to_have_text("1")
    phone.wait_for_timeout(300)
    phone.screenshot(path=str(output_dir / "phone-reload-drafts-360.png"))
    assert_accessible(phone, "phone after a reload, not sent yet folded")
    phone.click("#unsent-toggle")
    expect(phone.locator("#unsent #answer-s1q1")).to_have_value(earlier)
    expect(phone.locator("#unsent #answer-s1q2")).to_have_count(0)  # sent: not in the list
    phone.screenshot(path=str(output_dir / "phone-reload-drafts-open-360.png"))
    assert_accessible(phone, "phone after a reload with drafts")
    assert room.answers("s1q1") == [] and room.answers("s2q1") == [] and room.answers("s1q2") == [sent]


def sent_frames(page):
    """Every Socket.IO packet the page sends from now on, as text: WebSocket frames and
    long-polling bodies (packets joined by \\x1e), whichever transport the page ends up on."""
    frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(str(payload))))

    def polled(request):
        if "/socket.io/" in request.url and request.method == "POST" and request.post_data:
            frames.extend(request.post_data.split("\x1e"))

    page.on("request", polled)
    return frames


def events(frames, name):
    pattern = re.compile(r'^42\d*\["' + name + r'",(.*)\]$', re.S)
    return [json.loads(m.group(1)) for m in map(pattern.match, frames) if m]


def test_writing_hints_reach_the_host_without_text(browser, room, output_dir):
    context = browser.new_context(**SMALL_PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    frames = sent_frames(page)  # before the page opens its socket
    room.goto(1)
    page.goto(f"{room.url}/j/{room.code}")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    assert page.locator("#phone").get_attribute("data-writing-interval") == "5"

    secret = "Nobody may read this while I type"
    started = time.monotonic()
    type_text(page, "s1q1", secret)
    page.wait_for_timeout(1500)
    type_text(page, "s1q1", " still")
    assert time.monotonic() - started < 5  # all typed within one interval …
    assert wait_for(lambda: room.host.recorder.of("writing"), 5)
    assert {"s1q1": 1} in room.host.recorder.of("writing")
    assert events(frames, "writing") == [{"question_id": "s1q1"}]  # … so one hint, with the question id only

    # Typing on past the interval gives a second hint, never more than one per interval.
    page.wait_for_timeout(max(0, 5300 - (time.monotonic() - started) * 1000))
    type_text(page, "s1q1", " more")
    assert settles(page, lambda: len(events(frames, "writing")) == 2, 3)

    # Sent: the host hears the answer (the listeners work), and the count drops.
    send_button(page, "s1q1").click()
    expect(send_button(page, "s1q1")).to_have_text("Sent ✓")
    assert wait_for(lambda: room.answers("s1q1") == [f"{secret} still more"])
    assert wait_for(lambda: room.host.recorder.of("writing")[-1] == {}, 5)
    assert any(secret in frame for frame in frames if '"answer"' in frame)  # positive control
    assert not any(secret in frame for frame in frames if '"writing"' in frame)
    assert not any(secret in json.dumps(p) for p in room.host.recorder.of("writing"))
    context.close()
    assert not errors, errors


def test_no_writing_hints_without_the_servers_interval(browser, room):
    """Without data-writing-interval on the page the phone never hints (the page is served
    without it here); the same frame listener hears the answer it sends."""
    context = browser.new_context(**SMALL_PHONE)
    page = context.new_page()

    def strip(route):
        response = route.fetch()
        body = re.sub(r'\sdata-writing-interval="[^"]*"', "", response.text())
        route.fulfill(response=response, body=body)

    page.route(f"**/j/{room.code}", strip)
    frames = sent_frames(page)
    room.goto(1)
    page.goto(f"{room.url}/j/{room.code}")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    assert page.locator("#phone").get_attribute("data-writing-interval") is None
    type_text(page, "s1q1", "Typing without hints")
    send_button(page, "s1q1").click()
    expect(send_button(page, "s1q1")).to_have_text("Sent ✓")
    assert events(frames, "answer")  # positive control: the listener hears the page's events
    assert events(frames, "writing") == []
    context.close()


def take_home(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def check_take_home(name, text, answers):
    assert name == "the-balance-between-independence-and-interdependence-my-answers.md"
    assert text.startswith(f"# {SEED_TITLE}\n\nTuesday circle · My answers, ")
    assert "\n## Purpose\n\nHealthy relationships require a balance" in text
    assert "\n## Conclusion\n\nStriking a healthy balance between independence" in text
    headings = ["## Purpose", f"## {STEP_1}", f"## {STEP_2}", "## Conclusion"]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    assert f"## {STEP_3}" not in text and "## Communicating" not in text  # never reached
    assert text.count("\n## ") == 4  # purpose, two steps, conclusion
    assert "### How do I maintain my independence in my relationships (e.g., pursuing personal hobbies" in text
    sent, unsent, sent_later = answers
    assert f"> {sent}\n\n### " in text  # sent: no mark
    assert f"> {unsent}\n\n{NOT_SENT}\n" in text
    assert f"> {sent_later}\n\n### " in text
    assert text.count(NOT_SENT) == 1
    assert "_No answer._" in text
    assert "<" not in text


def test_the_take_home_is_markdown_and_survives_the_end_and_a_reload(phone, room, output_dir):
    expect(phone.locator("#takehome-link")).to_be_visible()
    room.goto(1)
    sent, unsent, sent_later = "Long walks alone", "Not sure yet, still thinking", "My neighbour, for the dog"
    phone.locator("#answer-s1q1").fill(sent)
    send_button(phone, "s1q1").click()
    expect(send_button(phone, "s1q1")).to_have_text("Sent ✓")
    type_text(phone, "s1q2", unsent)
    room.goto(2)
    phone.click("#moved-on-keep")
    phone.locator("#answer-s2q1").fill(sent_later)
    send_button(phone, "s2q1").click()
    expect(send_button(phone, "s2q1")).to_have_text("Sent ✓")
    room.goto(1)  # going back does not make the session reach less
    expect(phone.locator("#step-title")).to_have_text(STEP_1)
    expect(phone.locator("#answer-s1q2")).to_have_value(unsent)

    # During the session, the small link already gives the file.
    name, text = take_home(phone, "#takehome-link")
    check_take_home(name, text, (sent, unsent, sent_later))

    room.end()
    expect(phone.locator("#ended-banner")).to_be_visible()
    expect(phone.locator("#takehome-download")).to_be_visible()
    expect(phone.locator("#takehome-text")).to_contain_text("One answer was not sent")
    expect(phone.locator("#status-s1q2")).to_have_text("Not sent — it is kept in your take-home file.")
    expect(phone.locator("#answer-s1q2")).to_have_value(unsent)
    expect(phone.locator("#status-s1q1")).to_have_text("Sent ✓")
    expect(phone.locator("#status-s1q1")).to_be_visible()  # the button has gone: the line says it
    expect(send_button(phone, "s1q1")).to_be_hidden()
    phone.evaluate("window.scrollTo(0, 0)")
    phone.wait_for_timeout(300)
    phone.screenshot(path=str(output_dir / "phone-ended-360.png"))
    assert_accessible(phone, "phone at the end")
    name, text = take_home(phone, "#takehome-download")
    check_take_home(name, text, (sent, unsent, sent_later))

    # Reloaded after the end: the join is refused, the file still comes from the phone.
    requests_made = []
    phone.reload()
    expect(phone.locator("#notice-title")).to_have_text("This session has ended. Thank you!")
    expect(phone.locator("#takehome-download")).to_be_visible()
    expect(phone.locator("#takehome-text")).to_contain_text("One answer was not sent")
    expect(phone.locator("#session-title")).to_have_text("Tuesday circle")
    expect(phone.locator("#takehome-other a")).to_have_text("Join another session")
    phone.screenshot(path=str(output_dir / "phone-ended-reload-360.png"))
    assert_accessible(phone, "phone reloaded after the end")
    phone.on("request", lambda r: requests_made.append(r.url))
    name, again = take_home(phone, "#takehome-download")
    (output_dir / "phone-takehome.md").write_text(again, encoding="utf-8")
    check_take_home(name, again, (sent, unsent, sent_later))
    assert again == text
    assert not [url for url in requests_made if not url.startswith("blob:")]  # made on the phone
    phone.evaluate("() => fetch('/healthz')")  # positive control: the listener hears a request
    assert settles(phone, lambda: any(url.endswith("/healthz") for url in requests_made), 5)


def test_a_phone_with_nothing_kept_is_told_the_session_ended(browser, room):
    """Positive control for the reload case: without the phone's storage there is no file."""
    room.end()
    context = browser.new_context(**SMALL_PHONE)
    page = context.new_page()
    page.goto(f"{room.url}/j/{room.code}")
    expect(page.locator("#notice-title")).to_have_text("This session has ended. Thank you!")
    expect(page.locator("#takehome-download")).to_be_hidden()
    expect(page.locator("#notice-actions a")).to_have_text("Join another session")
    context.close()


def test_what_a_phone_kept_for_another_session_never_goes_into_this_one(phone, room, live_server):
    """Room codes are freed when a session ends, so a later session can get one this phone
    has kept drafts and an outbox for. Its token from then is not this session's: the phone
    starts afresh, and nothing it kept reaches this room."""
    other = HostedRoom(live_server, "earlier-room@example.com")
    try:
        old_token = phone.evaluate(
            "async (code) => { const s = io({transports: ['websocket']});"
            " const ack = await s.timeout(10000).emitWithAck('join', {code}); s.disconnect(); return ack.token; }",
            other.code,
        )
        assert isinstance(old_token, str) and old_token
        code = room.code
        phone.evaluate(
            "([code, token]) => { localStorage.setItem(`fulcrum:token:${code}`, token);"
            " localStorage.setItem(`fulcrum:outbox:${code}`, JSON.stringify("
            "   {s1q1: {text: 'Written for the other room', client_id: 'c-old-room'}}));"
            " localStorage.setItem(`fulcrum:draft:${code}:s1q2`, 'A draft from the other room'); }",
            [code, old_token],
        )
        room.goto(1)
        phone.reload()
        expect(phone.locator("#step-title")).to_have_text(STEP_1)
        expect(phone.locator("#answer-s1q1")).to_have_value("")
        expect(phone.locator("#answer-s1q2")).to_have_value("")
        kept = storage(phone)
        assert kept[f"fulcrum:token:{code}"] != old_token
        assert f"fulcrum:outbox:{code}" not in kept and f"fulcrum:draft:{code}:s1q2" not in kept
        # The control: what is written now does reach the room, through the same recorder.
        phone.locator("#answer-s1q1").fill("Written here")
        send_button(phone, "s1q1").click()
        expect(send_button(phone, "s1q1")).to_have_text("Sent ✓")
        assert settles(phone, lambda: room.answers("s1q1") == ["Written here"]), room.answers()
        assert "Written for the other room" not in json.dumps(room.host.recorder.payloads())
    finally:
        disconnect_all([other.host])
