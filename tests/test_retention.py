"""`fulcrum purge`: the retention period, run as a real process on its own SQLite database."""

import os
import shutil
import sqlite3
from datetime import datetime, timedelta

import pytest

from support import SEED, run_cli

pytestmark = pytest.mark.live  # `fulcrum purge` and `fulcrum db upgrade` as real processes


@pytest.fixture
def env(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/purge.sqlite3"}
    env.pop("FULCRUM_RETENTION_DAYS", None)
    return env


@pytest.fixture
def sessions(env, tmp_path, migrated_sqlite):
    """Sessions of several ages, each with a participant, an answer and a share link."""
    from server.app import create_app
    from server.domain import accounts
    from server.domain import sessions as domain
    from server.domain.shares import create_share
    from server.extensions import db

    from support import submit_answer

    shutil.copyfile(migrated_sqlite, tmp_path / "purge.sqlite3")  # migrated (test_cli runs `db upgrade`)
    app = create_app(instance_path=str(tmp_path), SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"])
    now = datetime.utcnow()
    ages = {  # name: (created days ago, ended days ago or None)
        "ended long ago": (40, 39),
        "started long ago, ended lately": (40, 5),
        "new": (1, None),
        "live and old": (45, None),
        "live and recent": (2, None),
        "ended lately": (10, 9),
    }
    ids = {}
    with app.app_context():
        facilitator = accounts.add_facilitator(db.session, "purge@example.com", "long enough pw")
        for name, (created, ended) in ages.items():
            session = domain.start_session(db.session, facilitator, app.extensions["worksheets"][SEED], name)
            _, participant, _ = domain.join(db.session, session.code, None)
            submit_answer(db.session, session, participant.id, "s1q1", "an answer", "c1")
            create_share(db.session, session, 30)
            session.created_at = now - timedelta(days=created)
            if ended is not None:
                session.status, session.ended_at = "ended", now - timedelta(days=ended)
            ids[name] = session.id
        db.session.commit()
    return ids


def titles(tmp_path):
    with sqlite3.connect(tmp_path / "purge.sqlite3") as conn:
        return {title for (title,) in conn.execute("SELECT title FROM sessions")}


def rows(tmp_path, table):
    with sqlite3.connect(tmp_path / "purge.sqlite3") as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_purge_deletes_sessions_older_than_the_period(env, sessions, tmp_path):
    dry = run_cli(["purge", "--dry-run"], {**env, "FULCRUM_RETENTION_DAYS": "30"})
    assert dry.returncode == 0, dry.stderr
    assert "Dry run: 2 sessions older than 30 days would be deleted." in dry.stdout
    assert len(titles(tmp_path)) == 6

    done = run_cli(["purge"], {**env, "FULCRUM_RETENTION_DAYS": "30"})
    assert done.returncode == 0, done.stderr
    assert "Deleted 2 sessions older than 30 days." in done.stdout
    assert titles(tmp_path) == {"started long ago, ended lately", "new", "live and recent", "ended lately"}
    for table in ("participants", "answers", "share_links"):
        assert rows(tmp_path, table) == 4, table

    # --days overrides the environment.
    shorter = run_cli(["purge", "--days", "7"], {**env, "FULCRUM_RETENTION_DAYS": "30"})
    assert "Deleted 1 session older than 7 days." in shorter.stdout
    assert titles(tmp_path) == {"started long ago, ended lately", "new", "live and recent"}
    again = run_cli(["purge", "--days", "7"], env)
    assert again.returncode == 0 and "Deleted 0 sessions" in again.stdout


def test_without_a_period_purge_refuses(env, sessions, tmp_path):
    result = run_cli(["purge"], env)
    assert result.returncode == 2
    assert "No retention period set" in result.stderr and "FULCRUM_RETENTION_DAYS" in result.stderr
    assert len(titles(tmp_path)) == 6


@pytest.mark.parametrize("args, variable", [(["--days", "0"], None), (["--days", "x"], None), ([], "soon"), ([], "-3")])
def test_bad_periods_are_refused_clearly(env, args, variable):
    if variable:
        env = {**env, "FULCRUM_RETENTION_DAYS": variable}
    result = run_cli(["purge", *args], env)
    assert result.returncode != 0
    assert (
        ("--days" in result.stderr)
        if args
        else ("FULCRUM_RETENTION_DAYS: The retention period in days must be a whole number" in result.stderr)
    )
