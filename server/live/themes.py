"""Live themes: recompute a question's themes at most about once a second and push them
to the room (rooms.send_themes); a scale's or choice's counts go the same way, coalesced
alike, as its chart (rooms.send_chart).

Three parts with three names:
- `EngineProcess`: this process's handle on a child process (`python -m
  server.themes.worker`) that holds the embedding model and runs the engine, so the event
  loop never waits on numpy;
- `ThemeScheduler`: coalesces requests per question and runs them through the engine;
- `RedisThemeQueue`: in scale-out mode, web processes only queue requests and the
  `fulcrum themes` process serves them with its own scheduler.

Everything here runs in greenlets; the realtime loop only marks a question dirty.
"""

import json
import logging
import sys
import time

import gevent
import redis
from gevent import subprocess
from gevent.lock import Semaphore

from ..domain.answers import question_answers
from ..domain.sessions import get_session, worksheet_of
from ..domain.theme_state import MIN_THEME_ANSWERS, Group, answer_stamp, apply_groups, live_stale_questions, record_run
from ..extensions import db
from .rooms import send_chart, send_themes

log = logging.getLogger(__name__)
INTERVAL = 1.0  # seconds between two computations of one question
TIMEOUT = 60.0  # a computation that takes longer is abandoned and the engine process restarted
START_TIMEOUT = 300.0  # loading the model on a busy 2-core machine can take a minute or more
RETRIES = (2.0, 10.0, 30.0)  # seconds before each new attempt at a computation that failed


class EngineProcess:
    """One child process (`python -m server.themes.worker`), started on first use."""

    def __init__(self):
        self._process = None
        self._lock = Semaphore()
        self.representation = None

    def start(self) -> None:
        """Start the child now (it loads the model) rather than on the first request."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self):
        if self._process is not None and self._process.poll() is None:
            return
        try:
            with gevent.Timeout(START_TIMEOUT):  # its own allowance: a slow start is not a hung computation
                self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self):
        self._process = subprocess.Popen(
            [sys.executable, "-m", "server.themes.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        ready = json.loads(self._process.stdout.readline() or "{}")
        if "ready" not in ready:
            self.stop()
            raise RuntimeError("the theme engine process did not start")
        self.representation = ready["ready"]
        log.info("theme engine process ready (%s)", self.representation)

    def compute(self, texts: list[str], question: str) -> list[dict]:
        with self._lock:
            self._ensure_started()
            try:
                with gevent.Timeout(TIMEOUT):
                    process = self._process
                    assert process is not None and process.stdin and process.stdout  # started with pipes
                    process.stdin.write(json.dumps({"texts": texts, "question": question}) + "\n")
                    process.stdin.flush()
                    reply = json.loads(process.stdout.readline() or '{"error": "engine process exited"}')
            except BaseException:
                self.stop()
                raise
        if "error" in reply:
            raise RuntimeError(reply["error"])
        themes: list[dict] = reply["themes"]
        return themes

    def stop(self):
        if self._process is not None:
            self._process.kill()
            self._process = None


class ThemeScheduler:
    def __init__(self, app, engine: EngineProcess):
        self.app, self.engine = app, engine
        self._dirty: set[tuple[int, str]] = set()
        self._running: dict[tuple[int, str], gevent.Greenlet] = {}
        self._last: dict[tuple[int, str], float] = {}

    def request(self, session_id: int, question_id: str) -> None:
        """Answers changed: recompute soon (now, if the last run was over a second ago)."""
        key = (session_id, question_id)
        self._dirty.add(key)
        if key not in self._running:
            self._running[key] = gevent.spawn(self._loop, key)

    def _loop(self, key):
        failures = 0
        try:
            while key in self._dirty:
                wait = self._last.get(key, 0.0) + INTERVAL - time.monotonic()
                if wait > 0:
                    gevent.sleep(wait)
                self._dirty.discard(key)
                self._last[key] = time.monotonic()
                try:
                    self._compute(*key)
                    failures = 0
                except (Exception, gevent.Timeout):
                    log.exception("themes for session %s question %s failed", *key)
                    if failures < len(RETRIES):  # a room must not wait for its next answer to get themes
                        gevent.sleep(RETRIES[failures])
                        failures += 1
                        self._dirty.add(key)
        finally:
            self._running.pop(key, None)

    def _compute(self, session_id: int, question_id: str) -> None:
        with self.app.app_context():
            session = get_session(db.session(), session_id)
            stamp = answer_stamp(db.session(), session_id, question_id)  # first: see answer_stamp
            question = worksheet_of(session).question(question_id)
            if question is not None and question.kind != "text":  # a scale or choice: counts, not themes
                record_run(db.session(), session_id, question_id, stamp)
                db.session.commit()
                send_chart(_revealed_now(session), question_id)
                return
            answers = question_answers(db.session(), session_id, question_id)
            prompt = worksheet_of(session).prompt(question_id)
            groups = []
            if len(answers) >= MIN_THEME_ANSWERS:  # db work is done; the session is free meanwhile
                db.session.commit()
                ids = [a_id for a_id, _ in answers]
                found = self.engine.compute([text for _, text in answers], prompt)
                groups = [
                    Group(
                        [ids[i] for i in t["members"]],
                        t["label"],
                        t["keywords"],
                        [ids[i] for i in t["examples"]],
                        {ids[i]: fit for i, fit in zip(t["members"], t.get("fits", []), strict=False)},
                    )
                    for t in found
                ]
            apply_groups(db.session(), session_id, question_id, groups)
            record_run(db.session(), session_id, question_id, stamp)  # in the themes' commit
            db.session.commit()
            send_themes(_revealed_now(session), question_id, dict(answers))

    def request_stale(self) -> int:
        """Recompute every live session's questions whose themes lag their answers (killed
        mid-recompute, a request lost with its process): run once when a process that
        computes themes starts. Returns how many were requested."""
        try:
            with self.app.app_context():
                stale = live_stale_questions(db.session())
                db.session.rollback()
        except Exception:
            log.exception("looking for stale themes failed")
            return 0
        for session_id, question_id in stale:
            self.request(session_id, question_id)
        if stale:
            log.info(
                "recomputing the themes of %s questions in %s live sessions", len(stale), len({s for s, _ in stale})
            )
        return len(stale)


def _revealed_now(session):
    """The session as it is now, for whom to tell: the facilitator may have revealed the
    question while it was computed (read after the commit, so either this push reaches the
    projector or the reveal reads these themes)."""
    db.session.refresh(session, ["revealed_question", "reveal_quotes"])
    return session


class RedisThemeQueue:
    """Scale-out: web processes queue theme requests; `fulcrum themes` computes them."""

    KEY = "fulcrum:theme-requests"

    def __init__(self, client):
        self.redis = client

    def request(self, session_id: int, question_id: str) -> None:
        self.redis.rpush(self.KEY, f"{session_id}:{question_id}")

    def serve(self, scheduler: ThemeScheduler) -> None:
        """Feed queued requests to the scheduler, which coalesces them per question."""
        while True:
            try:
                item = self.redis.blpop(self.KEY, timeout=2)  # under the client's socket timeout
            except redis.RedisError:
                log.warning("theme queue: Redis unavailable; retrying")
                gevent.sleep(1)
                continue
            if item:
                session_id, question_id = item[1].decode().split(":", 1)
                scheduler.request(int(session_id), question_id)
