"""server/domain/privacy/: scrubbing of e-mails, phones, URLs, handles and names."""

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain.privacy import PLACEHOLDERS, find_pii, scrub, warm_up

ROOT = Path(__file__).resolve().parents[2]
CASES_PATH = ROOT / "tests" / "data" / "scrub_cases.jsonl"
KINDS = ("name", "email", "phone", "url", "handle")


def load_cases():
    with open(CASES_PATH, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CASES = load_cases()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Email me at jane.doe@example.com please.", "Email me at [email] please."),
        ("Write to J.Smith+notes@uni.ac.uk.", "Write to [email]."),
        ("My number is +44 7700 900123, call me.", "My number is [phone], call me."),
        ("Call (555) 123-4567 or 555.123.4567 or 1-800-555-0199.", "Call [phone] or [phone] or [phone]."),
        ("French mobile 06 12 34 56 78, Dutch +31 6 12345678.", "French mobile [phone], Dutch [phone]."),
        ("UK landline 020 7946 0958 (evenings).", "UK landline [phone] (evenings)."),
        ("See https://example.com/podcast/ep12.", "See [link]."),
        ("See www.selfcareguide.org and boundaries.net/worksheets!", "See [link] and [link]!"),
        ("It's on bit.ly/indep-tips (free).", "It's on [link] (free)."),
        ("Follow @jane_doe and @sam@mastodon.social.", "Follow [handle] and [handle]."),
        ("I talked to Sarah about it.", "I talked to [name] about it."),
        ("My friend John Smith always reminds me.", "My friend [name] always reminds me."),
        ("Maria and I agreed on one evening a week.", "[name] and I agreed on one evening a week."),
        ("I told Will I needed space.", "I told [name] I needed space."),
        ("My sister Grace is the one I call.", "My sister [name] is the one I call."),
        ("Tom's advice was to say no.", "[name]'s advice was to say no."),
        ("My therapist Dr. Patel agreed.", "My therapist Dr. [name] agreed."),
        ("My manager Kwame Mensah let me log off.", "My manager [name] let me log off."),
        ("my friend jake says i overthink", "my friend [name] says i overthink"),
        ("Sarah and Will came; Faith told me to rest.", "[name] and [name] came; [name] told me to rest."),
    ],
)
def test_each_kind_is_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I will make time for myself.",
        "May was hard, but June felt lighter.",
        "Hope is important, but boundaries matter more.",
        "I grow every day.",
        "Bill payments used to stress me out.",
        "Rose garden walks on Sundays are my reset.",
        "Will I ever stop feeling guilty?",
        "Mark my words: I'm protecting my weekends.",
        "Faith and patience keep me grounded.",
        "With Hope in mind, I said no.",
        "Frank conversations about money helped.",
        "I moved to Paris and then to Berlin.",
        "Florence was where I learned to travel solo.",
        "Walking the Camino de Santiago alone taught me a lot.",
        "Christmas with the in-laws; Easter weekend alone. God gives me strength.",
        "My Dad and my Mum taught me to stand on my own feet.",
        "Alexa reminds me to take breaks, Netflix doesn't.",
        "In 2024 I went 3 times, between 2019-2021 never; 10:30 to 11:45.",
        "Our anniversary is 14/02/2015, 2024-05-01 too; I walk 10,000 steps, 1 500 kr, 45.000 a year.",
        "Yoga at 7.30, room 1204, code 482913, version 2.0, 192.168.1.1, rated 9/10.",
        "Meet @ 5pm, or @5pm, at home @home; email me at the address @everyone.",
        "e.g. walking; i.e. mine. I tried.It worked. Node.js and README.md are fine.",
        "Independence Day is my favourite holiday; Victoria sponge on Sundays.",
    ],
)
def test_traps_are_left_alone(text):
    assert find_pii(text) == []
    assert scrub(text) == text


def test_rest_of_the_text_is_kept():
    text = "  Hi!\n\tCall Sarah (+44 7700 900123) — or jane@example.com…  😀  "
    out = scrub(text)
    assert out == "  Hi!\n\tCall [name] ([phone]) — or [email]…  😀  "


def test_spans_are_sorted_non_overlapping_and_typed():
    text = "Sarah, see www.example.com or mail sarah@example.com, +44 7700 900123, @sarah_k"
    spans = find_pii(text)
    assert [k for _, _, k in spans] == ["name", "url", "email", "phone", "handle"]
    assert all(a < b <= c < d for (a, b, _), (c, d, _) in zip(spans, spans[1:]))
    assert all(isinstance(s, int) and isinstance(e, int) and k in PLACEHOLDERS for s, e, k in spans)


def test_placeholders_are_the_documented_ones():
    assert PLACEHOLDERS == {
        "email": "[email]",
        "phone": "[phone]",
        "url": "[link]",
        "handle": "[handle]",
        "name": "[name]",
    }


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_scrub_is_idempotent_on_the_labelled_set(case):
    once = scrub(case["text"])
    assert scrub(once) == once


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "@",
        "@@",
        ".",
        "+",
        "(",
        ")",
        "[name]",
        "[[name]]",
        "😀" * 500,
        "\u202eשלום עולם\u202c",
        "مساحتي الخاصة مهمة جدا لي",
        "\x00\x01\x02",
        "\ud800 lone surrogate",
        "Ａｌｉｃｅ",
        "İstanbul ŞİŞLİ",
        "a" * 2000,
        "a." * 1000,
        "1" * 2000,
        "1-" * 1000,
        "@a" * 1000,
        "www." * 500,
        "Sarah " * 333,
        "my friend " * 200,
        "(" * 2000,
        "http://" + "a" * 1993,
        "jane@" + "a." * 997 + "com",
    ],
)
def test_never_raises_and_stays_quick_on_odd_input(text):
    t0 = time.process_time()
    out = scrub(text)
    assert isinstance(out, str)
    assert scrub(out) == out
    assert time.process_time() - t0 < 0.5


def test_non_strings_are_passed_through():
    assert find_pii(None) == []
    assert scrub(None) is None
    assert find_pii(b"jane@example.com") == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_properties(text):
    spans = find_pii(text)
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)
    assert all(b <= c for (_, b, _), (c, _, _) in zip(spans, spans[1:]))
    out = scrub(text)
    assert scrub(out) == out


def test_what_a_replacement_leaves_behind_is_scrubbed_too():
    # Found by the property below: the first pass took "7700 900123 900123" as one phone
    # number and left "900123 7700", itself a phone number.
    assert scrub("7700 900123 900123 7700") == "[phone] [phone]"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            "Sarah Will and I my friend told with Hope . , @x a@b.co +44 7700 900123 example.com/x [name] Dr. "
            "Mr 2024 10:30 May Smith the to talked 's".split()
        ),
        max_size=25,
    ),
    st.sampled_from([" ", "", ", ", ". "]),
)
def test_idempotent_on_mixtures_of_tricky_pieces(words, sep):
    text = sep.join(words)
    out = scrub(text)
    assert scrub(out) == out


def test_deterministic_across_processes_and_hash_seeds():
    code = (
        "import json, sys; from server.domain.privacy import find_pii; "
        "cases = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]; "
        "print(json.dumps([find_pii(t) for t in cases]))"
    )
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code, str(CASES_PATH)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        outs.append(json.loads(run.stdout))
    here = [[list(s) for s in find_pii(c["text"])] for c in CASES]
    assert outs[0] == outs[1] == here


def test_module_imports_without_flask_or_faker():
    code = "import sys, server.domain.privacy; print('flask' in sys.modules, 'faker' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "False"]  # the name tables load on first use


def test_name_list_is_installed():
    warm_up()
    assert find_pii("Yesterday Priya helped.") == [(10, 15, "name")]


def test_labelled_set_is_well_formed():
    assert len(CASES) >= 150
    with_pii = sum(bool(c["spans"]) for c in CASES)
    assert 0.35 * len(CASES) <= with_pii <= 0.65 * len(CASES)
    kinds = Counter(k for c in CASES for _, _, k in c["spans"])
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 5
    for c in CASES:
        spans = c["spans"]
        assert all(0 <= s < e <= len(c["text"]) and k in KINDS for s, e, k in spans)
        assert all(b <= s2 for (_, b, _), (s2, _, _) in zip(spans, spans[1:]))
        assert all(c["text"][s:e] == c["text"][s:e].strip() for s, e, _ in spans)


def _span_scores(cases):
    counts = {k: Counter() for k in (*KINDS, "overall")}
    for case in cases:
        gold = {tuple(s) for s in case["spans"]}
        found = set(find_pii(case["text"]))
        for label, spans in (("tp", gold & found), ("fn", gold - found), ("fp", found - gold)):
            for s in spans:
                counts[s[2]][label] += 1
                counts["overall"][label] += 1
    scores = {}
    for k, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        scores[k] = (p, r)
    return scores


# Achieved on 2026-11-25 (docs/benchmarks.md): names P 1.000 R 0.931, every other kind 1.000 /
# 1.000, overall P 1.000 R 0.955. Floors are those minus a margin, so a regression fails.
FLOORS = {
    "name": (0.97, 0.90),
    "email": (0.95, 0.95),
    "phone": (0.95, 0.95),
    "url": (0.95, 0.95),
    "handle": (0.95, 0.95),
    "overall": (0.98, 0.93),
}


def test_precision_and_recall_on_the_labelled_set_hold():
    scores = _span_scores(CASES)
    failing = {k: scores[k] for k, (p, r) in FLOORS.items() if scores[k][0] < p or scores[k][1] < r}
    assert not failing, f"below the floors {FLOORS}: {failing}"


def test_fast_enough_for_the_web_process():
    warm_up()
    texts = [c["text"] for c in CASES]
    t0 = time.process_time()
    for _ in range(5):
        for t in texts:
            scrub(t)
    per_second = 5 * len(texts) / (time.process_time() - t0)
    assert per_second > 2000  # the bench measures ~10,000+ on one core; the target is 5,000
