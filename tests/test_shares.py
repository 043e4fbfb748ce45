"""Share links: a reviewer reads the anonymized report without an account, until the
link expires or is revoked; only the session's owner makes and revokes links."""

from datetime import timedelta

import pytest

from support import PASSWORD, SEED, auth, client_csrf, client_log_in, make_facilitator

HOST = "http://fulcrum.test"


@pytest.fixture
def token(app):
    return make_facilitator(app)


@pytest.fixture
def session_id(client, token):
    return client.post(
        "/api/v1/sessions", json={"worksheet": SEED, "title": "Offsite"}, headers=auth(token)
    ).get_json()["id"]


def share(client, token, session_id, **body):
    return client.post(f"/api/v1/sessions/{session_id}/shares", json=body, headers=auth(token))


def path_of(url):
    assert url.startswith(HOST + "/shared/")
    return url[len(HOST) :]


def test_a_share_link_opens_the_report_without_an_account(app, client, token, session_id):
    created = share(client, token, session_id, expires_in_days=7)
    assert created.status_code == 201
    body = created.get_json()
    # The same SHARE object as the list gives (docs/protocol.md).
    assert set(body) == {"id", "url", "created_at", "expires_at", "revoked", "state"}
    assert body["expires_at"].endswith("Z") and body["state"] == "active" and body["revoked"] is False

    reviewer = app.test_client()  # no login cookie
    page = reviewer.get(path_of(body["url"]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Offsite" in html and "Session report" in html and "read-only" in html
    # Only the report: no dashboard, no live room, no facilitator tools.
    for absent in (f"/sessions/{session_id}", "socket.io", "Back to the dashboard", "Log out"):
        assert absent not in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "private, no-store"
    assert page.headers["X-Robots-Tag"] == "noindex"
    assert "Set-Cookie" not in page.headers


def test_listed_then_revoked_link_answers_410(app, client, token, session_id):
    first = share(client, token, session_id).get_json()
    second = share(client, token, session_id, expires_in_days=1).get_json()
    listed = client.get(f"/api/v1/sessions/{session_id}/shares", headers=auth(token)).get_json()
    assert {link["id"] for link in listed} == {first["id"], second["id"]}
    assert all(set(link) >= {"id", "url", "created_at", "expires_at", "revoked"} for link in listed)
    assert not any(link["revoked"] for link in listed)

    assert client.delete(f"/api/v1/sessions/{session_id}/shares/{first['id']}", headers=auth(token)).status_code == 204
    gone = app.test_client().get(path_of(first["url"]))
    assert gone.status_code == 410 and "turned off" in gone.get_data(as_text=True)
    assert gone.headers["Cache-Control"] == "private, no-store"
    assert app.test_client().get(path_of(second["url"])).status_code == 200
    listed = {
        link["id"]: link for link in client.get(f"/api/v1/sessions/{session_id}/shares", headers=auth(token)).get_json()
    }
    assert listed[first["id"]]["revoked"] and not listed[second["id"]]["revoked"]

    unknown = client.delete(f"/api/v1/sessions/{session_id}/shares/{'0' * 32}", headers=auth(token))
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "not_found"


def test_expired_link_answers_410_with_a_clear_page(app, client, token, session_id):
    from server.extensions import db
    from server.store.models import ShareLink, utcnow

    link = share(client, token, session_id, expires_in_days=1).get_json()
    with app.app_context():
        db.session.get(ShareLink, link["id"]).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    page = app.test_client().get(path_of(link["url"]))
    assert page.status_code == 410
    assert "This link has expired; ask the facilitator for a new one." in page.get_data(as_text=True)


def test_tampered_or_unknown_tokens_are_404(app, client, token, session_id):
    url = path_of(share(client, token, session_id).get_json()["url"])
    share_id, signature = url.rsplit("/", 1)[1].split(".")
    reviewer = app.test_client()
    # (A changed first character: the last one also carries unused base64 padding bits.)
    for bad in (
        f"{share_id}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}",
        f"{'f' * 32}.{signature}",
        share_id,
        "nonsense",
        f"{share_id}.{signature}.x",
    ):
        page = reviewer.get(f"/shared/{bad}")
        assert page.status_code == 404, bad
        assert page.headers["X-Robots-Tag"] == "noindex"


def test_a_token_signed_with_another_key_is_404(app, client, token, session_id):
    from server.domain.shares import sign

    share_id = share(client, token, session_id).get_json()["id"]
    assert app.test_client().get(f"/shared/{sign('another-secret-key', share_id)}").status_code == 404


def test_other_facilitators_cannot_share_list_or_revoke(app, client, token, session_id):
    other = make_facilitator(app, "other@example.com")
    link = share(client, token, session_id).get_json()
    for method, path, body in (
        ("post", "/shares", {}),
        ("get", "/shares", None),
        ("delete", f"/shares/{link['id']}", None),
    ):
        response = getattr(client, method)(f"/api/v1/sessions/{session_id}{path}", json=body, headers=auth(other))
        assert response.status_code == 404, (method, path)
    assert app.test_client().get(path_of(link["url"])).status_code == 200
    # A link id of another session is not revocable through this one.
    mine = client.post("/api/v1/sessions", json={"worksheet": SEED}, headers=auth(other)).get_json()["id"]
    response = client.delete(f"/api/v1/sessions/{mine}/shares/{link['id']}", headers=auth(other))
    assert response.status_code == 404
    assert client.get("/api/v1/sessions/1/shares").status_code == 401


@pytest.mark.parametrize("days", [0, 366, -1, 2.5, "7", True, None])
def test_bad_expiry_is_400(client, token, session_id, days):
    response = share(client, token, session_id, expires_in_days=days)
    if days is None:  # null means the default
        assert response.status_code == 201
        return
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and "1 to 365" in error["message"]


def test_default_expiry_and_bodies(client, token, session_id):
    from datetime import datetime

    empty = client.post(f"/api/v1/sessions/{session_id}/shares", headers=auth(token))
    assert empty.status_code == 201
    expires = datetime.fromisoformat(empty.get_json()["expires_at"].rstrip("Z"))
    assert timedelta(days=13, hours=23) < expires - datetime.utcnow() <= timedelta(days=14)
    bad = client.post(f"/api/v1/sessions/{session_id}/shares", json=[1], headers=auth(token))
    assert bad.status_code == 400


def test_the_facilitators_shares_page(app, client, token, session_id):
    """Create, list, revoke (CSRF is checked in the next test)."""
    client.post("/login", data={"email": "host@example.com", "password": PASSWORD})
    page = client.get(f"/sessions/{session_id}/shares")
    assert page.status_code == 200 and "No links yet." in page.get_data(as_text=True)
    assert client.post(f"/sessions/{session_id}/shares", data={"days": "400"}).status_code == 400
    created = client.post(f"/sessions/{session_id}/shares", data={"days": "3"}, follow_redirects=True)
    html = created.get_data(as_text=True)
    assert "works for 3 days" in html and "/shared/" in html and "Turn off" in html
    links = client.get(f"/api/v1/sessions/{session_id}/shares").get_json()
    assert len(links) == 1
    revoked = client.post(f"/sessions/{session_id}/shares/{links[0]['id']}/revoke", follow_redirects=True)
    assert "Turned off" in revoked.get_data(as_text=True)
    assert app.test_client().get(path_of(links[0]["url"])).status_code == 410
    assert client.get("/").get_data(as_text=True).count(f"/sessions/{session_id}/shares") == 1
    assert f"/sessions/{session_id}/shares" in client.get(f"/sessions/{session_id}").get_data(as_text=True)


def test_share_forms_need_csrf(app, client, token, session_id):
    app.config["WTF_CSRF_ENABLED"] = True
    client_log_in(client)
    path = f"/sessions/{session_id}/shares"
    forged = client.post(path, data={"days": "3", "csrf_token": "forged"})
    assert forged.status_code == 400 and client.get(f"/api/v1{path}").get_json() == []
    client.post(path, data={"days": "3", "csrf_token": client_csrf(client, path)})
    link = client.get(f"/api/v1{path}").get_json()[0]
    assert client.post(f"{path}/{link['id']}/revoke", data={"csrf_token": "forged"}).status_code == 400
    assert not client.get(f"/api/v1{path}").get_json()[0]["revoked"]
    client.post(f"{path}/{link['id']}/revoke", data={"csrf_token": client_csrf(client, path)})
    assert client.get(f"/api/v1{path}").get_json()[0]["revoked"]


def test_domain_modules_import_without_flask():
    import subprocess
    import sys

    code = (
        "import sys; import server.domain.shares, server.domain.retention; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr
