"""Who is connected, per session.

A participant counts once however many sockets they have (a reload opens a new one
before the old one times out), so a stale socket's disconnect never removes someone
who is already back.

Each process tracks its own sockets. With Redis (scale-out), each process also keeps
the set of participants it holds in `fulcrum:presence:<session>:<process>`, rewritten
whole by a heartbeat and expiring when a process dies; the count is the union over
processes. The local maps are the truth: a Redis call that fails (Redis restarting)
is logged and the next beat puts Redis right, every second until it answers again,
when every room's hosts are told the count.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable

import gevent
import redis

TTL = 30  # seconds a dead process's participants keep counting
BEAT = TTL / 3
log = logging.getLogger(__name__)


class Presence:
    def __init__(self):
        self._sockets: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._where: dict[str, tuple[int, str]] = {}  # sid → (session id, participant id)
        self._redis = None
        self._process = uuid.uuid4().hex[:12]

    def use_redis(self, client, on_restore: Callable[[int], None]) -> None:
        """Share presence through Redis; `on_restore(session_id)` runs for every session
        this process holds once Redis answers again after an outage."""
        self._redis, self._on_restore = client, on_restore
        gevent.spawn(self._heartbeat)

    def _key(self, session_id: int, process: str | None = None) -> str:
        return f"fulcrum:presence:{session_id}:{process or self._process}"

    def add(self, sid: str, session_id: int, participant_id: str) -> None:
        self.remove(sid)
        sockets = self._sockets[session_id][participant_id]
        sockets.add(sid)
        self._where[sid] = (session_id, participant_id)
        if self._redis is not None and len(sockets) == 1:
            try:
                with self._redis.pipeline() as pipe:
                    pipe.sadd(self._key(session_id), participant_id).expire(self._key(session_id), TTL)
                    pipe.sadd(f"fulcrum:presence:{session_id}", self._process)
                    pipe.expire(f"fulcrum:presence:{session_id}", 86400)
                    pipe.execute()
            except redis.RedisError as error:
                log.warning("presence: Redis unavailable (%s); the heartbeat will announce", type(error).__name__)

    def remove(self, sid: str) -> int | None:
        """Forget a socket; returns its session id if it was a participant's."""
        where = self._where.pop(sid, None)
        if where is None:
            return None
        session_id, participant_id = where
        # Change the local maps before any Redis call: the call yields to other greenlets.
        people = self._sockets[session_id]
        people[participant_id].discard(sid)
        gone = not people[participant_id]
        if gone:
            del people[participant_id]
        if not people:
            del self._sockets[session_id]
        if gone and self._redis is not None:
            try:
                self._redis.srem(self._key(session_id), participant_id)
            except redis.RedisError as error:
                log.warning("presence: Redis unavailable (%s); the heartbeat will announce", type(error).__name__)
        return session_id

    def members(self, session_id: int) -> set[str]:
        """The participant ids connected to a session (on every process, with Redis)."""
        if self._redis is None:
            return set(self._sockets.get(session_id, ()))
        processes = self._redis.smembers(f"fulcrum:presence:{session_id}")
        keys = [self._key(session_id, p.decode()) for p in processes]
        return {m.decode() for m in self._redis.sunion(keys)} if keys else set()

    def count(self, session_id: int) -> int:
        if self._redis is None:
            return len(self._sockets.get(session_id, ()))
        processes = self._redis.smembers(f"fulcrum:presence:{session_id}")
        keys = [self._key(session_id, p.decode()) for p in processes]
        return self._redis.scard(keys[0]) if len(keys) == 1 else len(self._redis.sunion(keys)) if keys else 0

    def _heartbeat(self):
        failing = False
        while True:
            gevent.sleep(1 if failing else BEAT)
            try:
                self.announce()
            except redis.RedisError:
                failing = True  # Redis away: try again every second
                continue
            if failing:
                failing = False
                log.info("presence: Redis is back; announced %s sessions", len(self._sockets))
                for session_id in list(self._sockets):
                    self._on_restore(session_id)

    def announce(self) -> None:
        """Write this process's participants to Redis whole: after an outage (or a Redis
        restart that lost everything) the sets are right again."""
        assert self._redis is not None, "announce() is for scale-out mode"
        with self._redis.pipeline() as pipe:  # MULTI/EXEC: no reader sees a set half rewritten
            for session_id, people in list(self._sockets.items()):
                key = self._key(session_id)
                pipe.delete(key)
                if people:
                    pipe.sadd(key, *people).expire(key, TTL)
                pipe.sadd(f"fulcrum:presence:{session_id}", self._process)
                pipe.expire(f"fulcrum:presence:{session_id}", 86400)
            pipe.execute()


presence = Presence()
