"""Sticky-note labels from the answers' own words.

A label is the phrase (1–3 words, never starting or ending with a stop word, never a
word of the question) that is common inside the theme and rare outside it: a
class-based TF-IDF over phrases. Words are compared after light plural folding
("friends" = "friend"), and shown in the form the answers use most.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from .words import STOP, question_words, stem, usable, words

MAX_WORDS = 3


def _phrases(text: str, banned: set[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded phrase -> its surface form, for each usable 1–3 word phrase of the text."""
    ws = words(text)
    out = {}
    for n in range(1, MAX_WORDS + 1):
        for i in range(len(ws) - n + 1):
            gram = ws[i : i + n]
            if gram[0] in STOP or gram[-1] in STOP or not all(usable(w, banned) for w in gram):
                continue
            if n > 1 and any(w in banned or stem(w) in banned for w in gram):
                continue
            out.setdefault(tuple(stem(w) for w in gram), tuple(gram))
    return out


def label_groups(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    question: str = "",
    embed: Callable[[list[str]], np.ndarray] | None = None,
    vectors: np.ndarray | None = None,
) -> list[tuple[str, tuple[str, ...]]]:
    """(label, keywords) for each group of indices into texts.

    With ``embed`` (phrase -> unit vector, the model) and the texts' ``vectors``, the
    label is chosen among the best-scoring phrases by meaning too: the phrase closest
    to what sets the theme apart (its mean vector minus the question's mean vector),
    so "family" wins over "brother" when the answers are about several relatives.
    """
    banned = question_words(question)
    per_text = [_phrases(t, banned) for t in texts]
    df_all = Counter(g for p in per_text for g in p)
    surface: dict[tuple, Counter] = defaultdict(Counter)
    for p in per_text:
        for g, form in p.items():
            surface[g][form] += 1
    n = max(len(texts), 1)
    by_meaning = embed is not None and vectors is not None
    mean_all = vectors.mean(0) if by_meaning else None
    drafts = []  # (keywords, ranked names, [(name, share)] contenders, theme mean) per group
    for members in groups:
        df_in = Counter(g for i in members for g in per_text[i])
        size = len(members)

        def score(g, df_in=df_in, size=size):
            # Share of the theme's answers using it, times how specific it is to the theme.
            return (df_in[g] / size) * math.log(1 + n / df_all[g])

        def show(g):
            return " ".join(surface[g].most_common(1)[0][0])

        unigrams = sorted((g for g in df_in if len(g) == 1), key=lambda g: (-score(g), g))
        keywords = tuple(show(g) for g in unigrams[:5])
        if not df_in:  # every word is a question word: name it after its commonest word
            common = Counter(w for i in members for w in set(words(texts[i])) if w not in STOP and len(w) > 1)
            top = min(common, key=lambda w: (-common[w], w)) if common else "other"
            drafts.append(((top,), [top], None, None))
        elif by_meaning:
            drafts.append((keywords, None, _contenders(df_in, size, score, show), vectors[list(members)].mean(0)))
        else:
            drafts.append((keywords, _rank(df_in, size, score, show), None, None))
    if by_meaning:
        # One embedding call for every contender of every theme (cached per phrase).
        phrases = sorted({name for _, _, c, _ in drafts if c for name, _ in c})
        table = dict(zip(phrases, embed(phrases), strict=True)) if phrases else {}
        drafts = [
            (k, r if c is None else _by_meaning(c, table, mean, mean_all), None, None) for k, r, c, mean in drafts
        ]
    out = []
    used: set[str] = set()
    for keywords, ranked, _, _ in drafts:  # biggest first: a bigger theme keeps a contested label
        # Two themes never share a label: the smaller one takes its next best name.
        label = next((name for name in ranked if name not in used), ranked[0])
        used.add(label)
        out.append((label, keywords))
    return out


CANDIDATES = 10
CONTENDER = 0.35  # share of the best phrase's score a candidate needs


def _contenders(df_in, size, score, show) -> list[tuple[str, float]]:
    # Only phrases that several answers use, when there are any: a label is shared words.
    pool = [g for g in df_in if df_in[g] >= 2] or list(df_in)
    ranked = sorted(pool, key=lambda g: (-score(g), len(g), g))[:CANDIDATES]
    # Meaning decides between close contenders only (and fewer phrases to embed).
    ranked = [g for g in ranked if score(g) >= CONTENDER * score(ranked[0])]
    return [(show(g), df_in[g] / size) for g in ranked]


def _by_meaning(contenders, table, mean_theme, mean_all) -> list[str]:
    v = np.vstack([table[name] for name, _ in contenders])
    share = np.array([s for _, s in contenders])
    apart = mean_theme - mean_all
    apart /= np.linalg.norm(apart) + 1e-12
    centre = mean_theme / (np.linalg.norm(mean_theme) + 1e-12)
    # Close to the theme, pointing where the theme differs from the other answers,
    # and used by many of its answers.
    total = v @ centre + v @ apart + share
    order = sorted(range(len(contenders)), key=lambda i: (-total[i], i))
    return [contenders[i][0] for i in order]


def _rank(df_in: Counter, size: int, score, show) -> list[str]:
    shared = [g for g in df_in if df_in[g] >= 2]
    candidates = sorted(shared or list(df_in), key=lambda g: (-score(g), len(g), g))[:CANDIDATES]
    out = []
    for best in candidates:
        # A longer phrase holding the term reads better ("alone time" over "alone")
        # when most of the answers that use the term use the phrase.
        longer = [
            g for g in candidates if len(g) > len(best) and _contains(g, best) and df_in[g] >= max(2, 0.5 * df_in[best])
        ]
        if longer:
            best = min(longer, key=lambda g: (-df_in[g], -score(g), len(g), g))
        if show(best) not in out:
            out.append(show(best))
    return out


def _contains(big: tuple, small: tuple) -> bool:
    return any(big[i : i + len(small)] == small for i in range(len(big) - len(small) + 1))
