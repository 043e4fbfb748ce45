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
        """Create a facilitator through the CLI and return a fresh API token for it."""
        added = run_cli(["facilitator", "add", email, "--password-stdin"], self.env, PASSWORD + "\n")
        assert added.returncode == 0, added.stderr
        created = run_cli(["token", "create", email], self.env)
        assert created.returncode == 0, created.stderr
        return created.stdout.strip().splitlines()[-1]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self, kill: bool = False) -> None:
        self.process.kill() if kill else self.process.terminate()
        self.process.wait(10)


def start_process(args: list[str], env: dict, ready: str, program: str = FULCRUM) -> tuple[subprocess.Popen, list[str]]:
    """Run `fulcrum ARGS` (or another program) until it prints `ready`; its output keeps being collected."""
    process = subprocess.Popen([program, *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
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
