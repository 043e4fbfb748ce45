"""Shared fixtures: an in-process app for fast tests, and a real `fulcrum serve`
process on an ephemeral port for live tests."""
import os
from pathlib import Path

import pytest

from servers import PASSWORD, start_server

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(tmp_path):
    from server.app import create_app, upgrade_database
    app = create_app(instance_path=str(tmp_path), SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/t.sqlite3",
                     TESTING=True, WTF_CSRF_ENABLED=False, PUBLIC_URL="http://fulcrum.test")
    upgrade_database(app)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def make_facilitator(app, email="host@example.com"):
    """A facilitator and an API token for it."""
    from server.domain import accounts
    from server.extensions import db
    with app.app_context():
        facilitator = accounts.add_facilitator(db.session, email, PASSWORD)
        token = accounts.create_api_token(db.session, facilitator)
        db.session.commit()
    return token


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/live.sqlite3", "PUBLIC_URL": ""}
    server = start_server(env)
    yield server
    server.stop()


def service_url(variable: str, what: str) -> str:
    """The URL of a service .ci/run started. Missing locally → skip; in CI → fail."""
    url = os.environ.get(variable)
    if not url:
        message = f"{what} is not running (set {variable}; .ci/run starts it)"
        if os.environ.get("FULCRUM_REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="module")
def postgres_url():
    """A new, empty PostgreSQL database for one test (or module)."""
    import uuid

    import psycopg
    admin = service_url("FULCRUM_TEST_POSTGRES", "PostgreSQL")
    name = f"fulcrum_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def redis_url():
    """Redis for one test, emptied first."""
    import redis
    url = service_url("FULCRUM_TEST_REDIS", "Redis")
    redis.Redis.from_url(url).flushdb()
    return url


CHROMIUM = "/usr/bin/chromium"
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (never a downloaded browser). Missing locally → skip;
    in CI (.ci/run sets FULCRUM_REQUIRE_BROWSER=1) → fail."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("FULCRUM_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def log_in(page, url: str, email: str) -> None:
    """Log a facilitator in through the login form (browser tests)."""
    page.goto(f"{url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")
