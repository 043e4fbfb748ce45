"""Run bench/load.py for several variants alternately (noisy shared cores) and compare medians.

    .venv/bin/python bench/fanout_ab.py --rounds 5 --phones 1000 \
        --variant bare=bare:/tmp/goto-base --variant head=fulcrum:/tmp/goto-base \
        --variant try=fulcrum:/tmp/goto-try

A variant is LABEL=SERVER:CODE_ROOT (SERVER one of load.py's --server choices). Each round
runs every variant once, the order rotated from round to round; every run is a fresh server
and a fresh set of phones. The table gives medians over the rounds of each run's fan-out
p50 / p95 (20 moves a run by default), the server CPU a move, and the ingest of one answer
per phone (all acks), then every figure's ratio to the first variant.
Runs are appended to --json (one line each), so a table can be rebuilt with --report.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIGURES = [
    ("fanout_p50", "fan-out p50", 1000, "ms"),
    ("fanout_p95", "fan-out p95", 1000, "ms"),
    ("move_cpu_server", "server CPU a move", 1000, "ms"),
    ("ingest_acks", "ingest, all acks", 1, "s"),
    ("ingest_cpu_server", "server CPU, ingest", 1, "s"),
]


def report(runs: list[dict], labels: list[str]) -> str:
    by = {label: [r for r in runs if r["label"] == label] for label in labels}
    lines = [
        "| variant | runs | " + " | ".join(f"{title} (median)" for _, title, _, _ in FIGURES) + " |",
        "| --- | --- |" + " --- |" * len(FIGURES),
    ]
    medians = {
        label: {key: statistics.median(r[key] for r in rs) for key, *_ in FIGURES} for label, rs in by.items() if rs
    }
    for label, rs in by.items():
        if not rs:
            continue
        cells = []
        for key, _, scale, unit in FIGURES:
            values = sorted(r[key] * scale for r in rs)
            spread = f" ({values[0]:.{0 if unit == 'ms' else 2}f}–{values[-1]:.{0 if unit == 'ms' else 2}f})"
            cells.append(f"{medians[label][key] * scale:.{0 if unit == 'ms' else 2}f} {unit}{spread}")
        lines.append(f"| {label} | {len(rs)} | " + " | ".join(cells) + " |")
    base = labels[0]
    if base in medians:
        for label in labels[1:]:
            if label in medians:
                lines.append(
                    f"| {label} / {base} | | "
                    + " | ".join(f"{medians[label][key] / medians[base][key]:.2f}×" for key, *_ in FIGURES)
                    + " |"
                )
        # Paired: the i-th run of each variant ran in the same round, next to each other.
        for label in labels[1:]:
            pairs = list(zip(by[label], by[base], strict=False))
            if pairs:
                lines.append(
                    f"| {label} / {base}, median of per-round ratios | {len(pairs)} | "
                    + " | ".join(f"{statistics.median(a[key] / b[key] for a, b in pairs):.2f}×" for key, *_ in FIGURES)
                    + " |"
                )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variant", action="append", required=True, help="LABEL=SERVER:CODE_ROOT")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--json", default="/tmp/fanout_ab.jsonl")
    parser.add_argument("--report", action="store_true", help="only print the table from --json")
    args = parser.parse_args()
    variants = []
    for spec in args.variant:
        label, rest = spec.split("=", 1)
        server, _, root = rest.partition(":")
        variants.append((label, server, root))
    labels = [v[0] for v in variants]
    if not args.report:
        for round_ in range(args.rounds):
            shift = round_ % len(variants)
            for label, server, root in variants[shift:] + variants[:shift]:
                command = [
                    sys.executable,
                    str(HERE / "load.py"),
                    "--phones",
                    str(args.phones),
                    "--moves",
                    str(args.moves),
                    "--busy-moves",
                    "0",
                    "--server",
                    server,
                    "--json",
                    args.json,
                    "--label",
                    label,
                ]
                if root:
                    command += ["--code-root", root]
                done = subprocess.run(command, capture_output=True, text=True)
                fanout = [line for line in done.stdout.splitlines() if line.startswith(("fan-out", "ingest"))]
                print(
                    f"round {round_ + 1} {label}: "
                    + (
                        " / ".join(fanout)
                        if done.returncode == 0
                        else f"FAILED\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
                    ),
                    flush=True,
                )
    with open(args.json) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    print(report(runs, labels))


if __name__ == "__main__":
    main()
