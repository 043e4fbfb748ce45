"""The theme engine: groups short anonymous answers into themes, on this server.

A pure library (no Flask, no Socket.IO). The live worker calls ``find_themes`` each
time a question's answers change; each answer's vector is computed once and cached,
so a re-run costs the new answers' embeddings plus the clustering.

    find_themes(texts, question="")  -> [Theme], biggest first
    word_counts(texts, question="")  -> [(word, answers using it)]
    warm_up()                        load the model now
    representation()                 "minilm" or "tfidf-lsa"
"""

from .words import word_counts

__all__ = ["Theme", "find_themes", "word_counts", "warm_up", "representation"]
_ENGINE = {"Theme", "find_themes", "warm_up", "representation"}


def __getattr__(name):
    """Load numpy, scikit-learn and the model only when the engine is used: the web
    process needs just `word_counts`, the theme worker the rest."""
    if name in _ENGINE:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
