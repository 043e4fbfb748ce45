"""Private first, on a real 360-px phone in Chromium (issue 16): the three-way choice under
each answer with its sentence (the session's real group size), a private answer that never
leaves the phone — every WebSocket frame and HTTP request the page sends is listened to —
a group answer taken back to private, a reload, and the take-home that keeps them all.

Screenshots: test-output/phone-share-group-360.png, phone-share-private-360.png,
phone-share-facilitator-360.png, phone-share-kept-360.png, phone-share-fixed-360.png,
phone-share-forgotten-360.png.
"""

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from support import SMALL_PHONE, connect_host, disconnect_all, new_session, send_button, type_text, wait_for

pytestmark = pytest.mark.browser

SECRET = "My sister carries me zqxsecret"
TAKEN_BACK = "At first for the group zqxtakenback"
SHARED = "Walking alone on Sundays zqxshared"


@pytest.fixture
def room(live_server, request):
    token = live_server.token_for(f"{request.function.__name__[:40]}@example.com")  # one facilitator per test
    session = new_session(live_server, token, title="Quiet circle", min_group=4)
    host = connect_host(live_server, token, record=True)
    assert host.call("host", {"session_id": session["id"]}, timeout=10)["ok"]
    assert host.call("goto", {"index": 1}, timeout=10)["ok"]
    yield session, host
    disconnect_all([host])


def listen(page) -> list[str]:
    """Everything the page sends: WebSocket frames and HTTP requests (URL and body)."""
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    page.on("request", lambda request: sent.append(f"{request.url} {request.post_data or ''}"))
    return sent


def choose(page, qid, label):
    page.locator(f"form[data-question-id='{qid}'] .share-option", has_text=label).click()


def host_answers(host):
    return {a["id"]: a for batch in host.recorder.of("answers") for a in batch["answers"]}


def test_a_private_answer_never_leaves_the_phone(browser, room, live_server, output_dir):
    session, host = room
    context = browser.new_context(**SMALL_PHONE, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sent = listen(page)  # attached before the page connects
    page.goto(f"{live_server.url}/j/{session['code']}")
    expect(page.locator("#connection")).to_have_text("Connected")
    form = page.locator("form[data-question-id='s1q1']")
    expect(form.locator(".share-option input:checked")).to_have_value("group")  # the seed's default
    expect(form.locator(".share-note")).to_have_text(
        "Shown to the group without your name, once 4 people have answered."
    )
    page.screenshot(path=str(output_dir / "phone-share-group-360.png"), full_page=True)

    # A group answer (the positive control: the listener hears its text)…
    type_text(page, "s1q1", SHARED)
    send_button(page, "s1q1").click()
    expect(send_button(page, "s1q1")).to_have_text("Sent ✓")
    assert any(SHARED in frame for frame in sent)

    # …a private one: only the marker goes.
    type_text(page, "s1q2", SECRET)
    choose(page, "s1q2", "Only me")
    expect(page.locator("#share-note-s1q2")).to_have_text("Only you: it stays on this phone and is never sent.")
    page.screenshot(path=str(output_dir / "phone-share-private-360.png"), full_page=True)
    send_button(page, "s1q2").click()
    expect(send_button(page, "s1q2")).to_have_text("Kept ✓")
    assert wait_for(
        lambda: any(a["question_id"] == "s1q2" and a["share"] == "private" for a in host_answers(host).values())
    )

    # A group answer taken back to private: the server forgets it; the phone keeps it.
    type_text(page, "s1q3", TAKEN_BACK)
    send_button(page, "s1q3").click()
    expect(send_button(page, "s1q3")).to_have_text("Sent ✓")
    choose(page, "s1q3", "Only me")
    expect(page.locator("#status-s1q3")).to_have_text("Changed — not sent yet.")
    send_button(page, "s1q3").click()
    expect(send_button(page, "s1q3")).to_have_text("Kept ✓")
    assert wait_for(
        lambda: any(
            a["question_id"] == "s1q3" and a["share"] == "private" and a["text"] == ""
            for a in host_answers(host).values()
        )
    )
    page.screenshot(path=str(output_dir / "phone-share-kept-360.png"), full_page=True)

    # A reload: the private texts come back from this phone, shown as kept.
    page.reload()
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("#answer-s1q2")).to_have_value(SECRET)
    expect(send_button(page, "s1q2")).to_have_text("Kept ✓")
    expect(page.locator("form[data-question-id='s1q3'] .share-option input:checked")).to_have_value("private")

    # The facilitator level reads as such.
    choose(page, "s1q1", "Facilitator")
    expect(page.locator("#share-note-s1q1")).to_have_text(
        "Only the facilitator sees it, on their screen — never the room or the report."
    )
    page.screenshot(path=str(output_dir / "phone-share-facilitator-360.png"), full_page=True)

    # The take-home keeps every answer, and says which were private.
    with page.expect_download() as info:
        page.click("#takehome-link")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert SECRET in text and TAKEN_BACK in text and SHARED in text
    assert text.count("_Kept private — only on this phone; nobody else saw it._") == 2

    # In all of it, the private texts never went out (and the shared one did: above).
    assert not [f for f in sent if SECRET in f], "a private answer's text left the phone"
    assert len([f for f in sent if TAKEN_BACK in f]) == 1  # only its one send to the group, before it was taken back
    assert SECRET not in "".join(live_server.output)
    context.close()
    assert not errors, errors


def test_a_fixed_level_cannot_be_changed(browser, live_server, output_dir):
    token = live_server.token_for("fixed-phone@example.com")
    created = requests.post(
        f"{live_server.url}/api/v1/worksheets",
        json={
            "title": "Fixed",
            "steps": [
                {
                    "title": "Only to me",
                    "questions": [{"prompt": "What weighs on you?", "share": "facilitator", "share_fixed": True}],
                }
            ],
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    session = new_session(live_server, token, worksheet=created.json()["slug"])
    context = browser.new_context(**SMALL_PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/j/{session['code']}")
    expect(page.locator("#connection")).to_have_text("Connected")
    form = page.locator("form[data-question-id='s0q1']")
    expect(form.locator(".share-option input:checked")).to_have_value("facilitator")
    expect(form.locator(".share-fixed")).to_have_text("The facilitator set this for this question.")
    expect(form.locator(".share-option input[value='group']")).to_be_disabled()
    expect(form.locator(".share-option input[value='facilitator']")).to_be_disabled()
    page.screenshot(path=str(output_dir / "phone-share-fixed-360.png"), full_page=True)
    context.close()


def test_a_phone_that_lost_its_storage_says_where_the_private_answer_is(browser, room, live_server, output_dir):
    """The take-home marks the facilitator-only answer; after the phone forgets everything but
    who it is, the join ack's `shares` tells it which answer was kept private (its text gone)."""
    session, host = room
    context = browser.new_context(**SMALL_PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/j/{session['code']}")
    expect(page.locator("#connection")).to_have_text("Connected")
    type_text(page, "s1q1", "Only for you zqxtoyou")
    choose(page, "s1q1", "Facilitator")
    send_button(page, "s1q1").click()
    expect(send_button(page, "s1q1")).to_have_text("Sent ✓")
    type_text(page, "s1q2", SECRET)
    choose(page, "s1q2", "Only me")
    send_button(page, "s1q2").click()
    expect(send_button(page, "s1q2")).to_have_text("Kept ✓")
    with page.expect_download() as info:
        page.click("#takehome-link")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.count("_Sent to the facilitator only._") == 1
    assert text.count("_Kept private — only on this phone; nobody else saw it._") == 1

    # Everything but the resume token is gone (another browser profile, a cleared site).
    page.evaluate(
        """() => Object.keys(localStorage)
             .filter((key) => key.startsWith("fulcrum:") && !key.startsWith("fulcrum:token:"))
             .forEach((key) => localStorage.removeItem(key))"""
    )
    page.reload()
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("#answer-s1q1")).to_have_value("Only for you zqxtoyou")  # the server has it
    expect(page.locator("form[data-question-id='s1q1'] .share-option input:checked")).to_have_value("facilitator")
    expect(page.locator("#answer-s1q2")).to_have_value("")  # nowhere to get it from
    expect(page.locator("form[data-question-id='s1q2'] .share-option input:checked")).to_have_value("private")
    expect(page.locator("#status-s1q2")).to_have_text(
        "You kept this answer private on another visit; it is not stored anywhere else."
    )
    page.screenshot(path=str(output_dir / "phone-share-forgotten-360.png"), full_page=True)
    context.close()
