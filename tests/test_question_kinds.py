"""Scale and choice questions over a real server: a dozen phones answer, the refusals have
their codes, the facilitator's screens get counts, the projector a chart once min_group
answered, the report distributions; and a step's notes never leave the dashboard."""

import csv
import io
import uuid

import pytest
import requests

from support import (
    BALANCE_SCALE,
    RELY_CHOICE,
    Phone,
    auth,
    connect_host,
    disconnect_all,
    new_session,
    own_worksheet,
    report,
    wait_for,
)

pytestmark = pytest.mark.live

NOTES = "Say: there are no wrong answers. Reveal the scale after two minutes."
WORKSHEET = {
    "title": "Balance check-in",
    "purpose": "A quick look at where we stand.",
    "steps": [
        {
            "title": "Where are we?",
            "notes": NOTES,
            "minutes": 4,
            "questions": [
                BALANCE_SCALE,
                RELY_CHOICE,
                {"prompt": "Which one matters most?", "kind": "choice", "options": ["Time", "Trust"]},
                {"prompt": "Anything else?"},
            ],
        }
    ],
    "conclusion": "Thank you.",
}  # fmt: skip
SCALE, MANY, ONE, TEXT = "s1q1", "s1q2", "s1q3", "s1q4"
VALUES = [1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 3]  # twelve phones
CHOICES = [["Advice"], ["Emotional support", "Advice"], ["Other"], ["Encouragement", "Help with tasks"]] * 3


def send(phone, question_id, client_id=None, **answer):
    return phone.call("answer", {"question_id": question_id, "client_id": client_id or str(uuid.uuid4()), **answer})


def test_scales_and_choices_from_a_dozen_phones(live_server):
    token = live_server.token_for("kinds@example.com")
    created = new_session(live_server, token, worksheet=own_worksheet(live_server, token, WORKSHEET), min_group=5)
    host, projector = connect_host(live_server, token, record=True), connect_host(live_server, token, record=True)
    phones = [Phone(live_server.url) for _ in VALUES]
    try:
        state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
        assert state["charts"][SCALE]["chart"]["distribution"] == [{"value": v, "count": 0} for v in range(1, 6)]
        assert TEXT not in state["charts"] and SCALE not in state["themes"]
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        assert host.call("reveal", {"question_id": SCALE}, timeout=10)["ok"]
        shown = projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)["state"]
        assert shown["chart"] == {"question_id": SCALE, "chart": None, "min_group": 5, "waiting": 5}
        joined = phones[0].join(created["code"])
        scale = joined["step"]["questions"][0]
        assert scale == {
            "id": SCALE, "kind": "scale", "prompt": "Where is this relationship today?", "min": 1, "max": 5,
            "left": "More independent", "right": "More interdependent", "middle": "Balanced",
            "share": "group", "share_fixed": False,
        }  # fmt: skip
        assert joined["step"]["questions"][1]["options"][0] == "Emotional support"

        # The refusals: each a bad_request with a message that says what to send.
        for bad in ({"value": 6}, {"value": 0}, {"value": 2.5}, {"value": True}, {"value": "3"}, {"text": "3"}):
            error = send(phones[0], SCALE, **bad)["error"]
            assert error["code"] == "bad_request" and "whole number from 1 to 5" in error["message"], bad
        for bad, words in (
            ({"choices": ["Money"]}, "not one of"),
            ({"choices": []}, "a list of its options"),
            ({"choices": "Advice"}, "a list of its options"),
            ({"text": "Advice"}, "a list of its options"),
        ):
            error = send(phones[0], MANY, **bad)["error"]
            assert error["code"] == "bad_request" and words in error["message"], bad
        assert "one option only" in send(phones[0], ONE, choices=["Time", "Trust"])["error"]["message"]
        assert send(phones[0], TEXT, value=3)["error"]["code"] == "bad_request"  # a text question wants text

        for phone, value, choices in zip(phones, VALUES, CHOICES):
            if phone is not phones[0]:
                phone.join(created["code"])
            assert send(phone, SCALE, value=value)["ok"]
            assert send(phone, MANY, choices=list(reversed(choices)))["ok"]  # stored in the worksheet's order
        # A resend changes nothing; a revision replaces the phone's answer.
        first = send(phones[0], SCALE, client_id="c-1", value=2)
        assert send(phones[0], SCALE, client_id="c-1", value=2)["id"] == first["id"]
        assert send(phones[0], ONE, choices=["Trust"])["ok"]

        answers = lambda: {a["id"]: a for batch in host.recorder.of("answers") for a in batch["answers"]}  # noqa: E731
        assert wait_for(lambda: len(answers()) == 2 * len(VALUES) + 1)
        revised = answers()[first["id"]]
        assert revised["value"] == 2 and revised["text"] == "2" and "choices" not in revised
        many = [a for a in answers().values() if a["question_id"] == MANY]
        assert {"Emotional support, Advice"} <= {a["text"] for a in many}
        assert ["Emotional support", "Advice"] in [a["choices"] for a in many]

        values = [2, *VALUES[1:]]
        want = [{"value": v, "count": values.count(v)} for v in range(1, 6)]

        def chart_is(recorder, question_id, distribution):
            charts = [c for c in recorder.of("chart") if c["question_id"] == question_id]
            return charts and charts[-1]["chart"] and charts[-1]["chart"].get("distribution") == distribution

        assert wait_for(lambda: chart_is(host.recorder, SCALE, want))
        assert wait_for(lambda: chart_is(projector.recorder, SCALE, want))  # revealed, and past min_group
        last = [c for c in projector.recorder.of("chart") if c["question_id"] == SCALE][-1]["chart"]
        assert last["mean"] == round(sum(values) / len(values), 1) and last["median"] == 3.0
        assert last["left"] == "More independent" and last["middle"] == "Balanced"
        # The projector never heard the choices: they are not revealed.
        assert not [c for c in projector.recorder.of("chart") if c["question_id"] == MANY]
        assert [c for c in host.recorder.of("chart") if c["question_id"] == MANY]  # …though the hosts did

        assert host.call("reveal", {"question_id": MANY}, timeout=10)["ok"]
        assert wait_for(lambda: [r for r in projector.recorder.of("reveal") if r["question_id"] == MANY])
        revealed = [r for r in projector.recorder.of("reveal") if r["question_id"] == MANY][-1]
        counts = {o["label"]: o["count"] for o in revealed["chart"]["chart"]["options"]}
        assert counts == {"Emotional support": 3, "Help with tasks": 3, "Encouragement": 3, "Advice": 6, "Other": 3}
        assert revealed["themes"] is None

        # The report: distributions and options, the single-option question below min_group hidden.
        got = report(live_server, token, created["id"])
        questions = {q["id"]: q for q in got["steps"][1]["questions"]}
        assert questions[SCALE]["kind"] == "scale" and questions[SCALE]["distribution"] == want
        assert questions[SCALE]["mean"] == last["mean"] and questions[SCALE]["median"] == 3.0
        assert questions[MANY]["options"][3] == {"label": "Advice", "count": 6}
        assert questions[ONE]["hidden"] and "options" not in questions[ONE] and questions[ONE]["answers"] == []
        assert questions[TEXT]["kind"] == "text"
        exported = requests.get(
            f"{live_server.url}/api/v1/sessions/{created['id']}/report.csv", headers=auth(token), timeout=10
        ).text
        rows = list(csv.DictReader(io.StringIO(exported)))
        assert sorted(int(r["value"]) for r in rows if r["question_id"] == SCALE) == sorted(values)
        assert "Emotional support; Advice" in {r["value"] for r in rows if r["question_id"] == MANY}
        assert "Trust" not in exported  # below min_group: not a word of it
    finally:
        disconnect_all([host, projector, *(p.client for p in phones)])


def test_notes_never_leave_the_dashboard(live_server):
    """Scan every payload a phone and a projector receive, and every report format, for the
    notes; the dashboard's own state shows they were there to be leaked."""
    token = live_server.token_for("notes@example.com")
    created = new_session(live_server, token, worksheet=own_worksheet(live_server, token, WORKSHEET), min_group=1)
    host, projector = connect_host(live_server, token, record=True), connect_host(live_server, token, record=True)
    phone = Phone(live_server.url)
    try:
        state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
        assert state["steps"][1]["notes"] == NOTES and state["steps"][1]["minutes"] == 4  # the positive control
        seen = [projector.call("host", {"session_id": created["id"], "view": "projector"}, timeout=10)]
        seen.append(phone.join(created["code"]))
        for index in (1, 2, 1):
            assert host.call("goto", {"index": index}, timeout=10)["ok"]
        seen.append(send(phone, TEXT, text="Time together"))
        seen.append(send(phone, SCALE, value=3))
        assert host.call("reveal", {"question_id": SCALE}, timeout=10)["ok"]
        seen.append(send(phone, SCALE, value=4))  # revealed: the projector hears of it
        assert wait_for(lambda: projector.recorder.of("chart") and len(phone.steps) >= 3)
        seen += [*projector.recorder.payloads(), *phone.steps]
        for extension in ("json", "md", "csv"):
            path = "report" if extension == "json" else f"report.{extension}"
            url = f"{live_server.url}/api/v1/sessions/{created['id']}/{path}"
            seen.append(requests.get(url, headers=auth(token), timeout=10).text)
        assert "no wrong answers" not in repr(seen) and "notes" not in repr(seen)
        assert "minutes" not in repr(projector.recorder.payloads())
    finally:
        disconnect_all([host, projector, phone.client])
