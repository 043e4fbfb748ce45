"""A real `fulcrum serve` process and real python-socketio clients over websocket:
the whole session loop with a room of phones."""

import time
import uuid

import pytest
import requests
import socketio

from support import SEED, Phone, auth, disconnect_all, listen, server_env, sqlite_url, start_server, wait_for

pytestmark = pytest.mark.live
ROOM = 24


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live_server(request, tmp_path_factory):
    """This whole suite runs on SQLite and again on PostgreSQL."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = sqlite_url(tmp_path_factory.mktemp("live"))
    server = start_server(server_env(url))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def token(live_server):
    return live_server.token_for("live@example.com")


@pytest.fixture
def room(live_server, token):
    """A new session, a connected facilitator socket, and a list to collect what it receives."""
    created = requests.post(
        f"{live_server.url}/api/v1/sessions", json={"worksheet": SEED}, headers=auth(token), timeout=10
    )
    assert created.status_code == 201, created.text
    session = created.json()
    host = socketio.Client(reconnection=False)
    received = {"answer": [], "presence": [], "step": [], "ended": []}
    listen(host, received)
    host.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    ack = host.call("host", {"session_id": session["id"]}, timeout=10)
    assert ack["ok"], ack
    phones = []
    yield session, host, received, ack["state"], phones
    disconnect_all([host, *(phone.client for phone in phones)])


def test_a_room_of_phones_runs_the_whole_loop(live_server, token, room):
    session, host, received, state, phones = room
    assert [s["title"] for s in state["steps"]][0] == "Purpose" and len(state["steps"]) == 9
    assert state["session"]["code"] == session["code"] and state["answers"] == []

    # Phones join: half with the code as typed in lower case, all get the current step.
    for i in range(ROOM):
        phone = Phone(live_server.url)
        phones.append(phone)
        ack = phone.call("join", {"code": session["code"].lower() if i % 2 else session["code"]})
        assert ack["ok"], ack
        assert ack["session"] == {
            "title": "The Balance Between Independence and Interdependence",
            "code": session["code"],
            "practice": False,
            "min_group": 3,
        }
        assert ack["step"]["index"] == 0 and ack["answers"] == {} and ack["values"] == {} and ack["shares"] == {}
        phone.token = ack["token"]
    assert len({p.token for p in phones}) == ROOM
    assert wait_for(lambda: received["presence"] and received["presence"][-1]["participants"] == ROOM)

    # The facilitator moves to Step 1: every phone follows.
    moved = host.call("goto", {"index": 1}, timeout=10)
    assert moved["ok"] and moved["step"]["title"] == "Understanding Independence in Relationships"
    assert wait_for(lambda: all(p.steps and p.steps[-1]["index"] == 1 for p in phones))
    step = phones[0].steps[-1]
    assert step["count"] == 9 and [q["id"] for q in step["questions"]] == ["s1q1", "s1q2", "s1q3"]
    assert step["guidance"].startswith("Independence refers to")

    # Every phone answers; every ack is ok and the facilitator sees every answer.
    texts = {f"Alone time on Sundays, phone {i}" for i in range(ROOM)}
    for phone, text in zip(phones, sorted(texts)):
        ack = phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})
        assert ack["ok"] and isinstance(ack["id"], int), ack
    assert wait_for(lambda: len(received["answer"]) == ROOM)
    assert {a["text"] for a in received["answer"]} == texts
    assert all(set(a) == {"id", "question_id", "text", "at", "hidden", "share"} for a in received["answer"])
    assert {a["share"] for a in received["answer"]} == {"group"}  # the question's default

    # The report holds every answer, and nothing that could identify a phone.
    report = requests.get(f"{live_server.url}/api/v1/sessions/{session['id']}/report", headers=auth(token), timeout=10)
    body = report.json()
    question = body["steps"][1]["questions"][0]
    assert question["count"] == ROOM and {a["text"] for a in question["answers"]} == texts
    assert body["session"]["participants"] == ROOM
    for phone in phones:
        assert phone.token not in report.text
    assert "client_id" not in report.text and "participant" not in report.text.replace('"participants"', "")

    # Ending tells every phone, and the room refuses further answers.
    assert host.call("end", {}, timeout=10)["ok"]
    assert wait_for(lambda: all(p.ended.is_set() for p in phones))
    late = phones[0].call("answer", {"question_id": "s1q2", "text": "late", "client_id": "late-1"})
    assert late == {"ok": False, "error": {"code": "session_ended", "message": "This session has ended."}}
    rejoin = Phone(live_server.url)
    phones.append(rejoin)
    assert rejoin.call("join", {"code": session["code"]})["error"]["code"] == "session_ended"


def test_resend_is_idempotent_and_a_new_text_replaces(live_server, room):
    session, host, received, _state, phones = room
    phone = Phone(live_server.url)
    phones.append(phone)
    joined = phone.call("join", {"code": session["code"]})
    host.call("goto", {"index": 2}, timeout=10)
    first = phone.call("answer", {"question_id": "s2q1", "text": "Emotional support", "client_id": "c-1"})
    resend = phone.call("answer", {"question_id": "s2q1", "text": "Emotional support", "client_id": "c-1"})
    assert first["ok"] and resend == first
    revised = phone.call(
        "answer", {"question_id": "s2q1", "text": "Emotional support, and help with tasks", "client_id": "c-2"}
    )
    assert revised["ok"] and revised["id"] == first["id"]
    assert wait_for(lambda: len(received["answer"]) == 2)
    assert [a["text"] for a in received["answer"]] == ["Emotional support", "Emotional support, and help with tasks"]

    # Reconnecting with the resume token is the same participant, with their answer.
    phone.client.disconnect()
    again = Phone(live_server.url)
    phones.append(again)
    resumed = again.call("join", {"code": session["code"], "token": joined["token"]})
    assert resumed["ok"] and resumed["token"] == joined["token"]
    assert resumed["answers"] == {"s2q1": "Emotional support, and help with tasks"}
    assert resumed["step"]["index"] == 2


def test_bad_events_get_stable_error_codes(live_server, room):
    session, host, _received, _state, phones = room
    phone = Phone(live_server.url)
    phones.append(phone)
    assert phone.call("answer", {"question_id": "s1q1", "text": "x", "client_id": "a"})["error"]["code"] == "not_joined"
    assert phone.call("join", {"code": "ZZZZZZ"})["error"]["code"] == "unknown_room"
    assert phone.call("join", {"code": 12})["error"]["code"] == "bad_request"
    assert phone.call("join", ["not", "an", "object"])["error"]["code"] == "bad_request"
    assert phone.call("join", {"code": session["code"]})["ok"]
    answer = {"question_id": "s1q1", "client_id": "b"}
    assert phone.call("answer", {**answer, "text": "   "})["error"]["code"] == "bad_request"
    assert phone.call("answer", {**answer, "text": "x" * 2001})["error"]["code"] == "too_long"
    assert phone.call("answer", {**answer, "text": "ok", "question_id": "s99q1"})["error"]["code"] == "bad_request"
    assert phone.call("answer", {**answer, "text": "ok", "client_id": 5})["error"]["code"] == "bad_request"

    # A participant cannot drive the room, and nothing changes when they try.
    for event, data in (("goto", {"index": 3}), ("end", {})):
        assert phone.call(event, data)["error"]["code"] == "forbidden", event
    assert phone.call("host", {"session_id": session["id"]})["error"]["code"] == "not_found"
    assert host.call("goto", {"index": 99}, timeout=10)["error"]["code"] == "bad_request"
    assert host.call("goto", {"index": "2"}, timeout=10)["error"]["code"] == "bad_request"
    assert host.call("goto", {"index": 0}, timeout=10)["step"]["index"] == 0


def test_another_facilitator_cannot_host(live_server, room):
    session, *_ = room
    other = socketio.Client(reconnection=False)
    other.connect(
        live_server.url,
        transports=["websocket"],
        auth={"token": live_server.token_for("other@example.com")},
        wait_timeout=10,
    )
    try:
        assert other.call("host", {"session_id": session["id"]}, timeout=10)["error"]["code"] == "not_found"
        assert other.call("goto", {"index": 1}, timeout=10)["error"]["code"] == "forbidden"
        assert other.call("host", {"session_id": 10**9}, timeout=10)["error"]["code"] == "not_found"
    finally:
        disconnect_all([other])


def test_presence_counts_a_participant_once_through_reconnects(live_server, room):
    session, _host, received, _state, phones = room
    first = Phone(live_server.url)
    phones.append(first)
    token = first.call("join", {"code": session["code"]})["token"]
    second = Phone(live_server.url)  # the same person on a reloaded page, old socket still open
    phones.append(second)
    second.call("join", {"code": session["code"], "token": token})
    assert wait_for(lambda: received["presence"] and received["presence"][-1]["participants"] == 1)
    first.client.disconnect()  # the stale socket goes away: still one connected
    time.sleep(0.3)
    assert received["presence"][-1]["participants"] == 1
    second.client.disconnect()
    assert wait_for(lambda: received["presence"][-1]["participants"] == 0)


def test_facilitator_on_two_devices_sees_and_drives_the_same_room(live_server, token, room):
    session, laptop, received, _state, phones = room
    tablet = socketio.Client(reconnection=False)
    tablet_seen = {"step": [], "answer": [], "presence": []}
    listen(tablet, tablet_seen)
    tablet.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    try:
        assert tablet.call("host", {"session_id": session["id"]}, timeout=10)["ok"]
        phone = Phone(live_server.url)
        phones.append(phone)
        phone.call("join", {"code": session["code"]})
        assert tablet.call("goto", {"index": 4}, timeout=10)["ok"]  # the tablet drives
        assert wait_for(lambda: received["step"] and received["step"][-1]["index"] == 4)  # the laptop follows
        assert wait_for(lambda: phone.steps and phone.steps[-1]["index"] == 4)
        assert laptop.call("goto", {"index": 5}, timeout=10)["ok"]  # and the laptop still can
        assert wait_for(lambda: tablet_seen["step"] and tablet_seen["step"][-1]["index"] == 5)
        phone.call("answer", {"question_id": "s5q1", "text": "Both screens see this", "client_id": "two"})
        assert wait_for(lambda: tablet_seen["answer"] and received["answer"])
        assert tablet_seen["answer"][-1] == received["answer"][-1]
        # A reload of either screen gets the same state.
        again = tablet.call("host", {"session_id": session["id"]}, timeout=10)["state"]
        assert again["step"]["index"] == 5 and again["answers"][-1]["text"] == "Both screens see this"
    finally:
        disconnect_all([tablet])
