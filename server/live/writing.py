"""Who is writing, per session and question: the phones' `writing` hints, counted and told
to the hosts at most once a second, and only when the counts changed.

A participant counts as writing a question from a `writing` hint until they answer it,
their socket disconnects, or TTL passes without another hint (a phone sends one at most
every WRITING_INTERVAL while its person types, so a steady typist never blinks out). Two
sockets of one participant count once. No text ever comes with a hint.

Marks live in this process, or with Redis (scale-out) in one sorted set per session
(member "question participant", score = expiry), so every process counts the same room;
a short Redis lock lets one process a second tell the hosts, and the last map told is kept
beside it, so a map goes out once. A failing Redis call loses a hint, never an answer.
"""

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable

import gevent
import redis

WRITING_INTERVAL = 5  # seconds between a phone's hints (the phone page learns it from the server)
TTL = 12  # seconds a hint counts: over two intervals
TICK = 1.0  # seconds: hosts hear at most one `writing` a second per session
log = logging.getLogger(__name__)

Counts = dict[str, int]


class Writing:
    def __init__(self):
        self._marks: dict[int, dict[str, float]] = defaultdict(dict)  # session → member → expiry (local mode)
        self._told: dict[int, Counts] = {}  # session → the map hosts last heard (local mode)
        self._by_sid: dict[str, tuple[int, dict[str, float]]] = {}  # sid → (session, member → when marked)
        self._watch: dict[int, float] = {}  # sessions to tick → until when
        self._redis = None
        self._send: Callable[[int, Counts], None] = lambda _session, _counts: None
        self._ticker = None

    def use_redis(self, client) -> None:
        self._redis = client

    def on_change(self, send: Callable[[int, Counts], None]) -> None:
        self._send = send

    @staticmethod
    def _member(question_id: str, participant_id: str) -> str:
        return f"{question_id} {participant_id}"

    def mark(self, sid: str, session_id: int, participant_id: str, question_id: str) -> None:
        now = time.monotonic() if self._redis is None else time.time()
        member = self._member(question_id, participant_id)
        _, marked = self._by_sid.setdefault(sid, (session_id, {}))
        if now - marked.get(member, -TTL) < WRITING_INTERVAL / 2:
            return  # a phone hinting faster than it should costs no more than one that doesn't
        marked[member] = now
        self._watch[session_id] = time.monotonic() + TTL + TICK
        if self._redis is None:
            self._marks[session_id][member] = now + TTL
        else:
            try:
                self._redis.pipeline().zadd(self._key(session_id), {member: now + TTL}).expire(
                    self._key(session_id), 3600
                ).execute()
            except redis.RedisError as error:
                log.warning("writing: Redis unavailable (%s); a hint is lost", type(error).__name__)
        if self._ticker is None or self._ticker.dead:
            self._ticker = gevent.spawn(self._tick_while_watched)

    def clear(self, sid: str, question_id: str | None = None) -> None:
        """A participant answered `question_id`, or (None) their socket went away."""
        session_id, marked = self._by_sid.get(sid, (None, {}))
        if session_id is None:
            return
        members = [m for m in marked if question_id is None or m.split(" ", 1)[0] == question_id]
        for member in members:
            del marked[member]
        if question_id is None:
            del self._by_sid[sid]
        if not members:
            return
        self._watch[session_id] = max(self._watch.get(session_id, 0), time.monotonic() + TICK)
        if self._redis is None:
            for member in members:
                self._marks[session_id].pop(member, None)
        else:
            try:
                self._redis.zrem(self._key(session_id), *members)
            except redis.RedisError as error:
                log.warning("writing: Redis unavailable (%s); a mark expires on its own", type(error).__name__)

    def counts(self, session_id: int) -> Counts:
        """Who is writing each question now: {question_id: participants}, only non-zero."""
        if self._redis is None:
            now = time.monotonic()
            marks = self._marks.get(session_id, {})
            for member in [m for m, until in marks.items() if until <= now]:
                del marks[member]
            members = list(marks)
        else:
            key = self._key(session_id)
            _, raw = self._redis.pipeline().zremrangebyscore(key, "-inf", time.time()).zrange(key, 0, -1).execute()
            members = [m.decode() for m in raw]
        counts: Counts = {}
        for member in members:
            question_id = member.split(" ", 1)[0]
            counts[question_id] = counts.get(question_id, 0) + 1
        return counts

    def tick(self) -> None:
        """Tell the hosts of each watched session its counts, if they changed."""
        now = time.monotonic()
        for session_id, until in list(self._watch.items()):
            try:
                self._tell(session_id)
            except redis.RedisError as error:
                log.warning("writing: Redis unavailable (%s)", type(error).__name__)
            if until < now:
                del self._watch[session_id]
                self._marks.pop(session_id, None)
                self._told.pop(session_id, None)

    def _tell(self, session_id: int) -> None:
        if self._redis is None:
            counts = self.counts(session_id)
            changed = self._told.get(session_id, {}) != counts
            self._told[session_id] = counts
        else:
            key = self._key(session_id)
            if not self._redis.set(f"{key}:tick", 1, nx=True, px=int(TICK * 1000)):
                return  # another process tells this room this second
            counts = self.counts(session_id)
            told = self._redis.getset(f"{key}:told", json.dumps(counts, sort_keys=True))
            self._redis.expire(f"{key}:told", 3600)
            changed = (json.loads(told) if told else {}) != counts
        if changed:
            self._send(session_id, counts)

    def _tick_while_watched(self) -> None:
        while self._watch:
            gevent.sleep(TICK)
            self.tick()

    @staticmethod
    def _key(session_id: int) -> str:
        return f"fulcrum:writing:{session_id}"


writing = Writing()
