"""Real `fulcrum` processes for tests and benchmarks: the CLI, and a server on an ephemeral port."""

import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

FULCRUM = str(Path(sys.executable).with_name("fulcrum"))
PASSWORD = "correct horse battery"


def run_cli(args, env, stdin=None):
    return subprocess.run([FULCRUM, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


@dataclass
class LiveServer:
    url: str
    env: dict
    process: subprocess.Popen
    output: list

    def token_for(self, email: str) -> str:
        """Create a facilitator and a fresh API token for it, through the domain
        (server.domain.accounts) in this process, on the server's own database (the CLI
        commands that do the same are tested in tests/test_cli.py)."""
        return add_facilitator(self.env["DATABASE_URL"], email)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self, kill: bool = False) -> None:
        self.process.kill() if kill else self.process.terminate()
        self.process.wait(10)


def add_facilitator(database_url: str, email: str, password: str = PASSWORD) -> str:
    """A facilitator with this password and a new API token for it, written straight to a
    database (SQLite file or PostgreSQL) that a `fulcrum` process serves; returns the token."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from server.config import normalise_db_url
    from server.domain import accounts

    url = normalise_db_url(database_url)
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    try:
        with Session(engine) as db:
            facilitator = accounts.add_facilitator(db, email, password)
            token = accounts.create_api_token(db, facilitator)
            db.commit()
    finally:
        engine.dispose()  # hold no connection to the server's database afterwards
    return token


def start_process(args: list[str], env: dict, ready: str, program: str = FULCRUM) -> tuple[subprocess.Popen, list[str]]:
    """Run `fulcrum ARGS` (or another program) until it prints `ready`; its output keeps being collected."""
    process = subprocess.Popen(
        [program, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    output: list[str] = []
    started = threading.Event()

    def pump():  # keep reading so the process never blocks on a full pipe
        for line in process.stdout:
            output.append(line)
            if ready in line:
                started.set()

    threading.Thread(target=pump, daemon=True).start()
    if not started.wait(90):
        process.kill()
        raise RuntimeError(f"{program} {' '.join(args)} did not start:\n" + "".join(output))
    return process, output


def start_server(env: dict, port: int = 0) -> LiveServer:
    process, output = start_process(["serve", "--port", str(port)], env, "running at")
    url = re.search(r"running at (http://\S+)", "".join(output)).group(1)
    return LiveServer(url, env, process, output)
