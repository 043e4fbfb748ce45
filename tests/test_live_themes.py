"""Live themes over a real server: 30 phones answer, the facilitator's screen receives
`themes` updates that converge to the engine's own result, and moving phones between
steps does not wait behind a theme computation."""

import os
import signal
import time
import uuid

import pytest
import socketio

from support import (
    ANSWERS,
    Phone,
    child_pids,
    disconnect_all,
    new_session,
    server_env,
    sqlite_url,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """With the embedding model, as in production: this module checks the live themes
    against the engine's own (model) result, and the worker's model load against step changes."""
    from support import require_model

    require_model()
    server = start_server(server_env(sqlite_url(tmp_path_factory.mktemp("themes")), model=True))
    yield server
    server.stop()


def test_themes_converge_to_the_engine_and_steps_do_not_wait(live_server):
    from server.themes import find_themes

    token = live_server.token_for("themes@example.com")
    created = new_session(live_server, token)
    host = socketio.Client(reconnection=False)
    events = []
    host.on("themes", lambda data: events.append((time.monotonic(), data)))
    host.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
    assert state["themes"]["s1q1"]["themes"] == [] and state["revealed"] is None
    prompt = (
        "How do I maintain my independence in my relationships (e.g., pursuing personal hobbies, "
        "setting boundaries, having alone time)?"
    )

    phones = [Phone(live_server.url) for _ in ANSWERS]
    try:
        for phone in phones:
            assert phone.call("join", {"code": created["code"]})["ok"]
        host.call("goto", {"index": 1}, timeout=10)
        ids = {}
        for phone, text in zip(phones[:3], ANSWERS):
            ids[phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})["id"]] = (
                text
            )
        # The third answer starts a theme computation (and the worker's model load). A step
        # change right now reaches every phone before that computation's result arrives.
        moved_at = time.monotonic()
        assert host.call("goto", {"index": 2}, timeout=10)["ok"]
        assert wait_for(lambda: all(p.steps and p.steps[-1]["index"] == 2 for p in phones))
        reached_all = time.monotonic()
        computed = lambda: [at for at, e in events if e["answers"] >= 3]  # noqa: E731  (below 3 nothing is computed)
        assert wait_for(computed, timeout=60)
        assert reached_all < computed()[0], "a step change waited behind the theme computation"
        assert moved_at < reached_all

        for phone, text in zip(phones[3:], ANSWERS[3:]):
            ids[phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})["id"]] = (
                text
            )

        expected = find_themes(ANSWERS, prompt)
        want = sorted((t.label, sorted(ANSWERS[i] for i in t.members)) for t in expected)
        assert len(expected) >= 3, [t.label for t in expected]

        def converged():
            last = [e for _, e in events if e["question_id"] == "s1q1"]
            if not last or last[-1]["answers"] != len(ANSWERS):
                return False
            got = sorted((t["label"], sorted(ids[a] for a in t["answer_ids"])) for t in last[-1]["themes"])
            return got == want

        assert wait_for(converged, timeout=60), events[-1][1]
        final = events[-1][1]
        assert all(1 <= len(t["examples"]) <= 3 for t in final["themes"])
        assert final["unthemed"] == len(ANSWERS) - sum(t["size"] for t in final["themes"])
        # Updates were coalesced: far fewer pushes than answers.
        assert len(events) < len(ANSWERS)

        # A screen that connects now gets the same themes in its state.
        late = socketio.Client(reconnection=False)
        late.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
        again = late.call("host", {"session_id": created["id"]}, timeout=10)["state"]["themes"]["s1q1"]
        assert [t["id"] for t in again["themes"]] == [t["id"] for t in final["themes"]]
        disconnect_all([late])
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_theme_edits_over_the_socket(live_server):
    token = live_server.token_for("edits@example.com")
    created = new_session(live_server, token)
    host = socketio.Client(reconnection=False)
    events, reveals = [], []
    host.on("themes", events.append)
    host.on("reveal", reveals.append)
    host.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    host.call("host", {"session_id": created["id"]}, timeout=10)
    phones = [Phone(live_server.url) for _ in range(12)]
    try:
        for phone, text in zip(phones, ANSWERS[:6] + ANSWERS[9:15]):
            phone.call("join", {"code": created["code"]})
            phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})
        assert wait_for(lambda: events and events[-1]["answers"] == 12 and len(events[-1]["themes"]) >= 2, timeout=60)
        first, second = events[-1]["themes"][:2]
        assert host.call("theme_rename", {"theme_id": first["id"], "label": "Me time"}, timeout=10)["ok"]
        assert wait_for(
            lambda: (
                events[-1]["themes"][0]["label"] == "Me time"
                or any(t["label"] == "Me time" for t in events[-1]["themes"])
            )
        )
        assert host.call("theme_merge", {"theme_id": second["id"], "into": first["id"]}, timeout=10)["ok"]
        assert wait_for(lambda: [t["id"] for t in events[-1]["themes"]].count(second["id"]) == 0)
        merged = next(t for t in events[-1]["themes"] if t["id"] == first["id"])
        assert merged["size"] == first["size"] + second["size"] and merged["label"] == "Me time"

        bad = host.call("theme_rename", {"theme_id": 10**6, "label": "x"}, timeout=10)
        assert bad["error"]["code"] == "bad_request"
        assert (
            phones[0].call("theme_rename", {"theme_id": first["id"], "label": "hijack"})["error"]["code"] == "forbidden"
        )
        assert host.call("reveal", {"question_id": "s1q1"}, timeout=10)["ok"]
        assert wait_for(lambda: reveals and reveals[-1] == {"question_id": "s1q1", "quotes": False})
        assert host.call("reveal", {"question_id": "nope"}, timeout=10)["error"]["code"] == "bad_request"
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_a_failed_computation_is_retried_without_another_answer(live_server):
    """The engine process dies while it loads its model (as a timeout or an out-of-memory
    kill would end it): the room still gets its themes, with no new answer to prompt them."""
    token = live_server.token_for("retry@example.com")
    created = new_session(live_server, token)
    host = socketio.Client(reconnection=False)
    events = []
    host.on("themes", events.append)
    host.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    host.call("host", {"session_id": created["id"]}, timeout=10)
    server_pid = live_server.process.pid
    for pid in child_pids(server_pid, "server.themes.worker"):  # started by an earlier test: stop it
        os.kill(pid, signal.SIGKILL)
    assert wait_for(lambda: not child_pids(server_pid, "server.themes.worker"))
    phones = [Phone(live_server.url) for _ in range(3)]
    try:
        for phone, text in zip(phones, ANSWERS):
            phone.call("join", {"code": created["code"]})
            phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})
        # The third answer starts the engine; kill it before it is ready.
        assert wait_for(lambda: child_pids(server_pid, "server.themes.worker"), timeout=30)
        for pid in child_pids(server_pid, "server.themes.worker"):
            os.kill(pid, signal.SIGKILL)
        failed = f"themes for session {created['id']} question s1q1 failed"
        assert wait_for(lambda: any(failed in line for line in live_server.output), timeout=30)
        assert not any(e["answers"] == 3 for e in events)  # that run sent nothing…
        assert wait_for(lambda: any(e["answers"] == 3 for e in events), timeout=120), events  # …the retry did
    finally:
        disconnect_all([host, *(p.client for p in phones)])
