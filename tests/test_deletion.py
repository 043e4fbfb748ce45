"""Deleting a session removes every row tied to it, on SQLite and on PostgreSQL; every
route of the session then answers 404; a live room hears `ended` first."""

import uuid

import pytest
import requests

from support import (
    PASSWORD,
    SEED,
    Phone,
    app_for,
    auth,
    client_csrf,
    client_log_in,
    connect_host,
    make_facilitator,
    wait_for,
)

TABLES = ("sessions", "participants", "answers", "themes", "theme_pins", "share_links")


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    from server.app import upgrade_database
    from server.config import normalise_db_url

    if request.param == "sqlite":
        return app_for(tmp_path, request.getfixturevalue("sqlite_database"))  # migrated once per run
    app = app_for(tmp_path, normalise_db_url(request.getfixturevalue("postgres_url")))
    upgrade_database(app)  # the module's PostgreSQL database: migrated by its first test
    return app


@pytest.fixture
def email():
    """The PostgreSQL database is shared by this module's tests: one facilitator each."""
    return f"host-{uuid.uuid4().hex[:8]}@example.com"


def fill(app, facilitator_email):
    """A session with participants, answers, themes (one merged), pins and share links."""
    from server.domain import accounts, sessions, shares
    from server.domain.theme_edits import merge_themes, move_answers
    from server.domain.theme_state import Group, apply_groups, question_themes
    from server.extensions import db

    from support import submit_answer

    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, facilitator_email)
        session = sessions.start_session(db.session, facilitator, app.extensions["worksheets"][SEED])
        ids = []
        for i in range(6):
            _, participant, _ = sessions.join(db.session, session.code, None)
            for question in ("s1q1", "s1q2"):
                answer, _ = submit_answer(
                    db.session, session, participant.id, question, f"answer {i}", f"{question}-{i}"
                )
                ids.append(answer.id) if question == "s1q1" else None
        apply_groups(db.session, session.id, "s1q1", [Group(ids[:3], "a"), Group(ids[3:5], "b")])
        themes = question_themes(db.session, session, "s1q1", {a: "x" for a in ids})
        merge_themes(db.session, session, themes[1]["id"], themes[0]["id"])
        move_answers(db.session, session, [ids[5]], themes[0]["id"])
        shares.create_share(db.session, session, 3)
        shares.create_share(db.session, session, 5)
        db.session.commit()
        return session.id


def counts(app, session_id):
    from sqlalchemy import text

    from server.extensions import db

    with app.app_context():
        one = lambda sql: db.session.execute(text(sql), {"id": session_id}).scalar()  # noqa: E731
        return {
            "sessions": one("SELECT count(*) FROM sessions WHERE id = :id"),
            "participants": one("SELECT count(*) FROM participants WHERE session_id = :id"),
            "answers": one("SELECT count(*) FROM answers WHERE session_id = :id"),
            "themes": one("SELECT count(*) FROM themes WHERE session_id = :id"),
            "theme_pins": one(
                "SELECT count(*) FROM theme_pins WHERE answer_id IN (SELECT id FROM answers WHERE session_id = :id)"
            ),
            "share_links": one("SELECT count(*) FROM share_links WHERE session_id = :id"),
        }


def test_deletion_removes_every_row_of_the_session_only(app, email):
    token = make_facilitator(app, email)
    gone, kept = fill(app, email), fill(app, email)
    before = counts(app, gone)
    assert before == {"sessions": 1, "participants": 6, "answers": 12, "themes": 2, "theme_pins": 1, "share_links": 2}
    kept_before = counts(app, kept)
    client = app.test_client()
    assert client.delete(f"/api/v1/sessions/{gone}", headers=auth(token)).status_code == 204
    after = counts(app, gone)
    assert after == dict.fromkeys(TABLES, 0)
    assert counts(app, kept) == kept_before  # the other session is untouched
    again = client.delete(f"/api/v1/sessions/{gone}", headers=auth(token))
    assert again.status_code == 404 and again.get_json()["error"]["code"] == "not_found"


def test_every_route_of_a_deleted_session_is_404(app, email):
    from server.domain.shares import sign
    from server.extensions import db
    from server.store.models import ShareLink

    token = make_facilitator(app, email)
    session_id = fill(app, email)
    with app.app_context():
        share = db.session.query(ShareLink).filter_by(session_id=session_id).first()
        shared = f"/shared/{sign(app.config['SECRET_KEY'], share.id)}"
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    pages = [f"/sessions/{session_id}{p}" for p in ("", "/projector", "/qr.svg", "/report", "/shares", "/delete")]
    api = [f"/api/v1/sessions/{session_id}{p}" for p in ("", "/report", "/shares")]
    for path in pages + api + [shared]:
        assert client.get(path).status_code == 200, path
    assert client.delete(f"/api/v1/sessions/{session_id}", headers=auth(token)).status_code == 204
    for path in pages + api + [shared]:
        assert client.get(path).status_code == 404, path
    for path in (f"/api/v1/sessions/{session_id}/end", f"/api/v1/sessions/{session_id}/shares"):
        assert client.post(path, json={}, headers={"Origin": "http://localhost"}).status_code == 404, path
    assert client.post(f"/sessions/{session_id}/delete").status_code == 404


def test_only_the_owner_deletes(app, email):
    make_facilitator(app, email)
    other = make_facilitator(app, "other-" + email)
    session_id = fill(app, email)
    response = app.test_client().delete(f"/api/v1/sessions/{session_id}", headers=auth(other))
    assert response.status_code == 404
    assert counts(app, session_id)["answers"] == 12


def test_delete_from_the_web_with_a_confirmation_step(app, email):
    make_facilitator(app, email)
    session_id = fill(app, email)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    home = client.get("/").get_data(as_text=True)
    assert f"/sessions/{session_id}/delete" in home
    confirm = client.get(f"/sessions/{session_id}/delete").get_data(as_text=True)
    assert "permanent" in confirm and "still live" in confirm
    done = client.post(f"/sessions/{session_id}/delete", follow_redirects=True)
    assert done.status_code == 200 and "are deleted" in done.get_data(as_text=True)
    assert counts(app, session_id)["sessions"] == 0


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_the_delete_form_needs_csrf(app, email):
    make_facilitator(app, email)
    session_id = fill(app, email)
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    client_log_in(client, email)
    client.post(f"/sessions/{session_id}/delete", data={"csrf_token": "forged"})
    assert counts(app, session_id)["sessions"] == 1
    token = client_csrf(client, f"/sessions/{session_id}/delete")
    assert client.post(f"/sessions/{session_id}/delete", data={"csrf_token": token}).status_code == 302
    assert counts(app, session_id)["sessions"] == 0


def test_a_live_session_deleted_tells_its_phones_and_screens(live_server):
    """A real `fulcrum serve`: the phone and the dashboard socket get `ended`; joining by
    code and hosting then answer not found."""
    token = live_server.token_for("deleter@example.com")
    session = requests.post(
        f"{live_server.url}/api/v1/sessions", json={"worksheet": SEED}, headers=auth(token), timeout=10
    ).json()
    host = connect_host(live_server, token, record=True)
    assert host.call("host", {"session_id": session["id"]}, timeout=10)["ok"]
    phone = Phone(live_server.url)
    assert phone.call("join", {"code": session["code"]})["ok"]
    try:
        deleted = requests.delete(f"{live_server.url}/api/v1/sessions/{session['id']}", headers=auth(token), timeout=10)
        assert deleted.status_code == 204
        assert phone.ended.wait(10)
        late = phone.call("join", {"code": session["code"]})
        assert late["error"]["code"] == "unknown_room"
        hosted = host.call("host", {"session_id": session["id"]}, timeout=10)
        assert hosted["error"]["code"] == "not_found"
        assert wait_for(lambda: host.recorder.of("ended") == [{}])
    finally:
        phone.client.disconnect()
        host.disconnect()
