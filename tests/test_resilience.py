"""Real life for a live room: a server killed and restarted mid-session, phones that
come back with their resume token and resend what was not acknowledged."""

import threading
import time
import uuid

import pytest
import requests
import socketio

from support import SEED, auth, disconnect_all, server_env, sqlite_url, start_server, wait_for

pytestmark = pytest.mark.live


class ResilientPhone:
    """Behaves like the phone page: rejoins with its token on every connect and keeps an
    outbox of answers until the server acknowledges them (same client_id on resend)."""

    def __init__(self, url, code):
        self.code, self.token, self.step = code, None, None
        self.outbox: dict[str, tuple[str, str]] = {}
        self.acked: dict[str, int] = {}
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.client.on("connect", lambda: self.client.start_background_task(self.rejoin))
        self.client.on("step", lambda step: setattr(self, "step", step))
        self.client.connect(url, transports=["websocket"], wait_timeout=10)

    def rejoin(self):
        try:
            ack = self.client.call("join", {"code": self.code, "token": self.token}, timeout=10)
        except Exception:
            return  # the next reconnect tries again
        if ack["ok"]:
            self.token, self.step = ack["token"], ack["step"]
            self.flush()

    def send(self, question_id, text):
        with self.lock:
            self.outbox[str(uuid.uuid4())] = (question_id, text)
        self.flush()

    def flush(self):
        for client_id, (question_id, text) in list(self.outbox.items()):
            try:
                ack = self.client.call(
                    "answer", {"question_id": question_id, "text": text, "client_id": client_id}, timeout=5
                )
            except Exception:
                return  # disconnected: stays in the outbox
            if ack.get("ok"):
                with self.lock:
                    self.acked[client_id] = ack["id"]
                    self.outbox.pop(client_id, None)


@pytest.fixture
def server(tmp_path):
    holder = {"server": start_server(server_env(sqlite_url(tmp_path, "restart.sqlite3")))}
    yield holder
    holder["server"].stop()


def test_restart_mid_session_loses_nothing_and_doubles_nothing(server):
    first = server["server"]
    token = first.token_for("restart@example.com")
    created = requests.post(
        f"{first.url}/api/v1/sessions", json={"worksheet": SEED}, headers=auth(token), timeout=10
    ).json()

    host = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
    presence = []
    host.on("presence", presence.append)
    host.on(
        "connect",
        lambda: host.start_background_task(lambda: host.call("host", {"session_id": created["id"]}, timeout=10)),
    )
    host.connect(first.url, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    phones = [ResilientPhone(first.url, created["code"]) for _ in range(20)]
    try:
        assert wait_for(lambda: all(p.token for p in phones))
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        for i, phone in enumerate(phones):
            phone.send("s1q1", f"first round {i}")
        assert all(len(p.acked) == 1 for p in phones)

        # Second round: answers are in flight while the server is killed.
        senders = [threading.Thread(target=p.send, args=("s1q2", f"second round {i}")) for i, p in enumerate(phones)]
        for thread in senders:
            thread.start()
        time.sleep(0.05)
        first.stop(kill=True)
        for thread in senders:
            thread.join(15)

        second = start_server(first.env, port=first.port)
        server["server"] = second
        assert wait_for(lambda: all(p.client.connected and p.step for p in phones), timeout=30)
        for phone in phones:  # anything still unacknowledged goes out now
            phone.flush()
        assert wait_for(lambda: all(len(p.acked) == 2 and not p.outbox for p in phones), timeout=30)
        assert all(p.step["index"] == 1 for p in phones), "the current step survived the restart"
        assert wait_for(lambda: presence and presence[-1]["participants"] == 20, timeout=30)

        report = requests.get(
            f"{second.url}/api/v1/sessions/{created['id']}/report", headers=auth(token), timeout=10
        ).json()
        questions = {q["id"]: q for q in report["steps"][1]["questions"]}
        for question_id, prefix in (("s1q1", "first round"), ("s1q2", "second round")):
            texts = [a["text"] for a in questions[question_id]["answers"]]
            assert sorted(texts) == sorted(f"{prefix} {i}" for i in range(20)), question_id
        assert report["session"]["participants"] == 20  # every phone resumed as itself
    finally:
        disconnect_all([host, *(p.client for p in phones)])
