"""Group commit for answers: the `answer` handlers of many phones hand their answers to
one writer greenlet, which stores everything queued in one transaction, then pushes the
batch to the facilitator's screens as one `answers` event per session.

A quiet room pays no delay (a lone answer is written at once); a room answering together
costs a few dozen commits, pushes and theme requests instead of one per phone, and the
realtime loop never queues a step change behind a thousand small transactions.
"""

import logging
import time
from collections import defaultdict, deque

import gevent
from gevent.event import AsyncResult, Event
from sqlalchemy.exc import IntegrityError

from ..domain.answers import Submission, submit_answers
from ..extensions import db
from ..outages import describe, is_outage, rollback, unavailable
from .actions import answers_stored
from .rooms import send_answers

log = logging.getLogger(__name__)
MAX_BATCH = 250  # bounds one transaction, so the acks of the first answers are not held long
BUSY_RETRY = 3.0  # seconds a busy or locked database is tried again before phones hear `unavailable`


class AnswerWriter:
    def __init__(self, app):
        self.app = app
        self._queue: deque[tuple[Submission, AsyncResult]] = deque()
        self._wake = Event()
        self._greenlet = None

    def submit(self, submission: Submission) -> tuple[int, str]:
        """Store one answer (waiting for its batch to commit); returns its id and sharing
        level. Raises the DomainError that refused it."""
        result = AsyncResult()
        self._queue.append((submission, result))
        self._wake.set()
        if self._greenlet is None or self._greenlet.dead:
            self._greenlet = gevent.spawn(self._run)
        stored: tuple[int, str] = result.get()
        return stored

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            while self._queue:
                batch = [self._queue.popleft() for _ in range(min(MAX_BATCH, len(self._queue)))]
                try:
                    self._write(batch)
                except Exception as error:  # never leave a phone waiting on a lost result
                    log.exception("storing a batch of %s answers failed", len(batch))
                    for _, result in batch:
                        if not result.ready():
                            result.set_exception(error)

    def _write(self, batch) -> None:
        with self.app.app_context():
            submissions = [sub for sub, _ in batch]
            try:
                results = self._store(submissions)
            except Exception as error:
                rollback()
                if is_outage(error):
                    log.warning("%s answers not stored: database unavailable (%s)", len(batch), describe(error))
                    results = [unavailable()] * len(batch)
                else:
                    # One answer the database refused, or the same phone racing itself from two
                    # processes: store them one by one, so only that one fails.
                    log.warning(
                        "a batch of %s answers failed (%s); storing them one by one", len(batch), describe(error)
                    )
                    results = [self._store_one(sub) for sub in submissions]
            changed = defaultdict(list)
            for (sub, result), outcome in zip(batch, results, strict=True):
                if isinstance(outcome, Exception):
                    result.set_exception(outcome)
                    continue
                answer, is_new_text = outcome
                if is_new_text:
                    changed[sub.session_id].append(answer)
                result.set((answer.id, answer.share))
            try:
                self._announce(changed)
            except Exception as error:  # stored and acked already; the screens catch up on their next `host`
                log.warning("announcing stored answers failed (%s)", describe(error))

    def _announce(self, changed) -> None:
        for session_id, answers in changed.items():
            send_answers(session_id, answers)
            answers_stored(session_id, {a.id for a in answers})
            for question_id in {a.question_id for a in answers}:
                self.app.extensions["themes"].request(session_id, question_id)

    @staticmethod
    def _store(submissions: list[Submission]) -> list:
        """Store and commit; a busy database is tried again for a while without blocking the
        event loop (SQLite's own busy wait would: store/sqlite.py keeps it short)."""
        deadline, delay = time.monotonic() + BUSY_RETRY, 0.05
        while True:
            try:
                results = submit_answers(db.session(), submissions)
                db.session.commit()
                return results
            except Exception as error:
                rollback()
                if not is_outage(error) or time.monotonic() + delay > deadline:
                    raise
                gevent.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _store_one(self, sub: Submission):
        """(answer, changed), or the exception that refused this one answer."""
        for attempt in range(2):
            try:
                (outcome,) = self._store([sub])
                return outcome
            except IntegrityError as error:  # lost a race for this phone's row: read the winner's
                rollback()
                if attempt:
                    return error
            except Exception as error:
                rollback()
                if not is_outage(error):
                    log.exception("storing an answer failed")
                return unavailable() if is_outage(error) else error
