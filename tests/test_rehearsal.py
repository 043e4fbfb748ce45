"""Rehearse over a real server: a practice session whose twelve simulated participants answer
each step as the facilitator opens it — text with themes, scales and choices with charts —
marked as practice everywhere, and deleted a day later."""

from datetime import timedelta

import pytest
import requests

from support import SEED, app_for, auth, connect_host, disconnect_all, own_worksheet, report, wait_for

pytestmark = pytest.mark.live

MIXED = {
    "title": "Mixed rehearsal",
    "steps": [
        {
            "title": "Check-in",
            "questions": [
                {"prompt": "How are you arriving?", "kind": "scale", "min": 1, "max": 7},
                {"prompt": "Pick one", "kind": "choice", "options": ["Tea", "Coffee", "Water"]},
                {"prompt": "A word for today"},
            ],
        }
    ],
}


def rehearse(server, token, slug) -> dict:
    created = requests.post(f"{server.url}/api/v1/worksheets/{slug}/rehearse", headers=auth(token), timeout=10)
    assert created.status_code == 201, created.text
    return created.json()


def test_the_seed_rehearses_with_its_sample_answers(live_server):
    token = live_server.token_for("rehearse@example.com")
    created = rehearse(live_server, token, SEED)
    assert set(created) == {"id", "code", "join_url", "host_url"}
    host = connect_host(live_server, token, record=True)
    try:
        state = host.call("host", {"session_id": created["id"]}, timeout=10)["state"]
        assert state["session"]["practice"] is True and state["session"]["title"].startswith("Practice: ")
        assert state["joined"] == 12 and state["answers"] == []  # nobody answers the Purpose
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        answers = lambda: [a for batch in host.recorder.of("answers") for a in batch["answers"]]  # noqa: E731

        # Within about half a minute most of the twelve answered each of the step's questions…
        def most_answered():
            by_question = {}
            for a in answers():
                by_question.setdefault(a["question_id"], set()).add(a["id"])
            return len(by_question) == 3 and all(len(ids) >= 9 for ids in by_question.values())

        assert wait_for(most_answered, timeout=60), len(answers())
        texts = {a["text"] for a in answers() if a["question_id"] == "s1q1"}
        assert len(texts) >= 9  # the seed's own sample answers, not one text twelve times
        # …and the room's screens react as to a real room: themes for the text questions.
        assert wait_for(lambda: any(t["question_id"] == "s1q1" and t["themes"] for t in host.recorder.of("themes")))
        # Opening the step again does not answer it twice: a second play would revise answers,
        # which come again under their ids.
        assert host.call("goto", {"index": 2}, timeout=10)["ok"]
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        assert wait_for(lambda: len([a for a in answers() if a["question_id"].startswith("s2")]) >= 9, timeout=40)
        again = [a["id"] for a in answers() if a["question_id"].startswith("s1")]
        assert len(again) == len(set(again)) <= 36

        got = report(live_server, token, created["id"])
        assert got["session"]["practice"] is True
        listed = requests.get(f"{live_server.url}/api/v1/sessions", headers=auth(token), timeout=10).json()
        assert [s["practice"] for s in listed if s["id"] == created["id"]] == [True]
    finally:
        disconnect_all([host])


def test_other_worksheets_rehearse_with_values_and_generic_texts(live_server):
    token = live_server.token_for("rehearse-mixed@example.com")
    created = rehearse(live_server, token, own_worksheet(live_server, token, MIXED))
    host = connect_host(live_server, token, record=True)
    try:
        host.call("host", {"session_id": created["id"]}, timeout=10)
        assert host.call("goto", {"index": 0}, timeout=10)["ok"]  # no purpose: step 0 asks the questions

        def charted(question_id):
            charts = [c for c in host.recorder.of("chart") if c["question_id"] == question_id]
            return charts and charts[-1]["chart"]["answers"] >= 9

        assert wait_for(lambda: charted("s0q1") and charted("s0q2"), timeout=60)
        scale = [c for c in host.recorder.of("chart") if c["question_id"] == "s0q1"][-1]["chart"]
        assert len([d for d in scale["distribution"] if d["count"]]) >= 2  # spread, not one value

        def texts():
            return [a["text"] for b in host.recorder.of("answers") for a in b["answers"] if a["question_id"] == "s0q3"]

        assert wait_for(lambda: len(texts()) >= 9, timeout=30)  # generic texts for a question without samples
        assert len(set(texts())) >= 3
    finally:
        disconnect_all([host])


def test_practice_sessions_are_deleted_after_a_day(live_server, tmp_path):
    from server.extensions import db
    from server.live.clock import sweep_practice
    from server.store.models import WorkshopSession, utcnow

    token = live_server.token_for("rehearse-old@example.com")
    old, fresh = rehearse(live_server, token, SEED), rehearse(live_server, token, SEED)
    real = requests.post(
        f"{live_server.url}/api/v1/sessions", json={"worksheet": SEED}, headers=auth(token), timeout=10
    ).json()
    app = app_for(tmp_path, live_server.env["DATABASE_URL"])
    with app.app_context():
        for session_id in (old["id"], real["id"]):  # both started 25 hours ago
            db.session.get(WorkshopSession, session_id).created_at = utcnow() - timedelta(hours=25)
        db.session.commit()
        sweep_practice()
        remaining = {s.id for s in db.session.query(WorkshopSession)}
    assert old["id"] not in remaining  # the old rehearsal is gone…
    assert {fresh["id"], real["id"]} <= remaining  # …a new one and an old real session stay
    assert (
        requests.get(f"{live_server.url}/api/v1/sessions/{old['id']}", headers=auth(token), timeout=10).status_code
        == 404
    )
