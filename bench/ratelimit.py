"""Rate-limit cost as sockets come and go: the per-event cost once 100, 1,000, 5,000 and
20,000 sockets have connected, sent a few events and disconnected.

    .venv/bin/python bench/ratelimit.py                 # both parts
    .venv/bin/python bench/ratelimit.py --part local    # in process only: old and new limiter

1. In process: the median µs of one event's hits (the default per-socket rule, two
   windows) on `server.ratelimit.LocalLimiter`, against the limiter before this change
   (copied below as OldLocalLimiter), in alternating rounds. Each churned socket counts
   what a socket sending `join`, `answer`, `goto` and `end` counts (7 windows of its own,
   plus the shared per-address windows), then disconnects (the new limiter forgets it).
   The old limiter is filled with its sweep held off: its sweep only drops entries over an
   hour old, so the table is the same, and the fill does not take minutes.
2. Live: a real `fulcrum serve` (SQLite in a temporary folder) on 127.0.0.1. Raw
   WebSocket clients (Engine.IO v4 frames over aiohttp, 20 at a time) connect, send those
   four events (wrong room code, not joined, not hosting: each is counted, then refused
   cheaply), wait for the acks and disconnect. At each mark, 10 python-socketio clients
   send 20 `goto` each (under the 20/second limit) and the round trips are timed.
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from server.ratelimit import LocalLimiter, _rules  # noqa: E402
from server.realtime.acks import DEFAULT_LIMIT  # noqa: E402

MARKS = [100, 1_000, 5_000, 20_000]
# What one churned socket's events count, as (rule, event, key kind): per socket unless "address".
CHURN = [
    ("10/minute", "join", "socket"),
    ("3000/minute", "join", "address"),
    ("30/minute", "wrong-code", "address"),
    (DEFAULT_LIMIT, "answer", "socket"),
    (DEFAULT_LIMIT, "goto", "socket"),
    (DEFAULT_LIMIT, "end", "socket"),
]


class OldLocalLimiter:
    """server/ratelimit.py's LocalLimiter before this change (commit d798a96), verbatim
    but for the SWEEP_AT class attribute the fill below sets."""

    SWEEP_AT = 100_000

    def __init__(self):
        self._windows: dict[tuple, tuple[float, int]] = {}

    def _window(self, item, key, now) -> tuple[float, int]:
        start, used = self._windows.get(key, (now, 0))
        return (now, 0) if now - start >= item.get_expiry() else (start, used)

    def hit(self, item, *key) -> bool:
        now, key = time.monotonic(), (item.key_for(), *key)
        start, used = self._window(item, key, now)
        if used >= item.amount:
            return False
        if len(self._windows) > self.SWEEP_AT:
            self._windows = {k: v for k, v in self._windows.items() if now - v[0] < 3600}
        self._windows[key] = (start, used + 1)
        return True

    def test(self, item, *key) -> bool:
        now, key = time.monotonic(), (item.key_for(), *key)
        return self._window(item, key, now)[1] < item.amount

    def forget(self, sid):  # the old code had no such thing
        pass


def median_us(samples):
    return statistics.median(samples) * 1e6


def p95(samples):
    samples = sorted(samples)
    return samples[int(0.95 * (len(samples) - 1))]


def entries(limiter) -> int:
    return len(limiter._windows) if isinstance(limiter, OldLocalLimiter) else len(limiter)


def churn_local(limiter, first: int, last: int) -> None:
    for n in range(first, last):
        sid = f"churn-{n:06d}-{id(limiter)}"
        for rule, event, kind in CHURN:
            for item in _rules(rule):
                limiter.hit(item, event, sid if kind == "socket" else "127.0.0.1-hash")
        limiter.forget(sid)


def measure_local(limiter, mark: int) -> list[float]:
    """1,000 events (100 sockets × 10, under every limit): the seconds each event's hits took."""
    items = _rules(DEFAULT_LIMIT)
    samples = []
    for _ in range(10):
        for s in range(100):
            sid = f"measure-{mark}-{s}"
            start = time.perf_counter()
            for item in items:
                limiter.hit(item, "answer", sid)
            samples.append(time.perf_counter() - start)
    for s in range(100):
        limiter.forget(f"measure-{mark}-{s}")
    return samples


def local_part(marks, rounds):
    print(
        f"In process: one event's hits ({DEFAULT_LIMIT}), after N sockets came and went "
        f"({sum(len(_rules(r)) for r, _, k in CHURN if k == 'socket')} windows of their own each); "
        f"{rounds} alternating rounds, median of the round medians"
    )
    results = {(kind, mark): [] for kind in ("old", "new") for mark in marks}
    sizes = {}
    for r in range(rounds):
        for kind in ("old", "new") if r % 2 == 0 else ("new", "old"):
            limiter = OldLocalLimiter() if kind == "old" else LocalLimiter()
            done = 0
            for mark in marks:
                if kind == "old":
                    limiter.SWEEP_AT = float("inf")  # same table, built in seconds (see the docstring)
                churn_local(limiter, done, mark)
                done = mark
                if kind == "old":
                    limiter.SWEEP_AT = OldLocalLimiter.SWEEP_AT
                sizes[(kind, mark)] = entries(limiter)
                results[(kind, mark)].append(measure_local(limiter, mark))
    print(
        f"{'sockets':>8} | {'old: windows':>12} {'median µs':>10} {'p95 µs':>9} | "
        f"{'new: windows':>12} {'median µs':>10} {'p95 µs':>9} | old / new"
    )
    for mark in marks:
        row = []
        for kind in ("old", "new"):
            runs = results[(kind, mark)]
            row.append(
                (
                    sizes[(kind, mark)],
                    statistics.median(median_us(s) for s in runs),
                    statistics.median(p95(s) * 1e6 for s in runs),
                )
            )
        (old_n, old_med, old_p95), (new_n, new_med, new_p95) = row
        print(
            f"{mark:>8,} | {old_n:>12,} {old_med:>10.1f} {old_p95:>9.1f} | "
            f"{new_n:>12,} {new_med:>10.1f} {new_p95:>9.1f} | {old_med / new_med:6.1f}×"
        )
    held = []
    for kind in ("old", "new"):  # what the limiter holds right after the churn (all within a minute)
        limiter = OldLocalLimiter() if kind == "old" else LocalLimiter()
        limiter.SWEEP_AT = float("inf")
        tracemalloc.start()
        churn_local(limiter, 0, marks[-1])
        held.append(tracemalloc.get_traced_memory()[0] / 1e6)
        tracemalloc.stop()
    print(f"memory held after {marks[-1]:,} sockets (tracemalloc): old {held[0]:.1f} MB, new {held[1]:.1f} MB")
    sys.stdout.flush()


# --- live ------------------------------------------------------------------------------

CHURN_EVENTS = [["join", {"code": "ZZZZZZ"}], ["answer", {}], ["goto", {"index": 1}], ["end", {}]]


async def churn_socket(session, ws_url) -> None:
    async with session.ws_connect(ws_url, autoping=False, max_msg_size=0) as ws:
        opened = await ws.receive_str()
        assert opened.startswith("0"), opened
        await ws.send_str("40")
        connected = await ws.receive_str()
        assert connected.startswith("40"), connected
        for ack_id, event in enumerate(CHURN_EVENTS):
            await ws.send_str(f"42{ack_id}{json.dumps(event)}")
            while True:  # skip anything else the server sends (pings)
                message = await ws.receive_str()
                if message.startswith(f"43{ack_id}["):
                    break
        await ws.send_str("41")


async def churn_live(url, count, concurrency=20) -> float:
    import aiohttp

    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    queue = iter(range(count))
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:

        async def worker():
            for _ in queue:
                await churn_socket(session, ws_url)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


async def measure_live(url) -> list[float]:
    import socketio

    clients = [socketio.AsyncClient(reconnection=False) for _ in range(10)]
    for client in clients:
        await client.connect(url, transports=["websocket"])
    samples = []
    for _ in range(20):
        for client in clients:
            start = time.perf_counter()
            ack = await client.call("goto", {"index": 1}, timeout=30)
            samples.append(time.perf_counter() - start)
            assert ack["error"]["code"] == "forbidden", ack
    for client in clients:
        await client.disconnect()
    return samples


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_from(root: str, env: dict):
    """`fulcrum serve` from another checkout (e.g. `git archive d798a96 | tar -x -C DIR`):
    -P keeps this checkout off sys.path, so `server` is imported from ROOT."""
    import re

    from servers import LiveServer, start_process

    env = {**env, "PYTHONPATH": root}
    process, output = start_process(
        ["-P", "-m", "server.cli", "serve", "--port", "0"], env, "running at", program=sys.executable
    )
    return LiveServer(re.search(r"running at (http://\S+)", "".join(output)).group(1), env, process, output)


def live_part(marks, root=None):
    from servers import start_server

    print(
        f"\nLive: `fulcrum serve` ({'code from ' + root if root else 'this checkout'}), round trip of one "
        "`goto` (counted per socket, then refused), after N sockets came and went "
        "(each: connect, join, answer, goto, end, disconnect)"
    )
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "PUBLIC_URL": ""}
        server = start_from(root, env) if root else start_server(env)
        try:
            asyncio.run(measure_live(server.url))  # warm up
            print(f"{'sockets':>8} | {'round trip p50':>14} {'p95':>8} | {'churn':>12} {'server CPU/socket':>17} | RSS")
            done = 0
            for mark in marks:
                cpu = cpu_seconds(server.process.pid)
                took = asyncio.run(churn_live(server.url, mark - done))
                used = cpu_seconds(server.process.pid) - cpu
                sockets, done = mark - done, mark
                samples = asyncio.run(measure_live(server.url))
                print(
                    f"{mark:>8,} | {statistics.median(samples) * 1000:>11.2f} ms {p95(samples) * 1000:>5.2f} ms | "
                    f"{sockets / took:>7.0f} /s {used / sockets * 1000:>14.2f} ms | {rss_mb(server.process.pid):.0f} MB"
                )
                sys.stdout.flush()
        finally:
            server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["local", "live", "both"], default="both")
    parser.add_argument("--marks", default=",".join(map(str, MARKS)), help="socket counts to measure at")
    parser.add_argument("--rounds", type=int, default=4, help="alternating in-process rounds")
    parser.add_argument("--server-root", help="live part: run the server from this checkout instead (old code)")
    args = parser.parse_args()
    marks = [int(m) for m in args.marks.split(",")]
    if args.part in ("local", "both"):
        local_part(marks, args.rounds)
    if args.part in ("live", "both"):
        live_part(marks, args.server_root)


if __name__ == "__main__":
    main()
