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
    assert set(body) == {
        "id",
        "url",
        "created_at",
        "expires_at",
        "revoked",
        "state",
        "label",
        "views",
        "last_viewed_at",
    }
    assert body["label"] is None and body["views"] == 0 and body["last_viewed_at"] is None
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


# --- labels, views and the shared page's downloads (issue 15) ------------------------------


def listed(client, token, session_id) -> dict:
    return {
        link["id"]: link for link in client.get(f"/api/v1/sessions/{session_id}/shares", headers=auth(token)).get_json()
    }


def test_a_label_is_kept_with_its_whitespace_collapsed(client, token, session_id):
    from server.domain.shares import MAX_LABEL

    assert MAX_LABEL == 80
    made = share(client, token, session_id, label="  for the\n  supervisor \t").get_json()
    assert made["label"] == "for the supervisor"
    longest = share(client, token, session_id, label="é" * MAX_LABEL)
    assert longest.status_code == 201 and longest.get_json()["label"] == "é" * MAX_LABEL
    # Only the visible characters count: 80 of them with runs of spaces is fine.
    spaced = share(client, token, session_id, label="x" * 40 + "      " + "y" * 39)
    assert spaced.status_code == 201 and len(spaced.get_json()["label"]) == MAX_LABEL
    for empty in ("", "   \n ", None):
        assert share(client, token, session_id, label=empty).get_json()["label"] is None
    links = listed(client, token, session_id)
    assert links[made["id"]]["label"] == "for the supervisor"
    assert {links[made["id"]]["views"], links[made["id"]]["last_viewed_at"]} == {0, None}


@pytest.mark.parametrize(
    "label, code, words",
    [
        ("x" * 81, "too_long", "longer than 80 characters"),
        (" " + "x" * 81 + " ", "too_long", "longer than 80 characters"),
        (42, "bad_request", "`label` must be a string"),
        (["for", "me"], "bad_request", "`label` must be a string"),
        (True, "bad_request", "`label` must be a string"),
        ("for\x00me", "bad_request", "cannot be stored"),
    ],
)
def test_a_bad_label_is_400_and_makes_no_link(client, token, session_id, label, code, words):
    response = share(client, token, session_id, label=label)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["field"] == "label" and words in error["message"], error
    assert listed(client, token, session_id) == {}


def test_opening_the_page_counts_a_view_but_a_dead_link_does_not(app, client, token, session_id):
    from datetime import datetime

    from server.extensions import db
    from server.store.models import ShareLink, utcnow

    live, revoked, expired = (share(client, token, session_id).get_json() for _ in range(3))
    client.delete(f"/api/v1/sessions/{session_id}/shares/{revoked['id']}", headers=auth(token))
    with app.app_context():
        db.session.get(ShareLink, expired["id"]).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    reviewer = app.test_client()
    before = datetime.utcnow().replace(microsecond=0)
    for _ in range(2):
        assert reviewer.get(path_of(live["url"])).status_code == 200
        assert reviewer.get(path_of(revoked["url"])).status_code == 410
        assert reviewer.get(path_of(expired["url"])).status_code == 410
    # The downloads are part of the visit: they do not count as openings.
    assert reviewer.get(path_of(live["url"]) + "/report.csv").status_code == 200
    links = listed(client, token, session_id)
    assert links[live["id"]]["views"] == 2  # the positive control
    opened = datetime.fromisoformat(links[live["id"]]["last_viewed_at"].removesuffix("Z"))
    assert links[live["id"]]["last_viewed_at"].endswith("Z") and before <= opened <= datetime.utcnow()
    for dead in (revoked, expired):
        assert (links[dead["id"]]["views"], links[dead["id"]]["last_viewed_at"]) == (0, None)
    assert reviewer.get("/shared/nonsense").status_code == 404


def test_previews_prefetches_and_heads_are_not_counted_as_views(app, client, token, session_id):
    """A chat app's link preview, a browser's prefetch or a HEAD fetches the page before (or
    without) anyone reading it: the page is served, the count stays for people."""
    link = share(client, token, session_id).get_json()
    reviewer = app.test_client()
    not_visits = [
        {"User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"},
        {"User-Agent": "WhatsApp/2.23.20.0 A"},
        {"User-Agent": "Mozilla/5.0 (compatible; Discordbot/2.0)"},
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "Mozilla/5.0 (Windows NT 10.0) SkypeUriPreview Preview/0.5"},
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
    ]
    for headers in not_visits:
        assert reviewer.get(path_of(link["url"]), headers=headers).status_code == 200
    assert reviewer.head(path_of(link["url"])).status_code == 200
    assert listed(client, token, session_id)[link["id"]]["views"] == 0
    # The positive control: a browser's visit counts.
    chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    assert reviewer.get(path_of(link["url"]), headers={"User-Agent": chrome}).status_code == 200
    assert listed(client, token, session_id)[link["id"]]["views"] == 1


def test_a_view_stores_no_address_or_agent(app, client, token, session_id, caplog):
    """A reviewer opening a link leaves a count and a time: not their address, not their
    browser, in the row or in the logs."""
    import logging

    from sqlalchemy import inspect

    from server.extensions import db
    from server.store.models import ShareLink

    address, agent = "203.0.113.77", "ReviewerBrowser/9.1 (Distinctive)"
    caplog.set_level(logging.DEBUG)
    link = share(client, token, session_id, label="for the supervisor").get_json()
    reviewer = app.test_client()
    page = reviewer.get(path_of(link["url"]), headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": address})
    assert page.status_code == 200
    with app.app_context():
        columns = {column["name"] for column in inspect(db.engine).get_columns("share_links")}
        assert columns == {
            "id",
            "session_id",
            "created_at",
            "expires_at",
            "revoked_at",
            "label",
            "views",
            "last_viewed_at",
        }
        row = db.session.get(ShareLink, link["id"])
        stored = " ".join(str(getattr(row, column)) for column in columns)
    assert row.views == 1 and "for the supervisor" in stored  # the row does hold what it should
    for secret in (address, "203.0.113", agent, "ReviewerBrowser"):
        assert secret not in stored and secret not in caplog.text
    assert "share link created" in caplog.text  # the logs were captured


@pytest.fixture
def answered(app, client, token):
    """A session with min_group 1 and one answer full of contact details."""
    from server.domain import sessions
    from server.extensions import db
    from server.store.models import WorkshopSession

    from support import PII, submit_answer

    session_id = client.post(
        "/api/v1/sessions", json={"worksheet": SEED, "title": "Team day", "min_group": 1}, headers=auth(token)
    ).get_json()["id"]
    with app.app_context():
        session = db.session.get(WorkshopSession, session_id)
        _, participant, _ = sessions.join(db.session, session.code, None)
        submit_answer(db.session, session, participant.id, "s1q1", PII, "client-1")
        db.session.commit()
    return session_id


def test_the_shared_page_offers_the_owners_downloads(app, client, token, answered):
    from support import RAW

    link = share(client, token, answered, label="for the supervisor").get_json()
    reviewer = app.test_client()
    page = reviewer.get(path_of(link["url"])).get_data(as_text=True)
    base = path_of(link["url"])
    for extension in ("pdf", "csv", "md"):
        assert f'href="{base}/report.{extension}"' in page
    assert "report.json" not in page and "for the supervisor" not in page  # the label is the owner's note

    date = client.get(f"/api/v1/sessions/{answered}", headers=auth(token)).get_json()["created_at"][:10]
    for extension, mimetype in (("pdf", "application/pdf"), ("csv", "text/csv"), ("md", "text/markdown")):
        download = reviewer.get(f"{base}/report.{extension}")
        assert download.status_code == 200 and download.mimetype == mimetype, extension
        # No ids in the file's name: neither the session's nor the link's.
        assert download.headers["Content-Disposition"] == f'attachment; filename="report-{date}-team-day.{extension}"'
        assert download.headers["Cache-Control"] == "private, no-store"
        assert download.headers["Referrer-Policy"] == "no-referrer" and download.headers["X-Robots-Tag"] == "noindex"
        assert "Set-Cookie" not in download.headers
        own = client.get(f"/api/v1/sessions/{answered}/report.{extension}", headers=auth(token))
        if extension == "pdf":
            assert download.data.startswith(b"%PDF-") and len(download.data) > 1000
        else:  # the very file the owner gets: scrubbed and anonymized in the same place
            assert download.data == own.data
            text = download.get_data(as_text=True)
            assert "[email]" in text.replace("\\", "") and (extension == "csv" or "# Team day" in text)
            assert not [raw for raw in RAW if raw in text]
    assert reviewer.get(f"{base}/report.json").status_code == 404
    assert reviewer.get(f"{base}/report.exe").status_code == 404


def test_a_dead_links_downloads_are_refused_like_its_page(app, client, token, session_id):
    link = share(client, token, session_id).get_json()
    reviewer = app.test_client()
    base = path_of(link["url"])
    assert reviewer.get(f"{base}/report.md").status_code == 200  # the positive control
    client.delete(f"/api/v1/sessions/{session_id}/shares/{link['id']}", headers=auth(token))
    for extension in ("pdf", "csv", "md"):
        refused = reviewer.get(f"{base}/report.{extension}")
        assert refused.status_code == 410 and "turned off" in refused.get_data(as_text=True)
        assert refused.headers["Cache-Control"] == "private, no-store"
    share_id, signature = base.rsplit("/", 1)[1].split(".")
    assert reviewer.get(f"/shared/{share_id}.x{signature[1:]}/report.pdf").status_code == 404


def test_the_shares_page_shows_labels_views_and_asks_before_turning_off(app, client, token, session_id):
    client.post("/login", data={"email": "host@example.com", "password": PASSWORD})
    page = client.get(f"/sessions/{session_id}/shares").get_data(as_text=True)
    assert 'maxlength="80"' in page and 'name="label"' in page  # learnt from shares.MAX_LABEL
    too_long = client.post(f"/sessions/{session_id}/shares", data={"days": "3", "label": "x" * 81})
    assert too_long.status_code == 400 and "longer than 80 characters" in too_long.get_data(as_text=True)
    assert client.get(f"/api/v1/sessions/{session_id}/shares").get_json() == []
    client.post(f"/sessions/{session_id}/shares", data={"days": "3", "label": " for the <b>supervisor</b> "})
    link = client.get(f"/api/v1/sessions/{session_id}/shares").get_json()[0]
    assert link["label"] == "for the <b>supervisor</b>"
    html = client.get(f"/sessions/{session_id}/shares").get_data(as_text=True)
    assert "for the &lt;b&gt;supervisor&lt;/b&gt;" in html and "<b>supervisor" not in html
    assert "Not opened yet" in html
    for _ in range(3):
        app.test_client().get(path_of(link["url"]))
    html = client.get(f"/sessions/{session_id}/shares").get_data(as_text=True)
    from datetime import datetime

    today = datetime.utcnow()
    assert f"Opened 3 times, last on {today.day} {today.strftime('%b %Y')}" in html and "Not opened yet" not in html

    # "Turn off" is a link to a page that asks; asking changes nothing.
    confirm_path = f"/sessions/{session_id}/shares/{link['id']}/revoke"
    assert f'href="{confirm_path}"' in html
    asked = client.get(confirm_path)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Turn off the link “for the &lt;b&gt;supervisor&lt;/b&gt;”?" in text
    assert "Keep it on" in text and f'action="{confirm_path}"' in text
    assert app.test_client().get(path_of(link["url"])).status_code == 200
    assert client.post(confirm_path, follow_redirects=True).status_code == 200
    assert app.test_client().get(path_of(link["url"])).status_code == 410
    # Asking about a link that is already off goes back to the list; an unknown one is 404.
    assert client.get(confirm_path).status_code == 302
    assert client.get(f"/sessions/{session_id}/shares/{'0' * 32}/revoke").status_code == 404


def test_the_page_opens_when_its_view_cannot_be_written(app, client, token, session_id):
    """Another process holds SQLite's write lock past the busy timeout: the reviewer still
    gets the report (the count is a convenience), and the next opening counts."""
    import sqlite3

    link = share(client, token, session_id).get_json()
    writer = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        page = app.test_client().get(path_of(link["url"]))
        assert page.status_code == 200 and "Offsite" in page.get_data(as_text=True)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert listed(client, token, session_id)[link["id"]]["views"] == 0
    assert app.test_client().get(path_of(link["url"])).status_code == 200
    assert listed(client, token, session_id)[link["id"]]["views"] == 1  # the positive control
