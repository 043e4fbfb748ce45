"""Load benchmark: N phones (python-socketio AsyncClients over websocket) against a real
`fulcrum serve` process on SQLite, plus a facilitator client. Prints join, fan-out and
ingest figures and the server's memory. The load generator shares the machine's cores.

    .venv/bin/python bench/load.py --phones 200 --moves 20
"""
import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import start_server  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(values):
    return f"p50 {pct(values, 50) * 1000:7.1f} ms  p95 {pct(values, 95) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(url, token, phones_n, moves):
    created = requests.post(f"{url}/api/v1/sessions", json={"worksheet": "independence-interdependence"},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    host = socketio.AsyncClient(reconnection=False)
    answers_seen = []
    host.on("answer", answers_seen.append)
    await host.connect(url, transports=["websocket"], auth={"token": token})
    assert (await host.call("host", {"session_id": created["id"]}))["ok"]

    arrivals, phones = {}, []

    async def join_one(i):
        client = socketio.AsyncClient(reconnection=False)

        async def on_step(step, i=i):
            arrivals.setdefault(step["index"], {})[i] = time.perf_counter()
        client.on("step", on_step)
        start = time.perf_counter()
        await client.connect(url, transports=["websocket"])
        ack = await client.call("join", {"code": created["code"]}, timeout=30)
        assert ack["ok"], ack
        phones.append(client)
        return time.perf_counter() - start

    t0 = time.perf_counter()
    joins = []
    for batch in range(0, phones_n, 50):  # connect in waves, as a room does
        joins += await asyncio.gather(*(join_one(i) for i in range(batch, min(phones_n, batch + 50))))
    join_total = time.perf_counter() - t0

    fanouts = []
    for move in range(moves):
        index = 1 + move % 7
        arrivals.pop(index, None)
        sent = time.perf_counter()
        assert (await host.call("goto", {"index": index}))["ok"]
        while len(arrivals.get(index, {})) < phones_n:
            await asyncio.sleep(0.002)
        fanouts.append(max(arrivals[index].values()) - sent)
        await asyncio.sleep(0.05)

    question = f"s{1 + (moves - 1) % 7}q1"
    answers_seen.clear()
    sent = time.perf_counter()
    acks = await asyncio.gather(*(p.call("answer", {"question_id": question, "text": f"answer {i}",
                                                     "client_id": str(uuid.uuid4())}, timeout=60)
                                  for i, p in enumerate(phones)))
    acked = time.perf_counter() - sent
    assert all(a["ok"] for a in acks)
    while len(answers_seen) < phones_n:
        await asyncio.sleep(0.002)
    on_dashboard = time.perf_counter() - sent

    await asyncio.gather(*(p.disconnect() for p in phones), return_exceptions=True)
    await host.disconnect()
    return joins, join_total, fanouts, acked, on_dashboard


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        server = start_server(env)
        try:
            token = server.token_for("bench@example.com")
            idle = rss_mb(server.process.pid)
            joins, join_total, fanouts, acked, on_dashboard = asyncio.run(run(server.url, token, args.phones, args.moves))
            loaded = rss_mb(server.process.pid)
        finally:
            server.process.terminate()
            server.process.wait(10)
    n = args.phones
    print(f"phones: {n} (one fulcrum serve process, SQLite; load generator on the same 2 cores)")
    print(f"join:    {ms(joins)}  total {join_total:.2f} s")
    print(f"fan-out: {ms(fanouts)}  over {len(fanouts)} moves (goto until the last phone has the step)")
    print(f"ingest:  {n} answers at once: all acks {acked:.2f} s, all on dashboard {on_dashboard:.2f} s, "
          f"{n / on_dashboard:.0f} answers/s")
    print(f"memory:  server RSS idle {idle:.0f} MB, with {n} phones {loaded:.0f} MB "
          f"({(loaded - idle) * 1024 / n:.0f} KB per connection)")


if __name__ == "__main__":
    main()
