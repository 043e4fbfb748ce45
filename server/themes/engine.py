"""The engine behind the package face: embeddings, clustering, labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import cluster, label
from .embed import Embedder
from .words import has_content


@dataclass(frozen=True)
class Theme:
    label: str  # 1–4 words the answers share; named by meaning when they share none (label.py)
    keywords: tuple[str, ...]  # a few terms
    members: tuple[int, ...]  # indices into texts; each text in at most one theme
    examples: tuple[int, ...]  # 1–3 most representative member indices
    fits: tuple[float, ...]  # per member (aligned): cosine to the theme's centre, in [0, 1]


_embedder = Embedder()


def warm_up() -> None:
    """Load the model and the clustering code now (the worker process calls this at start)."""
    _embedder.load()
    find_themes(["warm up the model", "warming up the model", "a cold start"])


def representation() -> str:
    """The active representation: "minilm" (all-MiniLM-L6-v2) or "tfidf-lsa" (fallback)."""
    return _embedder.name


def find_themes(texts: Sequence[str], question: str = "") -> list[Theme]:
    """Themes of at least 2 answers, biggest first; answers in no theme ("Other": they
    fit no theme well) are left out.

    Deterministic for the same input. ``question`` is the question's prompt: its words
    never appear in labels.
    """
    texts = [t.strip() if isinstance(t, str) else "" for t in texts]
    # Answers of stop words only ("ok", "-") carry no theme: they are left out.
    keep = np.array([i for i, t in enumerate(texts) if has_content(t)], dtype=int)
    if len(keep) < 3:
        return []
    kept = [texts[i] for i in keep]
    x = _embedder.vectors(kept)
    groups, z = cluster.group(x)
    embed = _embedder.vectors if _embedder.name != "tfidf-lsa" else None
    # The thresholds were measured on the model's vectors; on TF-IDF/LSA they cost the
    # fallback NMI and a fifth of its coverage (HappyDB .399 -> .381, coverage 0.78), so
    # there every clustered answer stays in its theme and only the fits are reported.
    groups, fits = cluster.honest(groups, z, x=x) if embed else cluster.honest(groups, z, 0.0, 0.0)
    names = label.label_groups(kept, groups, question, embed=embed, vectors=x if embed else None)
    themes = []
    for members, fit, (name, keywords) in zip(groups, fits, names, strict=True):
        typical = members[np.lexsort((members, -fit))][:3]
        themes.append(
            Theme(
                label=name,
                keywords=keywords,
                members=tuple(int(keep[i]) for i in members),
                examples=tuple(int(keep[i]) for i in typical),
                fits=tuple(round(float(f), 3) for f in fit),
            )
        )
    return themes
