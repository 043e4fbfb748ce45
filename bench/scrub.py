"""Scrubbing benchmark: server/domain/privacy/ against the labelled set.

Quality, on tests/data/scrub_cases.jsonl (written by bench/make_scrub_cases.py):
- span level: a found span counts only if its start, end and kind equal a gold span's;
- token level: every word (a run of non-space characters) is labelled with the kind of the
  span it overlaps, or nothing; precision/recall over the labelled words;
per kind and overall (micro-averaged), for all cases and per split ("dev": the cases the
rules were developed on; "holdout": written afterwards and not tuned on), then every miss
and false alarm.

Cost: import time and RSS of the module in a fresh process, then the time and RSS of
building the name tables (warm_up, done at server start or on first use), then throughput in answers per CPU
second (one core): the labelled answers over and over, and 2,000-character answers.

--audit lists every finding in an unlabelled CSV column, to read precision off real text.

    .venv/bin/python bench/scrub.py
    .venv/bin/python bench/scrub.py --json      # the figures as JSON (for tests/CI)
    .venv/bin/python bench/scrub.py --audit ../shared/data/themes/happydb_claff/labeled_10k.csv --column moment
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "scrub_cases.jsonl"
KINDS = ("name", "email", "phone", "url", "handle")
sys.path.insert(0, str(ROOT))


def load_cases(path=CASES):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _word_labels(text, spans):
    labels = []
    for m in re.finditer(r"\S+", text):
        kind = next((k for s, e, k in spans if s < m.end() and m.start() < e), None)
        labels.append(kind)
    return labels


def evaluate(cases, find_pii):
    """Counts per kind at span and word level, and the misses and false alarms."""
    span = {k: Counter() for k in KINDS}
    word = {k: Counter() for k in KINDS}
    misses, alarms = [], []
    for case in cases:
        text = case["text"]
        gold = {tuple(s) for s in case["spans"]}
        found = {tuple(s) for s in find_pii(text)}
        for s in gold & found:
            span[s[2]]["tp"] += 1
        for s in gold - found:
            span[s[2]]["fn"] += 1
            misses.append((text, s))
        for s in found - gold:
            span[s[2]]["fp"] += 1
            alarms.append((text, s))
        for g, f in zip(_word_labels(text, gold), _word_labels(text, found), strict=False):
            if g and g == f:
                word[g]["tp"] += 1
            else:
                if g:
                    word[g]["fn"] += 1
                if f:
                    word[f]["fp"] += 1
    return span, word, misses, alarms


def table(counts):
    rows = {}
    total = Counter()
    for k in KINDS:
        c = counts[k]
        total.update(c)
        rows[k] = (*prf(c["tp"], c["fp"], c["fn"]), c["tp"] + c["fn"])
    rows["overall"] = (*prf(total["tp"], total["fp"], total["fn"]), total["tp"] + total["fn"])
    return rows


def quality(cases):
    from server.domain.privacy import find_pii

    span, word, misses, alarms = evaluate(cases, find_pii)
    return table(span), table(word), misses, alarms


_COST_SCRIPT = r"""
import json, resource, sys, time
def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
r0 = rss(); t0 = time.perf_counter()
import server.domain.privacy as p
t1 = time.perf_counter(); r1 = rss()
p.warm_up()
t2 = time.perf_counter(); r2 = rss()
print(json.dumps({"import_s": t1 - t0, "import_mb": r1 - r0, "warm_s": t2 - t1, "warm_mb": r2 - r1,
                  "rss_mb": r2}))
"""


def cost():
    """Import and warm-up in a fresh process (median of 3)."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", _COST_SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    return {k: sorted(r[k] for r in runs)[1] for k in runs[0]}


def throughput(cases, seconds=2.0):
    """Answers per CPU second of this process (one core; robust to other load on the machine)."""
    from server.domain.privacy import scrub, warm_up

    warm_up()
    texts = [c["text"] for c in cases]

    def rate(batch, budget):
        done, t0 = 0, time.process_time()
        while time.process_time() - t0 < budget:
            for t in batch:
                scrub(t)
            done += len(batch)
        return done / (time.process_time() - t0)

    long_text = (" ".join(texts))[:2000]
    return rate(texts, seconds), rate([long_text], seconds / 2), sum(map(len, texts)) / len(texts)


def audit(path, column):
    """Every finding on an unlabelled CSV column, for reading by eye (no gold labels)."""
    import csv

    from server.domain.privacy import find_pii

    with open(path, newline="", encoding="utf-8") as f:
        texts = [row[column] for row in csv.DictReader(f)]
    found = [(t, s) for t in texts for s in find_pii(t)]
    kinds = Counter(s[2] for _, s in found)
    print(
        f"{len(texts)} texts, {len(found)} findings in {sum(bool(find_pii(t)) for t in texts)} texts: "
        + ", ".join(f"{k} {v}" for k, v in kinds.most_common())
    )
    for t, (s, e, k) in found:
        print(f"  {k:<6} {t[s:e]!r:<24} {t[max(0, s - 40) : e + 30]!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON only")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--audit", metavar="CSV", help="list every finding in one column of an unlabelled CSV")
    ap.add_argument("--column", default="text", help="the column for --audit (default: text)")
    args = ap.parse_args(argv)
    if args.audit:
        audit(args.audit, args.column)
        return 0

    cases = load_cases()
    span_rows, word_rows, misses, alarms = quality(cases)
    result = {
        "cases": len(cases),
        "with_pii": sum(bool(c["spans"]) for c in cases),
        "span": span_rows,
        "word": word_rows,
        "splits": {},
    }
    for split in sorted({c.get("split", "dev") for c in cases}):
        part = [c for c in cases if c.get("split", "dev") == split]
        s_rows, w_rows, _, _ = quality(part)
        result["splits"][split] = {"cases": len(part), "span": s_rows, "word": w_rows}
    if not args.skip_speed:
        result["cost"] = cost()
        short, long_, mean_len = throughput(cases)
        result["throughput"] = {"answers_per_s": short, "mean_chars": mean_len, "long_2000_per_s": long_}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0

    print(f"{len(cases)} answers, {result['with_pii']} with personal data ({CASES.relative_to(ROOT)})\n")
    print(f"{'kind':<9} {'span P':>7} {'R':>6} {'F1':>6} {'n':>4}   {'word P':>7} {'R':>6} {'F1':>6} {'n':>4}")
    for k in (*KINDS, "overall"):
        sp, sr, sf, sn = span_rows[k]
        wp, wr, wf, wn = word_rows[k]
        print(f"{k:<9} {sp:7.3f} {sr:6.3f} {sf:6.3f} {sn:4d}   {wp:7.3f} {wr:6.3f} {wf:6.3f} {wn:4d}")
    for split, part in result["splits"].items():
        cells = "  ".join(f"{k} {part['span'][k][0]:.2f}/{part['span'][k][1]:.2f}" for k in (*KINDS, "overall"))
        print(f"  {split} ({part['cases']}), span P/R: {cells}")
    if "cost" in result:
        c, t = result["cost"], result["throughput"]
        print(
            f"\nimport: {c['import_s'] * 1000:.1f} ms, +{c['import_mb']:.1f} MB RSS;"
            f" name tables (warm_up / first call): {c['warm_s'] * 1000:.0f} ms, +{c['warm_mb']:.1f} MB;"
            f" process RSS {c['rss_mb']:.0f} MB"
        )
        print(
            f"throughput (per CPU second): {t['answers_per_s']:,.0f} answers/s"
            f" (mean {t['mean_chars']:.0f} chars);"
            f" {t['long_2000_per_s']:,.0f} answers/s at 2,000 chars"
        )
    print(f"\nmisses ({len(misses)}):")
    for text, (s, e, k) in misses:
        print(f"  {k:<6} {text[s:e]!r:<28} in {text!r}")
    print(f"false alarms ({len(alarms)}):")
    for text, (s, e, k) in alarms:
        print(f"  {k:<6} {text[s:e]!r:<28} in {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
