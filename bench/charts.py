"""Scale and choice answers against text answers: N phones (python-socketio AsyncClients)
on one `fulcrum serve`, all answering one question at once, round after round, the kinds
alternating (text, scale, choice, text, …) so the machine's noise falls on each alike.
For each round: when every ack is back, when the dashboard has every answer, when the
dashboard's summary counts them all (a `chart` for scales and choices, `themes` for text),
and the server's CPU. Prints medians per kind and their ratio to text.

    .venv/bin/python bench/charts.py --phones 1000 --rounds 5
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from load import cpu_seconds  # noqa: E402

from servers import start_server  # noqa: E402

KINDS = ("text", "scale", "choice")
OPTIONS = ["Support", "Help", "Advice", "Time", "Other"]


def worksheet(rounds: int) -> dict:
    """A fresh question of each kind for every round (a second answer would be a revision,
    and the counts would be complete before the round's answers are)."""
    questions = []
    for r in range(rounds):
        questions += [
            {"prompt": f"What helped you this week? ({r})"},
            {"prompt": f"How full is your tank? ({r})", "kind": "scale", "min": 0, "max": 10},
            {"prompt": f"What do you rely on? ({r})", "kind": "choice", "multiple": True, "options": OPTIONS},
        ]
    return {"title": "Bench check-in", "steps": [{"title": "One of each, each round", "questions": questions}]}


def payload(kind: str, i: int, round_: int) -> dict:
    if kind == "scale":
        return {"value": (i + round_) % 11}
    if kind == "choice":
        return {"choices": [OPTIONS[(i + round_) % 5], OPTIONS[(i + round_ + 2) % 5]]}
    return {"text": f"Walking with friend number {i % 40} in round {round_}"}


async def run(url: str, token: str, phones_n: int, rounds: int, pid: int) -> dict[str, list[dict]]:
    headers = {"Authorization": f"Bearer {token}"}
    slug = requests.post(f"{url}/api/v1/worksheets", json=worksheet(rounds), headers=headers, timeout=10).json()["slug"]
    created = requests.post(f"{url}/api/v1/sessions", json={"worksheet": slug}, headers=headers, timeout=10).json()
    host = socketio.AsyncClient(reconnection=False)
    seen: dict[str, set[int]] = {}
    summaries: list[tuple[float, dict]] = []
    host.on("answers", lambda batch: [seen.setdefault(a["question_id"], set()).add(a["id"]) for a in batch["answers"]])
    host.on("chart", lambda event: summaries.append((time.perf_counter(), event)))
    host.on("themes", lambda event: summaries.append((time.perf_counter(), event)))
    await host.connect(url, transports=["websocket"], auth={"token": token})
    assert (await host.call("host", {"session_id": created["id"]}))["ok"]
    phones = []
    for start in range(0, phones_n, 50):
        batch = [socketio.AsyncClient(reconnection=False) for _ in range(start, min(phones_n, start + 50))]
        await asyncio.gather(*(p.connect(url, transports=["websocket"]) for p in batch))
        acks = await asyncio.gather(*(p.call("join", {"code": created["code"]}, timeout=30) for p in batch))
        assert all(a["ok"] for a in acks), acks[0]
        phones += batch
    assert (await host.call("goto", {"index": 0}))["ok"]

    def counted(event: dict) -> int:
        chart = event.get("chart")
        return chart["answers"] if chart else event.get("answers", 0)

    results: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for round_ in range(rounds):
        for k, kind in enumerate(KINDS):
            question = f"s0q{3 * round_ + k + 1}"
            seen.pop(question, None)
            summaries.clear()
            cpu, sent = cpu_seconds(pid), time.perf_counter()
            acks = await asyncio.gather(
                *(
                    p.call(
                        "answer",
                        {"question_id": question, "client_id": str(uuid.uuid4()), **payload(kind, i, round_)},
                        timeout=60,
                    )
                    for i, p in enumerate(phones)
                )
            )
            acked = time.perf_counter() - sent
            assert all(a["ok"] for a in acks), next(a for a in acks if not a["ok"])
            while len(seen.get(question, ())) < phones_n:
                await asyncio.sleep(0.002)
            listed = time.perf_counter() - sent
            while not any(e["question_id"] == question and counted(e) == phones_n for _, e in summaries):
                await asyncio.sleep(0.002)
            summed = next(at for at, e in summaries if e["question_id"] == question and counted(e) == phones_n)
            await asyncio.sleep(1.5)  # let the last coalesced summary finish before the CPU is read
            results[kind].append(
                {"acks": acked, "listed": listed, "summary": summed - sent, "cpu": cpu_seconds(pid) - cpu}
            )
    await asyncio.gather(*(p.disconnect() for p in phones), return_exceptions=True)
    await host.disconnect()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        server = start_server(env)
        try:
            token = server.token_for(f"bench-{uuid.uuid4().hex[:8]}@example.com")
            results = asyncio.run(run(server.url, token, args.phones, args.rounds, server.process.pid))
        finally:
            server.stop()
    print(f"{args.phones} phones answering one question at once, {args.rounds} rounds a kind, alternating")
    median = {kind: {key: statistics.median(r[key] for r in rows) for key in rows[0]} for kind, rows in results.items()}
    for kind, m in median.items():
        ratio = " ".join(f"{key} ×{m[key] / median['text'][key]:.2f}" for key in m) if kind != "text" else ""
        print(
            f"{kind:6}  acks {m['acks']:.2f} s  on dashboard {m['listed']:.2f} s  summary {m['summary']:.2f} s  "
            f"server CPU {m['cpu']:.2f} s   {('vs text: ' + ratio) if ratio else ''}"
        )


if __name__ == "__main__":
    main()
