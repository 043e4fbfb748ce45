"""Two `fulcrum serve` processes sharing Redis and PostgreSQL, plus `fulcrum themes`:
the facilitator on process A drives 20 phones connected to process B."""

import uuid

import pytest
import requests
import socketio

from support import (
    ANSWERS,
    Phone,
    connect_host,
    disconnect_all,
    listen,
    new_session,
    server_env,
    start_process,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.live
PHONES = 20


@pytest.fixture
def cluster(postgres_url, redis_url):
    env = server_env(postgres_url, SOCKETIO_MESSAGE_QUEUE=redis_url)
    a = start_server(env)
    b = start_server(env)
    themes, themes_output = start_process(["themes"], env, "Theme worker ready")
    yield a, b, themes_output
    for server in (a, b):
        server.stop()
    themes.terminate()
    themes.wait(10)


def test_host_on_one_process_phones_on_another(cluster):
    a, b, themes_output = cluster
    token = a.token_for("scale@example.com")
    created = new_session(a, token)
    host = socketio.Client(reconnection=False)
    seen = {"answer": [], "presence": [], "themes": [], "ended": []}
    listen(host, seen)
    host.connect(a.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    phones = [Phone(b.url) for _ in range(PHONES)]
    try:
        for phone in phones:
            assert phone.call("join", {"code": created["code"]})["ok"]
        # Presence counted on B reaches the host on A.
        assert wait_for(lambda: seen["presence"] and seen["presence"][-1]["participants"] == PHONES)
        state = requests.get(
            f"{a.url}/api/v1/sessions/{created['id']}", headers={"Authorization": f"Bearer {token}"}, timeout=10
        ).json()
        assert state["participants"] == PHONES  # A counts B's phones too

        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        assert wait_for(lambda: all(p.steps and p.steps[-1]["index"] == 1 for p in phones))
        for phone, text in zip(phones, ANSWERS):
            assert phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})["ok"]
        assert wait_for(lambda: len(seen["answer"]) == PHONES)
        assert {x["text"] for x in seen["answer"]} == set(ANSWERS[:PHONES])
        # Themes computed by the worker process reach the host through the queue.
        assert wait_for(lambda: any(t["answers"] == PHONES and t["themes"] for t in seen["themes"]), timeout=60), (
            "".join(themes_output)
        )

        assert host.call("end", {}, timeout=10)["ok"]
        assert wait_for(lambda: all(p.ended.is_set() for p in phones))
        disconnect_all([p.client for p in phones[:5]])
        assert wait_for(lambda: seen["presence"][-1]["participants"] == PHONES - 5)
    finally:
        disconnect_all([host, *(p.client for p in phones)])
    for server in (a, b):
        log = "".join(server.output)
        assert "Traceback" not in log, log[log.index("Traceback") :][:3000]


def test_writing_counts_add_up_across_processes(cluster):
    """Phones typing on A and on B: the host on A hears one count for the room, at most once a second."""
    a, b, _ = cluster
    token = a.token_for("writing@example.com")
    created = new_session(a, token)
    host = connect_host(a, token, record=True)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    phones = [Phone(a.url), Phone(b.url), Phone(b.url)]
    try:
        for phone in phones:
            phone.join(created["code"])
            assert phone.call("writing", {"question_id": "s1q1"}) == {"ok": True}
        seen = host.recorder
        assert wait_for(lambda: seen.of("writing") and seen.of("writing")[-1] == {"s1q1": 3}), seen.of("writing")
        assert phones[1].answer("Long walks")["ok"]  # answered on B: no longer writing
        assert wait_for(lambda: seen.of("writing")[-1] == {"s1q1": 2})
        times = [at for at, _ in seen.timed("writing")]
        assert all(later - earlier >= 0.9 for earlier, later in zip(times, times[1:])), times
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_controls_cross_processes_and_a_timer_outlives_the_process_that_set_it(cluster):
    """The facilitator on A times and closes a step for phones on B; A is killed before the
    timer runs out, and B's clock closes the step on time."""
    a, b, _ = cluster
    token = a.token_for("clock@example.com")
    created = new_session(a, token)
    host = connect_host(a, token)
    phones = [Phone(b.url) for _ in range(5)]
    locked, timers = [], []
    for phone in phones:
        phone.client.on("locked", locked.append)
        phone.client.on("timer", timers.append)
    try:
        for phone in phones:
            phone.join(created["code"])
        assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        assert host.call("lock", {"locked": True}, timeout=10)["ok"]
        assert wait_for(lambda: len(locked) == len(phones))
        assert phones[0].answer("Closed")["error"]["code"] == "locked"
        assert host.call("lock", {"locked": False}, timeout=10)["ok"]
        started = host.call("timer", {"seconds": 10, "lock": True}, timeout=10)["timer"]
        assert wait_for(lambda: len(timers) == len(phones) and {t["ends_at"] for t in timers} == {started["ends_at"]})
        disconnect_all([host])
        a.stop(kill=True)
        assert wait_for(lambda: len(locked) == 3 * len(phones), timeout=15)
        assert locked[-1] == {"steps": [1]}
        assert phones[1].answer("Too late")["error"]["code"] == "locked"
    finally:
        disconnect_all([host, *(p.client for p in phones)])
