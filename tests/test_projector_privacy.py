"""What a projector receives over a real server: no answers, scrubbed theme labels only,
and no themes of a question until `min_group` people answered it."""

import json

import pytest

from support import PII, RAW, Phone, connect_host, disconnect_all, new_session, projector_events, wait_for

pytestmark = pytest.mark.live
PII_LABEL = "Call Sarah at sarah@example.com"
PROMPT = (
    "How do I maintain my independence in my relationships "
    "(e.g., pursuing personal hobbies, setting boundaries, having alone time)?"
)
FIRST = ["Time alone with a good book", "Time alone on long walks", PII]
MORE = [
    "Time alone to read novels",
    "Alone time reading in the garden",
    "Reading a book alone at night",
    "Keeping my own money and savings",
    "Paying my own bills",
    "My own bank account and budget",
]


def answer(phone, code, text):
    phone.join(code)
    assert phone.answer(text)["ok"]


def test_the_projector_events_are_documented():
    assert projector_events() == {
        "step",
        "presence",
        "ended",
        "reveal",
        "themes",
        "chart",
        "counts",
        "join",
        "timer",
        "locked",
        "pacing",
        "closing",
        "progress",
        "spotlight",
    }


def test_projector_gets_nothing_under_the_group_size_and_scrubbed_labels_after(live_server):
    from server.domain.privacy import scrub

    token = live_server.token_for("projector@example.com")
    created = new_session(live_server, token, min_group=4)
    allowed = projector_events()
    # Both screens record every event they receive, whatever its name: an absence check on
    # one event name would pass for ever once the server renamed or batched that event.
    host, projector = connect_host(live_server, token, record=True), connect_host(live_server, token, record=True)
    host_seen, seen = host.recorder, projector.recorder
    host_themes = lambda: host_seen.of("themes")  # noqa: E731
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    state = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
    assert "answers" not in state and state["themes"] == {} and state["session"]["min_group"] == 4
    assert (
        projector.call("host", {"session_id": created["id"], "view": "wall"}, timeout=10)["error"]["code"]
        == "bad_request"
    )
    states = [state]

    phones = [Phone(live_server.url) for _ in FIRST + MORE]
    try:
        assert host.call("reveal", {"question_id": "s1q1"}, timeout=10)["ok"]
        assert wait_for(lambda: seen.of("reveal"))
        assert seen.of("reveal")[-1] == {
            "question_id": "s1q1",
            "quotes": False,
            "prompt": PROMPT,
            "themes": {"question_id": "s1q1", "answers": 0, "min_group": 4, "waiting": 4, "themes": []},
            "chart": None,  # a text question's reveal is its themes
        }

        # Three answers: the dashboard has them (and their computed themes); the projector waits.
        for phone, text in zip(phones, FIRST):
            answer(phone, created["code"], text)
        assert wait_for(lambda: host_themes() and host_themes()[-1]["answers"] == 3, timeout=60)
        assert host_themes()[-1]["min_group"] == 4 and host_themes()[-1]["waiting"] == 1
        assert wait_for(lambda: any(d["answers"] == 3 for d in seen.of("themes")))
        for data in seen.of("themes"):
            assert data["themes"] == [] and data["waiting"] == 4 - data["answers"], data

        # From the fourth answer on, themes reach the projector, labels scrubbed.
        for phone, text in zip(phones[3:], MORE):
            answer(phone, created["code"], text)
        shown = lambda: [d for d in seen.of("themes") if d["themes"]]  # noqa: E731
        assert wait_for(shown, timeout=60), seen.events[-1]
        assert shown()[-1]["waiting"] == 0 and shown()[-1]["answers"] >= 4
        assert wait_for(
            lambda: host_themes()[-1]["answers"] == len(FIRST + MORE) and host_themes()[-1]["themes"], timeout=60
        )
        theme_id = host_themes()[-1]["themes"][0]["id"]
        assert host.call("theme_rename", {"theme_id": theme_id, "label": PII_LABEL}, timeout=10)["ok"]
        assert wait_for(lambda: any(t["label"] == scrub(PII_LABEL) for t in shown()[-1]["themes"]))
        assert wait_for(lambda: any(t["label"] == PII_LABEL for t in host_themes()[-1]["themes"]))  # the dashboard's

        # A projector that connects now gets the revealed question only, in the same form.
        late = connect_host(live_server, token)
        again = late.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
        disconnect_all([late])
        assert list(again["themes"]) == ["s1q1"] and again["themes"]["s1q1"]["themes"]
        states.append(again)

        # Nothing but the projector's documented events reached it; the dashboard, recorded
        # the same way, got the answers (so the recorder would have heard them).
        assert host_seen.of("answers") and {"answers", "themes", "reveal"} <= host_seen.names()
        assert wait_for(lambda: len([a for b in host_seen.of("answers") for a in b["answers"]]) == len(FIRST + MORE))
        assert seen.names() <= allowed, seen.names() - allowed
        assert {"reveal", "themes", "counts"} <= seen.names()
        assert wait_for(lambda: seen.of("counts")[-1] == {"s1q1": len(FIRST + MORE)})  # how many, never what
        received = json.dumps(seen.payloads() + states)
        for raw in RAW + FIRST + MORE:
            assert raw not in received, raw
        for key in ('"examples"', '"answer_ids"', '"keywords"', '"words"', '"text"'):
            assert key not in received, key
        assert any(raw in json.dumps(host_seen.payloads()) for raw in RAW)  # the control's own data
    finally:
        disconnect_all([host, projector, *(p.client for p in phones)])
