"""Rehearsal content: the seed's sample answers, the planner of simulated answers, and the
seed's check-in companion in the library. Pure: no server, no database."""

import random
from collections import Counter
from pathlib import Path

import pytest
import yaml

from server.domain import rehearsal
from server.domain.answers import MAX_ANSWER
from server.domain.rehearsal import GENERIC, SamplesError, load_samples, simulated_answers
from server.domain.worksheets import Question, Step, load_worksheet

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "facilitator" / "independence-interdependence.yaml"
COMPANION = REPO / "facilitator" / "independence-interdependence-check-in.yaml"
SAMPLES = REPO / "facilitator" / "rehearsal" / "answers.yaml"

TEXTS = Step(
    index=1,
    title="Texts",
    guidance="",
    questions=(
        Question(id="s1q1", kind="text", prompt="How do I show others that they can rely on me?"),
        Question(id="s1q2", kind="text", prompt="A question without samples"),
        Question(id="s1q3", kind="text", prompt="Another question without samples"),
    ),
)
SCALES = Step(
    index=2,
    title="Scales",
    guidance="",
    questions=(
        Question(id="s2q1", kind="scale", prompt="Today?", min=1, max=5, left="Low", middle="Mid", right="High"),
        Question(id="s2q2", kind="scale", prompt="Out of ten?", min=0, max=10),
        Question(id="s2q3", kind="scale", prompt="Yes or no?", min=0, max=1),
    ),
)
CHOICES = Step(
    index=3,
    title="Choices",
    guidance="",
    questions=(
        Question(id="s3q1", kind="choice", prompt="One", options=("Tea", "Coffee", "Water")),
        Question(
            id="s3q2",
            kind="choice",
            prompt="Several",
            options=("Emotional support", "Help with tasks", "Encouragement", "Advice", "Other"),
            multiple=True,
        ),
    ),
)


@pytest.fixture(scope="module")
def samples():
    return load_samples(SAMPLES)


# --- the sample answers ---------------------------------------------------------------------


def test_the_samples_cover_exactly_the_seeds_prompts(samples):
    prompts = [q.prompt for q in load_worksheet(SEED).questions]
    assert len(prompts) == 21
    assert list(samples) == prompts  # in the seed's order, for whoever edits the file
    assert load_samples() == samples  # the module's default path is this file


def test_the_samples_are_many_short_and_all_different(samples):
    everything = [a for answers in samples.values() for a in answers]
    for prompt, answers in samples.items():
        assert len(set(answers)) >= 9, prompt  # a room of twelve mostly gives different answers
        for answer in answers:
            assert len(answer) <= MAX_ANSWER and 4 <= len(answer.split()) <= 40, answer
        lengths = [len(a.split()) for a in answers]
        assert max(lengths) >= 2 * min(lengths), prompt  # short and long ones
    repeated = [a for a, n in Counter(a.casefold() for a in everything).items() if n > 1]
    assert not repeated
    assert not set(GENERIC) & set(everything)
    assert rehearsal.MAX_SAMPLE == MAX_ANSWER


def test_the_samples_file_is_not_a_library_worksheet():
    assert SAMPLES.parent != SEED.parent  # the library loads every *.yaml in facilitator/


@pytest.mark.parametrize(
    "content, problem",
    [
        ("", "must be a mapping"),
        ("- a list\n- not a mapping\n", "must be a mapping"),
        ("'A prompt?': []\n", "non-empty list"),
        ("'A prompt?': just one text\n", "non-empty list"),
        ("'A prompt?': ['fine', '  ']\n", "answer 2: must be a non-empty string"),
        ("'A prompt?': ['fine', 42]\n", "answer 2: must be a non-empty string (got int"),
        ("'A prompt?': ['fine', 'fine']\n", "answer 2: repeats answer 1"),
        (f"'A prompt?': ['{'x' * (MAX_ANSWER + 1)}']\n", f"at most {MAX_ANSWER} characters"),
        ("'A prompt?': [a]\n'A prompt?': [b]\n", "duplicate key"),
        ("'A prompt?': [a]\n'a  PROMPT?': [b]\n", "appears twice"),
        ("'': [a]\n", "non-empty string"),
        ("'A prompt?': [a\n", "YAML syntax error"),
    ],
)
def test_bad_samples_files_are_refused_with_the_problem(tmp_path, content, problem):
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SamplesError) as refused:
        load_samples(path)
    assert problem in str(refused.value) and "answers.yaml" in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_a_missing_or_binary_samples_file_is_refused(tmp_path):
    with pytest.raises(SamplesError, match="cannot read"):
        load_samples(tmp_path / "absent.yaml")
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SamplesError, match="UTF-8"):
        load_samples(tmp_path / "binary.yaml")


# --- the planner ----------------------------------------------------------------------------


def check_plan(step, plan, participants=rehearsal.PARTICIPANTS):
    """Delays in range and sorted, payloads valid for their questions, each participant in
    question order and at most once per question, most of the room answering each question."""
    questions = {q.id: q for q in step.questions}
    order = [q.id for q in step.questions]
    delays = [d for d, _, _, _ in plan]
    assert delays == sorted(delays)
    assert all(rehearsal.FIRST_ANSWER_SECONDS <= d <= rehearsal.STEP_SECONDS + 5 for d in delays)
    seen: dict[int, list[str]] = {}
    for _, who, question_id, payload in plan:
        assert 0 <= who < participants
        q = questions[question_id]
        if q.kind == "text":
            assert set(payload) == {"text"} and payload["text"].strip() and len(payload["text"]) <= MAX_ANSWER
        elif q.kind == "scale":
            assert set(payload) == {"value"} and type(payload["value"]) is int
            assert q.min <= payload["value"] <= q.max
        else:
            assert set(payload) == {"choices"} and payload["choices"]
            assert set(payload["choices"]) <= set(q.options) and len(set(payload["choices"])) == len(payload["choices"])
            assert len(payload["choices"]) == 1 or q.multiple
            assert payload["choices"] == [o for o in q.options if o in payload["choices"]]  # worksheet order
        seen.setdefault(who, []).append(question_id)
    for answered in seen.values():
        assert answered == [i for i in order if i in answered]  # in question order, each once
    for question_id in order:
        count = sum(question_id in answered for answered in seen.values())
        assert count >= 0.85 * participants - 1e-9, question_id
    return seen


def test_text_answers_come_from_the_samples_then_generic_texts(samples):
    plan = simulated_answers(TEXTS, rehearsal.PARTICIPANTS, samples, random.Random(1))
    check_plan(TEXTS, plan)
    texts = {q.id: [p["text"] for _, _, i, p in plan if i == q.id] for q in TEXTS.questions}
    pool = samples["How do I show others that they can rely on me?"]
    assert set(texts["s1q1"]) <= set(pool) and len(set(texts["s1q1"])) == len(texts["s1q1"])  # no repeats
    for other in ("s1q2", "s1q3"):  # no samples: generic texts, none repeated within a question
        assert set(texts[other]) <= set(GENERIC) and len(set(texts[other])) == len(texts[other])
    assert simulated_answers(TEXTS, rehearsal.PARTICIPANTS, None, random.Random(1))  # no samples at all


def test_answers_are_spread_over_the_step_and_start_after_reading(samples):
    plan = simulated_answers(TEXTS, rehearsal.PARTICIPANTS, samples, random.Random(2))
    delays = [d for d, _, _, _ in plan]
    assert delays[0] < 10 and delays[-1] > 20  # a trickle over about half a minute, not a burst
    assert len({round(d) for d in delays}) > 10


def test_more_participants_than_samples_fall_back_to_generic_texts(samples):
    plan = simulated_answers(TEXTS, 30, samples, random.Random(3))
    check_plan(TEXTS, plan, participants=30)
    texts = [p["text"] for _, _, i, p in plan if i == "s1q1"]
    assert len(texts) >= 26 and set(texts) - set(GENERIC) == set(samples[TEXTS.questions[0].prompt])


def test_scale_values_are_in_range_and_have_a_shape():
    for seed in range(20):
        plan = simulated_answers(SCALES, rehearsal.PARTICIPANTS, {}, random.Random(seed))
        check_plan(SCALES, plan)
        five = Counter(p["value"] for _, _, i, p in plan if i == "s2q1")
        assert len(five) >= 2  # spread…
        assert max(five.values()) >= 3  # …around a bump, not uniform
    yes_no = {
        p["value"]
        for seed in range(5)
        for _, _, i, p in simulated_answers(SCALES, 12, {}, random.Random(seed))
        if i == "s2q3"
    }
    assert yes_no == {0, 1}


def test_choices_are_valid_and_lean_to_the_first_options():
    firsts, counts = Counter(), Counter()
    for seed in range(40):
        plan = simulated_answers(CHOICES, rehearsal.PARTICIPANTS, {}, random.Random(seed))
        check_plan(CHOICES, plan)
        firsts.update(p["choices"][0] for _, _, i, p in plan if i == "s3q1")
        counts.update(len(p["choices"]) for _, _, i, p in plan if i == "s3q2")
    assert firsts["Tea"] > firsts["Water"]
    assert set(counts) == {1, 2, 3}  # several options where multiple is allowed, never more than 3


def test_plans_are_deterministic_for_a_seeded_rng(samples):
    for step in (TEXTS, SCALES, CHOICES):
        one = simulated_answers(step, 12, samples, random.Random(7))
        assert one == simulated_answers(step, 12, samples, random.Random(7))
        assert one != simulated_answers(step, 12, samples, random.Random(8))


def test_nothing_to_answer_gives_no_answers(samples):
    framing = Step(index=0, title="Purpose", guidance="Why we are here.", questions=())
    assert simulated_answers(framing, 12, samples, random.Random(1)) == []
    assert simulated_answers(TEXTS, 0, samples, random.Random(1)) == []


def test_every_step_of_the_companion_rehearses(samples):
    for step in load_worksheet(COMPANION).steps:
        plan = simulated_answers(step, rehearsal.PARTICIPANTS, samples, random.Random(step.index))
        check_plan(step, plan)
        for q in step.questions:
            if q.kind == "text":
                texts = [p["text"] for _, _, i, p in plan if i == q.id]
                assert set(texts) <= set(samples[q.prompt])  # the seed's own samples, no generic ones


# --- the companion worksheet ----------------------------------------------------------------


def test_the_companion_is_the_seed_plus_a_choice_a_scale_timings_and_notes():
    seed, companion = load_worksheet(SEED), load_worksheet(COMPANION)
    assert companion.slug == "independence-interdependence-check-in"
    assert companion.description and "\n" not in companion.description
    assert companion.title.startswith(seed.title)
    assert [s.title for s in companion.steps] == [s.title for s in seed.steps]
    assert [s.guidance for s in companion.steps] == [s.guidance for s in seed.steps]
    assert (companion.purpose, companion.conclusion) == (seed.purpose, seed.conclusion)

    added = {}
    for mine, theirs in zip(companion.steps, seed.steps, strict=True):
        prompts = [(q.kind, q.prompt) for q in mine.questions]
        new = [q for q in mine.questions if q.kind != "text"]
        assert [p for p in prompts if p[0] == "text"] == [("text", q.prompt) for q in theirs.questions]
        assert [q.kind for q in mine.questions[: len(new)]] == [q.kind for q in new]  # added ones first
        assert len(new) <= 1
        if new:
            added[mine.index] = new[0]
        if theirs.questions:
            assert 5 <= mine.minutes <= 10
        else:
            assert mine.minutes is None and not mine.notes  # Purpose and Conclusion stay framing
    assert sum(bool(s.notes) for s in companion.steps) >= 4
    assert all(1 <= len(s.notes.split(". ")) <= 3 for s in companion.steps if s.notes)

    assert set(added) == {2, 3}
    choice, scale = added[2], added[3]
    assert (choice.kind, choice.prompt, choice.options, choice.multiple) == (
        "choice",
        "What do I rely on others for most?",
        ("Emotional support", "Help with tasks", "Encouragement", "Advice", "Other"),
        True,
    )
    assert (scale.kind, scale.prompt, scale.min, scale.max, scale.left, scale.middle, scale.right) == (
        "scale",
        "Where is this relationship today?",
        1,
        5,
        "More independent",
        "Balanced",
        "More interdependent",
    )


def test_the_seed_file_itself_stays_a_faithful_transcription():
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    assert "description" not in seed
    for step in seed["steps"]:
        assert set(step) == {"title", "guidance", "questions"}
        assert all(set(q) == {"prompt"} for q in step["questions"])
