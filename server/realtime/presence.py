"""Who is connected, per session, in this process.

A participant counts once however many sockets they have (a reload opens a new one
before the old one times out), so a stale socket's disconnect never removes someone
who is already back. Issue 5 moves this to Redis for several processes.
"""
from collections import defaultdict


class Presence:
    def __init__(self):
        self._sockets: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._where: dict[str, tuple[int, str]] = {}  # sid → (session id, participant id)

    def add(self, sid: str, session_id: int, participant_id: str) -> None:
        self.remove(sid)
        self._sockets[session_id][participant_id].add(sid)
        self._where[sid] = (session_id, participant_id)

    def remove(self, sid: str) -> int | None:
        """Forget a socket; returns its session id if it was a participant's."""
        where = self._where.pop(sid, None)
        if where is None:
            return None
        session_id, participant_id = where
        people = self._sockets[session_id]
        people[participant_id].discard(sid)
        if not people[participant_id]:
            del people[participant_id]
        if not people:
            del self._sockets[session_id]
        return session_id

    def count(self, session_id: int) -> int:
        return len(self._sockets.get(session_id, ()))


presence = Presence()
