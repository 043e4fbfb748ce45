"""Rehearsal: what a room of simulated participants answers when a facilitator opens a step.

Pure Python (stdlib + PyYAML): the planner returns a schedule and the caller (the live layer)
sends the answers at their times. Text answers come from sample answers written for the
seed worksheet (facilitator/rehearsal/answers.yaml, keyed by prompt), else from GENERIC;
scales get values around a centre; choices lean towards the first options, as rooms do.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from .sharing import PRIVATE
from .worksheets import Question, Step, WorksheetError, load_yaml

# A small workshop room: enough people for themes and charts past a typical min_group, few
# enough that the dashboard stays readable (the "12 simulated participants").
PARTICIPANTS = 12
# About how long a room takes to answer a step's questions: answers trickle in as they would
# from people reading and typing, rather than all at once.
STEP_SECONDS = 30
FIRST_ANSWER_SECONDS = 3  # nobody answers before reading the step
READING_SPREAD = 5  # people start answering between 3 and 8 s
MIN_GAP_SECONDS = 1.0  # between one participant's answers to consecutive questions
MAX_SKIP = 0.15  # up to 15% of the room leaves a question unanswered (85–100% answer)

SAMPLES_PATH = Path(__file__).resolve().parents[2] / "facilitator" / "rehearsal" / "answers.yaml"
MAX_SAMPLES_BYTES = 1024 * 1024
MAX_SAMPLE = 2000  # = answers.MAX_ANSWER (not imported: that module needs the database); a test keeps them equal

GENERIC = [
    "Taking time to listen first",
    "Being honest about what I need",
    "Asking for help sooner",
    "Making space for myself",
    "Checking in with people more often",
    "Saying no without feeling guilty",
    "Small steps, every day",
    "Noticing how I really feel",
    "Sharing more of what I think",
    "Keeping my promises",
    "Trusting the people around me",
    "Slowing down before I react",
]


class SamplesError(ValueError):
    """A samples file that cannot be used; the message names the file and the problem."""


def load_samples(path=SAMPLES_PATH) -> dict[str, list[str]]:
    """The sample answers file: a mapping of prompt → non-empty list of answers (texts)."""
    path = Path(path)
    name = path.name

    def fail(message: str) -> NoReturn:
        raise SamplesError(f"{name}: {message}")

    try:
        with path.open("rb") as f:
            raw = f.read(MAX_SAMPLES_BYTES + 1)
    except OSError as e:
        fail(f"cannot read file: {e.strerror or e}")
    if len(raw) > MAX_SAMPLES_BYTES:
        fail(f"file is larger than {MAX_SAMPLES_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        fail(f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})")
    try:
        data = load_yaml(text, name)  # the worksheets' YAML rules: no aliases, no duplicate keys
    except WorksheetError as e:
        raise SamplesError(str(e)) from None
    if not isinstance(data, dict) or not data:
        fail("must be a mapping of question prompts to lists of sample answers")

    samples: dict[str, list[str]] = {}
    for key, answers in data.items():
        if not isinstance(key, str) or not key.strip():
            fail(f"every key must be a question's prompt (a non-empty string), got {key!r}")
        prompt = key.strip()
        where = f"{_short(prompt)!r}"
        if _norm(prompt) in (_norm(p) for p in samples):
            fail(f"{where}: the prompt appears twice")
        if not isinstance(answers, list) or not answers:
            fail(f"{where}: must be a non-empty list of sample answers")
        cleaned: list[str] = []
        for n, answer in enumerate(answers, start=1):
            if not isinstance(answer, str) or not answer.strip():
                got = f" (got {type(answer).__name__}; quote it)" if answer is not None else ""
                fail(f"{where}: answer {n}: must be a non-empty string{got}")
            answer = answer.strip()
            if len(answer) > MAX_SAMPLE:
                fail(f"{where}: answer {n}: must be at most {MAX_SAMPLE} characters (got {len(answer)})")
            if answer in cleaned:
                fail(f"{where}: answer {n}: repeats answer {cleaned.index(answer) + 1}")
            cleaned.append(answer)
        samples[prompt] = cleaned
    return samples


def simulated_answers(
    step: Step,
    participants: int = PARTICIPANTS,
    samples: Mapping[str, list[str]] | None = None,
    rng: random.Random | None = None,
) -> list[tuple[float, int, str, dict]]:
    """The answers `participants` simulated people give to `step`'s questions, as
    `(delay_seconds, participant_index, question_id, payload)` sorted by delay.

    Delays count from the step's opening and stay within about STEP_SECONDS; each participant
    answers in question order and 85–100% of the room answers each question. Payloads are what
    a phone sends besides question_id/client_id: `{"text"}`, `{"value"}` or `{"choices"}`.
    Deterministic for a seeded `rng`.
    """
    rng = rng if rng is not None else random.Random()
    questions = [q for q in step.questions if q.kind in ("text", "scale", "choice")]
    if participants <= 0 or not questions:
        return []
    by_prompt = {_norm(prompt): list(answers) for prompt, answers in (samples or {}).items()}
    generic_used: Counter[str] = Counter()  # GENERIC texts given in this step so far

    # Who answers what: per question, a few of the room (up to MAX_SKIP) leave it unanswered.
    answering: dict[str, list[int]] = {}
    for q in questions:
        skip = rng.randint(0, int(participants * MAX_SKIP))
        skipped = set(rng.sample(range(participants), skip))
        answering[q.id] = [p for p in range(participants) if p not in skipped]

    # What each of them answers.
    payloads: dict[tuple[int, str], dict] = {}
    for q in questions:
        who = answering[q.id]
        if q.kind == "scale":
            values = _scale_values(q, len(who), rng)
            payloads.update({(p, q.id): {"value": v} for p, v in zip(who, values, strict=True)})
        elif q.kind == "choice":
            weights = _option_weights(q, rng)
            payloads.update({(p, q.id): {"choices": _choose(q, weights, rng)} for p in who})
        else:
            texts = _texts(by_prompt.get(_norm(q.prompt), []), len(who), generic_used, rng)
            payloads.update({(p, q.id): {"text": t} for p, t in zip(who, texts, strict=True)})

    # When: each person starts after reading, then answers their questions in order.
    plan: list[tuple[float, int, int, str, dict]] = []
    for p in range(participants):
        mine = [(n, q) for n, q in enumerate(questions) if p in answering[q.id]]
        if not mine:
            continue
        start = FIRST_ANSWER_SECONDS + rng.uniform(0, READING_SPREAD)
        times = sorted(rng.uniform(start, STEP_SECONDS) for _ in mine)
        gap = min(MIN_GAP_SECONDS, (STEP_SECONDS - FIRST_ANSWER_SECONDS) / (2 * len(mine)))
        for i in range(1, len(times)):
            times[i] = max(times[i], times[i - 1] + gap)
        for (n, q), t in zip(mine, times, strict=True):
            # As a room would: a question whose answers stay private by default gets markers.
            payload = {"share": q.share} if q.share == PRIVATE else payloads[(p, q.id)]
            plan.append((round(t, 2), p, n, q.id, payload))
    plan.sort(key=lambda item: item[:3])
    return [(t, p, question_id, payload) for t, p, _, question_id, payload in plan]


def _texts(pool: list[str], count: int, generic_used: Counter, rng: random.Random) -> list[str]:
    """`count` texts: the prompt's samples without repeats, then GENERIC ones (the least used
    in this step first, so a question repeats none while there are enough)."""
    texts = rng.sample(pool, min(count, len(pool)))
    while len(texts) < count:
        order = sorted(GENERIC, key=lambda t: (generic_used[t], rng.random()))
        for text in order[: count - len(texts)]:
            generic_used[text] += 1
            texts.append(text)
    return texts


def _scale_values(q: Question, count: int, rng: random.Random) -> list[int]:
    """Values with a bump: triangular around a random centre, clipped to the scale."""
    low = q.min if q.min is not None else 1
    high = q.max if q.max is not None else 5
    centre = rng.uniform(low, high)
    spread = max(1.5, (high - low) / 2)
    return [min(high, max(low, round(rng.triangular(centre - spread, centre + spread, centre)))) for _ in range(count)]


def _option_weights(q: Question, rng: random.Random) -> list[float]:
    """Earlier options weigh more (rooms lean to the first ones they read), with some noise."""
    return [rng.uniform(0.6, 1.4) / (n + 1) ** 0.8 for n in range(len(q.options))]


def _choose(q: Question, weights: list[float], rng: random.Random) -> list[str]:
    """One option, or 1–3 when several are allowed; in the worksheet's order."""
    count = min(len(q.options), rng.choice((1, 1, 2, 2, 3))) if q.multiple else 1
    picked: set[int] = set()
    while len(picked) < count:
        left = [n for n in range(len(q.options)) if n not in picked]
        picked.add(rng.choices(left, weights=[weights[n] for n in left])[0])
    return [q.options[n] for n in sorted(picked)]


def _norm(prompt: str) -> str:
    return re.sub(r"\s+", " ", prompt).strip().casefold()


def _short(prompt: str, limit: int = 60) -> str:
    return prompt if len(prompt) <= limit else prompt[: limit - 1] + "…"
