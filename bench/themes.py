"""Theme engine benchmark: grouping quality against gold labels, speed and memory.

Quality: for each data set in ../shared/data/themes/, samples of 200 texts from 15
labels (the same number of texts per label), 5 seeds: NMI and ARI against the gold
labels, with texts left out of every theme counted as one "other" group, coverage
(share of texts in some theme) and the number of themes; for the engine and for a
TF-IDF + k-means baseline that is given the true k.

Speed: model load in a fresh process, find_themes on 20 / 200 / 2,000 answers from
scratch (no cached vectors) and with vectors cached (as in the live worker, which
embeds each answer as it arrives), one answer added to 200, embedding throughput,
and the process's peak RSS.

    .venv/bin/python bench/themes.py                   # everything
    .venv/bin/python bench/themes.py --skip-speed      # quality only
    FULCRUM_THEMES_REPRESENTATION=tfidf .venv/bin/python bench/themes.py   # the fallback
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "themes"
sys.path.insert(0, str(ROOT))

# The question each data set's texts answer (its words are kept out of labels).
DATASETS = {
    "happydb": ("happydb_claff/single_concept.csv", "text", "label", "What made you happy in the past 24 hours?"),
    "banking77": ("banking77/test.csv", "text", "category", "What do you need help with?"),
    # The other split of the same data: a check that the figures are not tuned to one file.
    "banking77-train": ("banking77/train.csv", "text", "category", "What do you need help with?"),
}


def load(name):
    path, text_col, label_col, question = DATASETS[name]
    with open(DATA / path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r[text_col] for r in rows], [r[label_col] for r in rows], question


def sample(labels, seed, n_labels=15, n=200):
    """n texts from n_labels random labels, as equal a number per label as possible."""
    rng = np.random.default_rng(seed)
    labels = np.array(labels)
    names = sorted(set(labels))
    chosen = rng.choice(names, size=min(n_labels, len(names)), replace=False)
    per = [n // len(chosen) + (1 if i < n % len(chosen) else 0) for i in range(len(chosen))]
    idx = np.concatenate(
        [rng.choice(np.flatnonzero(labels == c), size=k, replace=False) for c, k in zip(chosen, per, strict=False)]
    )
    return np.sort(idx)


def scores(groups, gold):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    pred = np.full(len(gold), -1)
    for g, members in enumerate(groups):
        pred[list(members)] = g
    return (
        normalized_mutual_info_score(gold, pred),
        adjusted_rand_score(gold, pred),
        float((pred >= 0).mean()),
        len(groups),
    )


def baseline(texts, k, seed):
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    labels = KMeans(k, n_init=10, random_state=seed).fit_predict(x)
    return [np.flatnonzero(labels == c) for c in range(k)]


def quality(seeds, n_labels, n, show_labels):
    import server.themes as themes

    print(f"representation: {themes.representation()}")
    print(f"quality: {n} texts from {n_labels} labels, seeds {list(seeds)}; NMI / ARI / coverage / themes\n")
    print("| data set | method | NMI | ARI | coverage | themes (true) |")
    print("| --- | --- | --- | --- | --- | --- |")
    shown = False
    for name in DATASETS:
        texts, labels, question = load(name)
        rows = {"engine": [], "tfidf+kmeans, true k": []}
        for seed in seeds:
            idx = sample(labels, seed, n_labels, n)
            t = [texts[i] for i in idx]
            gold = [labels[i] for i in idx]
            found = themes.find_themes(t, question)
            rows["engine"].append(scores([th.members for th in found], gold))
            rows["tfidf+kmeans, true k"].append(scores(baseline(t, len(set(gold)), seed), gold))
            if show_labels and not shown:
                shown = (name, seed, t, gold, found)
        k_true = min(n_labels, len(set(labels)))
        for method, r in rows.items():
            r = np.array(r)
            per_seed = " ".join(f"{v:.2f}" for v in r[:, 0])
            print(
                f"| {name} | {method} | {r[:, 0].mean():.3f} | {r[:, 1].mean():.3f} | {r[:, 2].mean():.2f} "
                f"| {r[:, 3].mean():.1f} ({k_true}) |  <!-- NMI per seed: {per_seed} -->"
            )
    if shown:
        name, seed, t, gold, found = shown
        print(f"\nlabels, {name} seed {seed} (size, label, keywords, majority gold label, first example):")
        for th in found:
            majority = max(set(gold[i] for i in th.members), key=lambda g: sum(gold[i] == g for i in th.members))
            print(
                f"  {len(th.members):3d}  {th.label!r:28s} {', '.join(th.keywords[:4]):40s} [{majority}]  "
                f"e.g. {t[th.examples[0]]!r}"
            )


SPEED_CHILD = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
import server.themes.engine as themes
themes.warm_up()
load = time.perf_counter() - t0
texts = json.loads(sys.stdin.read())
out = {"load_s": load, "representation": themes.representation(),
       "rss_loaded_mb": int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20}
emb = themes._embedder
for n in (20, 200, 2000):
    sub = texts[:n]
    emb.clear()
    t = time.perf_counter(); themes.find_themes(sub); out[f"scratch_{n}"] = time.perf_counter() - t
    t = time.perf_counter(); themes.find_themes(sub); out[f"cached_{n}"] = time.perf_counter() - t
base = texts[:200]
themes.find_themes(base)
t = time.perf_counter(); themes.find_themes(base + [texts[2000]]); out["incremental_201"] = time.perf_counter() - t
emb.clear()
t = time.perf_counter(); emb.vectors(texts[:500]); out["embed_per_s"] = 500 / (time.perf_counter() - t)
out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def speed():
    texts, _, _ = load("happydb")
    order = np.random.default_rng(0).permutation(len(texts))
    sample_texts = [texts[i] for i in order[:2001]]
    child = subprocess.run(
        [sys.executable, "-c", SPEED_CHILD],
        input=json.dumps(sample_texts),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    r = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"\nspeed ({r['representation']}, HappyDB texts, {os.cpu_count()} cores):")
    print(f"  model load (fresh process, import + warm_up): {r['load_s']:.2f} s")
    print(f"  embedding: {r['embed_per_s']:.0f} texts/s")
    print("| answers | from scratch | vectors cached |")
    print("| --- | --- | --- |")
    for n in (20, 200, 2000):
        print(f"| {n} | {r[f'scratch_{n}']:.2f} s | {r[f'cached_{n}']:.3f} s |")
    print(f"  one answer added to 200 (others cached): {r['incremental_201']:.3f} s")
    print(f"  RSS after load: {r['rss_loaded_mb']:.0f} MB; peak (2,000 answers): {r['rss_peak_mb']:.0f} MB")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--labels", type=int, default=15)
    ap.add_argument("--texts", type=int, default=200)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-quality", action="store_true")
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no data at {DATA.resolve()}")
    if not args.skip_quality:
        quality(range(args.seeds), args.labels, args.texts, show_labels=True)
    if not args.skip_speed:
        speed()


if __name__ == "__main__":
    main()
