"""The theme engine (server/themes): grouping, labels, determinism, small inputs,
the offline model load and the TF-IDF fallback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import server.themes.engine as themes
from server.themes import Theme, find_themes, word_counts
from server.themes.embed import Embedder, MiniLM, ModelError

from support import has_model, require, require_model

ROOT = Path(__file__).resolve().parents[2]
HAS_MODEL = has_model()
MODEL_MISSING = "the theme model package is not installed (make install-test)"

HOBBIES = [
    "I play guitar in a band on weekends",
    "painting and drawing in my free time",
    "my hobby is playing the piano",
    "I spend evenings knitting and sewing",
    "playing football with friends after work",
]
MONEY = [
    "paying off my credit card debt",
    "saving money for a house deposit",
    "my salary barely covers the rent",
    "budgeting every month is stressful",
    "I worry about my bank account balance",
]
FAMILY = [
    "calling my mother every sunday",
    "dinner with my kids and my husband",
    "my brother and sister visited us",
    "spending time with my family",
    "looking after my elderly parents",
]
QUESTION = "What takes up your energy these days?"


@pytest.fixture
def tfidf(monkeypatch):
    """The fallback representation, as when the model package is not installed."""
    monkeypatch.setattr(themes, "_embedder", Embedder(force="tfidf"))
    assert themes.representation() == "tfidf-lsa"


def uses_model() -> bool:
    """True when the engine runs on the model: the checks of theme quality then apply.
    Without it they are left out locally, and fail when FULCRUM_REQUIRE_SERVICES is set."""
    return require(themes.representation() == "minilm", "the theme engine is not using the model", skip=False)


def check_shape(result, n):
    assert all(isinstance(t, Theme) for t in result)
    seen = [i for t in result for i in t.members]
    assert len(seen) == len(set(seen)), "a text is in two themes"
    assert all(0 <= i < n for i in seen)
    assert [len(t.members) for t in result] == sorted((len(t.members) for t in result), reverse=True)
    for t in result:
        assert len(t.members) >= 2
        assert 1 <= len(t.examples) <= 3 and set(t.examples) <= set(t.members)
        assert 1 <= len(t.label.split()) <= 4
        assert t.keywords and all(isinstance(k, str) for k in t.keywords)


def purity(result, gold):
    """Share of themed texts whose theme's majority gold group is their own."""
    hits = 0
    for t in result:
        groups = [gold[i] for i in t.members]
        hits += max(groups.count(g) for g in set(groups))
    return hits / max(1, sum(len(t.members) for t in result))


def test_hobbies_money_family_are_three_themes():
    require_model()
    texts = HOBBIES + MONEY + FAMILY
    gold = [0] * 5 + [1] * 5 + [2] * 5
    result = find_themes(texts, QUESTION)
    check_shape(result, len(texts))
    assert len(result) == 3
    assert sorted(sorted(t.members) for t in result) == [list(range(0, 5)), list(range(5, 10)), list(range(10, 15))]
    assert purity(result, gold) == 1
    family = next(t for t in result if 10 in t.members)
    assert "family" in family.label.split()
    assert len({t.label for t in result}) == 3


def test_interleaved_order_does_not_change_the_grouping():
    texts = [t for trio in zip(HOBBIES, MONEY, FAMILY) for t in trio]
    gold = [0, 1, 2] * 5
    result = find_themes(texts, QUESTION)
    check_shape(result, len(texts))
    if uses_model():
        assert purity(result, gold) == 1 and len(result) == 3


def test_deterministic_for_the_same_input():
    texts = HOBBIES + MONEY + FAMILY
    first = find_themes(texts, QUESTION)
    themes._embedder.clear()
    assert find_themes(texts, QUESTION) == first
    assert find_themes(list(texts), QUESTION) == first


@pytest.mark.parametrize("texts", [[], ["alone time"], ["alone time", "time alone"]])
def test_fewer_than_three_answers_have_no_themes(texts):
    assert find_themes(texts) == []


def test_three_to_ten_answers_give_few_real_themes():
    small = [
        "I love painting",
        "playing guitar is my hobby",
        "I need a higher salary",
        "saving money is hard",
        "my hobby is knitting",
    ]
    result = find_themes(small)
    check_shape(result, len(small))
    assert len(result) <= 2
    if uses_model():
        assert sorted(sorted(t.members) for t in result) == [[0, 1, 4], [2, 3]]
    for n in range(3, 11):
        check_shape(find_themes((HOBBIES + MONEY)[:n]), n)


def test_identical_and_empty_answers_do_not_break_it():
    check_shape(find_themes(["yes", "yes", "yes", "yes"]), 4)
    check_shape(find_themes(["", "  ", "ok", "the", "a"]), 5)
    check_shape(find_themes(["money"] * 3 + ["family"] * 3), 6)


def test_labels_avoid_the_question_words():
    texts = [
        "more energy for my family",
        "family dinners take energy",
        "energy for my kids and family",
        "money worries drain my energy",
        "energy spent on money problems",
        "money money money",
    ]
    result = find_themes(texts, "What drains your energy?")
    check_shape(result, len(texts))
    assert result
    for t in result:
        assert "energy" not in t.label.lower() and "drain" not in t.label.lower()
        assert "energy" not in t.keywords


def test_word_counts_rank_words_without_stop_or_question_words():
    counts = word_counts(
        ["Alone time with books", "time alone, finally", "books and tea", "the tea"],
        question="What do you need more of?",
    )
    assert counts[0] in (("alone", 2), ("books", 2), ("tea", 2), ("time", 2))
    words = [w for w, _ in counts]
    assert "the" not in words and "need" not in words and "and" not in words
    assert dict(counts)["books"] == 2
    assert word_counts(["a b c"] * 3, top=0) == []


def test_fallback_groups_obvious_lexical_themes(tfidf):
    texts = [
        "money for rent",
        "money is tight",
        "saving money",
        "no money left",
        "my family is great",
        "family dinner",
        "time with family",
        "family first",
    ]
    result = find_themes(texts, QUESTION)
    check_shape(result, len(texts))
    assert purity(result, [0] * 4 + [1] * 4) == 1
    assert {t.label for t in result} == {"money", "family"}
    assert find_themes(texts, QUESTION) == result


def test_fallback_survives_texts_of_stop_words(tfidf):
    check_shape(find_themes(["the", "a", "and it", "of the", "is"]), 5)


def test_cache_is_bounded_and_keyed_by_text():
    require_model()  # the fallback has no per-text cache
    emb = Embedder()
    assert emb.name == "minilm"
    emb.cache_size = 3
    emb.vectors(["a", "b", "c", "d", "b"])
    assert list(emb._cache) == ["c", "d", "b"]


def test_a_changed_model_file_is_refused(tmp_path):
    require_model()
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelError):
        MiniLM(tmp_path)


def test_a_changed_model_falls_back_to_tfidf(tmp_path, monkeypatch, caplog):
    from server.themes import embed

    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    (tmp_path / "tokenizer.json").write_text("{}")
    monkeypatch.setattr(embed, "model_dir", lambda: tmp_path)
    emb = Embedder()
    assert emb.name == "tfidf-lsa"
    # Without the extra, the import fails first; with it, the checksum.
    if require(HAS_MODEL, MODEL_MISSING, skip=False):
        assert "checksum" in caplog.text


def test_model_loads_offline_in_a_fresh_process():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.lower().endswith("_proxy") and not k.startswith(("HF_", "FULCRUM_THEMES"))
    }
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
    )
    code = (
        "import json, server.themes as t; t.warm_up(); "
        "r = t.find_themes(['saving money', 'money worries', 'my family', 'family time']); "
        "print(json.dumps([t.representation(), [list(x.members) for x in r]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    name, groups = json.loads(out.stdout.strip().splitlines()[-1])
    assert name == ("minilm" if require(HAS_MODEL, MODEL_MISSING, skip=False) else "tfidf-lsa")
    if HAS_MODEL:
        assert sorted(groups) == [[0, 1], [2, 3]]


def test_environment_forces_the_fallback():
    env = {**os.environ, "FULCRUM_THEMES_REPRESENTATION": "tfidf"}
    out = subprocess.run(
        [sys.executable, "-c", "import server.themes as t; print(t.representation())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "tfidf-lsa"
