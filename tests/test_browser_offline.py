"""Nothing lost, nothing doubled: a phone that loses its connection in real Chromium.

An answer written offline waits in the page's outbox (localStorage) and is sent when the
connection returns, exactly once; the outbox survives a page reload; an answer whose ack
was lost is resent with the same client_id and stored once.

Screenshots go to test-output/: phone-offline.png, phone-sent.png, phone-reloaded-waiting.png.
"""

import contextlib
import json
import re
import time

import pytest
import requests
import socketio
from playwright.sync_api import expect

from support import SEED, STEP_1, Recorder, assert_accessible, auth, disconnect_all

pytestmark = pytest.mark.browser
OFFLINE = "Offline — answers will be sent when you're back"


class Room:
    """A new session with a facilitator socket that records every event it receives (the
    answers come in `answers` batches; `received` counts them one by one)."""

    def __init__(self, live_server, email):
        self.url = live_server.url
        self.token = live_server.token_for(email)
        # One phone answers here, so the report must show a question from one answer on
        # (these tests are about delivery; the group-size threshold is tests/test_reports.py's).
        created = requests.post(
            f"{self.url}/api/v1/sessions", json={"worksheet": SEED, "min_group": 1}, headers=self.auth, timeout=10
        )
        assert created.status_code == 201, created.text
        self.session = created.json()
        self.host = socketio.Client(reconnection=False)
        self.recorder = Recorder(self.host)
        self.host.connect(self.url, transports=["websocket"], auth={"token": self.token}, wait_timeout=10)
        hosted = self.host.call("host", {"session_id": self.session["id"]}, timeout=10)
        assert hosted["ok"], hosted
        moved = self.host.call("goto", {"index": 1}, timeout=10)
        assert moved["ok"] and moved["step"]["title"] == STEP_1, moved

    @property
    def auth(self):
        return auth(self.token)

    @property
    def code(self):
        return self.session["code"]

    @property
    def answers(self):
        return [a for batch in self.recorder.of("answers") for a in batch["answers"]]

    def received(self, text):
        """How many answers with this text the facilitator's screen got. Each check that
        none came is followed by one that exactly one did, on the same recorder."""
        return sum(1 for a in self.answers if a["text"] == text)

    def report_answers(self, question_id):
        report = requests.get(f"{self.url}/api/v1/sessions/{self.session['id']}/report", headers=self.auth, timeout=10)
        assert report.status_code == 200, report.text
        questions = [q for step in report.json()["steps"] for q in step["questions"] if q["id"] == question_id]
        assert len(questions) == 1
        return [a["text"] for a in questions[0]["answers"]]

    def close(self):
        disconnect_all([self.host])


@pytest.fixture
def room(request, live_server):
    room = Room(live_server, f"{request.node.originalname[:40]}@example.com")
    yield room
    room.close()


@pytest.fixture
def phone_context(browser, playwright):
    """Make a Pixel 5 browser context; all are closed at the end, pass or fail."""
    made = []

    def make():
        # bypass_csp only lets the test inject axe-core; the page's own scripts are all files.
        context = browser.new_context(**playwright.devices["Pixel 5"], bypass_csp=True)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def open_page(context, url, errors):
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page


def outbox(page, code):
    raw = page.evaluate("key => window.localStorage.getItem(key)", f"fulcrum:outbox:{code}")
    return json.loads(raw) if raw else {}


def send(page, qid, text):
    page.fill(f"#answer-{qid}", text)
    page.click(f"form[data-question-id='{qid}'] .send-button")


def show(page, qid):
    """Scroll so a question's form sits just below the header (the states a participant sees)."""
    page.evaluate(
        """qid => {
        const form = document.querySelector(`form[data-question-id="${qid}"]`);
        window.scrollTo(0, form.getBoundingClientRect().top + window.scrollY - 90);
    }""",
        qid,
    )
    page.wait_for_timeout(100)


def stays(page, predicate, seconds=1.5):
    """True if predicate holds for the whole time (no late event sneaks in). Waits through
    Playwright, so its route handlers keep running meanwhile (time.sleep would stall them)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not predicate():
            return False
        page.wait_for_timeout(50)
    return predicate()


def settles(page, predicate, timeout=10.0):
    """Wait (through Playwright) until predicate holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(50)
    return predicate()


def test_an_answer_written_offline_is_sent_once_when_the_phone_is_back(phone_context, room, output_dir):
    errors = []
    context = phone_context()
    page = open_page(context, f"{room.url}/j/{room.code}", errors)
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    expect(page.locator("#connection")).to_have_text("Connected")

    # The phone loses its network (Chromium's own offline emulation closes the WebSocket).
    context.set_offline(True)
    expect(page.locator("#connection")).to_have_text(OFFLINE)
    expect(page.locator("#connection")).to_have_attribute("data-state", "offline")

    text = "Reading in the garden before anyone else is up"
    send(page, "s1q1", text)
    status = page.locator("#status-s1q1")
    expect(status).to_have_text(re.compile(r"^Offline — saved on this phone"))
    expect(page.locator("form[data-question-id='s1q1']")).to_have_attribute("data-state", "queued")
    assert outbox(page, room.code)["s1q1"]["text"] == text

    # A first text, then a better one for the same question: only the newer one is ever sent.
    draft, revised = "Cooking for one", "Cooking for one, slowly, with music on"
    send(page, "s1q2", draft)
    first_id = outbox(page, room.code)["s1q2"]["client_id"]
    send(page, "s1q2", revised)
    queued = outbox(page, room.code)["s1q2"]
    assert queued["text"] == revised and queued["client_id"] != first_id
    expect(page.locator("#status-s1q2")).to_have_text(re.compile(r"^Offline — saved on this phone"))
    show(page, "s1q1")
    page.screenshot(path=str(output_dir / "phone-offline.png"))
    assert_accessible(page, "phone offline")
    assert stays(page, lambda: room.received(text) == 0 and room.received(revised) == 0), "sent while offline"

    # Back online: both leave the outbox, each arrives exactly once.
    context.set_offline(False)
    expect(status).to_have_text("Sent ✓", timeout=15_000)
    expect(page.locator("#status-s1q2")).to_have_text("Sent ✓")
    expect(page.locator("#connection")).to_have_text("Connected")
    assert settles(page, lambda: room.received(text) == 1 and room.received(revised) == 1)
    assert stays(page, lambda: room.received(text) == 1 and room.received(revised) == 1), room.answers
    assert room.received(draft) == 0
    assert outbox(page, room.code) == {}
    assert room.report_answers("s1q1") == [text]
    assert room.report_answers("s1q2") == [revised]
    show(page, "s1q1")
    page.screenshot(path=str(output_dir / "phone-sent.png"))

    # Queued when the session ends: a permanent refusal, shown, and the outbox let go.
    context.set_offline(True)
    late = "One more thought, too late"
    send(page, "s1q3", late)
    expect(page.locator("#status-s1q3")).to_have_text(re.compile(r"^Offline — saved on this phone"))
    ended = requests.post(f"{room.url}/api/v1/sessions/{room.session['id']}/end", headers=room.auth, timeout=10)
    assert ended.status_code == 200, ended.text
    context.set_offline(False)
    expect(page.locator("#ended-banner")).to_be_visible(timeout=15_000)
    expect(page.locator("#status-s1q3")).to_have_text("Not sent: the session had already ended.")
    expect(page.locator("#status-s1q1")).to_have_text("Sent ✓")
    expect(page.locator("#connection")).to_have_text("Session ended")
    assert outbox(page, room.code) == {}
    assert room.received(late) == 0 and room.report_answers("s1q3") == []
    assert not errors, errors


class Link:
    """The phone's path to the live server, as Playwright WebSocket routes.

    "up": every frame passes. "down": the server cannot be reached (each socket the page
    opens is reset right after the handshake). "lose-ack": frames pass, but the ack of the first `answer`
    is lost on its way back and the connection drops, as when a train enters a tunnel
    just after the server stored the answer; then the link is "up" again.
    """

    ANSWER = re.compile(r'^42(\d+)\["answer",(.*)\]$', re.S)

    def __init__(self, context):
        self.mode = "up"
        self.sent = []  # (ack id, payload) of every `answer` the page put on the wire
        self.lost = []  # payloads whose ack was dropped
        self.open = []  # (page side, server side) of the sockets now open
        context.route_web_socket("**/socket.io/**", self._route)
        # Long-polling (the page's fallback) only reaches the server while the link is up.
        context.route("**/socket.io/**", lambda route: route.continue_() if self.mode == "up" else route.abort())

    def _route(self, ws):
        server = ws.connect_to_server()
        pair = (ws, server)
        self.open.append(pair)
        dropping = {}
        if self.mode == "down":
            # The connection resets just after the Engine.IO handshake, before the page gets
            # into the room. (A clean close before the handshake would leave socket.io-client
            # waiting for its 20-second connect timeout instead of retrying.)
            def handshake_then_reset(message):
                ws.send(message)
                self._close(pair)

            server.on_message(handshake_then_reset)
            ws.on_message(lambda _message: None)
            return

        def up(message):
            match = self.ANSWER.match(message) if isinstance(message, str) else None
            if match:
                payload = json.loads(match.group(2))
                self.sent.append((match.group(1), payload))
                if self.mode == "lose-ack" and not self.lost:
                    dropping[f"43{match.group(1)}["] = payload
            server.send(message)

        def down(message):
            lost = next((p for prefix, p in dropping.items() if str(message).startswith(prefix)), None)
            if lost is None:
                ws.send(message)
                return
            self.lost.append(lost)
            self.mode = "up"
            self._close(pair)

        ws.on_message(up)
        server.on_message(down)

    def _close(self, pair):
        if pair in self.open:
            self.open.remove(pair)
        for side in pair:
            with contextlib.suppress(Exception):  # already closed
                side.close()

    def cut(self):
        """The server becomes unreachable: open sockets drop, new ones are refused."""
        self.mode = "down"
        for pair in list(self.open):
            self._close(pair)


def test_the_outbox_survives_a_reload_and_a_lost_ack_is_resent_once(phone_context, room, output_dir):
    errors = []
    context = phone_context()
    link = Link(context)  # before the page opens: routes apply to sockets made afterwards
    page = open_page(context, f"{room.url}/j/{room.code}", errors)
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    expect(page.locator("#connection")).to_have_text("Connected")

    # The server drops out of reach (the phone itself still has a network).
    link.cut()
    expect(page.locator("#connection")).to_have_text(re.compile("Reconnecting"))
    text = "Weekly call with my sister, and she calls me too"
    send(page, "s1q2", text)
    expect(page.locator("#status-s1q2")).to_have_text(re.compile(r"^Saved on this phone"))
    queued = outbox(page, room.code)["s1q2"]
    assert queued["text"] == text
    draft = "Still thinking about this one"  # typed, never sent: a draft, not an outbox entry
    page.fill("#answer-s1q3", draft)

    # A reload wipes the page's memory: only localStorage is left.
    page.reload()
    expect(page.locator("#notice-text")).to_contain_text("Your answer is saved on this phone")
    page.screenshot(path=str(output_dir / "phone-reloaded-waiting.png"))
    assert outbox(page, room.code)["s1q2"] == queued
    assert stays(page, lambda: room.received(text) == 0) and not link.sent

    # The server is back; the first answer's ack is lost with the connection. The page
    # rejoins and resends with the same client_id: stored and shown once.
    link.mode = "lose-ack"
    expect(page.locator("#status-s1q2")).to_have_text("Sent ✓", timeout=20_000)
    expect(page.locator("#connection")).to_have_text("Connected")
    assert link.lost, "the scenario did not run: no answer ack was dropped"
    attempts = [payload for _ack, payload in link.sent if payload["question_id"] == "s1q2"]
    assert len(attempts) >= 2, attempts
    assert {p["client_id"] for p in attempts} == {queued["client_id"]}
    assert {p["text"] for p in attempts} == {text}
    assert settles(page, lambda: room.received(text) == 1)
    assert stays(page, lambda: room.received(text) == 1), room.answers
    assert room.report_answers("s1q2") == [text]
    assert outbox(page, room.code) == {}
    expect(page.locator("#answer-s1q2")).to_have_value(text)
    expect(page.locator("#answer-s1q3")).to_have_value(draft)
    expect(page.locator("#status-s1q3")).to_have_text("")
    assert room.received(draft) == 0 and not [p for _ack, p in link.sent if p["question_id"] == "s1q3"]
    assert not errors, errors
