"""Logins end when they should: logout and a password change end every login of the
facilitator (a copied cookie included), and a revoked API token stops working. Against a
real `fulcrum serve` (CSRF on), with the CLI acting on the same database, and the
in-process app for the remember cookie."""

import re
from datetime import UTC, datetime

import pytest
import requests
import socketio

from support import PASSWORD, client_csrf, csrf_token, log_in, make_facilitator, new_session, run_cli

NEW_PASSWORD = "a brand new passphrase"


def log_out(server, browser: requests.Session) -> None:
    response = browser.post(
        f"{server.url}/logout",
        allow_redirects=False,
        timeout=10,
        data={"csrf_token": csrf_token(browser, f"{server.url}/")},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/login"


class CopiedCookie:
    """Another client that sends only a copy of a browser's session cookie, as it was
    (it keeps no cookie the server sends back)."""

    def __init__(self, browser: requests.Session):
        self.value = browser.cookies["session"]

    def get(self, url, **kwargs):
        headers = {**kwargs.pop("headers", {}), "Cookie": f"session={self.value}"}
        return requests.get(url, headers=headers, **kwargs)


def opens_home(server, browser) -> bool:
    home = browser.get(f"{server.url}/", allow_redirects=False, timeout=10)
    if home.status_code == 200:
        assert 'class="logout-form"' in home.text  # the facilitator's home, not some other page
        return True
    assert home.status_code == 302 and home.headers["Location"] == "/join"  # what anyone anonymous gets
    return False


def opens_dashboard(server, browser, session_id: int) -> bool:
    page = browser.get(f"{server.url}/sessions/{session_id}", allow_redirects=False, timeout=10)
    if page.status_code == 200:
        return True
    assert page.status_code == 302 and page.headers["Location"].startswith("/login"), page.status_code
    return False


def api_status(server, browser=None, token: str = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return (browser or requests).get(f"{server.url}/api/v1/sessions", headers=headers, timeout=10).status_code


def socket_can_host(server, session_id: int, cookie: str = None, token: str = None) -> bool:
    """Connect a new socket (with the login cookie or an API token) and try to host."""
    client = socketio.Client(reconnection=False)
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    client.connect(
        server.url, transports=["websocket"], headers=headers, auth={"token": token} if token else None, wait_timeout=10
    )
    try:
        ack = client.call("host", {"session_id": session_id}, timeout=10)
    finally:
        client.disconnect()
    if not ack["ok"]:
        assert ack["error"]["code"] in ("forbidden", "not_found"), ack  # a refusal, not some other fault
    return ack["ok"]


def test_logout_ends_every_login_of_the_facilitator(live_server):
    token = live_server.token_for("logout@example.com")
    session_id = new_session(live_server, token)["id"]
    laptop = log_in(live_server, "logout@example.com")
    tablet = log_in(live_server, "logout@example.com")  # a second device, logged in on its own
    stolen = CopiedCookie(laptop)
    # Positive controls: before logout the copy opens everything the laptop does.
    assert opens_home(live_server, stolen) and opens_dashboard(live_server, stolen, session_id)
    assert api_status(live_server, stolen) == 200
    assert socket_can_host(live_server, session_id, cookie=stolen.value)
    assert opens_home(live_server, tablet)

    log_out(live_server, laptop)

    assert not opens_home(live_server, laptop)
    assert not opens_home(live_server, stolen)  # the copied cookie is worthless now
    assert not opens_dashboard(live_server, stolen, session_id)
    assert api_status(live_server, stolen) == 401
    assert not socket_can_host(live_server, session_id, cookie=stolen.value)
    assert not opens_home(live_server, tablet)  # every device
    assert api_status(live_server, tablet) == 401
    # Logout ends logins, not API tokens; and logging in again works.
    assert api_status(live_server, token=token) == 200 and socket_can_host(live_server, session_id, token=token)
    again = log_in(live_server, "logout@example.com")
    assert opens_home(live_server, again) and api_status(live_server, again) == 200


def test_a_password_change_ends_every_login(live_server):
    token = live_server.token_for("password@example.com")
    session_id = new_session(live_server, token)["id"]
    laptop = log_in(live_server, "password@example.com")
    stolen = CopiedCookie(laptop)
    assert opens_home(live_server, stolen) and api_status(live_server, stolen) == 200  # positive control
    assert socket_can_host(live_server, session_id, cookie=stolen.value)

    changed = run_cli(
        ["facilitator", "password", "password@example.com", "--password-stdin"], live_server.env, NEW_PASSWORD + "\n"
    )
    assert changed.returncode == 0, changed.stderr
    assert "every login" in changed.stdout

    for browser in (laptop, stolen):
        assert not opens_home(live_server, browser)
        assert not opens_dashboard(live_server, browser, session_id)
        assert api_status(live_server, browser) == 401
    assert not socket_can_host(live_server, session_id, cookie=stolen.value)
    # The old password no longer logs in; the new one does.
    browser = requests.Session()
    refused = browser.post(
        f"{live_server.url}/login",
        allow_redirects=False,
        timeout=10,
        data={
            "email": "password@example.com",
            "password": PASSWORD,
            "csrf_token": csrf_token(browser, f"{live_server.url}/login"),
        },
    )
    assert refused.status_code == 200 and "do not match" in refused.text
    assert opens_home(live_server, log_in(live_server, "password@example.com", NEW_PASSWORD))


def test_a_revoked_token_stops_working_and_the_others_do_not(live_server):
    first = live_server.token_for("tokens@example.com")
    created = run_cli(["token", "create", "tokens@example.com"], live_server.env)
    assert created.returncode == 0, created.stderr
    second = created.stdout.strip().splitlines()[-1]
    session_id = new_session(live_server, second)["id"]

    listed = run_cli(["token", "list", "tokens@example.com"], live_server.env)
    assert listed.returncode == 0, listed.stderr
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 2
    ids = {}
    for line, value in zip(lines, (first, second)):
        match = re.fullmatch(r"(\d+)  (\S{6})…  created (\d{4}-\d\d-\d\d)", line)
        assert match, line
        assert match.group(2) == value[:6] and match.group(3) == today
        assert value not in listed.stdout
        ids[value] = int(match.group(1))
    # Positive controls: both work before the revocation.
    for value in (first, second):
        assert api_status(live_server, token=value) == 200 and socket_can_host(live_server, session_id, token=value)

    revoked = run_cli(["token", "revoke", str(ids[first])], live_server.env)
    assert revoked.returncode == 0, revoked.stderr
    assert f"API token {ids[first]} of tokens@example.com revoked" in revoked.stdout

    assert api_status(live_server, token=first) == 401
    assert not socket_can_host(live_server, session_id, token=first)
    assert api_status(live_server, token=second) == 200
    assert socket_can_host(live_server, session_id, token=second)
    remaining = run_cli(["token", "list", "tokens@example.com"], live_server.env).stdout.strip().splitlines()
    assert len(remaining) == 1 and remaining[0].startswith(f"{ids[second]}  {second[:6]}…")

    again = run_cli(["token", "revoke", str(ids[first])], live_server.env)
    assert again.returncode == 1 and f"No API token with the id {ids[first]}" in again.stderr
    assert "fulcrum token list" in again.stderr


# --- in process: the remember cookie --------------------------------------------------------


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_a_remember_cookie_cannot_bring_an_ended_login_back(app):
    """Fulcrum never sets Flask-Login's remember cookie, but if one existed (signed with
    SECRET_KEY) it would go through the same loader: an ended login stays ended."""
    from flask_login.utils import encode_cookie

    from server.domain import accounts
    from server.extensions import db

    make_facilitator(app)
    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, "host@example.com")
        facilitator_id, before = facilitator.id, facilitator.get_id()
        accounts.end_logins(db.session, facilitator)
        db.session.commit()
        after = facilitator.get_id()
    assert before == f"{facilitator_id}:0" and after == f"{facilitator_id}:1"

    def home_with_remember_cookie(login_id):
        with app.test_request_context():
            value = encode_cookie(login_id)
        client = app.test_client()
        client.set_cookie("remember_token", value)
        return client.get("/").status_code

    assert home_with_remember_cookie(after) == 200  # positive control: a current login id opens /
    assert home_with_remember_cookie(before) == 302  # the ended one does not
    assert home_with_remember_cookie(str(facilitator_id)) == 302  # nor an id from before epochs


def test_login_never_sets_a_remember_cookie(app, client):
    make_facilitator(app)
    csrf = client_csrf(client, "/login")
    response = client.post("/login", data={"email": "host@example.com", "password": PASSWORD, "csrf_token": csrf})
    assert response.status_code == 302 and client.get_cookie("session") is not None  # logged in
    assert client.get_cookie("remember_token") is None
    assert not any("remember_token" in c for c in response.headers.getlist("Set-Cookie"))


def test_an_open_dashboard_loses_its_powers_when_its_login_ends(live_server):
    """A socket that was hosting before logout (or before its token was revoked) can no
    longer drive the room; the same events worked a moment before (the control)."""
    token = live_server.token_for("open-socket@example.com")
    session_id = new_session(live_server, token)["id"]
    laptop = log_in(live_server, "open-socket@example.com")
    by_cookie, by_token = socketio.Client(reconnection=False), socketio.Client(reconnection=False)
    by_cookie.connect(
        live_server.url,
        transports=["websocket"],
        wait_timeout=10,
        headers={"Cookie": f"session={laptop.cookies['session']}"},
    )
    second = run_cli(["token", "create", "open-socket@example.com"], live_server.env).stdout.strip().splitlines()[-1]
    by_token.connect(live_server.url, transports=["websocket"], auth={"token": second}, wait_timeout=10)
    try:
        for client in (by_cookie, by_token):
            assert client.call("host", {"session_id": session_id}, timeout=10)["ok"]
            assert client.call("goto", {"index": 1}, timeout=10)["ok"]
        log_out(live_server, laptop)
        refused = by_cookie.call("goto", {"index": 2}, timeout=10)
        assert refused["error"]["code"] == "forbidden" and "ended" in refused["error"]["message"]
        assert by_token.call("goto", {"index": 2}, timeout=10)["ok"]  # a token is not a login
        listed = run_cli(["token", "list", "open-socket@example.com"], live_server.env).stdout.splitlines()
        second_id = next(line.split()[0] for line in listed if second[:6] in line)
        assert run_cli(["token", "revoke", second_id], live_server.env).returncode == 0
        assert by_token.call("goto", {"index": 3}, timeout=10)["error"]["code"] == "forbidden"
    finally:
        by_cookie.disconnect()
        by_token.disconnect()
