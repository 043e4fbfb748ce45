"""Who is connected, per session.

A participant counts once however many sockets they have (a reload opens a new one
before the old one times out), so a stale socket's disconnect never removes someone
who is already back.

Each process tracks its own sockets. With Redis (scale-out), each process also keeps
the set of participants it holds in `fulcrum:presence:<session>:<process>`, refreshed by
a heartbeat and expiring when a process dies; the count is the union over processes.
"""
import uuid
from collections import defaultdict

import gevent

TTL = 30  # seconds a dead process's participants keep counting


class Presence:
    def __init__(self):
        self._sockets: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._where: dict[str, tuple[int, str]] = {}  # sid → (session id, participant id)
        self._redis = None
        self._process = uuid.uuid4().hex[:12]

    def use_redis(self, client) -> None:
        self._redis = client
        gevent.spawn(self._heartbeat)

    def _key(self, session_id: int, process: str | None = None) -> str:
        return f"fulcrum:presence:{session_id}:{process or self._process}"

    def add(self, sid: str, session_id: int, participant_id: str) -> None:
        self.remove(sid)
        sockets = self._sockets[session_id][participant_id]
        sockets.add(sid)
        self._where[sid] = (session_id, participant_id)
        if self._redis is not None and len(sockets) == 1:
            with self._redis.pipeline() as pipe:
                pipe.sadd(self._key(session_id), participant_id).expire(self._key(session_id), TTL)
                pipe.sadd(f"fulcrum:presence:{session_id}", self._process)
                pipe.expire(f"fulcrum:presence:{session_id}", 86400)
                pipe.execute()

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
            self._redis.srem(self._key(session_id), participant_id)
        return session_id

    def count(self, session_id: int) -> int:
        if self._redis is None:
            return len(self._sockets.get(session_id, ()))
        processes = self._redis.smembers(f"fulcrum:presence:{session_id}")
        keys = [self._key(session_id, p.decode()) for p in processes]
        return self._redis.scard(keys[0]) if len(keys) == 1 else len(self._redis.sunion(keys)) if keys else 0

    def _heartbeat(self):
        while True:
            gevent.sleep(TTL / 3)
            try:
                with self._redis.pipeline() as pipe:
                    for session_id in list(self._sockets):
                        pipe.expire(self._key(session_id), TTL)
                    pipe.execute()
            except Exception:  # Redis away for a moment: the next beat tries again
                pass


presence = Presence()
