"""Load benchmark: N phones (python-socketio AsyncClients over websocket) against real
`fulcrum serve` processes, plus a facilitator client on the first process. Prints join,
fan-out and ingest figures and the servers' CPU and memory. The load generator shares the
machine's cores.

    .venv/bin/python bench/load.py --phones 1000
    .venv/bin/python bench/load.py --phones 1000 --database-url postgresql://postgres@127.0.0.1:54329/bench
    .venv/bin/python bench/load.py --phones 2000 --processes 2 \
        --database-url postgresql://… --redis-url redis://127.0.0.1:6389/0

With several processes, phones are spread over them round-robin (as a load balancer
would) and the facilitator sits on the first: every step and answer crosses Redis.

Last, "busy": the phones keep answering (--busy-rate answers a second in all, texts from
../shared/data/themes/happydb_claff, so the theme worker has real work) while the
facilitator moves the room (--busy-moves times): fan-out measured under load, beside the
quiet figure above. `--busy-moves 0` leaves the busy phase out.

The floor and other code (issue 11):

    .venv/bin/python bench/load.py --phones 1000 --server bare      # bench/bare.py, no Fulcrum
    git -C . archive HEAD | tar -x -C /tmp/goto-base
    .venv/bin/python bench/load.py --phones 1000 --code-root /tmp/goto-base
    .venv/bin/python bench/load.py --phones 1000 --py-spy /tmp/moves.json   # profile the moves

`--code-root` runs the servers (and the test helpers that start them) from another checkout,
so edits in progress in this tree do not disturb a measurement. `--json FILE` appends the
figures as one JSON line (bench/fanout_ab.py runs variants alternately and reads them).
"""

import argparse
import asyncio
import csv
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import socketio

HERE = Path(__file__).resolve().parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PY_SPY = str(Path(sys.executable).with_name("py-spy"))
LiveServer = run_cli = start_process = start_server = None  # from the code root's tests/servers.py (main)


def use_code_root(root: Path) -> None:
    """Take the server helpers from `root`'s tests/servers.py; the `fulcrum` processes they
    start import `server` from `root` (PYTHONPATH comes before the editable install)."""
    global LiveServer, run_cli, start_process, start_server
    sys.path.insert(0, str(root / "tests"))
    import servers

    LiveServer, run_cli, start_process, start_server = (
        servers.LiveServer,
        servers.run_cli,
        servers.start_process,
        servers.start_server,
    )


TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "themes" / "happydb_claff" / "single_concept.csv"


def reflections(n: int) -> list[str]:
    """Short real texts for the answers of the busy phase (the theme engine's own test data)."""
    with open(TEXTS, newline="", encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f) if 0 < len(row["text"]) <= 300]
    return random.Random(5).sample(texts, min(n, len(texts)))


move_clock: list[float] = []  # wall-clock start of each move (to line up with server-side logs)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(values):
    return (
        f"p50 {pct(values, 50) * 1000:7.1f} ms  p95 {pct(values, 95) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"
    )


def cpu_seconds(pid):
    """User + system CPU time so far of a server process and its children (the theme worker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") + sum(cpu_seconds(c) for c in children)


def start_gunicorn(env) -> LiveServer:
    """The production server (Dockerfile's CMD): gunicorn with one gevent worker."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert run_cli(["db", "upgrade"], env).returncode == 0
    process, output = start_process(
        ["-k", "gevent", "-w", "1", "--worker-connections", "4000", "-b", f"127.0.0.1:{port}", "server.wsgi:app"],
        env,
        "Booting worker",
        GUNICORN,
    )
    return LiveServer(f"http://127.0.0.1:{port}", env, process, output)


def start_bare(env, code_root: Path):
    """bench/bare.py: Flask-SocketIO on gevent and nothing else (the floor)."""
    gc_log = ["--gc-log", env["BENCH_GC_LOG"]] if env.get("BENCH_GC_LOG") else []
    process, output = start_process(
        [str(HERE / "bare.py"), "--port", "0", "--code-root", str(code_root), *gc_log],
        env,
        "running at",
        sys.executable,
    )
    url = re.search(r"running at (http://\S+)", "".join(output)).group(1)
    return LiveServer(url, env, process, output)


def web_pid(server, kind: str) -> int:
    """The process that serves the sockets: gunicorn's worker, not its master."""
    if kind in ("fulcrum", "bare"):
        return server.process.pid
    pid = server.process.pid
    return int(Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0])


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(
    urls, token, phones_n, moves, server_pids, busy_rate, busy_moves, writing_seconds, py_spy=None, py_spy_idle=False
):
    url = urls[0]
    created = requests.post(
        f"{url}/api/v1/sessions",
        json={"worksheet": "independence-interdependence"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    host = socketio.AsyncClient(reconnection=False)
    answers_seen, themes_seen = [], []
    host.on("answers", lambda batch: answers_seen.extend(batch["answers"]))
    host.on("themes", themes_seen.append)
    await host.connect(url, transports=["websocket"], auth={"token": token})
    assert (await host.call("host", {"session_id": created["id"]}))["ok"]

    arrivals, phones = {}, []
    move_clock.clear()

    async def join_one(i):
        client = socketio.AsyncClient(reconnection=False)

        async def on_step(step, i=i):
            arrivals.setdefault(step["index"], {})[i] = time.perf_counter()

        client.on("step", on_step)
        start = time.perf_counter()
        await client.connect(urls[i % len(urls)], transports=["websocket"])
        ack = await client.call("join", {"code": created["code"]}, timeout=30)
        assert ack["ok"], ack
        phones.append(client)
        return time.perf_counter() - start

    t0 = time.perf_counter()
    joins = []
    for batch in range(0, phones_n, 50):  # connect in waves, as a room does
        joins += await asyncio.gather(*(join_one(i) for i in range(batch, min(phones_n, batch + 50))))
    join_total = time.perf_counter() - t0

    async def move_room(move):
        """goto, then wait until every phone has the step; returns the fan-out time."""
        index = 1 + move % 7
        arrivals.pop(index, None)
        move_clock.append(time.time())
        sent = time.perf_counter()
        assert (await host.call("goto", {"index": index}, timeout=30))["ok"]
        while len(arrivals.get(index, {})) < phones_n:
            await asyncio.sleep(0.002)
        return max(arrivals[index].values()) - sent

    fanouts = []
    spy = None
    if py_spy:  # sample the (first) server during the moves only
        spy = subprocess.Popen(
            [
                PY_SPY,
                "record",
                "-p",
                str(server_pids[0]),
                "-o",
                py_spy,
                "--format",
                "speedscope",
                "--rate",
                "500",
                "--nonblocking",
                *(["--idle"] if py_spy_idle else []),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await asyncio.sleep(1.5)
    cpu = (sum(map(cpu_seconds, server_pids)), time.process_time())
    for move in range(moves):
        fanouts.append(await move_room(move))
        await asyncio.sleep(0.05)
    # Who does the work of a move: the servers sending N messages, or this process receiving them.
    move_cpu = ((sum(map(cpu_seconds, server_pids)) - cpu[0]) / moves, (time.process_time() - cpu[1]) / moves)
    if spy is not None:
        spy.send_signal(2)  # SIGINT: py-spy writes the profile and exits
        spy.wait(30)

    question = f"s{1 + (moves - 1) % 7}q1"
    answers_seen.clear()
    cpu = (sum(map(cpu_seconds, server_pids)), time.process_time())
    sent = time.perf_counter()
    acks = await asyncio.gather(
        *(
            p.call(
                "answer", {"question_id": question, "text": f"answer {i}", "client_id": str(uuid.uuid4())}, timeout=60
            )
            for i, p in enumerate(phones)
        )
    )
    acked = time.perf_counter() - sent
    failed = [a for a in acks if not a["ok"]]
    assert not failed, f"{len(failed)} answers failed, e.g. {failed[0]}"
    while len(answers_seen) < phones_n:
        await asyncio.sleep(0.002)
    on_dashboard = time.perf_counter() - sent
    ingest_cpu = (sum(map(cpu_seconds, server_pids)) - cpu[0], time.process_time() - cpu[1])

    writing = await writing_phase(phones, host, writing_seconds, move_room, server_pids) if writing_seconds else None

    # Busy: answers (with theme recomputes) flow while the facilitator moves the room.
    texts = reflections(4000)
    busy = {"sent": 0, "failed": 0, "acks": []}
    stop = asyncio.Event()
    themes_seen.clear()

    async def keep_answering():
        pending = set()
        while not stop.is_set():
            i = busy["sent"]
            busy["sent"] += 1
            phone = phones[random.randrange(phones_n)]

            async def one(phone=phone, i=i):
                sent = time.perf_counter()
                ack = await phone.call(
                    "answer",
                    {"question_id": f"s{1 + i % 7}q1", "text": texts[i % len(texts)], "client_id": str(uuid.uuid4())},
                    timeout=60,
                )
                busy["acks"].append(time.perf_counter() - sent)
                busy["failed"] += not ack["ok"]

            task = asyncio.create_task(one())
            pending.add(task)
            task.add_done_callback(pending.discard)
            await asyncio.sleep(1 / busy_rate)
        await asyncio.gather(*pending)

    if busy_moves == 0:
        await asyncio.gather(*(p.disconnect() for p in phones), return_exceptions=True)
        await host.disconnect()
        return joins, join_total, fanouts, move_cpu, acked, on_dashboard, ingest_cpu, writing, None

    busy_cpu = (sum(map(cpu_seconds, server_pids)), time.perf_counter())
    flow = asyncio.create_task(keep_answering())
    await asyncio.sleep(2)  # let answers and theme updates get going
    busy_fanouts = []
    for move in range(busy_moves):
        busy_fanouts.append(await move_room(move))
        await asyncio.sleep(0.5)
    stop.set()
    await flow
    busy_cpu = (sum(map(cpu_seconds, server_pids)) - busy_cpu[0], time.perf_counter() - busy_cpu[1])
    busy.update(fanouts=busy_fanouts, themes=len(themes_seen), cpu=busy_cpu)

    await asyncio.gather(*(p.disconnect() for p in phones), return_exceptions=True)
    await host.disconnect()
    return joins, join_total, fanouts, move_cpu, acked, on_dashboard, ingest_cpu, writing, busy


async def writing_phase(phones, host, seconds, move_room, pids):
    """Everyone writing under a running timer, between two quiet blocks: in each block the
    facilitator moves the room every 2 s; in the middle one each phone also sends `writing`
    once per WRITING_INTERVAL (staggered, as a room typing does) and a timer runs. Fan-out
    and the servers' CPU a second, quiet (both blocks) against busy, from one run."""
    from server.live.writing import WRITING_INTERVAL

    counts, seen_at = [], []
    host.on("writing", lambda data: (counts.append(data), seen_at.append(time.perf_counter())))
    await asyncio.sleep(5)  # the theme worker finishes with the ingest's answers first

    async def block(length):
        cpu, start, fanouts = sum(map(cpu_seconds, pids)), time.perf_counter(), []
        while time.perf_counter() - start < length:
            await asyncio.sleep(2)
            fanouts.append(await move_room(len(fanouts)))
        took = time.perf_counter() - start
        return fanouts, (sum(map(cpu_seconds, pids)) - cpu) / took, took

    acks, stop = [], asyncio.Event()

    async def type_away(i, phone):
        await asyncio.sleep(WRITING_INTERVAL * i / len(phones))
        while not stop.is_set():
            sent = time.perf_counter()
            ack = await phone.call("writing", {"question_id": "s1q2"}, timeout=30)
            acks.append((time.perf_counter() - sent, ack.get("ok")))
            await asyncio.sleep(WRITING_INTERVAL)

    quiet_before, cpu_before, _ = await block(seconds / 2)
    assert (await host.call("timer", {"seconds": 3600}, timeout=30))["ok"]
    typing = [asyncio.create_task(type_away(i, p)) for i, p in enumerate(phones)]
    busy_fanouts, busy_cpu, took = await block(seconds)
    stop.set()
    await asyncio.gather(*typing)
    assert (await host.call("timer", {"seconds": None}, timeout=30))["ok"]
    quiet_after, cpu_after, _ = await block(seconds / 2)
    gaps = [b - a for a, b in zip(seen_at, seen_at[1:], strict=False)]
    return {
        "hints": len(acks),
        "seconds": took,
        "failed": sum(not ok for _, ok in acks),
        "acks": [t for t, _ in acks],
        "idle_cpu": (cpu_before + cpu_after) / 2,
        "cpu": busy_cpu,
        "events": len(counts),
        "min_gap": min(gaps) if gaps else float("nan"),
        "peak": max((c.get("s1q2", 0) for c in counts), default=0),
        "fanouts": busy_fanouts,
        "quiet_fanouts": quiet_before + quiet_after,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--processes", type=int, default=1, help="fulcrum serve processes (more than 1 needs Redis)")
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--redis-url", help="Socket.IO message queue shared by the processes")
    parser.add_argument("--busy-rate", type=float, default=100, help="answers a second during the busy phase")
    parser.add_argument("--busy-moves", type=int, default=20, help="goto moves during the busy phase")
    parser.add_argument(
        "--server",
        choices=["fulcrum", "gunicorn", "bare"],
        default="fulcrum",
        help="`fulcrum serve`, gunicorn's gevent worker as in production, or bench/bare.py "
        "(a bare Flask-SocketIO app: the floor)",
    )
    parser.add_argument(
        "--code-root",
        type=Path,
        default=HERE.parent,
        help="the Fulcrum checkout to run (default: this one), e.g. an archive of HEAD",
    )
    parser.add_argument(
        "--writing-seconds", type=float, default=20, help="everyone writing for this long (0 leaves it out)"
    )
    parser.add_argument("--json", help="append the figures to this file as one JSON line")
    parser.add_argument("--label", help="a name for this run in the JSON line")
    parser.add_argument("--py-spy", help="record the server with py-spy during the moves (speedscope JSON here)")
    parser.add_argument("--py-spy-idle", action="store_true", help="with --py-spy: idle samples too (wall-clock view)")
    parser.add_argument(
        "--no-theme-worker",
        action="store_true",
        help="with Redis: do not start `fulcrum themes` (what themes cost the realtime loop)",
    )
    args = parser.parse_args()
    if args.processes > 1 and not args.redis_url:
        parser.error("--processes > 1 needs --redis-url")
    if args.server == "bare" and (args.processes > 1 or args.redis_url or args.database_url):
        parser.error("--server bare is one process on its own SQLite file")
    root = args.code_root.resolve()
    use_code_root(root)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.sqlite3"}
        if root != HERE.parent:
            env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
        if args.redis_url:
            env["SOCKETIO_MESSAGE_QUEUE"] = args.redis_url
        start = {"fulcrum": start_server, "gunicorn": start_gunicorn, "bare": lambda env: start_bare(env, root)}[
            args.server
        ]
        servers = [start(env) for _ in range(args.processes)]
        pids = [web_pid(s, args.server) for s in servers]
        extra = []  # with Redis, themes run in `fulcrum themes`, as in production
        if args.redis_url and not args.no_theme_worker:
            extra.append(start_process(["themes"], env, "Theme worker ready")[0])
        try:
            token = (
                "bare" if args.server == "bare" else servers[0].token_for(f"bench-{uuid.uuid4().hex[:8]}@example.com")
            )
            idle = sum(map(rss_mb, pids))
            joins, join_total, fanouts, move_cpu, acked, on_dashboard, ingest_cpu, writing, busy = asyncio.run(
                run(
                    [s.url for s in servers],
                    token,
                    args.phones,
                    args.moves,
                    pids + [p.pid for p in extra],
                    args.busy_rate,
                    args.busy_moves,
                    args.writing_seconds,
                    args.py_spy,
                    args.py_spy_idle,
                )
            )
            loaded = sum(map(rss_mb, pids))
        finally:
            for process in extra:
                process.terminate()
            for server in servers:
                server.stop()
                errors = [line for line in server.output if "ERROR" in line or "Error" in line]
                if errors:
                    print("".join(errors[:20]), file=sys.stderr)
    n = args.phones
    db = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    queue = " + Redis queue" if args.redis_url else ""
    server = {"fulcrum": "fulcrum serve", "gunicorn": "gunicorn -k gevent", "bare": "bench/bare.py"}[args.server]
    print(f"phones: {n} ({args.processes} {server} process(es), {db}{queue}; load generator on the same 2 cores)")
    print(f"join:    {ms(joins)}  total {join_total:.2f} s")
    print(
        f"fan-out: {ms(fanouts)}  over {len(fanouts)} moves (goto until the last phone has the step); "
        f"CPU a move: servers {move_cpu[0] * 1000:.0f} ms, load generator {move_cpu[1] * 1000:.0f} ms"
    )
    print(
        f"ingest:  {n} answers at once: all acks {acked:.2f} s, all on dashboard {on_dashboard:.2f} s, "
        f"{n / on_dashboard:.0f} answers/s; CPU: servers and theme worker {ingest_cpu[0]:.2f} s, "
        f"load generator {ingest_cpu[1]:.2f} s"
    )
    if args.json:
        with open(args.json, "a") as f:
            f.write(
                json.dumps(
                    {
                        "label": args.label or args.server,
                        "server": args.server,
                        "code_root": str(root),
                        "phones": n,
                        "moves": len(fanouts),
                        "fanouts": fanouts,
                        "move_clock": move_clock[: len(fanouts)],
                        "fanout_p50": pct(fanouts, 50),
                        "fanout_p95": pct(fanouts, 95),
                        "move_cpu_server": move_cpu[0],
                        "move_cpu_loadgen": move_cpu[1],
                        "ingest_acks": acked,
                        "ingest_dashboard": on_dashboard,
                        "ingest_cpu_server": ingest_cpu[0],
                        "join_p50": pct(joins, 50),
                        "rss_idle": idle,
                        "rss_loaded": loaded,
                    }
                )
                + "\n"
            )
    if writing is not None:
        w = writing
        print(
            f"writing: {w['hints'] / w['seconds']:.0f} hints/s from {n} phones typing under a timer "
            f"({w['failed']} failed, ack {ms(w['acks'])}); servers' CPU {w['cpu'] * 100:.1f}% of a core against "
            f"{w['idle_cpu'] * 100:.1f}% with the same moves alone; hosts got {w['events']} `writing` events "
            f"(closest {w['min_gap']:.2f} s apart, peak count {w['peak']})\n"
            f"         fan-out with them {ms(w['fanouts'])}; without (before and after) {ms(w['quiet_fanouts'])}; "
            f"p95 ratio {pct(w['fanouts'], 95) / pct(w['quiet_fanouts'], 95):.2f}"
        )
    if busy is not None:
        seconds = busy["cpu"][1]
        print(
            f"busy:    fan-out {ms(busy['fanouts'])} over {len(busy['fanouts'])} moves while phones sent "
            f"{busy['sent'] / seconds:.0f} answers/s (ack {ms(busy['acks'])}, {busy['failed']} failed) "
            f"and the host got {busy['themes']} theme updates; "
            f"CPU of the servers and theme worker {busy['cpu'][0] / seconds:.0%} of one core"
        )
    print(
        f"memory:  server RSS idle {idle:.0f} MB, with {n} phones {loaded:.0f} MB "
        f"({(loaded - idle) * 1024 / n:.0f} KB per connection)"
    )


if __name__ == "__main__":
    main()
