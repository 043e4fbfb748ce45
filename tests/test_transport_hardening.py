"""Attacks on the transport against real servers: oversized long-polling POSTs, connections
that never finish their request, floods of malformed frames, and fake `disconnect` events.
Each would break the server these guard against (leaked descriptors, a connection held for
ever, megabytes of log, a room counted empty)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio
import websocket

from support import (
    Phone,
    auth,
    connect_host,
    disconnect_all,
    free_port,
    new_session,
    run_cli,
    server_env,
    sqlite_url,
    start_process,
    start_server,
    wait_for,
)

LIMIT = 64 * 1024  # server/extensions.py MAX_MESSAGE_BYTES
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def env_for(tmp_path, **extra):
    return server_env(sqlite_url(tmp_path, "transport.sqlite3"), **extra)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One `fulcrum serve` for the frame and event tests: each looks only at the log lines
    written since it started, and the malformed-frame limits count per socket."""
    live = start_server(env_for(tmp_path_factory.mktemp("transport")))
    yield live
    live.stop()


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def settles_near(pid: int, baseline: int, slack: int = 5, timeout: float = 30) -> bool:
    return wait_for(lambda: open_fds(pid) <= baseline + slack, timeout=timeout)


def polling_session(url: str) -> tuple[requests.Session, str]:
    """An Engine.IO session opened by a long-polling handshake, on its own connection."""
    http = requests.Session()
    opened = http.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10)
    assert opened.status_code == 200 and opened.text.startswith("0"), opened.text
    return http, json.loads(opened.text[1:])["sid"]


def new_room(server, token: str):
    created = new_session(server, token)
    host = connect_host(server, token)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    return created, host


def a_normal_client_works(url: str) -> None:
    phone = Phone(url)
    try:
        ack = phone.call("no_such_event", {})
        assert ack["error"]["code"] == "unknown_event", ack
    finally:
        disconnect_all([phone.client])


# 1. Oversized long-polling POSTs --------------------------------------------------------


@pytest.fixture(scope="module", params=["fulcrum serve", "gunicorn"])
def any_server(request, tmp_path_factory):
    """(url, pid of the process serving requests) under both servers the app runs in."""
    env = env_for(tmp_path_factory.mktemp("any"))
    if request.param == "fulcrum serve":
        live = start_server(env)
        yield live.url, live.process.pid
        live.stop()
        return
    assert run_cli(["db", "upgrade"], env).returncode == 0
    port = free_port()
    process, output = start_process(
        ["-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "--no-control-socket", "server.wsgi:app"],
        env,
        "Booting worker",
        program=GUNICORN,
    )
    try:
        worker = int(re.search(r"Booting worker with pid: (\d+)", "".join(output)).group(1))
        url = f"http://127.0.0.1:{port}"

        def healthy():
            try:
                return requests.get(f"{url}/healthz", timeout=2).status_code == 200
            except requests.RequestException:  # refused, or accepted while the worker still imports the app
                return False

        assert wait_for(healthy, timeout=60), "".join(output)
        yield url, worker
    finally:
        process.terminate()
        try:
            process.wait(40)  # gunicorn waits up to 30 s for its worker
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.mark.live
def test_oversized_and_broken_polling_posts_are_refused_and_release_their_connections(any_server):
    url, pid = any_server
    http, sid = polling_session(url)  # warm: the first handshake opens the database and more
    http.close()
    baseline = open_fds(pid)
    refusals = []
    for _ in range(200):
        http, sid = polling_session(url)
        # Before the fix, engineio's disconnect waited for a GET that never came: no answer,
        # and the connection and its descriptor were held for ever.
        refused = http.post(
            f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=b"4" + b"x" * (LIMIT + 5000), timeout=10
        )
        refusals.append((refused.status_code, refused.text))
        http.close()
    assert {status for status, _ in refusals} == {413}
    assert "limited to 65536 bytes" in refusals[0][1]
    for _ in range(50):  # an unknown packet type takes the same path inside engineio
        http, sid = polling_session(url)
        assert (
            http.post(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=b"9", timeout=10).status_code == 400
        )
        http.close()
    # A chunked body has no Content-Length to refuse it by: it is read up to the limit + 1.
    http, sid = polling_session(url)
    chunks = (b"4" + b"x" * 4095 if i == 0 else b"x" * 4096 for i in range(20))
    assert http.post(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=chunks, timeout=10).status_code == 413
    http.close()
    assert open_fds(pid) > 0  # the count is of the serving process, which is alive
    assert settles_near(pid, baseline), (baseline, open_fds(pid))
    a_normal_client_works(url)


@pytest.mark.live
def test_a_small_chunked_polling_post_is_delivered(any_server):
    """Positive control for the chunked path: under the limit, the body reaches engineio
    (which reads Content-Length bytes, so without one it would see nothing)."""
    url, _ = any_server
    http, sid = polling_session(url)
    assert (
        http.post(
            f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=iter([b"4", b"0"]), timeout=10
        ).status_code
        == 200
    )  # "40": Socket.IO connect
    answer = http.get(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", timeout=10)
    assert answer.status_code == 200 and answer.text.startswith("40{"), answer.text
    http.close()


# 2. Slow connections ---------------------------------------------------------------------


def closed_by_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1024) == b""
    except BlockingIOError:
        return False
    except ConnectionError:
        return True


@pytest.mark.live
def test_slow_connections_are_dropped_while_websockets_and_long_polls_live_on(tmp_path):
    timeout = 2
    live = start_server(env_for(tmp_path, FULCRUM_HEADER_TIMEOUT=str(timeout)))
    pid = live.process.pid
    address = ("127.0.0.1", live.port)
    ws_client = socketio.Client(reconnection=False)
    poll_client = socketio.Client(reconnection=False)
    half_sent = []
    try:
        ws_client.connect(live.url, transports=["websocket"], wait_timeout=10)
        poll_client.connect(live.url, transports=["polling"], wait_timeout=10)
        assert ws_client.call("no_such_event", {}, timeout=10)["error"]["code"] == "unknown_event"
        assert poll_client.call("no_such_event", {}, timeout=10)["error"]["code"] == "unknown_event"
        baseline = open_fds(pid)

        for _ in range(200):  # request line and part of the headers, then silence
            sock = socket.create_connection(address, timeout=10)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: fulcrum.test\r\nX-Slow: ")
            half_sent.append(sock)
        stalled_body = socket.create_connection(address, timeout=10)
        stalled_body.sendall(
            b"POST /api/v1/sessions HTTP/1.1\r\nHost: fulcrum.test\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"worksheet":'
        )
        idle = socket.create_connection(address, timeout=10)
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: fulcrum.test\r\n\r\n")
        assert idle.recv(4096).startswith(b"HTTP/1.1 200"), "served, then kept alive"
        # The server holds them all (so the closes checked below are its doing).
        assert wait_for(lambda: open_fds(pid) >= baseline + 200, timeout=10), open_fds(pid)
        assert not any(closed_by_server(sock) for sock in half_sent)

        # A trickle of header bytes does not buy time: the deadline is for the whole head.
        trickle = socket.create_connection(address, timeout=10)
        try:
            for byte in b"GET /healthz HTTP/1.1\r\nHost: fulcrum.test\r\nX-Slow: " + b"a" * 40:
                trickle.sendall(bytes([byte]))
                time.sleep(0.25)  # 25 s at most, if nobody cut it off
        except OSError:
            pass
        assert wait_for(lambda: closed_by_server(trickle), timeout=5)

        assert wait_for(lambda: all(closed_by_server(sock) for sock in half_sent), timeout=15)
        assert wait_for(lambda: closed_by_server(idle), timeout=5)
        stalled_body.settimeout(5)
        assert stalled_body.recv(4096).startswith(b"HTTP/1.1 408")
        assert settles_near(pid, baseline), (baseline, open_fds(pid))

        # Sockets opened before the deadline passed (and more than once) still work: the
        # WebSocket after its upgrade, and the long-polling client whose GET was waiting.
        assert ws_client.call("no_such_event", {}, timeout=10)["error"]["code"] == "unknown_event"
        assert poll_client.call("no_such_event", {}, timeout=10)["error"]["code"] == "unknown_event"
        assert requests.get(f"{live.url}/healthz", timeout=5).json() == {"status": "ok"}
        assert not [line for line in live.output if "Traceback" in line or "Timeout" in line]
    finally:
        for sock in half_sent:
            sock.close()
        disconnect_all([ws_client, poll_client])
        live.stop()


# 3. Malformed frames ---------------------------------------------------------------------


def raw_socket(url: str) -> websocket.WebSocket:
    """A WebSocket that has done the Engine.IO and Socket.IO handshakes by hand."""
    ws = websocket.create_connection(
        url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket", timeout=10
    )
    assert ws.recv().startswith("0{")
    ws.send("40")
    assert ws.recv().startswith("40{")
    return ws


@pytest.mark.live
def test_a_flood_of_malformed_frames_logs_a_line_or_two_and_is_cut_off(server):
    secret = "participant text that must not reach the log"
    broken = "42" + json.dumps(["answer", {"text": secret + " " + "x" * 2300}])[:-3]  # 2.4 KB, no closing
    deep = "42" + "[" * 10_000 + "]" * 10_000  # RecursionError in the JSON decoder
    assert len(broken) > 2300 and len(deep) < LIMIT
    before = len(server.output)
    ws = raw_socket(server.url)
    sent, seen = 0, []
    try:
        for i in range(3000):
            ws.send(deep if i % 2 else broken)
            sent += 1
    except (OSError, websocket.WebSocketException):
        pass  # the server hung up
    try:
        while True:  # what the server said before it hung up
            seen.append(ws.recv())
    except (OSError, websocket.WebSocketException):
        pass
    finally:
        ws.close()
    assert "41" in seen, seen[:5]  # told to go: a Socket.IO client does not reconnect
    assert wait_for(lambda: any("malformed frames" in line for line in server.output[before:]), timeout=10)
    lines = server.output[before:]
    assert len(lines) <= 4, lines
    assert any(re.search(r"sent (2[1-9]|[3-9]\d|\d{3,}) malformed frames; disconnected", line) for line in lines)
    assert not [line for line in lines if "Traceback" in line or secret in line or "xxxx" in line]

    # A few malformed frames are forgiven; the socket keeps working.
    ws = raw_socket(server.url)
    try:
        for _ in range(3):
            ws.send(broken)
        ws.send('421["no_such_event",{}]')
        assert "unknown_event" in ws.recv()
    finally:
        ws.close()
    a_normal_client_works(server.url)


# 4. Reserved event names -----------------------------------------------------------------


@pytest.mark.live
def test_a_phone_cannot_fake_a_disconnect(server):
    token = server.token_for("transport@example.com")
    created, host = new_room(server, token)
    phones = [Phone(server.url) for _ in range(3)]

    def participants():
        return requests.get(f"{server.url}/api/v1/sessions/{created['id']}", headers=auth(token), timeout=10).json()[
            "participants"
        ]

    try:
        for phone in phones:
            assert phone.call("join", {"code": created["code"]})["ok"]
        assert wait_for(lambda: participants() == 3)
        faker = phones[0].client
        for name in ("disconnect", "connect", "connect_error"):
            faker.emit(name, {})
            faker.emit(name)
        assert phones[0].call("no_such_event", {})["error"]["code"] == "unknown_event"  # after the fakes
        assert participants() == 3
        acks = [faker.call(name, {}, timeout=10) for name in ("disconnect", "connect", "connect_error", "disconnect")]
        assert [(ack or {}).get("error", {}).get("code") for ack in acks] == ["unknown_event"] * 4, acks
        assert participants() == 3
        # Positive control: a real disconnect is counted.
        phones[2].client.disconnect()
        assert wait_for(lambda: participants() == 2)
        assert phones[0].call("join", {"code": created["code"]})["ok"]  # the faker is still connected
    finally:
        disconnect_all([host, *(phone.client for phone in phones)])


def test_the_header_timeout_is_a_positive_number_of_seconds():
    from server.config import ConfigError, header_timeout

    assert header_timeout("") == 10.0 and header_timeout(" 2.5 ") == 2.5
    for bad in ("0", "-1", "ten", "nan", "inf", "86400"):
        with pytest.raises(ConfigError, match="FULCRUM_HEADER_TIMEOUT"):
            header_timeout(bad)


@pytest.mark.live
def test_broken_transport_frames_and_requests_log_no_client_address(server):
    """Engine.IO-level garbage on a websocket, and a request line that is not HTTP, make
    gevent report an error; the log says so in a line without the client's address."""
    before = len(server.output)
    for frame in ("", "x" * 50):
        sock = raw_socket(server.url)
        try:
            sock.send(frame)
            time.sleep(0.2)
        finally:
            sock.close()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(b"NOT-HTTP \x01\x02\r\n\r\n")
        assert raw.recv(1024).startswith(b"HTTP/1.1 400")
    logged = lambda text: any(text in line for line in server.output[before:])  # noqa: E731
    assert wait_for(lambda: logged("invalid HTTP request") and logged("a connection failed"), timeout=5)
    # gevent's own reports carry the environ (REMOTE_ADDR) or "(from ('127.0.0.1', port))".
    assert not logged("REMOTE_ADDR") and not logged("('127.0.0.1'"), server.output[before:]
    a_normal_client_works(server.url)
