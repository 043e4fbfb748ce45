"""Sticky-note labels from the answers' own words.

A label is a phrase of 2–4 words when the answers allow it ("birthday party", "time with
my family", "cat and dog"), else one word. The rules, which `obeys` states once and the
engine, the tests and the benchmark all apply:

- every content word (not a stop word) is used by at least two of the theme's answers,
  compared after light plural folding ("friends" = "friend");
- no stop word first or last, no word of the question, at most MAX_WORDS words.

Candidates are the theme's phrases and words ranked by class-based TF-IDF (common inside
the theme, rare outside it); with the model, meaning decides between close contenders. A
best term that is a single word is joined by "and" to the next best term when no shared
phrase of 2+ words contends. Phrases are shown in the form the theme's answers use most.
A theme whose answers share no content word (common with few, short answers: "Managing
my own money", "Paying my bills", "Earning my own salary") is named by meaning instead: its
two keywords closest to what sets it apart, each used by one answer ("money and salary").
Such a label breaks the first rule: `obeys` tells the two kinds apart.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from .words import STOP, question_words, stem, usable, words

MAX_WORDS = 4  # a label is at most this many words, the connector included
CONNECTOR = "and"
CANDIDATES = 10
CONTENDER = 0.35  # share of the best phrase's score a candidate needs
KEYWORD_POOL = 30  # words weighed by meaning for the keywords of a theme without a label
# A shared phrase holding the best word names the theme better than the word joined to
# another ("alone time" over "alone and walks") when this share of the answers using
# the word use the phrase.
PHRASE_SHARE = 0.3
# Two terms this close in meaning say one thing twice ("purchased and bought": 0.91;
# "job and work" 0.78, "cat and dog" 0.66): the connector joins different things.
SAME_MEANING = 0.85

Gram = tuple[str, ...]


def _phrases(text: str, banned: set[str]) -> dict[Gram, Gram]:
    """Folded phrase -> its surface form, for each usable phrase of 1–MAX_WORDS words:
    first and last words are content words, none is a question word."""
    ws = words(text)
    out = {}
    for n in range(1, MAX_WORDS + 1):
        for i in range(len(ws) - n + 1):
            gram = ws[i : i + n]
            if gram[0] in STOP or gram[-1] in STOP or not all(usable(w, banned) for w in gram):
                continue
            out.setdefault(tuple(stem(w) for w in gram), tuple(gram))
    return out


def _content(gram: Gram) -> set[str]:
    return {w for w in gram if w not in STOP}


def obeys(label: str, texts: Sequence[str], question: str = "") -> bool:
    """True when the label keeps the rules above for a theme of these answers. "" (no
    label) keeps them trivially."""
    return _keeps(label, _users(texts), question_words(question))


def _users(texts: Sequence[str]) -> Counter:
    """How many of the texts use each (folded) word."""
    return Counter(s for t in texts for s in {stem(w) for w in words(t)})


def _keeps(label: str, users: Counter, banned: set[str]) -> bool:
    ws = words(label)
    if not ws:
        return True
    if len(ws) > MAX_WORDS or ws[0] in STOP or ws[-1] in STOP or not all(usable(w, banned) for w in ws):
        return False
    return all(users[stem(w)] >= 2 for w in ws if w not in STOP)


def label_groups(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    question: str = "",
    embed: Callable[[list[str]], np.ndarray] | None = None,
    vectors: np.ndarray | None = None,
) -> list[tuple[str, tuple[str, ...]]]:
    """(label, keywords) for each group of indices into texts, biggest group first.

    With ``embed`` (phrase -> unit vector, the model) and the texts' ``vectors``, the
    best term is chosen among the best-scoring ones by meaning too: the one closest to
    what sets the theme apart (its mean vector minus the question's mean vector), so
    "family" wins over "brother" when the answers are about several relatives.
    """
    banned = question_words(question)
    per_text = [_phrases(t, banned) for t in texts]
    df_all = Counter(g for p in per_text for g in p)
    n = max(len(texts), 1)
    by_meaning = embed is not None and vectors is not None
    mean_all = vectors.mean(0) if by_meaning else None
    drafts = []  # (keywords, ranked terms, contenders, shared terms' df, how to show one, mean, answers, pool)
    for members in groups:
        df_in = Counter(g for i in members for g in per_text[i])
        surface: dict[Gram, Counter] = defaultdict(Counter)
        for i in members:
            for g, form in per_text[i].items():
                surface[g][form] += 1
        size = len(members)

        def score(g, df_in=df_in, size=size):
            # Share of the theme's answers using it, times how specific it is to the theme.
            return (df_in[g] / size) * math.log(1 + n / df_all[g])

        def show(g, surface=surface):
            return " ".join(surface[g].most_common(1)[0][0])

        unigrams = sorted((g for g in df_in if len(g) == 1), key=lambda g: (-score(g), g))
        keywords = tuple(show(g) for g in unigrams[:5])
        # Only terms several answers use: a label names what the answers share.
        shared = {g: df_in[g] for g in df_in if df_in[g] >= 2}
        ranked = sorted(shared, key=lambda g: (-score(g), len(g), g))
        contenders = [g for g in ranked[:CANDIDATES] if score(g) >= CONTENDER * score(ranked[0])] if ranked else []
        mean = vectors[list(members)].mean(0) if by_meaning else None
        # Answers that share no word get no label, so their keywords are all the dashboard
        # has: chosen by meaning, not by the alphabet (each word is used once).
        pool = (unigrams[:KEYWORD_POOL], df_in) if by_meaning and not contenders else None
        drafts.append((keywords, ranked, contenders, shared, show, mean, [texts[i] for i in members], pool))
    table = {}
    if by_meaning:
        # One embedding call for every contender of every theme (cached per phrase).
        phrases = sorted({show(g) for _, _, c, _, show, _, _, p in drafts for g in c + (p[0] if p else [])})
        table = dict(zip(phrases, embed(phrases), strict=True)) if phrases else {}

    def same(a: str, b: str) -> bool:
        return a in table and b in table and float(table[a] @ table[b]) >= SAME_MEANING

    out = []
    used: set[str] = set()
    for keywords, ranked, contenders, shared, show, mean, answers, pool in drafts:
        size = len(answers)
        if by_meaning and contenders:
            contenders = _by_meaning(contenders, shared, show, table, mean, mean_all, size)
        if pool and pool[0]:
            keywords = tuple(show(g) for g in _by_meaning(*pool, show, table, mean, mean_all, size)[:5])
        # Built to keep the rules; checked once more as they are the label's promise.
        users = _users(answers)
        names = [name for name in _names(contenders, ranked, shared, show, same) if _keeps(name, users, banned)]
        # Two themes never share a label: the smaller one takes its next best name
        # (groups come biggest first, so a bigger theme keeps a contested label).
        label = next((name for name in names if name not in used), "")
        if not label:  # no word is shared (or every name is taken): named by meaning (see above)
            label = next((name for name in _by_keywords(keywords, same) if name not in used), "")
        used.add(label)
        out.append((label, keywords))
    return out


def _by_keywords(keywords: Sequence[str], same) -> list[str]:
    """Names for answers that share no word: their two keywords closest in meaning to the
    theme ("money and savings"), each from a different answer, or the first alone."""
    out = []
    if len(keywords) >= 2 and not same(keywords[0], keywords[1]):
        out.append(f"{keywords[0]} {CONNECTOR} {keywords[1]}")
    return out + list(keywords[:1])


def _names(contenders: list[Gram], ranked: list[Gram], shared: dict[Gram, int], show, same) -> list[str]:
    """Label candidates, best first, each built around one contender in turn."""
    out = []
    for best in contenders:
        name = _name_around(best, contenders, ranked, shared, show, same)
        if name not in out:
            out.append(name)
    # Fallbacks for a contested label: the best term joined to each other shared term.
    if contenders and len(contenders[0]) < MAX_WORDS - 1:
        for other in ranked:
            if len(contenders[0]) + 1 + len(other) <= MAX_WORDS and not set(other) & set(contenders[0]):
                name = f"{show(contenders[0])} {CONNECTOR} {show(other)}"
                if name not in out:
                    out.append(name)
    return out


def _name_around(best: Gram, contenders, ranked, shared, show, same) -> str:
    if len(best) >= 2:
        return show(best)
    # A shared phrase holding the word, used by enough of the answers that use the word.
    longer = [g for g in ranked if len(g) > 1 and best[0] in g and shared[g] >= max(2, PHRASE_SHARE * shared[best])]
    if longer:
        return show(min(longer, key=lambda g: (-shared[g], len(g), g)))
    # Else the word joined to the next contender about something else ("cat and dog").
    others = [
        g
        for g in contenders
        if not _content(g) & _content(best) and 2 + len(g) <= MAX_WORDS and not same(show(g), show(best))
    ]
    if others:
        # The two words side by side in some answers read better as those answers put
        # them ("second card", not "card and second").
        partner = _content(others[0])
        together = [g for g in ranked if best[0] in g and partner <= set(g) and len(g) <= MAX_WORDS]
        if together:
            return show(min(together, key=lambda g: (-shared[g], len(g), g)))
        return f"{show(best)} {CONNECTOR} {show(others[0])}"
    return show(best)


def _by_meaning(contenders, shared, show, table, mean_theme, mean_all, size) -> list[Gram]:
    v = np.vstack([table[show(g)] for g in contenders])
    share = np.array([shared[g] / size for g in contenders])
    apart = mean_theme - mean_all
    apart /= np.linalg.norm(apart) + 1e-12
    centre = mean_theme / (np.linalg.norm(mean_theme) + 1e-12)
    # Close to the theme, pointing where the theme differs from the other answers,
    # and used by many of its answers.
    total = v @ centre + v @ apart + share
    order = sorted(range(len(contenders)), key=lambda i: (-total[i], i))
    return [contenders[i] for i in order]
