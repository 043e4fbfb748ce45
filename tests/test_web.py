"""Server-rendered pages with CSRF on: the setup link, log in/out, starting a session, joining."""

import re

import pytest

from support import PASSWORD, client_csrf, client_log_in, make_facilitator


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_setup_link_works_once(app, client):
    from server.domain import accounts
    from server.extensions import db

    with app.app_context():
        token = accounts.create_setup_token(db.session)
        db.session.commit()
    form = {
        "email": "first@example.com",
        "password": "long password",
        "confirm": "long password",
        "csrf_token": client_csrf(client, f"/setup/{token}"),
    }
    forged = client.post(f"/setup/{token}", data={**form, "csrf_token": "forged"})
    assert forged.status_code == 400 and b"This form has expired" in forged.data
    response = client.post(f"/setup/{token}", data=form)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get(f"/setup/{token}").status_code == 404  # valid once
    assert client.get("/setup/made-up-token").status_code == 404


def test_login_needs_csrf_and_the_right_password(app, client):
    make_facilitator(app)
    no_token = client.post("/login", data={"email": "host@example.com", "password": PASSWORD})
    assert no_token.status_code == 400 and b"Start session" not in client.get("/").data
    wrong = client.post(
        "/login",
        data={"email": "host@example.com", "password": "nope nope", "csrf_token": client_csrf(client, "/login")},
    )
    assert b"do not match" in wrong.data
    assert client_log_in(client).status_code == 302
    assert b"Start session" in client.get("/").data


def test_start_session_from_the_form_and_see_its_pages(app, client):
    make_facilitator(app)
    client_log_in(client)
    response = client.post(
        "/sessions",
        data={"worksheet": "independence-interdependence", "title": "", "csrf_token": client_csrf(client, "/")},
    )
    assert response.status_code == 302
    dashboard = client.get(response.headers["Location"])
    code = re.search(r'data-code="([A-Z0-9]{6})"|>([A-Z2-9]{6})<', dashboard.get_data(as_text=True))
    assert dashboard.status_code == 200 and code
    session_path = response.headers["Location"]
    qr = client.get(f"{session_path}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert client.get(f"{session_path}/projector").status_code == 200
    assert client.get(f"{session_path}/report").status_code == 200


def test_start_form_sets_the_group_size(app, client):
    from server.extensions import db
    from server.store.models import WorkshopSession

    make_facilitator(app)
    client_log_in(client)
    home = client.get("/").get_data(as_text=True)
    assert "Hide a question’s answers until at least N people answered" in home
    assert re.search(r'<input[^>]*id="min_group"[^>]*value="3"', home)
    for bad, message in (("0", "from 1 to 1000"), ("1001", "from 1 to 1000"), ("two", "Not a valid integer")):
        response = client.post(
            "/sessions",
            data={
                "worksheet": "independence-interdependence",
                "min_group": bad,
                "csrf_token": client_csrf(client, "/"),
            },
        )
        assert response.status_code == 400 and message in response.get_data(as_text=True), bad
    response = client.post(
        "/sessions",
        data={"worksheet": "independence-interdependence", "min_group": "5", "csrf_token": client_csrf(client, "/")},
    )
    assert response.status_code == 302
    with app.app_context():
        assert [s.min_group for s in db.session.query(WorkshopSession)] == [5]


def test_start_form_sets_the_default_sharing_level(app, client):
    from server.domain.sessions import worksheet_of
    from server.extensions import db
    from server.store.models import WorkshopSession

    token = make_facilitator(app)
    # A worksheet of the facilitator's own with one level fixed: the override leaves it alone.
    source = {
        "title": "Levels",
        "steps": [
            {
                "title": "Inward",
                "questions": [
                    {"prompt": "Where do I lean too much?"},
                    {"prompt": "How do I feel?", "kind": "scale"},
                    {"prompt": "Tell the facilitator", "share": "facilitator", "share_fixed": True},
                ],
            }
        ],
    }
    created = client.post("/api/v1/worksheets", json=source, headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201, created.get_data(as_text=True)
    slug = created.get_json()["slug"]
    client_log_in(client)
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'<select[^>]*id="share"', home) and "Answers are shared by default with" in home
    assert re.search(r'<option selected value="">As the worksheet says</option>', home)  # the default
    for level in ("", "private", "group"):
        data = {"worksheet": slug, "share": level, "csrf_token": client_csrf(client, "/")}
        assert client.post("/sessions", data=data).status_code == 302
    bad = {"worksheet": slug, "share": "everyone", "csrf_token": client_csrf(client, "/")}
    assert client.post("/sessions", data=bad).status_code == 400  # not one of the choices
    with app.app_context():
        rows = db.session.query(WorkshopSession).order_by(WorkshopSession.id).all()
        shares = [[(q.payload()["share"], q.payload()["share_fixed"]) for q in worksheet_of(s).questions] for s in rows]
    fixed = ("facilitator", True)
    assert shares == [
        [("group", False), ("group", False), fixed],  # as the worksheet says
        [("private", False), ("private", False), fixed],  # "Only the participant"
        [("group", False), ("group", False), fixed],
    ]


def test_pages_need_the_owner(app, client):
    make_facilitator(app)
    make_facilitator(app, "other@example.com")
    client_log_in(client)
    location = client.post(
        "/sessions", data={"worksheet": "independence-interdependence", "csrf_token": client_csrf(client, "/")}
    ).headers["Location"]
    client.post("/logout", data={"csrf_token": client_csrf(client, "/")})
    assert client.get(location).status_code == 302  # to the login page
    client_log_in(client, "other@example.com")
    for suffix in ("", "/projector", "/report", "/qr.svg"):
        page = client.get(location + suffix)
        assert page.status_code == 404 and b"No session with id" in page.data, suffix


def test_join_by_code(app, client):
    token = make_facilitator(app)
    created = client.post(
        "/api/v1/sessions",
        json={"worksheet": "independence-interdependence"},
        headers={"Authorization": f"Bearer {token}"},
    ).get_json()
    response = client.post("/join", data={"code": created["code"].lower(), "csrf_token": client_csrf(client, "/join")})
    assert response.status_code == 302 and response.headers["Location"] == f"/j/{created['code']}"
    wrong = client.post("/join", data={"code": "ZZZZZZ", "csrf_token": client_csrf(client, "/join")})
    assert wrong.status_code == 400 and b"No session has the code ZZZZZZ" in wrong.data


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/join").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
