"""The floor for bench/load.py: a bare Flask-SocketIO app on gevent, with none of Fulcrum.

    .venv/bin/python bench/bare.py --port 0 [--code-root DIR]

It speaks just enough of Fulcrum's protocol for bench/load.py (`--server bare`):

- `POST /api/v1/sessions` answers {"id": 1, "code": "BARE"} (no auth, no database);
- `host` joins the hosts' room, `join` the participants' room (acks {"ok": true, "step": …});
- `goto` {"index": i} emits `step` to the participants' room and acks it, with the same
  payload Fulcrum sends (built from the worksheet by the code root's own
  server/domain/worksheets.py, so the bytes on the wire are the same);
- `answer` does a trivial write (one INSERT + commit per answer in a SQLite file, WAL,
  synchronous=NORMAL, as Fulcrum's SQLite runs), acks it, and pushes it to the hosts' room
  as an `answers` event ({"answers": [...]}, one per answer).

Served as `fulcrum serve` serves: gevent's pywsgi.WSGIServer, no access log, WebSockets
through simple-websocket (python-engineio's gevent mode), 64 KB message cap. What it leaves
out is everything a move costs Fulcrum besides the emit itself: the rate limiter, the
login check, the session lookup, the commit, three rooms, logging.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask, jsonify  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402

WORKSHEET = "independence-interdependence"


def step_payloads(code_root: Path) -> list[dict]:
    """Every step of the bench's worksheet exactly as Fulcrum's sessions.step_payload builds it."""
    sys.path.insert(0, str(code_root))
    from server.domain.worksheets import load_worksheet  # no Flask: plain YAML parsing

    worksheet = load_worksheet(code_root / "facilitator" / f"{WORKSHEET}.yaml")
    return [
        {
            "index": step.index,
            "count": len(worksheet.steps),
            "title": step.title,
            "guidance": step.guidance,
            "questions": [{"id": q.id, "kind": q.kind, "prompt": q.prompt} for q in step.questions],
        }
        for step in worksheet.steps
    ]


def create_app(steps: list[dict], database: str) -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", max_http_buffer_size=64 * 1024)
    db = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS answer (id INTEGER PRIMARY KEY, question_id TEXT, text TEXT, client_id TEXT)"
    )
    current = {"step": 0}

    @app.post("/api/v1/sessions")
    def create_session():
        return jsonify(id=1, code="BARE")

    @socketio.on("connect")
    def connect(auth=None):
        return True

    @socketio.on("host")
    def host(data):
        join_room("h-1")
        return {"ok": True, "state": {"step": steps[current["step"]]}}

    @socketio.on("join")
    def join(data):
        join_room("p-1")
        return {"ok": True, "token": "bare", "step": steps[current["step"]]}

    @socketio.on("goto")
    def goto(data):
        index = data.get("index") if isinstance(data, dict) else None
        if not isinstance(index, int) or not 0 <= index < len(steps):
            return {"ok": False, "error": {"code": "bad_request", "message": "index"}}
        current["step"] = index
        socketio.emit("step", steps[index], to="p-1")
        return {"ok": True, "step": steps[index]}

    @socketio.on("answer")
    def answer(data):
        row = (str(data.get("question_id")), str(data.get("text")), str(data.get("client_id")))
        db.execute("BEGIN")
        answer_id = db.execute("INSERT INTO answer (question_id, text, client_id) VALUES (?, ?, ?)", row).lastrowid
        db.execute("COMMIT")
        socketio.emit("answers", {"answers": [{"id": answer_id, "question_id": row[0], "text": row[1]}]}, to="h-1")
        return {"ok": True, "id": answer_id}

    return app, socketio


def log_collections(path: str) -> None:
    """Write the wall time of every generation-2 collection (what a full GC pause costs a move)."""
    import gc
    import time

    out = open(path, "a", buffering=1)  # noqa: SIM115 (open for the process's life)
    started = {}

    def callback(phase, info):
        if phase == "start":
            started["t"] = time.perf_counter()
        elif info["generation"] == 2:
            out.write(
                f"{time.time():.3f} gen2 {1000 * (time.perf_counter() - started['t']):.1f} ms "
                f"collected {info['collected']}\n"
            )

    gc.callbacks.append(callback)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--code-root",
        default=str(Path(__file__).resolve().parents[1]),
        help="the Fulcrum checkout whose worksheet code builds the step payloads",
    )
    parser.add_argument("--gc-log", help="append each full (generation 2) collection's duration to this file")
    args = parser.parse_args()
    if args.gc_log:
        log_collections(args.gc_log)
    steps = step_payloads(Path(args.code_root))
    with tempfile.TemporaryDirectory() as folder:
        app, _socketio = create_app(steps, f"{folder}/bare.sqlite3")
        server = WSGIServer((args.host, args.port), app, log=None)
        server.start()
        print(f"Bare Flask-SocketIO is running at http://{args.host}:{server.server_port}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            server.stop(timeout=2)


if __name__ == "__main__":
    main()
