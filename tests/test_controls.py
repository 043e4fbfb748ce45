"""Facilitation controls over a real server (issue 13): timers, closing steps, hiding and
spotlighting answers, self pacing, ending after a grace period; each refused for a phone,
and a closing timer that outlives a kill -9 of the server that started it."""

import json
import time
import uuid
from datetime import datetime

import pytest
import requests

from server.domain.privacy import scrub

from support import (
    ANSWERS,
    PII,
    RAW,
    Phone,
    auth,
    connect_host,
    disconnect_all,
    new_session,
    server_env,
    sqlite_url,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.live
PHONES = 10


def moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


class Recording(Phone):
    """A phone that records the control pushes too."""

    def __init__(self, url):
        super().__init__(url)
        self.pushes: dict[str, list] = {name: [] for name in ("timer", "locked", "pacing", "closing")}
        for name, seen in self.pushes.items():
            self.client.on(name, seen.append)


@pytest.fixture(scope="module")
def token(live_server):
    return live_server.token_for("controls@example.com")


@pytest.fixture
def room(live_server, token):
    """A session (min_group 3), a recording dashboard and projector, and ten joined phones."""
    created = new_session(live_server, token, min_group=3)
    host, projector = connect_host(live_server, token, record=True), connect_host(live_server, token, record=True)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    assert projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["ok"]
    phones = [Recording(live_server.url) for _ in range(PHONES)]
    for phone in phones:
        phone.token = phone.join(created["code"])["token"]
    assert host.call("goto", {"index": 1}, timeout=10)["ok"]
    yield created, host, projector, phones
    disconnect_all([host, projector, *(p.client for p in phones)])


def test_every_control_is_refused_for_a_phone_and_checked(room):
    created, host, _, phones = room
    phone = phones[0]
    for event, data in (
        ("timer", {"seconds": 60}),
        ("lock", {"locked": True}),
        ("hide", {"answer_id": 1, "hidden": True}),
        ("spotlight", {"answer_id": None}),
        ("pacing", {"mode": "self"}),
        ("end", {"after_seconds": 30}),
    ):
        assert phone.call(event, data)["error"]["code"] == "forbidden", event
    for data, field in (
        ({"seconds": 5}, "seconds"),
        ({"seconds": 7201}, "seconds"),
        ({"seconds": "60"}, "seconds"),
        ({"seconds": 60, "lock": "yes"}, "lock"),
        ({"add": 60}, "add"),  # no timer runs
    ):
        error = host.call("timer", data, timeout=10)["error"]
        assert (error["code"], error["field"]) == ("bad_request", field), data
    assert host.call("lock", {"index": 99, "locked": True}, timeout=10)["error"]["field"] == "index"
    assert host.call("lock", {"locked": "closed"}, timeout=10)["error"]["code"] == "bad_request"
    assert host.call("hide", {"answer_id": 10**9, "hidden": True}, timeout=10)["error"]["code"] == "not_found"
    assert host.call("hide", {"answer_id": "1", "hidden": True}, timeout=10)["error"]["code"] == "bad_request"
    assert host.call("pacing", {"mode": "anarchy"}, timeout=10)["error"]["field"] == "mode"
    assert host.call("end", {"after_seconds": 301}, timeout=10)["error"]["field"] == "after_seconds"
    # Nothing changed: the control (a real change) is heard by every phone.
    assert all(not p.pushes["timer"] and not p.pushes["locked"] and not p.pushes["pacing"] for p in phones)
    assert host.call("timer", {"seconds": 60}, timeout=10)["ok"]
    assert wait_for(lambda: all(p.pushes["timer"] for p in phones))


def test_a_timer_reaches_every_screen_with_one_deadline(live_server, room):
    created, host, projector, phones = room
    started = host.call("timer", {"seconds": 120}, timeout=10)["timer"]
    assert started["seconds"] == 120 and started["index"] == 1 and started["lock"] is False
    remaining = (moment(started["ends_at"]) - moment(started["now"])).total_seconds()
    assert 119 <= remaining <= 120
    assert wait_for(lambda: all(p.pushes["timer"] for p in phones) and projector.recorder.of("timer"))
    assert {p.pushes["timer"][-1]["ends_at"] for p in phones} == {started["ends_at"]}
    assert projector.recorder.of("timer")[-1]["ends_at"] == started["ends_at"]
    late = Phone(live_server.url)
    try:
        assert late.join(created["code"])["timer"]["ends_at"] == started["ends_at"]  # a phone joining now
    finally:
        disconnect_all([late.client])

    extended = host.call("timer", {"add": 60}, timeout=10)["timer"]
    assert (moment(extended["ends_at"]) - moment(started["ends_at"])).total_seconds() == 60
    assert extended["seconds"] == 180
    # A look at another step leaves it running, for its own step; clearing stops it for everyone.
    assert host.call("goto", {"index": 2}, timeout=10)["ok"]
    state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
    assert state["timer"]["ends_at"] == extended["ends_at"] and state["timer"]["index"] == 1
    assert host.call("timer", {"seconds": None}, timeout=10)["timer"]["ends_at"] is None
    assert wait_for(lambda: all(p.pushes["timer"][-1]["ends_at"] is None for p in phones))


def test_a_closed_step_refuses_late_answers_whatever_their_client_id(live_server, room):
    created, host, _, phones = room
    early = phones[0].answer("Before the close")
    assert early["ok"]
    client_id = str(uuid.uuid4())
    assert host.call("lock", {"locked": True}, timeout=10) == {"ok": True, "locked": [1]}
    assert wait_for(lambda: all(p.pushes["locked"] == [{"steps": [1]}] for p in phones))
    refused = phones[1].answer("After the close", client_id=client_id)
    assert refused["error"]["code"] == "locked" and "closed" in refused["error"]["message"]
    assert phones[2].answer("Another question, same step", question_id="s1q2")["error"]["code"] == "locked"
    assert phones[3].answer("Step two is open", question_id="s2q1")["ok"]  # other steps stay open
    again = Phone(live_server.url)
    try:
        rejoined = again.join(created["code"])
        assert rejoined["step"]["locked"] is True and rejoined["locked"] == [1]
    finally:
        disconnect_all([again.client])
    # Reopened: the same submission is accepted; what was stored never changed.
    assert host.call("lock", {"locked": False}, timeout=10)["locked"] == []
    assert phones[1].answer("After the close", client_id=client_id)["ok"]
    state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
    assert sorted(a["text"] for a in state["answers"] if a["question_id"] == "s1q1") == [
        "After the close",
        "Before the close",
    ]


def test_a_closing_timer_closes_the_step_at_zero(room):
    _, host, projector, phones = room
    start = time.monotonic()
    started = host.call("timer", {"seconds": 10, "lock": True}, timeout=10)["timer"]
    assert started["lock"] is True
    assert phones[0].answer("In time")["ok"]
    assert wait_for(lambda: all(p.pushes["locked"] for p in phones), timeout=15)
    assert 9.5 <= time.monotonic() - start <= 12  # at zero, not before, and within the clock's tick
    # The projector's push is a separate send: under load it can land after the phones'.
    assert wait_for(lambda: projector.recorder.of("locked"), timeout=5)
    assert all(p.pushes["locked"][-1] == {"steps": [1]} for p in phones)
    assert projector.recorder.of("locked")[-1] == {"steps": [1]}
    assert phones[1].answer("Too late")["error"]["code"] == "locked"


def answers_of(host, created, text_in):
    state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
    return [a for a in state["answers"] if text_in in a["text"]]


def test_a_hidden_answer_leaves_everything_but_the_dashboard(live_server, room, token):
    created, host, projector, phones = room
    texts = [PII, *ANSWERS[:6]]
    for phone, text in zip(phones, texts):
        assert phone.answer(text)["ok"]
    assert host.call("reveal", {"question_id": "s1q1", "quotes": True}, timeout=10)["ok"]
    shown = lambda: [e for e in projector.recorder.of("themes") if e["answers"] == len(texts)]  # noqa: E731
    assert wait_for(shown, timeout=60)
    (pii,) = answers_of(host, created, "Sarah")
    assert host.call("hide", {"answer_id": pii["id"], "hidden": True}, timeout=10) == {"ok": True}

    # The dashboard keeps it, marked; its themes are recomputed without it.
    assert wait_for(
        lambda: any(a["id"] == pii["id"] and a["hidden"] for b in host.recorder.of("answers") for a in b["answers"])
    )
    assert answers_of(host, created, "Sarah")[0]["hidden"] is True
    assert wait_for(lambda: [e for e in projector.recorder.of("themes") if e["answers"] == len(texts) - 1], timeout=60)
    assert wait_for(lambda: projector.recorder.of("counts")[-1] == {"s1q1": len(texts) - 1})

    report = requests.get(f"{live_server.url}/api/v1/sessions/{created['id']}/report", headers=auth(token), timeout=10)
    question = next(q for s in report.json()["steps"] for q in s["questions"] if q["id"] == "s1q1")
    assert question["count"] == len(texts) - 1 and question["hidden_by_facilitator"] == 1
    csv_text = requests.get(
        f"{live_server.url}/api/v1/sessions/{created['id']}/report.csv", headers=auth(token), timeout=10
    ).text
    link = requests.post(
        f"{live_server.url}/api/v1/sessions/{created['id']}/shares", json={}, headers=auth(token), timeout=10
    ).json()["url"]
    shared = requests.get(link, timeout=10).text
    after = json.dumps(projector.recorder.of("themes")[-1])
    gone = scrub(PII)  # not even scrubbed
    for name, text in (("report", report.text), ("csv", csv_text), ("share link", shared), ("projector", after)):
        assert gone not in text and "Sarah" not in text, name
    # The control: unhidden, it is back (scrubbed) in the report, so the check above could fail.
    assert host.call("hide", {"answer_id": pii["id"], "hidden": False}, timeout=10)["ok"]
    again = requests.get(f"{live_server.url}/api/v1/sessions/{created['id']}/report", headers=auth(token), timeout=10)
    assert gone in again.json()["steps"][1]["questions"][0]["answers"][0]["text"] or gone in again.text
    assert not any(raw in again.text for raw in RAW)


def test_spotlight_needs_min_group_answers_and_shows_them_scrubbed(room):
    created, host, projector, phones = room
    for phone, text in zip(phones[:2], [PII, "Walks on my own"]):
        assert phone.answer(text)["ok"]
    (pii,) = answers_of(host, created, "Sarah")
    refused = host.call("spotlight", {"answer_id": pii["id"]}, timeout=10)
    assert refused["error"]["code"] == "too_few_answers"
    assert phones[2].answer("Reading alone")["ok"]
    assert host.call("spotlight", {"answer_id": pii["id"]}, timeout=10) == {"ok": True}
    assert wait_for(lambda: projector.recorder.of("spotlight") and projector.recorder.of("spotlight")[-1]["text"])
    lit = projector.recorder.of("spotlight")[-1]
    assert set(lit) == {"text", "question"} and lit["question"].startswith("How do I maintain")
    assert "[email]" in lit["text"] and not any(raw in lit["text"] for raw in RAW)
    assert host.recorder.of("spotlight")[-1] == {"answer_id": pii["id"]}  # the hosts hear which
    state = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
    assert state["spotlight"] == lit
    # Hiding it takes it down; a hidden answer cannot go up.
    assert host.call("hide", {"answer_id": pii["id"], "hidden": True}, timeout=10)["ok"]
    assert wait_for(lambda: projector.recorder.of("spotlight")[-1] == {"text": None, "question": None})
    assert host.call("spotlight", {"answer_id": pii["id"]}, timeout=10)["error"]["code"] == "bad_request"
    assert "answer_id" not in json.dumps(projector.recorder.payloads())


def test_self_pacing_moves_each_phone_and_tells_the_hosts_where_people_are(room):
    created, host, projector, phones = room
    assert phones[0].call("view", {"index": 2})["error"]["code"] == "forbidden"
    assert host.call("pacing", {"mode": "self"}, timeout=10)["ok"]
    assert wait_for(lambda: all(p.pushes["pacing"] == [{"mode": "self"}] for p in phones))
    # Everyone starts from the step they were on: the facilitator's.
    everyone = {"steps": [{"index": 1, "participants": PHONES}]}
    assert wait_for(lambda: host.recorder.of("progress")[-1:] == [everyone]), host.recorder.of("progress")
    for i, phone in enumerate(phones):
        step = phone.call("view", {"index": 1 + i % 3})
        assert step["ok"] and step["step"]["index"] == 1 + i % 3
    assert phones[0].call("view", {"index": 42})["error"]["field"] == "index"
    where = [(1, 4), (2, 3), (3, 3)]  # ten phones over steps 1, 2 and 3
    want = {"steps": [{"index": index, "participants": n} for index, n in where]}
    assert wait_for(lambda: host.recorder.of("progress")[-1:] == [want]), host.recorder.of("progress")
    assert wait_for(lambda: projector.recorder.of("progress")[-1:] == [want])
    # Answers for any open step; the facilitator's goto moves the screens, not the phones.
    assert phones[1].answer("On my own step", question_id="s2q1")["ok"]
    steps_before = [len(p.steps) for p in phones]
    assert host.call("goto", {"index": 5}, timeout=10)["ok"]
    assert wait_for(lambda: projector.recorder.of("step") and projector.recorder.of("step")[-1]["index"] == 5)
    assert [len(p.steps) for p in phones] == steps_before
    # A phone that rejoins lands where it was.
    assert phones[2].join(created["code"], phones[2].token)["step"]["index"] == 3
    # Back to the facilitator: everyone goes to their step.
    assert host.call("pacing", {"mode": "facilitator"}, timeout=10)["ok"]
    assert wait_for(lambda: all(p.steps and p.steps[-1]["index"] == 5 for p in phones))


def test_ending_after_a_grace_period(room):
    created, host, projector, phones = room
    ack = host.call("end", {"after_seconds": 2}, timeout=10)
    assert ack["ok"] and ack["closing"]["ends_at"]
    assert wait_for(lambda: all(p.pushes["closing"] for p in phones))
    closing = phones[0].pushes["closing"][-1]
    assert 1.5 <= (moment(closing["ends_at"]) - moment(closing["now"])).total_seconds() <= 2
    assert phones[0].answer("Sent in the grace period")["ok"]
    assert not any(p.ended.is_set() for p in phones)
    assert wait_for(lambda: all(p.ended.is_set() for p in phones), timeout=6)
    assert phones[0].answer("Too late")["error"]["code"] == "session_ended"


def test_a_closing_timer_outlives_a_kill_of_its_server(tmp_path):
    env = server_env(sqlite_url(tmp_path))
    first = start_server(env)
    token = first.token_for("restart@example.com")
    created = new_session(first, token)
    host = connect_host(first, token)
    try:
        assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        started = host.call("timer", {"seconds": 10, "lock": True}, timeout=10)["timer"]
    finally:
        disconnect_all([host])
    first.stop(kill=True)  # kill -9: no shutdown of any kind
    second = start_server({**env}, port=first.port)
    try:
        again = connect_host(second, token)
        try:
            state = again.call("host", {"session_id": created["id"]}, timeout=10)["state"]
            assert state["timer"]["ends_at"] == started["ends_at"] and state["locked"] == []
            until = moment(started["ends_at"]).timestamp() - time.time()
            time.sleep(max(0, until))
            assert wait_for(
                lambda: again.call("host", {"session_id": created["id"]}, timeout=10)["state"]["locked"] == [1],
                timeout=5,
            )
        finally:
            disconnect_all([again])
    finally:
        second.stop()


def test_a_revised_spotlit_answer_is_shown_revised(room):
    created, host, projector, phones = room
    for phone, text in zip(phones[:3], ["First thought", "Walks on my own", "Reading alone"]):
        assert phone.answer(text)["ok"]
    (first,) = answers_of(host, created, "First thought")
    assert host.call("spotlight", {"answer_id": first["id"]}, timeout=10)["ok"]
    assert wait_for(
        lambda: (
            projector.recorder.of("spotlight")[-1:]
            and projector.recorder.of("spotlight")[-1]["text"] == "First thought"
        )
    )
    assert phones[0].answer("Second thought, call me on +44 20 7946 0958")["ok"]
    assert wait_for(lambda: projector.recorder.of("spotlight")[-1]["text"] == "Second thought, call me on [phone]")
