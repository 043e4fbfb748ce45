"""What the room's three screens are told over a real server (issue 12): who is writing
(counts, never text, at most once a second), the join screen toggle, quotes with revealed
themes (scrubbed, only from `min_group` answers), answer counts for the projector, and
what the phone keeps for its take-home (purpose, conclusion, the furthest step reached)."""

import json
import time

import pytest

from support import ANSWERS, PII, RAW, Phone, connect_host, disconnect_all, new_session, wait_for

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def token(live_server):
    return live_server.token_for("screens@example.com")


@pytest.fixture
def room(live_server, token):
    """A new session with a dashboard and a projector hosting it, both recording everything."""
    created = new_session(live_server, token, min_group=3)
    host, projector = connect_host(live_server, token, record=True), connect_host(live_server, token, record=True)
    state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
    shown = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
    phones: list[Phone] = []
    yield created, host, projector, state, shown, phones, token
    disconnect_all([host, projector, *(p.client for p in phones)])


def joined_phones(live_server, code, phones, n):
    for _ in range(n):
        phone = Phone(live_server.url)
        phone.join(code)
        phones.append(phone)
    return phones[-n:]


def test_hosts_hear_who_is_writing_as_counts_at_most_once_a_second(live_server, room):
    created, host, projector, state, _, phones, _ = room
    assert state["writing"] == {} and state["joined"] == 0
    typists = joined_phones(live_server, created["code"], phones, 4)

    # Bad hints are refused with a stable code; before joining, `not_joined`.
    assert typists[0].call("writing", {"question_id": "s99q9"})["error"]["code"] == "bad_request"
    assert typists[0].call("writing", {"question_id": ["s1q1"]})["error"]["code"] == "bad_request"
    stranger = Phone(live_server.url)
    phones.append(stranger)
    assert stranger.call("writing", {"question_id": "s1q1"})["error"]["code"] == "not_joined"

    # Four people type, one of them hinting far too often; a fifth types another question.
    for phone in typists[:3]:
        assert phone.call("writing", {"question_id": "s1q1"}) == {"ok": True}
    for _ in range(12):
        assert typists[0].call("writing", {"question_id": "s1q1"})["ok"]  # counted once
    assert typists[3].call("writing", {"question_id": "s1q2"})["ok"]
    seen = host.recorder
    assert wait_for(lambda: seen.of("writing") and seen.of("writing")[-1] == {"s1q1": 3, "s1q2": 1})
    again = connect_host(live_server, room[-1])
    try:
        late = again.call("host", {"session_id": created["id"]}, timeout=10)["state"]
    finally:
        disconnect_all([again])
    assert late["writing"] == {"s1q1": 3, "s1q2": 1} and late["joined"] == 4

    # Answering clears that question for that person; disconnecting clears all of theirs.
    assert typists[0].answer("Walks on my own")["ok"]
    assert wait_for(lambda: seen.of("writing")[-1] == {"s1q1": 2, "s1q2": 1})
    disconnect_all([typists[3].client])
    assert wait_for(lambda: seen.of("writing")[-1] == {"s1q1": 2})
    # Presence says who is connected now and who ever joined.
    assert wait_for(lambda: seen.of("presence")[-1:] == [{"participants": 3, "joined": 4}])

    # A hint keeps counting for TTL; after it, nobody: `{}` once.
    from server.live.writing import TTL

    assert wait_for(lambda: seen.of("writing")[-1] == {}, timeout=TTL + 5)
    time.sleep(1.5)
    assert seen.of("writing").count({}) == 1  # only when it changed

    # Never more than one a second, and never a word of what is written.
    times = [at for at, _ in seen.timed("writing")]
    assert len(times) >= 4 and all(b - a >= 0.9 for a, b in zip(times, times[1:])), times
    assert "Walks on my own" not in json.dumps(seen.of("writing"))
    # The projector hears nothing of it; it heard the answer's count (the control).
    assert wait_for(lambda: projector.recorder.of("counts"))
    assert projector.recorder.of("counts")[-1] == {"s1q1": 1}
    assert "writing" not in projector.recorder.names() and "writing" in seen.names()


def test_the_join_screen_toggle_reaches_every_host_screen_and_projector(live_server, room):
    created, host, projector, state, shown, phones, token = room
    assert state["join_shown"] is False and shown["join_shown"] is False and shown["reached"] == 0
    other = connect_host(live_server, token, record=True)
    try:
        assert other.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
        assert host.call("show_join", {"shown": "yes"}, timeout=10)["error"]["code"] == "bad_request"
        assert host.call("show_join", {}, timeout=10)["error"]["code"] == "bad_request"
        assert host.call("show_join", {"shown": True}, timeout=10) == {"ok": True}
        for screen in (other, projector):
            assert wait_for(lambda screen=screen: screen.recorder.of("join") == [{"shown": True}])
        again = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
        assert again["join_shown"] is True  # a reloaded projector keeps it
        assert host.call("show_join", {"shown": False}, timeout=10)["ok"]
        assert wait_for(lambda: projector.recorder.of("join")[-1] == {"shown": False})
        # Only the session's host may; a phone's socket is told so.
        phone = joined_phones(live_server, created["code"], phones, 1)[0]
        assert phone.call("show_join", {"shown": True})["error"]["code"] == "forbidden"
        assert host.call("end", {}, timeout=10)["ok"]
        assert host.call("show_join", {"shown": True}, timeout=10)["error"]["code"] == "session_ended"
    finally:
        disconnect_all([other])


def test_revealed_themes_carry_the_prompt_and_scrubbed_quotes_from_min_group(live_server, room):
    created, host, projector, _, _, phones, _ = room
    seen = projector.recorder
    bad = host.call("reveal", {"question_id": "s1q1", "quotes": "please"}, timeout=10)
    assert bad["error"]["code"] == "bad_request" and bad["error"]["field"] == "quotes"
    assert host.call("reveal", {"question_id": "s1q1", "quotes": True}, timeout=10)["ok"]
    assert wait_for(lambda: seen.of("reveal"))
    reveal = seen.of("reveal")[-1]
    assert reveal["quotes"] is True and reveal["prompt"].startswith("How do I maintain my independence")
    assert reveal["themes"]["waiting"] == 3 and reveal["themes"]["themes"] == []
    assert wait_for(lambda: host.recorder.of("reveal") == [{"question_id": "s1q1", "quotes": True}])

    # Two answers: under the group size, no theme and no quote, whatever was asked.
    texts = [PII, *ANSWERS[:11]]
    writers = joined_phones(live_server, created["code"], phones, len(texts))
    for phone, text in zip(writers[:2], texts[:2]):
        assert phone.answer(text)["ok"]
    assert wait_for(lambda: any(t["answers"] == 2 for t in seen.of("themes")))
    assert all(not t["themes"] for t in seen.of("themes"))
    for phone, text in zip(writers[2:], texts[2:]):
        assert phone.answer(text)["ok"]
    quoted = lambda: [t for e in seen.of("themes") for t in e["themes"] if t.get("quotes")]  # noqa: E731
    assert wait_for(quoted, timeout=60), seen.events[-3:]
    assert all(1 <= len(t["quotes"]) <= 2 for t in quoted())
    host_examples = {q for e in host.recorder.of("themes") for t in e["themes"] for q in t["examples"]}
    from server.domain.privacy import scrub

    assert {q for t in quoted() for q in t["quotes"]} <= {scrub(x) for x in host_examples}

    # The prompt stays when the revealed question is from an earlier step.
    assert host.call("goto", {"index": 2}, timeout=10)["ok"]
    state = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
    assert state["step"]["index"] == 2 and state["prompt"] == reveal["prompt"] and state["quotes"] is True
    assert state["counts"] == {"s1q1": len(texts)}
    # Without quotes the themes come bare again.
    assert host.call("reveal", {"question_id": "s1q1"}, timeout=10)["ok"]
    assert wait_for(lambda: seen.of("reveal")[-1]["quotes"] is False)
    assert all("quotes" not in t for t in seen.of("reveal")[-1]["themes"]["themes"])
    # No raw personal data ever reached the projector, though the dashboard had it (control).
    received = json.dumps(seen.payloads() + [state])
    for raw in RAW:
        assert raw not in received, raw
    assert any(raw in json.dumps(host.recorder.payloads()) for raw in RAW)


def test_a_phone_learns_purpose_conclusion_and_how_far_the_session_got(live_server, room):
    created, host, _, _, _, phones, _ = room
    first = joined_phones(live_server, created["code"], phones, 1)[0]
    outline = first.join(created["code"])["worksheet"]
    assert outline["reached"] == 0
    assert "balance" in outline["purpose"].lower() and "balance between independence" in outline["conclusion"]
    assert outline["steps"][0]["guidance"] and outline["steps"][0]["questions"]
    assert host.call("goto", {"index": 3}, timeout=10)["ok"]
    assert host.call("goto", {"index": 1}, timeout=10)["ok"]
    late = joined_phones(live_server, created["code"], phones, 1)[0]
    ack = late.join(created["code"])
    assert ack["step"]["index"] == 1 and ack["worksheet"]["reached"] == 3
