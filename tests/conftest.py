"""Shared fixtures: an in-process app for fast tests, and a real `fulcrum serve`
process on an ephemeral port for live tests."""
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FULCRUM = str(Path(sys.executable).with_name("fulcrum"))
PASSWORD = "correct horse battery"


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


def run_cli(args, env, stdin=None):
    return subprocess.run([FULCRUM, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


@dataclass
class LiveServer:
    url: str
    env: dict
    process: subprocess.Popen
    output: list

    def token_for(self, email: str) -> str:
        """Create a facilitator through the CLI and return a fresh API token for it."""
        added = run_cli(["facilitator", "add", email, "--password-stdin"], self.env, PASSWORD + "\n")
        assert added.returncode == 0, added.stderr
        created = run_cli(["token", "create", email], self.env)
        assert created.returncode == 0, created.stderr
        return created.stdout.strip().splitlines()[-1]


def start_server(env: dict) -> LiveServer:
    process = subprocess.Popen([FULCRUM, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
    output: list[str] = []
    ready = threading.Event()

    def pump():  # keep reading so the server never blocks on a full pipe
        for line in process.stdout:
            output.append(line)
            if "running at" in line:
                ready.set()
    threading.Thread(target=pump, daemon=True).start()
    if not ready.wait(60):
        process.kill()
        raise RuntimeError("server did not start:\n" + "".join(output))
    url = re.search(r"running at (http://\S+)", "".join(output)).group(1)
    return LiveServer(url, env, process, output)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/live.sqlite3", "PUBLIC_URL": ""}
    server = start_server(env)
    yield server
    server.process.terminate()
    server.process.wait(10)
