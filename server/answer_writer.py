"""Group commit for answers: the `answer` handlers of many phones hand their answers to
one writer greenlet, which stores everything queued in one transaction, then pushes the
batch to the facilitator's screens as one `answers` event per session.

A quiet room pays no delay (a lone answer is written at once); a room answering together
costs a few dozen commits, pushes and theme requests instead of one per phone, and the
realtime loop never queues a step change behind a thousand small transactions.
"""
import logging
from collections import defaultdict, deque

import gevent
from gevent.event import AsyncResult, Event
from sqlalchemy.exc import IntegrityError

from .domain.answers import Submission, answer_event, submit_answers
from .domain.errors import DomainError
from .extensions import db, socketio
from .live import hosts_room

log = logging.getLogger(__name__)
MAX_BATCH = 250  # bounds one transaction, so the acks of the first answers are not held long


class AnswerWriter:
    def __init__(self, app):
        self.app = app
        self._queue: deque[tuple[Submission, AsyncResult]] = deque()
        self._wake = Event()
        self._greenlet = None

    def submit(self, submission: Submission) -> int:
        """Store one answer (waiting for its batch to commit); returns its id.
        Raises the DomainError that refused it."""
        result = AsyncResult()
        self._queue.append((submission, result))
        self._wake.set()
        if self._greenlet is None or self._greenlet.dead:
            self._greenlet = gevent.spawn(self._run)
        return result.get()

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
            try:
                results = submit_answers(db.session, [sub for sub, _ in batch])
                db.session.commit()
            except IntegrityError:
                # The same phone raced itself from two processes: store one by one, so each
                # reads the winner's row and no one else's answer is held up by it.
                db.session.rollback()
                results = [self._write_one(sub) for sub, _ in batch]
            changed = defaultdict(list)
            for (sub, result), outcome in zip(batch, results):
                if isinstance(outcome, DomainError):
                    result.set_exception(outcome)
                    continue
                answer, is_new_text = outcome
                if is_new_text:
                    changed[sub.session_id].append(answer)
                result.set(answer.id)
            for session_id, answers in changed.items():
                socketio.emit("answers", {"answers": [answer_event(a) for a in answers]}, to=hosts_room(session_id))
                for question_id in {a.question_id for a in answers}:
                    self.app.extensions["themes"].request(session_id, question_id)

    @staticmethod
    def _write_one(sub: Submission):
        for attempt in range(2):
            try:
                outcome, = submit_answers(db.session, [sub])
                db.session.commit()
                return outcome
            except IntegrityError:
                db.session.rollback()
                if attempt:
                    raise
