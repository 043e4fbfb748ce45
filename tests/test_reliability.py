"""A bad answer, a busy or full database, Redis going away, cross-site requests and
out-of-range ids, each against a real server: no room sinks, no answer is lost, and
every refusal has a documented code (docs/protocol.md)."""

import os
import shutil
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
import socketio

from support import (
    SEED,
    Phone,
    auth,
    csrf_token,
    disconnect_all,
    free_port,
    log_in,
    new_session,
    require,
    server_env,
    service_url,
    session_state,
    sqlite_url,
    start_server,
    wait_for,
)
from support import report as get_report


def server_on(url: str, **extra):
    return start_server(server_env(url, **extra))


def stored_texts(server, token, session_id, question_id="s1q1"):
    report = get_report(server, token, session_id)
    question = next(q for step in report["steps"] for q in step["questions"] if q["id"] == question_id)
    return question["count"], [a["text"] for a in question.get("answers", [])]


def answer(phone, text, question_id="s1q1", client_id=None):
    return phone.answer(text, question_id, client_id)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def any_db_server(request, tmp_path_factory):
    url = (
        request.getfixturevalue("postgres_url")
        if request.param == "postgresql"
        else sqlite_url(tmp_path_factory.mktemp("rel"), "rel.sqlite3")
    )
    server = server_on(url)
    yield server
    server.stop()


@pytest.mark.live
def test_one_unstorable_answer_does_not_sink_the_others(any_db_server):
    """40 phones answer at once; two send text no database can hold (a lone surrogate,
    a NUL). They alone are refused, with `bad_request`; the other 38 are stored."""
    server = any_db_server
    token = server.token_for(f"batch-{uuid.uuid4().hex[:6]}@example.com")
    session = new_session(server, token, min_group=1)
    phones = [Phone(server.url) for _ in range(40)]
    try:
        for phone in phones:
            assert phone.call("join", {"code": session["code"]})["ok"]
        texts = [f"honest answer number {i}" for i in range(40)]
        texts[7], texts[23] = "lonely \ud800 surrogate", "nul \x00 byte"
        acks = [None] * 40
        go = threading.Barrier(40)

        def send(i):
            go.wait()
            acks[i] = answer(phones[i], texts[i])

        threads = [threading.Thread(target=send, args=(i,)) for i in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert acks[7]["error"]["code"] == acks[23]["error"]["code"] == "bad_request"
        assert "U+D800" in acks[7]["error"]["message"] and "U+0000" in acks[23]["error"]["message"]
        assert all(ack["ok"] for i, ack in enumerate(acks) if i not in (7, 23)), acks
        count, answers = stored_texts(server, token, session["id"])
        assert count == 38 and sorted(answers) == sorted(t for i, t in enumerate(texts) if i not in (7, 23))
    finally:
        disconnect_all([p.client for p in phones])


def test_unstorable_text_is_refused_wherever_text_enters(live_server):
    token = live_server.token_for("everywhere@example.com")
    bad_title = requests.post(
        f"{live_server.url}/api/v1/sessions",
        json={"worksheet": SEED, "title": "a\ud800b"},
        headers=auth(token),
        timeout=10,
    )
    assert bad_title.status_code == 400 and bad_title.json()["error"]["code"] == "bad_request"
    session = new_session(live_server, token, min_group=1)
    phones = [Phone(live_server.url) for _ in range(3)]
    host, stranger = socketio.Client(reconnection=False), socketio.Client(reconnection=False)
    themes = []
    host.on("themes", themes.append)
    try:
        # A resume token and a client id that cannot be stored (or even hashed).
        assert phones[0].call("join", {"code": session["code"], "token": "\ud83d"})["error"]["code"] == "bad_request"
        for phone in phones:
            assert phone.call("join", {"code": session["code"]})["ok"]
        assert answer(phones[0], "fine", client_id="id\x00")["error"]["code"] == "bad_request"
        assert answer(phones[0], "non-character \ufffe")["error"]["code"] == "bad_request"
        # A socket whose auth token cannot be stored is simply not a facilitator.
        stranger.connect(live_server.url, transports=["websocket"], auth={"token": "\udfff"}, wait_timeout=10)
        assert stranger.call("host", {"session_id": session["id"]}, timeout=10)["error"]["code"] == "not_found"
        # A theme label, on a real theme.
        host.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
        assert host.call("host", {"session_id": session["id"]}, timeout=10)["ok"]
        for phone, text in zip(phones, ("walks alone in nature", "walks in the forest alone", "long walks alone")):
            assert answer(phone, text)["ok"]
        assert wait_for(lambda: any(event["themes"] for event in themes), timeout=60)
        theme_id = next(event for event in themes if event["themes"])["themes"][0]["id"]
        refused = host.call("theme_rename", {"theme_id": theme_id, "label": "x\ud800"}, timeout=10)
        assert refused["error"]["code"] == "bad_request" and "U+D800" in refused["error"]["message"]
        assert host.call("theme_rename", {"theme_id": theme_id, "label": "Walks"}, timeout=10)["ok"]  # control
    finally:
        disconnect_all([*(p.client for p in phones), host, stranger])


@pytest.mark.live
def test_a_locked_sqlite_database_keeps_the_server_responsive_and_loses_no_answer(tmp_path):
    """Another process holds SQLite's write lock for 6 s. /healthz keeps answering at
    once, answers are refused with the retryable `unavailable` (the phone keeps them),
    the resend after the lock is stored once, and the log names the fault without the
    answer's text (SQL parameters are hidden)."""
    db_file = tmp_path / "locked.sqlite3"
    server = server_on(f"sqlite:///{db_file}")
    phone = Phone(server.url)
    try:
        token = server.token_for("locked@example.com")
        session = new_session(server, token, min_group=1)
        assert phone.call("join", {"code": session["code"]})["ok"]
        assert answer(phone, "before the lock")["ok"]
        locker = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('BEGIN IMMEDIATE')\n"
                "c.execute(\"INSERT INTO readiness_probe (id, checked_at) VALUES (99, '2026-01-01')\")\n"
                "print('locked', flush=True)\n"
                "time.sleep(6)\n"
                "c.execute('ROLLBACK')\n",
                str(db_file),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert locker.stdout.readline().strip() == "locked"
        health, stop = [], threading.Event()

        def probe():
            while not stop.is_set():
                try:
                    health.append(requests.get(f"{server.url}/healthz", timeout=1).status_code)
                except requests.RequestException as error:
                    health.append(type(error).__name__)
                time.sleep(0.2)

        prober = threading.Thread(target=probe)
        prober.start()
        secret = "my private reflection " + uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))
        client_id = str(uuid.uuid4())
        refused = answer(phone, secret, client_id=client_id)
        assert refused["ok"] is False and refused["error"]["code"] == "unavailable", refused
        ready = requests.get(f"{server.url}/readyz", timeout=5)
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
        assert locker.wait(15) == 0
        stop.set()
        prober.join(5)
        assert len(health) >= 5 and set(health) == {200}, health
        assert answer(phone, secret, client_id=client_id)["ok"]  # the phone's resend
        assert answer(phone, secret, client_id=client_id)["ok"]  # and a second one changes nothing
        assert stored_texts(server, token, session["id"]) == (1, [secret])
        assert requests.get(f"{server.url}/readyz", timeout=5).status_code == 200
        log = "".join(server.output)
        assert "database unavailable" in log and "database is locked" in log  # the fault was logged…
        assert secret not in log  # …without the participant's text
    finally:
        disconnect_all([phone.client])
        server.stop()


def test_database_errors_never_log_their_parameters(app):
    """Every engine hides SQL parameters (participant text) from its errors; a plain
    engine on the same database shows them, so the check would see them."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import IntegrityError

    from server.extensions import db

    insert = text(
        "INSERT INTO facilitators (id, email, password_hash, created_at, login_epoch) "
        "VALUES (1, :email, 'x', '2026-01-01', 0)"
    )
    secret = "participant-text-that-must-not-be-logged"
    with app.app_context():
        db.session.execute(insert, {"email": "first"})
        db.session.commit()
        with pytest.raises(IntegrityError) as hidden:
            db.session.execute(insert, {"email": secret})
        db.session.rollback()
        plain = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with plain.connect() as conn, pytest.raises(IntegrityError) as shown:
            conn.execute(insert, {"email": secret})
    assert secret in str(shown.value)
    assert secret not in str(hidden.value) and "parameters hidden" in str(hidden.value)


def start_redis(port: int, folder) -> subprocess.Popen:
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis as client

    assert wait_for(lambda: _pings(client.Redis(port=port)), timeout=10)
    return redis


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


@pytest.mark.live
def test_a_redis_outage_gives_retryable_errors_and_presence_comes_back(tmp_path):
    service_url("FULCRUM_TEST_REDIS", "Redis")  # Redis is installed (CI fails without it)
    require(shutil.which("redis-server"), "redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    redis = start_redis(port, tmp_path)
    server = server_on(f"sqlite:///{tmp_path}/redis.sqlite3", SOCKETIO_MESSAGE_QUEUE=f"redis://127.0.0.1:{port}/0")
    phones = [Phone(server.url) for _ in range(5)]
    try:
        token = server.token_for("outage@example.com")
        session = new_session(server, token, min_group=1)
        for phone in phones:
            assert phone.call("join", {"code": session["code"]})["ok"]
        assert wait_for(lambda: session_state(server, token, session["id"]).json()["participants"] == 5)
        redis.terminate()
        redis.wait(10)
        client_id = str(uuid.uuid4())
        during = answer(phones[0], "said while Redis was away", client_id=client_id)
        assert during["ok"] is False and during["error"]["code"] == "unavailable", during
        late = Phone(server.url)
        phones.append(late)
        assert late.call("join", {"code": session["code"]})["error"]["code"] == "unavailable"
        state = session_state(server, token, session["id"])
        assert state.status_code == 503 and state.json()["error"]["code"] == "unavailable"
        assert requests.get(f"{server.url}/readyz", timeout=5).status_code == 503
        redis = start_redis(port, tmp_path)  # back, and empty
        assert wait_for(lambda: session_state(server, token, session["id"]).status_code == 200, timeout=10)
        assert wait_for(lambda: session_state(server, token, session["id"]).json()["participants"] == 5, timeout=15)
        assert answer(phones[0], "said while Redis was away", client_id=client_id)["ok"]  # the outbox resend
        assert late.call("join", {"code": session["code"]})["ok"]
        assert wait_for(lambda: session_state(server, token, session["id"]).json()["participants"] == 6, timeout=5)
        assert stored_texts(server, token, session["id"]) == (1, ["said while Redis was away"])
    finally:
        disconnect_all([p.client for p in phones])
        server.stop()
        redis.terminate()
        redis.wait(10)


def logged_in(server, email):
    """A browser's cookie session, logged in through the real login form, and its CSRF token."""
    browser = log_in(server, email)
    return browser, csrf_token(browser, f"{server.url}/")


def test_the_login_cookie_cannot_change_things_from_another_site(live_server):
    email = "cross-site@example.com"
    token = live_server.token_for(email)
    session = new_session(live_server, token)
    browser, csrf = logged_in(live_server, email)
    api = f"{live_server.url}/api/v1/sessions/{session['id']}"
    evil = {"Origin": "http://evil.example"}
    attempts = [
        browser.post(f"{api}/end", data={"x": "1"}, headers=evil, timeout=10),  # a cross-site form
        browser.post(f"{api}/end", json={}, headers=evil, timeout=10),  # JSON, foreign Origin
        browser.post(f"{api}/shares", timeout=10),  # empty, no Origin
        browser.delete(api, headers=evil, timeout=10),
    ]
    for refused in attempts:
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed", refused.text
    assert session_state(live_server, token, session["id"]).json()["status"] == "live"
    assert requests.get(f"{api}/shares", headers=auth(token), timeout=10).json() == []
    # Our own pages: JSON with this site's Origin, or the CSRF token; scripts: the bearer token.
    made = browser.post(f"{api}/shares", json={}, headers={"Origin": live_server.url}, timeout=10)
    assert made.status_code == 201, made.text
    assert browser.get(api, timeout=10).status_code == 200  # reading needs no proof
    ended = browser.post(f"{api}/end", headers={"X-CSRFToken": csrf}, timeout=10)
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    forged = browser.post(f"{api}/shares", headers={"X-CSRFToken": "forged"}, timeout=10)
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"
    other = new_session(live_server, token)
    by_token = requests.post(
        f"{live_server.url}/api/v1/sessions/{other['id']}/end", timeout=10, headers={**auth(token), **evil}
    )
    assert by_token.status_code == 200


def test_out_of_range_ids_and_hostile_json_get_stable_codes(live_server):
    token = live_server.token_for("ranges@example.com")
    session = new_session(live_server, token)
    for big in (2**63, 2**64, 10**30, 2**63 - 1):
        for path in ("", "/report", "/report.csv", "/shares"):
            response = requests.get(f"{live_server.url}/api/v1/sessions/{big}{path}", headers=auth(token), timeout=10)
            assert response.status_code == 404 and response.json()["error"]["code"] == "not_found", (big, path)
    browser, _ = logged_in(live_server, "ranges@example.com")
    for path in ("", "/projector", "/qr.svg", "/report", "/shares"):
        assert browser.get(f"{live_server.url}/sessions/{2**63}{path}", timeout=10).status_code == 404, path
    assert browser.get(f"{live_server.url}/sessions/{session['id']}", timeout=10).status_code == 200  # control
    deep = '{"worksheet": ' + "[" * 10_000 + "]" * 10_000 + "}"
    response = requests.post(
        f"{live_server.url}/api/v1/sessions",
        data=deep,
        timeout=10,
        headers={**auth(token), "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"
    host = socketio.Client(reconnection=False)
    host.connect(live_server.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    try:
        for big in (2**63, 2**64, -1, 0):
            assert host.call("host", {"session_id": big}, timeout=10)["error"]["code"] in ("bad_request", "not_found")
        assert host.call("host", {"session_id": session["id"]}, timeout=10)["ok"]
        for event, payload in (
            ("theme_rename", {"theme_id": 2**64, "label": "x"}),
            ("theme_merge", {"theme_id": 2**63, "into": 2**70}),
            ("theme_move", {"answer_id": 2**64, "theme_id": None}),
        ):
            assert host.call(event, payload, timeout=10)["error"]["code"] == "bad_request", event
        assert requests.get(f"{live_server.url}/healthz", timeout=5).status_code == 200
        assert "Traceback" not in "".join(live_server.output)
    finally:
        host.disconnect()


def mount_tmpfs(folder, size="4m") -> bool:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@pytest.mark.live
def test_a_full_disk_makes_the_server_unready_with_documented_codes(tmp_path):
    disk = tmp_path / "small-disk"
    require(mount_tmpfs(disk), "cannot mount a tmpfs here (needs root)")
    server = None
    try:
        server = server_on(f"sqlite:///{disk}/full.sqlite3")
        token = server.token_for("full@example.com")
        assert requests.get(f"{server.url}/readyz", timeout=5).status_code == 200
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        for block in (65536, 512, 1):  # fill the disk to the last byte
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError:
                pass
        os.close(fd)
        ready = requests.get(f"{server.url}/readyz", timeout=5)
        assert ready.status_code == 503 and ready.json()["database"] != "ok", ready.text
        created = requests.post(
            f"{server.url}/api/v1/sessions", json={"worksheet": SEED}, headers=auth(token), timeout=10
        )
        assert created.status_code == 503 and created.json()["error"]["code"] == "unavailable", created.text
        filler.unlink()
        assert wait_for(lambda: requests.get(f"{server.url}/readyz", timeout=5).status_code == 200, timeout=10)
        new_session(server, token)
    finally:
        if server:
            server.stop()
        subprocess.run(["umount", "-l", str(disk)])
