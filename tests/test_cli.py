"""The `fulcrum` command line, run as a real process against its own database."""
import os

import pytest

from conftest import ROOT
from servers import run_cli


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3"}


def test_facilitator_and_token(env):
    added = run_cli(["facilitator", "add", "Ada@Example.com", "--password-stdin"], env, "long enough pw\n")
    assert added.returncode == 0, added.stderr
    assert "ada@example.com added" in added.stdout
    again = run_cli(["facilitator", "add", "ada@example.com", "--password-stdin"], env, "long enough pw\n")
    assert again.returncode != 0 and "already exists" in again.stderr
    short = run_cli(["facilitator", "add", "b@example.com", "--password-stdin"], env, "short\n")
    assert short.returncode != 0 and "at least 8" in short.stderr

    first = run_cli(["token", "create", "ada@example.com"], env)
    second = run_cli(["token", "create", "ada@example.com"], env)
    tokens = [r.stdout.strip().splitlines()[-1] for r in (first, second)]
    assert all(len(t) >= 40 for t in tokens) and tokens[0] != tokens[1]
    missing = run_cli(["token", "create", "nobody@example.com"], env)
    assert missing.returncode != 0 and "No facilitator" in missing.stderr


def test_tokens_are_stored_only_as_hashes(env, tmp_path):
    import sqlite3
    run_cli(["facilitator", "add", "ada@example.com", "--password-stdin"], env, "long enough pw\n")
    token = run_cli(["token", "create", "ada@example.com"], env).stdout.strip().splitlines()[-1]
    dump = "\n".join(sqlite3.connect(tmp_path / "cli.sqlite3").iterdump())
    assert token not in dump and "long enough pw" not in dump


def test_worksheet_validate(tmp_path, env):
    good = run_cli(["worksheet", "validate", str(ROOT / "facilitator" / "independence-interdependence.yaml")], env)
    assert good.returncode == 0
    assert good.stdout.strip() == "OK: The Balance Between Independence and Interdependence (9 steps, 21 questions)"
    bad = tmp_path / "broken-sheet.yaml"
    bad.write_text("title: Broken\nsteps:\n  - title: One\n    questions:\n      - promt: typo\n")
    result = run_cli(["worksheet", "validate", str(bad)], env)
    assert result.returncode == 1
    assert "broken-sheet.yaml" in result.stderr and "promt" in result.stderr


def test_db_upgrade_on_a_new_database(env, tmp_path):
    result = run_cli(["db", "upgrade"], env)
    assert result.returncode == 0 and "up to date" in result.stdout
    assert (tmp_path / "cli.sqlite3").exists()
