"""What a projector receives over a real server: no answers, scrubbed theme labels only,
and no themes of a question until `min_group` people answered it."""
import json
import time
import uuid

import requests
import socketio

from test_live_session import Phone, disconnect_all, wait_for

PII_LABEL = "Call Sarah at sarah@example.com"
FIRST = ["Time alone with a good book", "Time alone on long walks",
         "Ask Sarah Connor at sarah@example.com or +44 20 7946 0958, see https://x.example/a, @sconnor"]
MORE = ["Time alone to read novels", "Alone time reading in the garden", "Reading a book alone at night",
        "Keeping my own money and savings", "Paying my own bills", "My own bank account and budget"]
RAW = ["Sarah", "Connor", "sarah@example.com", "7946", "x.example", "@sconnor"]


def answer(phone, code, text):
    assert phone.call("join", {"code": code})["ok"]
    assert phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})["ok"]


def test_projector_gets_nothing_under_the_group_size_and_scrubbed_labels_after(live_server):
    from server.domain.privacy import scrub
    token = live_server.token_for("projector@example.com")
    created = requests.post(f"{live_server.url}/api/v1/sessions",
                            json={"worksheet": "independence-interdependence", "min_group": 4},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    host, projector = socketio.Client(reconnection=False), socketio.Client(reconnection=False)
    host_themes, seen = [], []  # seen: everything the projector received
    host.on("themes", host_themes.append)
    for event in ("themes", "reveal", "answer", "step", "presence"):
        projector.on(event, lambda data, event=event: seen.append((time.monotonic(), event, data)))
    for client in (host, projector):
        client.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    state = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
    assert "answers" not in state and state["themes"] == {} and state["session"]["min_group"] == 4
    assert projector.call("host", {"session_id": created["id"], "view": "wall"}, timeout=10)["error"]["code"] == "bad_request"
    seen.append((0, "state", state))

    phones = [Phone(live_server.url) for _ in FIRST + MORE]
    try:
        assert host.call("reveal", {"question_id": "s1q1"}, timeout=10)["ok"]
        assert wait_for(lambda: any(e == "reveal" for _, e, _ in seen))
        assert [d for _, e, d in seen if e == "reveal"][-1] == {
            "question_id": "s1q1", "themes": {"question_id": "s1q1", "answers": 0, "min_group": 4, "waiting": 4,
                                              "themes": []}}

        # Three answers: the dashboard has them (and their computed themes); the projector waits.
        for phone, text in zip(phones, FIRST):
            answer(phone, created["code"], text)
        assert wait_for(lambda: host_themes and host_themes[-1]["answers"] == 3, timeout=60)
        assert host_themes[-1]["min_group"] == 4 and host_themes[-1]["waiting"] == 1
        assert wait_for(lambda: any(e == "themes" and d["answers"] == 3 for _, e, d in seen))
        for _, event, data in seen:
            if event == "themes":
                assert data["themes"] == [] and data["waiting"] == 4 - data["answers"], data

        # From the fourth answer on, themes reach the projector, labels scrubbed.
        for phone, text in zip(phones[3:], MORE):
            answer(phone, created["code"], text)
        shown = lambda: [d for _, e, d in seen if e == "themes" and d["themes"]]  # noqa: E731
        assert wait_for(shown, timeout=60), seen[-1]
        assert shown()[-1]["waiting"] == 0 and shown()[-1]["answers"] >= 4
        assert wait_for(lambda: host_themes[-1]["answers"] == len(FIRST + MORE) and host_themes[-1]["themes"], timeout=60)
        theme_id = host_themes[-1]["themes"][0]["id"]
        assert host.call("theme_rename", {"theme_id": theme_id, "label": PII_LABEL}, timeout=10)["ok"]
        assert wait_for(lambda: any(t["label"] == scrub(PII_LABEL) for t in shown()[-1]["themes"]))
        assert any(t["label"] == PII_LABEL for t in host_themes[-1]["themes"])  # the facilitator's own screen

        # A projector that connects now gets the revealed question only, in the same form.
        late = socketio.Client(reconnection=False)
        late.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
        again = late.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
        disconnect_all([late])
        assert list(again["themes"]) == ["s1q1"] and again["themes"]["s1q1"]["themes"]
        seen.append((0, "state", again))

        received = json.dumps([data for _, _, data in seen])
        for raw in RAW + FIRST + MORE:
            assert raw not in received, raw
        for key in ('"examples"', '"answer_ids"', '"keywords"', '"words"', '"text"'):
            assert key not in received, key
        assert not [1 for _, e, _ in seen if e == "answer"]
    finally:
        disconnect_all([host, projector, *(p.client for p in phones)])
