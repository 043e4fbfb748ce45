"""Hostile and careless clients against a real server: guessing room codes, floods,
malformed events, random payloads, the wrong roles, and what the logs may contain."""

import os
import threading
import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import (
    Phone,
    auth,
    connect_host,
    disconnect_all,
    new_session,
    run_cli,
    server_env,
    sqlite_url,
    start_server,
    wait_for,
)

CLIENT_EVENTS = [
    "join",
    "answer",
    "host",
    "goto",
    "end",
    "theme_rename",
    "theme_merge",
    "theme_move",
    "reveal",
    "no_such_event",
]


@pytest.fixture
def own_server(tmp_path):
    """A server of its own, for the tests that spend the wrong-room-code budget: rate limits
    are per process and count by client address, and every test connects from 127.0.0.1."""
    live = start_server(server_env(sqlite_url(tmp_path, "hard.sqlite3")))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for this module's other tests (their limits are per socket or participant)."""
    live = start_server(server_env(sqlite_url(tmp_path_factory.mktemp("hard"), "hard.sqlite3")))
    yield live
    live.stop()


def new_room(server, email=None):
    token = server.token_for(email or f"hard-{uuid.uuid4().hex[:8]}@example.com")
    created = new_session(server, token)
    host = connect_host(server, token)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    return token, created, host


@pytest.mark.live
def test_room_codes_cannot_be_guessed(own_server):
    server = own_server
    token, created, host = new_room(server)
    guessers = [Phone(server.url) for _ in range(4)]  # new sockets do not reset the count
    try:
        codes = []
        for i in range(40):
            ack = guessers[i % 4].call("join", {"code": f"ZZZZ{i:02d}"[:6].replace("0", "A").replace("1", "B")})
            codes.append(ack["error"]["code"])
        assert codes[:30] == ["unknown_room"] * 30
        assert set(codes[30:]) == {"rate_limited"}
        # The HTTP form shares the same count.
        form = requests.post(f"{server.url}/join", data={"code": "ZZZZZZ"}, timeout=10)
        assert form.status_code in (400, 429)  # 400: the form has no CSRF token; never a lookup
    finally:
        disconnect_all([host, *(g.client for g in guessers)])


@pytest.mark.live
def test_a_flood_is_throttled_while_the_room_carries_on(server):
    token, created, host = new_room(server)
    _, other_room, other_host = new_room(server, "other-room@example.com")
    flooder, neighbour, elsewhere = Phone(server.url), Phone(server.url), Phone(server.url)
    try:
        for phone, code in ((flooder, created["code"]), (neighbour, created["code"]), (elsewhere, other_room["code"])):
            assert phone.call("join", {"code": code})["ok"]
        results, done = [], threading.Event()

        def flood():
            for i in range(400):
                results.append(
                    flooder.call(
                        "answer", {"question_id": "s1q1", "text": f"spam {i}", "client_id": str(uuid.uuid4())}
                    )["ok"]
                    or "limited"
                )
            done.set()

        threading.Thread(target=flood).start()
        # While the flood runs, both rooms answer and move as usual.
        for i in range(10):
            assert neighbour.call(
                "answer", {"question_id": "s1q2", "text": f"real {i}", "client_id": str(uuid.uuid4())}
            )["ok"]
            assert elsewhere.call(
                "answer", {"question_id": "s1q1", "text": f"elsewhere {i}", "client_id": str(uuid.uuid4())}
            )["ok"]
        assert other_host.call("goto", {"index": 3}, timeout=10)["ok"]
        assert wait_for(lambda: elsewhere.steps and elsewhere.steps[-1]["index"] == 3, timeout=5)
        assert done.wait(60)
        assert "limited" in results and results.count(True) <= 60
    finally:
        disconnect_all([host, other_host, flooder.client, neighbour.client, elsewhere.client])


@pytest.mark.live
def test_malformed_events_get_error_acks_and_the_room_survives(server):
    before = len(server.output)
    token, created, host = new_room(server)
    phone = Phone(server.url)
    try:
        deep = current = {}
        for _ in range(300):  # as deep as the Python client can encode
            current["x"] = {}
            current = current["x"]
        cases = [
            ("join", "a string"),
            ("join", 42),
            ("join", None),
            ("join", {"code": ["A"]}),
            ("join", {"code": "A" * 10_000}),
            ("join", {"code": created["code"], "token": {"x": 1}}),
            ("answer", {"question_id": None}),
            ("no_such_event", {}),
            ("goto", {"index": None}),
            ("join", deep),
            ("join", {"code": b"\xff\xfe\x00binary"}),
        ]
        for event, payload in cases:
            ack = phone.call(event, payload)
            assert ack["ok"] is False and ack["error"]["code"] in {
                "bad_request",
                "unknown_event",
                "forbidden",
                "not_joined",
                "too_long",
            }, (event, ack)
        assert phone.call("join", {"code": created["code"]})["ok"]
        assert phone.call("answer", {"question_id": "s1q1", "text": "still fine", "client_id": "x"})["ok"]
    finally:
        disconnect_all([host, phone.client])
    assert not [line for line in server.output[before:] if "Traceback" in line or " ERROR " in line], server.output


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
known_keys = st.sampled_from(
    [
        "code",
        "token",
        "question_id",
        "text",
        "client_id",
        "session_id",
        "index",
        "theme_id",
        "into",
        "label",
        "answer_id",
    ]
)
payloads = st.one_of(json_values, st.dictionaries(known_keys, json_values, max_size=5))


@pytest.mark.live
def test_random_payloads_at_every_event_leave_the_room_working(own_server):
    server = own_server
    token, created, host = new_room(server)
    phone = Phone(server.url)
    assert phone.call("join", {"code": created["code"]})["ok"]
    acks = []

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(event=st.sampled_from(CLIENT_EVENTS), payload=payloads, as_host=st.booleans())
    def throw(event, payload, as_host):
        if event in ("end",) and as_host:
            return  # ending is legal for the host; the room must stay open for the check below
        ack = (host if as_host else phone.client).call(event, payload, timeout=10)
        acks.append(ack)
        assert isinstance(ack, dict) and "ok" in ack
        if not ack["ok"]:
            assert ack["error"]["code"] in {
                "bad_request",
                "too_long",
                "unknown_event",
                "forbidden",
                "not_joined",
                "unknown_room",
                "rate_limited",
                "session_ended",
            }, ack

    try:
        throw()
        # The room still works: a new phone joins, answers, and follows a step change.
        check = Phone(server.url)
        try:
            assert check.call("join", {"code": created["code"]})["ok"]
            assert check.call("answer", {"question_id": "s2q1", "text": "after the storm", "client_id": "z"})["ok"]
            assert host.call("goto", {"index": 2}, timeout=10)["ok"]
            assert wait_for(lambda: check.steps and check.steps[-1]["index"] == 2)
        finally:
            disconnect_all([check.client])
    finally:
        disconnect_all([host, phone.client])
    assert len(acks) > 100
    assert not [line for line in server.output if "Traceback" in line or "internal_error" in line]


@pytest.mark.live
def test_authorization_matrix(server):
    owner_token, created, host = new_room(server, "owner@example.com")
    other_token = server.token_for("intruder@example.com")
    other = connect_host(server, other_token)
    participant = Phone(server.url)
    participant.call("join", {"code": created["code"]})
    sid = created["id"]
    try:
        host_events = {
            "host": {"session_id": sid},
            "goto": {"index": 1},
            "end": {},
            "theme_rename": {"theme_id": 1, "label": "x"},
            "theme_merge": {"theme_id": 1, "into": 2},
            "theme_move": {"answer_id": 1, "theme_id": None},
            "reveal": {"question_id": "s1q1"},
        }
        for event, payload in host_events.items():
            for who, client in (("participant", participant.client), ("other facilitator", other)):
                ack = client.call(event, payload, timeout=10)
                # `host` of a session that is not yours answers as a missing one would.
                expected = "not_found" if event == "host" else "forbidden"
                assert ack["error"]["code"] == expected, (who, event, ack)
        routes = [
            ("get", f"/api/v1/sessions/{sid}"),
            ("post", f"/api/v1/sessions/{sid}/end"),
            ("get", f"/api/v1/sessions/{sid}/report"),
        ]
        for method, path in routes:
            for token, status in ((None, 401), (other_token, 404)):
                headers = auth(token) if token else {}
                assert getattr(requests, method)(server.url + path, headers=headers, timeout=10).status_code == status
        # Nothing changed: the owner's session is still live on its first step.
        state = requests.get(f"{server.url}/api/v1/sessions/{sid}", headers=auth(owner_token), timeout=10).json()
        assert state["status"] == "live" and state["step"]["index"] == 0
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
    finally:
        disconnect_all([host, other, participant.client])


@pytest.mark.live
def test_logs_hold_no_answer_text_and_no_addresses(server):
    token, created, host = new_room(server)
    phone = Phone(server.url)
    secret = f"my very private answer {uuid.uuid4()}"
    try:
        phone.call("join", {"code": created["code"]})
        assert phone.call("answer", {"question_id": "s1q1", "text": secret, "client_id": "p"})["ok"]
        host.call("goto", {"index": 1}, timeout=10)
    finally:
        disconnect_all([host, phone.client])
    log = "".join(server.output)
    assert "session" in log.lower() and secret not in log and "127.0.0.1 -" not in log
    assert all(
        line.count("127.0.0.1") == 0
        for line in server.output
        if "running at" not in line
        and "join at" not in line.lower()
        and "log in at" not in line.lower()
        and "setup" not in line
    )


@pytest.mark.live
def test_health_probes(server):
    assert requests.get(f"{server.url}/healthz", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{server.url}/readyz", timeout=5).json() == {"status": "ok", "database": "ok"}


@pytest.mark.live
def test_production_refuses_a_missing_or_weak_secret_key(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", "FULCRUM_ENV": "production"}
    env.pop("SECRET_KEY", None)
    missing = run_cli(["db", "upgrade"], env)
    assert missing.returncode != 0 and "SECRET_KEY" in missing.stderr
    weak = run_cli(["db", "upgrade"], {**env, "SECRET_KEY": "short"})
    assert weak.returncode != 0 and "too short" in weak.stderr
    good = run_cli(["db", "upgrade"], {**env, "SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex})
    assert good.returncode == 0, good.stderr


def test_cookies_are_secure_behind_https(tmp_path, monkeypatch):
    from server.app import create_app

    monkeypatch.setenv("PUBLIC_URL", "https://workshop.example.org")
    app = create_app(instance_path=str(tmp_path), SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/c.sqlite3")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
