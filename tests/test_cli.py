"""The `fulcrum` command line, run as a real process against its own database."""

import os
import shutil

import pytest

from server.domain.worksheets import load_worksheet

from support import FULCRUM, ROOT, require_file, run_cli

pytestmark = pytest.mark.live  # real `fulcrum` processes


@pytest.fixture
def env(tmp_path, migrated_sqlite):
    """Its own database, already migrated (a copy: each command's own migration check still
    runs; test_db_upgrade_on_a_new_database starts from nothing)."""
    shutil.copyfile(migrated_sqlite, tmp_path / "cli.sqlite3")
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


def test_password_change_and_token_list_and_revoke(env, tmp_path):
    import sqlite3

    run_cli(["facilitator", "add", "ada@example.com", "--password-stdin"], env, "long enough pw\n")
    database = tmp_path / "cli.sqlite3"
    epoch = "SELECT login_epoch, password_hash FROM facilitators WHERE email = 'ada@example.com'"
    before = sqlite3.connect(database).execute(epoch).fetchone()
    changed = run_cli(["facilitator", "password", "Ada@Example.com", "--password-stdin"], env, "another long pw\n")
    assert changed.returncode == 0, changed.stderr
    assert "Password changed for ada@example.com; every login of the account has ended." in changed.stdout
    after = sqlite3.connect(database).execute(epoch).fetchone()
    assert after[0] == before[0] + 1 and after[1] != before[1]
    short = run_cli(["facilitator", "password", "ada@example.com", "--password-stdin"], env, "short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    nobody = run_cli(["facilitator", "password", "nobody@example.com", "--password-stdin"], env, "long enough pw\n")
    assert nobody.returncode == 1 and "No facilitator with the email nobody@example.com" in nobody.stderr
    assert sqlite3.connect(database).execute(epoch).fetchone() == after  # refusals change nothing

    empty = run_cli(["token", "list", "ada@example.com"], env)
    assert empty.returncode == 0 and empty.stdout.strip() == "No API tokens for ada@example.com."
    value = run_cli(["token", "create", "ada@example.com"], env).stdout.strip().splitlines()[-1]
    listed = run_cli(["token", "list", "ada@example.com"], env).stdout.strip()
    assert listed.startswith(f"1  {value[:6]}…  created ") and value not in listed
    assert run_cli(["token", "list", "nobody@example.com"], env).returncode == 1
    assert run_cli(["token", "revoke", "abc"], env).returncode == 2  # click: not a number
    unknown = run_cli(["token", "revoke", "99"], env)
    assert unknown.returncode == 1 and "No API token with the id 99." in unknown.stderr
    revoked = run_cli(["token", "revoke", "1"], env)
    assert revoked.returncode == 0 and "API token 1 of ada@example.com revoked." in revoked.stdout
    assert run_cli(["token", "list", "ada@example.com"], env).stdout.strip() == "No API tokens for ada@example.com."


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"FULCRUM_ENV": "production", "SECRET_KEY": " " * 32}, "SECRET_KEY uses only 1 different character"),
        ({"FULCRUM_ENV": "production", "SECRET_KEY": "password" * 8}, "too weak for production"),
        ({"FULCRUM_ENV": "Production", "SECRET_KEY": "x"}, "FULCRUM_ENV must be development or production"),
    ],
)
def test_serve_refuses_a_weak_production_key_or_an_unknown_env(env, settings, message):
    import subprocess

    try:
        result = subprocess.run(
            [FULCRUM, "serve", "--port", "0"], env={**env, **settings}, capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired as started:
        pytest.fail(f"`fulcrum serve` started with {settings}: {started.stdout}")
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and "running at" not in result.stdout
    assert "Traceback" not in result.stderr  # a clear message, not a crash
    if "SECRET_KEY" in message:
        assert "secrets.token_urlsafe(48)" in result.stderr


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


def test_worksheet_import_writes_yaml_that_validates(tmp_path, env):
    seed_text = require_file(ROOT.parent / "shared" / "worksheets" / "independence-interdependence.txt", "seed text")
    result = run_cli(["worksheet", "import", str(seed_text)], env)
    assert result.returncode == 0 and result.stderr == ""  # no warnings
    written = tmp_path / "imported-seed.yaml"
    written.write_text(result.stdout)
    seed = load_worksheet(ROOT / "facilitator" / "independence-interdependence.yaml")
    assert load_worksheet(written).steps == seed.steps and load_worksheet(written).title == seed.title
    stray = tmp_path / "notes.md"
    stray.write_text("# Retro\n\nSome words before any step.\n\n## Went well\n\n- What went well?\n")
    warned = run_cli(["worksheet", "import", str(stray)], env)
    assert warned.returncode == 0 and warned.stderr.startswith("warning: line 3: ")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    refused = run_cli(["worksheet", "import", str(empty)], env)
    assert refused.returncode == 1 and refused.stderr.startswith("Cannot import: ") and refused.stdout == ""


def test_db_upgrade_on_a_new_database(env, tmp_path):
    (tmp_path / "cli.sqlite3").unlink()
    result = run_cli(["db", "upgrade"], env)
    assert result.returncode == 0 and "up to date" in result.stdout
    assert (tmp_path / "cli.sqlite3").exists()
