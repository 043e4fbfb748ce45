"""Grouping answer vectors into themes without being told how many there are.

Steps, each chosen on labelled data (docs/benchmarks.md) and kept generic:

1. Centre the vectors on this question's mean and keep the top principal directions.
   Answers to one question share a large common component ("what made me happy...");
   removing it, and the noisy low-variance directions, makes the differences between
   themes stand out (cosine similarities of raw MiniLM vectors are all high).
2. Ward's hierarchical clustering; the number of themes k is the cut with the best
   cosine silhouette, searched in [2, k_max]. k_max is 15 (a dashboard a facilitator
   can scan) and smaller for few answers.
3. Spherical k-means from that cut: Ward never moves an answer once merged; a few
   reassignment rounds fix early mistakes.
4. Near-duplicate groups (mean vectors at cosine >= 0.85) are merged.
5. Groups of one are not themes: those answers are left out.
6. Honest groups (`honest`): an answer's fit is the cosine of its reduced vector to its
   theme's centre. Answers that fit below FIT_MIN leave the theme ("Other"), and a theme
   whose mean fit (cohesion) is below COHESION_MIN is cut in two (twice at most); what
   still does not hold together goes to Other.
"""

from __future__ import annotations

import numpy as np

MIN_SIZE = 2  # a theme of one answer is not a theme
MAX_K = 15  # most themes shown for one question
PCA_DIMS = 48  # kept directions after centring
REFINE_ROUNDS = 10
# Mean vectors this close are one theme. On the labelled data, random halves of one gold
# theme have median cosine 0.76 (answers) / 0.91 (intents); distinct themes at most 0.74 / 0.83.
MERGE_COSINE = 0.85
# Measured with bench/themes.py (docs/benchmarks.md, 2026-12-02), fits before any threshold,
# at 200 and at 30 answers. Below 0.25 fall <= 0.3 % of the members of a group's majority
# gold label but 1.4-6.9 % of the others; NMI is kept or raised (HappyDB .638 -> .640 at
# 200, .689 -> .693 at 30). 0.30 takes out more wrong answers but lowers NMI at 200 (.635).
FIT_MIN = 0.25
# Groups where no gold label holds half the members have median cohesion (mean fit)
# 0.43-0.52, groups with a majority 0.59-0.76 (HappyDB, Banking77; at 200 and 30 answers).
# Below it a group is cut in two first (SPLIT_DEPTH): at 0.45 HappyDB NMI is .645 at 200
# answers (15.6 themes for 15 labels) and .707 at 30 (6.6 for 5), coverage 0.99-1.00.
# Higher values raise NMI by cutting real themes (0.55: .662 but 22 themes for 15).
COHESION_MIN = 0.45
# A group that does not hold together is cut in two, and each half again, before its
# answers go to Other: e.g. 14 answers about hobbies, money and family, where the best
# silhouette joins hobbies and family (cohesion 0.32); cut, each half holds (0.48, 0.60).
# A third cut changes nothing measurable.
SPLIT_DEPTH = 2
SILHOUETTE_SAMPLE = 1000  # above this many answers, silhouette on a fixed sample (speed)


def max_k(n: int) -> int:
    # About sqrt(n): few answers support few themes (silhouette alone favours many tiny
    # groups in few points); from ~200 answers the cap is MAX_K.
    return max(2, min(MAX_K, int(np.sqrt(n)) + 1))


def reduce(x: np.ndarray) -> np.ndarray:
    """Centre, project on the top principal directions, L2-normalise."""
    x = x - x.mean(0)
    dims = min(PCA_DIMS, len(x) - 1, x.shape[1])
    # SVD of the centred matrix = PCA; sign-fixed so the output is deterministic.
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    signs = np.sign(vt[:dims, np.argmax(np.abs(vt[:dims]), axis=1)].diagonal())
    signs[signs == 0] = 1
    x = (u[:, :dims] * s[:dims]) * signs
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1)


def group(x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Groups of row indices (each row in at most one), biggest first, and the
    reduced vectors they were found in."""
    n = len(x)
    z = reduce(x) if n >= 3 else x
    if n < 3:
        return [], z
    labels = choose_k(z)
    labels = refine(z, labels)
    labels = merge_near_duplicates(x, labels)
    groups = [np.flatnonzero(labels == c) for c in np.unique(labels)]
    groups = [g for g in groups if len(g) >= MIN_SIZE]
    return sorted(groups, key=lambda g: (-len(g), g[0])), z


def fits(z: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Cosine of each member's reduced vector to the members' centre, clipped to [0, 1]."""
    centre = z[members].mean(0)
    centre /= np.linalg.norm(centre) + 1e-12
    return np.clip(z[members] @ centre, 0.0, 1.0)


def honest(
    groups: list[np.ndarray],
    z: np.ndarray,
    fit_min: float | None = None,
    cohesion_min: float | None = None,
    x: np.ndarray | None = None,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The groups that are themes, biggest first, and their members' fits (aligned).

    Members that fit their group below fit_min leave it; the fits are then taken against
    the centre of those that stay. A group whose mean fit is below cohesion_min does not
    hold together: with the model's vectors `x` it is first cut in two (up to SPLIT_DEPTH
    times), since the silhouette often joins two small themes when there are few answers;
    what still does not hold together, or is left with fewer than MIN_SIZE members, is no
    theme: its answers go to Other.
    """
    fit_min = FIT_MIN if fit_min is None else fit_min
    cohesion_min = COHESION_MIN if cohesion_min is None else cohesion_min
    out = []
    todo = [(members, 0) for members in groups]
    while todo:
        members, depth = todo.pop(0)
        fit = fits(z, members)
        if fit.mean() < cohesion_min and x is not None and depth < SPLIT_DEPTH and len(members) >= 2 * MIN_SIZE:
            todo.extend((half, depth + 1) for half in halves(x, members))
            continue
        kept = members[fit >= fit_min]
        fit = fits(z, kept) if len(kept) >= MIN_SIZE else None
        if fit is not None and fit.mean() >= cohesion_min:
            out.append((kept, fit))
    out.sort(key=lambda mf: (-len(mf[0]), mf[0][0]))
    return [m for m, _ in out], [f for _, f in out]


def halves(x: np.ndarray, members: np.ndarray) -> list[np.ndarray]:
    """A group cut in two: Ward's top cut and k-means rounds, in the group's own principal
    directions (what sets its answers apart from each other, not from the other themes)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    sub = reduce(x[members])
    labels = refine(sub, fcluster(linkage(sub, "ward"), 2, "maxclust") - 1)
    return [members[labels == c] for c in np.unique(labels)]


def choose_k(z: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 from the Ward cut with the best cosine silhouette."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    n = len(z)
    tree = linkage(z, "ward")
    if n > SILHOUETTE_SAMPLE:
        sample = np.random.default_rng(0).choice(n, SILHOUETTE_SAMPLE, replace=False)
    else:
        sample = np.arange(n)
    dist = np.clip(1 - z[sample] @ z[sample].T, 0, None)
    np.fill_diagonal(dist, 0)
    best, best_score = np.zeros(n, int), -np.inf
    for k in range(2, min(max_k(n), n - 1) + 1):
        labels = fcluster(tree, k, "maxclust") - 1
        if len(np.unique(labels[sample])) < 2:
            continue
        score = silhouette_score(dist, labels[sample], metric="precomputed")
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def merge_near_duplicates(x: np.ndarray, labels: np.ndarray, threshold: float = None) -> np.ndarray:
    """Merge groups whose mean vectors (in the model's own space, not the centred one)
    are nearly the same: two halves of one theme, or a lone answer that says what a
    group says. Matters most for a handful of answers, where k >= 2 is forced."""
    threshold = MERGE_COSINE if threshold is None else threshold
    labels = labels.copy()
    while True:
        ks = np.unique(labels)
        if len(ks) < 2:
            return labels
        centres = np.vstack([x[labels == k].mean(0) for k in ks])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True) + 1e-12
        sim = centres @ centres.T
        np.fill_diagonal(sim, -np.inf)
        i, j = np.unravel_index(np.argmax(sim), sim.shape)
        if sim[i, j] < threshold:
            return labels
        labels[labels == ks[j]] = ks[i]


def refine(z: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Spherical k-means rounds starting from the given partition."""
    for _ in range(REFINE_ROUNDS):
        ks = np.unique(labels)
        centres = np.vstack([z[labels == k].mean(0) for k in ks])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True) + 1e-12
        new = ks[np.argmax(z @ centres.T, axis=1)]
        if (new == labels).all():
            break
        labels = new
    return labels
