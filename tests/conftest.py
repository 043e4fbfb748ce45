"""Shared fixtures: an in-process app for fast tests, and a real `fulcrum serve` process on
an ephemeral port for live tests. Helpers are in support.py.

Markers (pyproject.toml): `live` for every test that starts a real `fulcrum` server process,
`browser` for Playwright, `deploy` for the deployment files (and nginx); `make test-fast`
runs the rest. Test modules that start servers mark themselves; a test that uses a fixture
below which starts one is marked here too."""

import shutil
import sqlite3

import pytest

from support import CHROMIUM, ROOT, app_for, require, server_env, service_url, sqlite_url, start_server

OUTPUT = ROOT / "test-output"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items):
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """One SQLite file brought up to date by the migrations, once per test run; each test
    gets a copy (running Alembic for every test cost most of the in-process tests' time)."""
    from server.app import upgrade_database
    from server.extensions import db

    folder = tmp_path_factory.mktemp("migrated")
    path = folder / "template.sqlite3"
    app = app_for(folder, f"sqlite:///{path}")
    upgrade_database(app)
    with app.app_context():
        db.engine.dispose()
    with sqlite3.connect(path) as conn:  # everything in the main file, nothing left in a WAL
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def sqlite_database(tmp_path, migrated_sqlite):
    """A fresh, migrated SQLite database file for one test: its URL."""
    path = tmp_path / "t.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(tmp_path, sqlite_database):
    return app_for(tmp_path, sqlite_database)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One `fulcrum serve` per test module (TF-IDF themes; see support.server_env)."""
    server = start_server(server_env(sqlite_url(tmp_path_factory.mktemp("live"))))
    yield server
    server.stop()


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
def redis_url(worker_id):
    """Redis for one test, emptied first: a database of its own per pytest-xdist worker
    (gw0 → 1, gw1 → 2, …; 0 without xdist), so parallel workers never flush each other's."""
    import redis

    url = service_url("FULCRUM_TEST_REDIS", "Redis")
    index = int(worker_id[2:]) + 1 if worker_id.startswith("gw") else 0
    url = url.rsplit("/", 1)[0] + f"/{index}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (never a downloaded browser). Missing locally → skip;
    in CI (.ci/run sets FULCRUM_REQUIRE_BROWSER=1) → fail."""
    import os

    require(
        os.path.exists(CHROMIUM), f"{CHROMIUM} is not installed (apt-get install chromium)", "FULCRUM_REQUIRE_BROWSER"
    )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
