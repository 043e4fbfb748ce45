"""The JSON API with token auth: create, state, end, report, and the refusals."""

import pytest

from support import SEED, auth, make_facilitator


@pytest.fixture
def token(app):
    return make_facilitator(app)


def create(client, token, **body):
    return client.post("/api/v1/sessions", json={"worksheet": SEED, **body}, headers=auth(token))


def test_worksheets_are_listed(client, token):
    response = client.get("/api/v1/worksheets", headers=auth(token))
    assert response.status_code == 200
    assert {
        "slug": SEED,
        "title": "The Balance Between Independence and Interdependence",
        "description": "",
        "steps": 9,
        "questions": 21,
        "source": "library",
        "editable": False,
    } in response.get_json()


def test_create_state_end_report(client, token):
    response = create(client, token)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "code", "join_url", "host_url"}
    assert body["join_url"] == f"http://fulcrum.test/j/{body['code']}"
    assert body["host_url"] == f"http://fulcrum.test/sessions/{body['id']}"

    state = client.get(f"/api/v1/sessions/{body['id']}", headers=auth(token)).get_json()
    assert state["status"] == "live" and state["step"]["index"] == 0 and state["step"]["count"] == 9
    assert state["step"]["title"] == "Purpose" and state["participants"] == 0

    ended = client.post(f"/api/v1/sessions/{body['id']}/end", headers=auth(token))
    assert ended.status_code == 200 and ended.get_json()["status"] == "ended"
    again = client.post(f"/api/v1/sessions/{body['id']}/end", headers=auth(token))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "session_ended"

    report = client.get(f"/api/v1/sessions/{body['id']}/report", headers=auth(token)).get_json()
    assert report["session"]["title"] == "The Balance Between Independence and Interdependence"
    assert report["session"]["participants"] == 0
    assert [s["index"] for s in report["steps"]] == list(range(9))
    assert report["session"]["min_group"] == 3
    assert report["steps"][1]["questions"][0] == {
        "id": "s1q1",
        "kind": "text",
        "count": 0,
        "hidden_by_facilitator": 0,
        "answers": [],
        "themes": [],
        "hidden": True,
        "waiting": 3,
        "note": "No answers yet.",
        "prompt": "How do I maintain my independence in my relationships (e.g., pursuing personal hobbies, "
        "setting boundaries, having alone time)?",
        "other": 0,
        "ref": "2.1",
        "anchor": "q-s1q1",
        "levels": {"private": 0, "facilitator": 0, "group": 0},
    }


def test_custom_title(client, token):
    body = create(client, token, title="Team offsite").get_json()
    assert client.get(f"/api/v1/sessions/{body['id']}", headers=auth(token)).get_json()["title"] == "Team offsite"


def test_min_group(client, token):
    assert (
        client.get(f"/api/v1/sessions/{create(client, token).get_json()['id']}", headers=auth(token)).get_json()[
            "min_group"
        ]
        == 3
    )
    for value in (1, 7, 1000):
        session_id = create(client, token, min_group=value).get_json()["id"]
        assert client.get(f"/api/v1/sessions/{session_id}", headers=auth(token)).get_json()["min_group"] == value


def test_pacing_is_chosen_at_the_start(client, token):
    state = lambda body: client.get(f"/api/v1/sessions/{body['id']}", headers=auth(token)).get_json()  # noqa: E731
    assert state(create(client, token).get_json())["pacing"] == "facilitator"
    assert state(create(client, token, pacing="self").get_json())["pacing"] == "self"
    for bad in ("free", None, 1, ["self"]):
        refused = create(client, token, pacing=bad)
        assert refused.status_code == 400, bad
        assert refused.get_json()["error"]["code"] == "bad_request" and refused.get_json()["error"]["field"] == "pacing"


@pytest.mark.parametrize("value", [0, -1, 1001, 10**12, 2.0, 2.5, "3", True, [3], {}])
def test_bad_min_group_is_400(client, token, value):
    response = create(client, token, min_group=value)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request"
    assert error["message"] == "The minimum group size must be a whole number from 1 to 1000."
    assert error["field"] == "min_group"


def test_missing_or_bad_token_is_401(client):
    for headers in ({}, auth("not-a-token"), {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/worksheets", headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"


def test_other_facilitators_session_answers_like_a_missing_one(app, client, token):
    """403 against 404 would tell a stranger which (sequential) ids exist."""
    other = make_facilitator(app, "other@example.com")
    session_id = create(client, token).get_json()["id"]
    for method, path in (("get", ""), ("post", "/end"), ("get", "/report")):
        response = getattr(client, method)(f"/api/v1/sessions/{session_id}{path}", headers=auth(other))
        missing = getattr(client, method)(f"/api/v1/sessions/{session_id + 1000}{path}", headers=auth(other))
        assert response.status_code == missing.status_code == 404, path
        assert response.get_json()["error"]["code"] == missing.get_json()["error"]["code"] == "not_found"
        assert response.get_json()["error"]["message"] == missing.get_json()["error"]["message"].replace(
            str(session_id + 1000), str(session_id)
        )
    assert client.get(f"/api/v1/sessions/{session_id}", headers=auth(token)).get_json()["status"] == "live"


def test_unknown_things_are_404(client, token):
    assert client.get("/api/v1/sessions/999", headers=auth(token)).status_code == 404
    response = create(client, token, worksheet="no-such-sheet")
    assert response.status_code == 404 and "no-such-sheet" in response.get_json()["error"]["message"]
    response = client.get("/api/v1/nothing-here", headers=auth(token))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("body", [None, [], {"worksheet": 5}, {"worksheet": SEED, "title": 3}])
def test_bad_bodies_are_400(client, token, body):
    response = client.post("/api/v1/sessions", json=body, headers=auth(token))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_huge_body_is_413(client, token):
    response = client.post(
        "/api/v1/sessions", data="x" * 100_000, headers={**auth(token), "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_long"


def test_title_too_long(client, token):
    response = create(client, token, title="t" * 201)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "too_long"


def test_codes_are_unique_among_live_sessions(client, token):
    codes = [create(client, token).get_json()["code"] for _ in range(30)]
    assert len(set(codes)) == 30
