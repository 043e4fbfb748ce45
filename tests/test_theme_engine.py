"""The theme engine's labels, fits and "Other" (server/themes, issue 15), on the real
model: no server. Labels are phrases of words the theme's answers share, never a stop
word at an end, a question word or a word one answer uses; answers that fit no theme,
and groups that do not hold together, are left out ("Other")."""

import numpy as np
import pytest

import server.themes.engine as engine
from server.themes import cluster, find_themes, label
from server.themes.words import STOP, question_words, stem, words

from support import require_model

QUESTION = "What do you need more of?"
GROUPS = [
    ["alone time and walks", "some alone time", "long walks alone", "alone time with a book", "walks in the park"],
    [
        "boundaries at work",
        "setting boundaries at work",
        "work boundaries and saying no",
        "clear boundaries with my boss",
    ],
    ["family dinners", "dinner with family", "time with friends and family", "sunday dinners"],
    ["my cat", "feeding the cat", "the dog barking", "dog food"],
]
SLEEP = [
    "I need more sleep at night",
    "going to bed earlier to sleep",
    "sleep is what I lack most",
    "better sleep every night",
    "more hours of sleep",
    "a good night's sleep",
]
MONEY = [
    "saving money each month",
    "money for the rent",
    "paying off money I owe",
    "more money in my bank account",
    "money worries",
    "earning more money",
]
PETS = [
    "my dog makes me happy",
    "walking the dog in the park",
    "my cat sleeps on my lap",
    "feeding my cat and dog",
    "playing with my dog",
]
OFF_TOPIC = "my cat is a tabby"


@pytest.fixture(autouse=True, scope="module")
def model():
    require_model()
    assert engine.representation() == "minilm"


def label_groups(groups, question=QUESTION):
    texts = [t for g in groups for t in g]
    bounds = np.cumsum([0] + [len(g) for g in groups])
    index = [np.arange(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    vectors = engine._embedder.vectors(texts)
    return [
        name for name, _ in label.label_groups(texts, index, question, embed=engine._embedder.vectors, vectors=vectors)
    ]


def check_label(name, members, question=QUESTION):
    """The label rules, checked here independently of label.obeys."""
    ws = words(name)
    assert 1 <= len(ws) <= 4, name
    assert ws[0] not in STOP and ws[-1] not in STOP, name
    assert not set(ws) & question_words(question), name
    for w in ws:
        if w not in STOP:
            users = sum(stem(w) in {stem(v) for v in words(m)} for m in members)
            assert users >= 2, f"{w!r} of {name!r} is used by {users} answer(s)"
    assert label.obeys(name, members, question)


def test_labels_are_phrases_of_shared_words():
    names = label_groups(GROUPS)
    assert len(set(names)) == len(names), "two themes share a label"
    for name, members in zip(names, GROUPS, strict=True):
        check_label(name, members)
        assert len(name.split()) >= 2, f"{name!r} is not a phrase"
    assert names[1] == "boundaries at work"  # a shared phrase, as the answers write it
    assert "alone time" in names[0]
    # No shared phrase of 2+ words: two shared terms joined by the connector.
    assert set(names[3].split()) == {"cat", "and", "dog"}


def test_a_word_one_answer_uses_never_labels():
    # Only "rent" and "salary" name money here, each in one answer: no label of shared
    # words; the theme is named by meaning instead, and such a name breaks the rule...
    alone = ["the rent is due", "my salary is low", "bills pile up", "saving is hard"]
    name = label_groups([alone, GROUPS[1]])[0]
    assert name and not label.obeys(name, alone)
    assert set(words(name)) - {"and"} <= {w for t in alone for w in words(t)}  # the answers' own words
    assert not label.obeys("rent", alone) and label.obeys("", alone)
    # ...and a second answer using "rent" makes it a label of shared words (positive control).
    shared = alone + ["rent went up again"]
    name = label_groups([shared, GROUPS[1]])[0]
    assert "rent" in name.split()
    check_label(name, shared)


def test_question_words_and_stop_words_never_label():
    texts = [
        "more energy for my family",
        "family dinners take energy",
        "energy for my kids and family",
        "money worries drain my energy",
        "energy spent on money problems",
        "money for the energy bills",
    ]
    question = "Where does your energy go?"
    result = find_themes(texts, question)
    assert result
    for theme in result:
        assert "energy" not in theme.label.lower()
        check_label(theme.label, [texts[i] for i in theme.members], question)
    assert label.obeys("energy", texts) and not label.obeys("energy", texts, question)
    assert label.obeys("money", texts, question) and not label.obeys("money bills", texts, question)
    assert not label.obeys("the family", texts) and not label.obeys("family and", texts)


def test_an_off_topic_answer_goes_to_other():
    # Clustering puts it with the money answers (k-means gives every answer a group);
    # its fit there, about 0.2, is below FIT_MIN.
    texts = SLEEP + MONEY + [OFF_TOPIC]
    result = find_themes(texts, QUESTION)
    assert len(result) == 2
    assert all(len(texts) - 1 not in t.members for t in result), "the off-topic answer is in a theme"
    assert sorted(len(t.members) for t in result) == [6, 6]


def test_the_same_answer_joins_a_theme_it_fits():
    texts = SLEEP + MONEY + PETS + [OFF_TOPIC]
    result = find_themes(texts, QUESTION)
    pets = next(t for t in result if len(texts) - 1 in t.members)
    assert set(pets.members) == set(range(12, len(texts)))
    assert pets.fits[pets.members.index(len(texts) - 1)] >= cluster.FIT_MIN


def test_members_below_the_fit_threshold_leave_and_loose_groups_dissolve():
    x = engine._embedder.vectors(SLEEP + MONEY + PETS + [OFF_TOPIC])
    z = cluster.reduce(x)
    sleep, money, pets, odd = np.arange(6), np.arange(6, 12), np.arange(12, 17), np.array([17])
    # The off-topic answer forced into the sleep group leaves it; in the pets group it stays.
    kept, fits = cluster.honest([np.concatenate([sleep, odd])], z)
    assert [list(m) for m in kept] == [list(sleep)]
    assert all(f >= cluster.FIT_MIN for f in fits[0])
    kept, _ = cluster.honest([np.concatenate([pets, odd])], z)
    assert [list(m) for m in kept] == [list(pets) + [17]]
    # Two answers of each topic are no theme; each topic alone is one.
    mixed = np.concatenate([sleep[:2], money[:2], pets[:2]])
    assert cluster.fits(z, mixed).mean() < cluster.COHESION_MIN
    assert cluster.honest([mixed], z, fit_min=0) == ([], [])
    kept, fits = cluster.honest([sleep, money, pets], z)
    assert sorted(len(m) for m in kept) == [5, 6, 6]
    assert all(f.mean() >= cluster.COHESION_MIN for f in fits)


def test_a_group_that_does_not_hold_together_is_cut_before_it_goes_to_other():
    # Few answers: the best silhouette joins two of the three topics into one loose group.
    texts = SLEEP[:4] + MONEY[:4] + PETS[:4]
    x = engine._embedder.vectors(texts)
    z = cluster.reduce(x)
    loose = np.arange(0, 8)  # sleep and money together
    assert cluster.fits(z, loose).mean() < cluster.COHESION_MIN
    kept, _ = cluster.honest([loose], z)  # without the vectors to cut it, answers go to Other
    assert sum(len(m) for m in kept) < 8
    kept, fits = cluster.honest([loose], z, x=x)  # cut in two: both halves are themes
    assert sorted(sorted(m) for m in kept) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert all(f.mean() >= cluster.COHESION_MIN for f in fits)
    # And the engine finds all three.
    found = find_themes(texts, QUESTION)
    assert sorted(sorted(t.members) for t in found) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]


def test_fits_are_aligned_with_members_and_in_range():
    texts = SLEEP + MONEY + PETS
    for theme in find_themes(texts, QUESTION):
        assert len(theme.fits) == len(theme.members)
        assert all(0 <= f <= 1 and round(f, 3) == f for f in theme.fits)
        assert all(f >= cluster.FIT_MIN for f in theme.fits)
        # The examples are the best-fitting members, best first.
        by_fit = sorted(zip(theme.fits, theme.members, strict=True), key=lambda fm: (-fm[0], fm[1]))
        assert list(theme.examples) == [m for _, m in by_fit[:3]]


def test_deterministic_for_the_same_input():
    texts = [t for g in GROUPS for t in g] + SLEEP + MONEY + [OFF_TOPIC]
    first = find_themes(texts, QUESTION)
    engine._embedder.clear()
    again = find_themes(list(texts), QUESTION)
    assert again == first
    assert [t.fits for t in again] == [t.fits for t in first]
