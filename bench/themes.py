"""Theme engine benchmark: grouping quality against gold labels, speed and memory.

Quality: for each data set in ../shared/data/themes/, samples of 200 texts from 15
labels (the same number of texts per label), 5 seeds: NMI and ARI against the gold
labels, with texts left out of every theme counted as one "other" group, coverage
(share of texts in some theme) and the number of themes; for the engine and for a
TF-IDF + k-means baseline that is given the true k.

Labels: how often a theme's label holds a word more than half its members use, the
share of labels that are phrases (2+ words), the share keeping the label rules
(label.obeys: must be 1.00), and 20 examples. Fit: how an answer's fit to its group
separates members of the group's majority gold label from the others, and NMI /
coverage for a few (FIT_MIN, COHESION_MIN) pairs: the evidence for cluster.py's values.

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


def majority(gold, members):
    groups = [gold[i] for i in members]
    return max(sorted(set(groups)), key=groups.count)


def quality(seeds, n_labels, n, show_labels):
    import server.themes as themes

    print(f"representation: {themes.representation()}")
    print(f"quality: {n} texts from {n_labels} labels, seeds {list(seeds)}; NMI / ARI / coverage / themes\n")
    print("| data set | method | NMI | ARI | coverage | themes (true) |")
    print("| --- | --- | --- | --- | --- | --- |")
    found_all = {}
    for name in DATASETS:
        texts, labels, question = load(name)
        rows = {"engine": [], "tfidf+kmeans, true k": []}
        for seed in seeds:
            idx = sample(labels, seed, n_labels, n)
            t = [texts[i] for i in idx]
            gold = [labels[i] for i in idx]
            found = themes.find_themes(t, question)
            found_all.setdefault(name, []).append((t, gold, question, found))
            rows["engine"].append(scores([th.members for th in found], gold))
            rows["tfidf+kmeans, true k"].append(scores(baseline(t, len(set(gold)), seed), gold))
        k_true = min(n_labels, len(set(labels)))
        for method, r in rows.items():
            r = np.array(r)
            per_seed = " ".join(f"{v:.2f}" for v in r[:, 0])
            print(
                f"| {name} | {method} | {r[:, 0].mean():.3f} | {r[:, 1].mean():.3f} | {r[:, 2].mean():.2f} "
                f"| {r[:, 3].mean():.1f} ({k_true}) |  <!-- NMI per seed: {per_seed} -->"
            )
    # The same measures in a room of ~30 answers, where fewer words repeat.
    n_small, labels_small, seeds_small = FIT_SIZES[1]
    small = {}
    for name in DATASETS:
        texts, labels, question = load(name)
        for seed in seeds_small:
            t = [texts[i] for i in sample(labels, seed, labels_small, n_small)]
            small.setdefault(f"{name}, {n_small}", []).append((t, None, question, themes.find_themes(t, question)))
    label_measure({**{f"{k}, {n}": v for k, v in found_all.items()}, **small})
    fit_separation()
    if show_labels:
        label_examples(found_all)


def label_measure(found_all):
    """How well labels name their themes, and whether they keep the label rules."""
    from server.themes.label import obeys
    from server.themes.words import STOP, stem, words

    print(
        "\nlabels: has a word > half the members use / phrase (2+ words) / of shared words (obeys the rules)"
        " / named by meaning (the answers share no word) / no label"
    )
    print("| data set, answers | themes | label word used by > half | phrases | shared words | by meaning | none |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, runs in found_all.items():
        total = most = phrases = ok = empty = 0
        for t, _, question, found in runs:
            for th in found:
                total += 1
                members = [t[i] for i in th.members]
                if not th.label:
                    empty += 1
                    continue
                ok += obeys(th.label, members, question)
                phrases += len(th.label.split()) >= 2
                used = [{stem(w) for w in words(m)} for m in members]
                content = {stem(w) for w in words(th.label) if w not in STOP}
                most += any(sum(c in u for u in used) > len(members) / 2 for c in content)
        shares = " | ".join(f"{v / total:.2f}" for v in (most, phrases, ok, total - ok - empty, empty))
        print(f"| {name} | {total} | {shares} |")


# Sizes for the fit figures: the benchmark's 200 answers, and a room of ~30 (issue 15's 35 phones).
FIT_SIZES = ((200, 15, range(5)), (30, 5, range(20)))
SWEEP = ((0, 0), (0.25, 0), (0.3, 0), (0.25, 0.4), (0.3, 0.4), (0.25, 0.45), (0.25, 0.5), (0.25, 0.55))


def fit_separation():
    """How an answer's fit (cosine to its group's centre) separates members whose gold label
    is the group's majority from the others, before the thresholds apply, and NMI /
    coverage for a few threshold pairs: the evidence for cluster.FIT_MIN and COHESION_MIN."""
    import server.themes.engine as engine
    from server.themes import cluster
    from server.themes.words import has_content

    cuts = (0.2, 0.25, 0.3, 0.35, 0.4)
    fit_rows, coh_rows, sweeps = [], [], []
    for name in DATASETS:
        texts, labels, _ = load(name)
        for n, n_labels, seeds in FIT_SIZES:
            maj, non, coh, prepared = [], [], [], []
            for seed in seeds:
                idx = sample(labels, seed, n_labels, n)
                gold = [labels[i] for i in idx]
                keep = [i for i, j in enumerate(idx) if has_content(texts[j])]
                x = engine._embedder.vectors([texts[idx[i]] for i in keep])
                groups, z = cluster.group(x)
                prepared.append((gold, keep, groups, z, x))
                for members in groups:
                    fit = cluster.fits(z, members)
                    g = [gold[keep[i]] for i in members]
                    top = majority(g, range(len(g)))
                    for f, gi in zip(fit, g, strict=True):
                        (maj if gi == top else non).append(f)
                    coh.append((fit.mean(), g.count(top) / len(g)))
            maj, non, coh = np.array(maj), np.array(non), np.array(coh)
            where = f"{name} | {n} ({len(seeds)} seeds)"
            fit_rows.append(
                f"| {where} | {np.median(maj):.2f} / {np.median(non):.2f} | "
                + " | ".join(f"{(maj < c).mean():.3f} / {(non < c).mean():.3f}" for c in cuts)
                + " |"
            )
            mixed = np.sort(coh[coh[:, 1] < 0.5, 0])  # no gold label holds half the members
            pure = coh[coh[:, 1] >= 0.5, 0]
            coh_rows.append(
                f"| {where} | {len(pure)}: {np.median(pure):.2f} (min {pure.min():.2f}) | {len(mixed)}: "
                + (f"median {np.median(mixed):.2f}, {(mixed < 0.4).sum()} below 0.40" if len(mixed) else "-")
                + " |"
            )
            for fit_min, coh_min in SWEEP:
                r = []
                for gold, keep, groups, z, x in prepared:
                    for split in (None, x):  # loose groups dissolved / cut in two first (the engine)
                        kept, _ = cluster.honest(groups, z, fit_min, coh_min, x=split)
                        nmi, _, coverage, count = scores([[keep[i] for i in m] for m in kept], gold)
                        r.append((nmi, coverage, count))
                r = np.array(r).reshape(len(prepared), 2, 3)  # NMI, coverage, themes
                cells = " | ".join(
                    f"{r[:, k, 0].mean():.3f} / {r[:, k, 1].mean():.2f} / {r[:, k, 2].mean():.1f}" for k in (0, 1)
                )
                sweeps.append(f"| {where} | {fit_min} | {coh_min} | {cells} |")
    print("\nfit before the thresholds: median, and share of members below t (majority gold label / others)")
    print("| data set | answers | median fit | " + " | ".join(f"t={c}" for c in cuts) + " |")
    print("| --- | --- | --- |" + " --- |" * len(cuts))
    print("\n".join(fit_rows))
    print("\ncohesion (mean fit) of groups: a gold label holds >= half the members / < half (mixed)")
    print("| data set | answers | groups with a majority: median (min) | mixed groups |")
    print("| --- | --- | --- | --- |")
    print("\n".join(coh_rows))
    print(
        "\nthresholds: NMI / coverage / themes for (FIT_MIN, COHESION_MIN), loose groups dissolved / cut in two first"
    )
    print("| data set | answers | fit min | cohesion min | dissolved | cut first (the engine) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(sweeps))


def label_examples(found_all, per_set=(8, 7, 5)):
    """20 labels across the sets: seed 0's themes, spread over sizes."""
    print("\n20 label examples (size, label, [majority gold label], 2 member texts):")
    for (name, runs), k in zip(found_all.items(), per_set, strict=False):
        t, gold, _, found = runs[0]
        step = max(1, len(found) // k)
        for th in found[::step][:k]:
            quotes = " | ".join(repr(t[i][:70]) for i in th.examples[:2])
            print(f"  {name:15s} {len(th.members):3d}  {th.label!r:30s} [{majority(gold, th.members)}]  {quotes}")


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
