"""Rate limits, on the `limits` library (the engine under Flask-Limiter).

HTTP routes use Flask-Limiter; socket events check the same kind of limiter by
hand, keyed by socket id, participant, or a hash of the client's address (counted
only, never stored with data or logged). A room behind one venue NAT shares an
address, so address limits only count failures (wrong room codes), never normal use.

Counts keyed by socket stay in this process (a socket lives on one) and go when it
disconnects (`forget`); counts keyed by participant or address are shared through Redis
when it is configured, else counted here too.
"""

import hashlib
import heapq
import math
import time
from functools import lru_cache

from flask import request
from flask_limiter import Limiter
from limits import parse
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter

from .domain.errors import DomainError


def client_address() -> str:
    return hashlib.sha256((request.remote_addr or "?").encode()).hexdigest()[:16]


class LocalLimiter:
    """Fixed windows counted in dicts, for counts that live in this process (limits'
    MemoryStorage re-arms a timer that scans every key each 10 ms: with a key per socket
    that cost 3.4 s of CPU per 1,000 answers, docs/benchmarks.md).

    The table is grouped by owner, the key's last part (a socket id, a participant id, a
    hashed address), so `forget(owner)` drops a disconnected socket's windows at once.
    Each window knows when it ends, and its owner is filed under that second: a hit that
    finds a second gone by checks at most SWEEP_STEP owners filed there and removes their
    ended windows. The table holds only running windows (and ended ones for at most about a
    second) and no hit ever scans it (the old sweep rebuilt a 100,000-entry table on every
    event once it was that big: docs/benchmarks.md)."""

    SWEEP_STEP = 8  # owners checked per hit: more than a hit can file, so ended windows never pile up

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._windows: dict[str, dict[tuple, list]] = {}  # owner → {(limit, *key): [end, used]}
        self._due: dict[int, list[str]] = {}  # second → owners with a window ending in it
        self._seconds: list[int] = []  # heap of the seconds in _due
        self.entries = 0  # windows held
        self.swept = 0  # ended windows removed so far

    def __len__(self) -> int:
        return self.entries

    def hit(self, item, *key) -> bool:
        now = self._clock()
        if self._seconds and self._seconds[0] <= now:
            self.sweep(now, self.SWEEP_STEP)
        *rest, owner = key
        windows = self._windows.get(owner)
        if windows is None:
            windows = self._windows[owner] = {}
        name = (item.key_for(), *rest)
        window = windows.get(name)
        if window is None or window[0] <= now:
            if window is None:
                self.entries += 1
            window = windows[name] = [now + item.get_expiry(), 0]
            self._file(owner, window[0])
        if window[1] >= item.amount:
            return False
        window[1] += 1
        return True

    def test(self, item, *key) -> bool:
        *rest, owner = key
        window = self._windows.get(owner, {}).get((item.key_for(), *rest))
        return window is None or window[0] <= self._clock() or window[1] < item.amount

    def _file(self, owner: str, end: float) -> None:
        second = math.ceil(end)  # every window filed under a second has ended by then
        owners = self._due.get(second)
        if owners is None:
            owners = self._due[second] = []
            heapq.heappush(self._seconds, second)
        owners.append(owner)

    def sweep(self, now: float | None = None, limit: int | None = None) -> int:
        """Remove the ended windows of owners filed under seconds gone by (checking at most
        `limit` owners); returns how many windows went."""
        now = self._clock() if now is None else now
        removed = checked = 0
        while self._seconds and self._seconds[0] <= now and (limit is None or checked < limit):
            owners = self._due[self._seconds[0]]
            while owners and (limit is None or checked < limit):
                owner = owners.pop()
                checked += 1
                windows = self._windows.get(owner)
                if not windows:
                    continue  # forgotten, or already swept through another of its windows
                ended = [name for name, (end, _) in windows.items() if end <= now]
                for name in ended:
                    del windows[name]
                if not windows:
                    del self._windows[owner]
                removed += len(ended)
            if not owners:
                del self._due[heapq.heappop(self._seconds)]
        self.entries -= removed
        self.swept += removed
        return removed

    def forget(self, owner: str) -> None:
        """Drop every window of `owner` (a socket that disconnected)."""
        windows = self._windows.pop(owner, None)
        if windows:
            self.entries -= len(windows)


http_limiter = Limiter(key_func=client_address, default_limits=[], headers_enabled=True)
_local = LocalLimiter()
_shared = _local


def configure_limits(app) -> None:
    global _shared
    url = app.config["REDIS_URL"]
    app.config.setdefault("RATELIMIT_STORAGE_URI", url or "memory://")
    _shared = _local
    if url:
        pool = app.extensions["redis"].connection_pool
        _shared = FixedWindowRateLimiter(RedisStorage(url, connection_pool=pool))
    http_limiter.init_app(app)


WRONG_CODES = "30/minute"  # per address: typos pass, guessing 31**6 codes does not


@lru_cache(maxsize=64)
def _rules(rule: str) -> tuple:
    """ "10/second;120/minute" → parsed limits."""
    return tuple(parse(item) for item in rule.split(";"))


def hit(rule: str, *key: str, local: bool = False) -> None:
    """Count one event against `rule` for `key`; refuse with `rate_limited` when over."""
    limiter = _local if local else _shared
    for item in _rules(rule):
        if not limiter.hit(item, *key):
            raise DomainError("rate_limited", "Too many requests; wait a moment and try again.")


def forget(sid: str) -> None:
    """A socket disconnected: its per-socket counts go (they can never be hit again)."""
    _local.forget(sid)


def exceeded(rule: str, *key: str) -> bool:
    return any(not _shared.test(item, *key) for item in _rules(rule))


def count(rule: str, *key: str) -> None:
    for item in _rules(rule):
        _shared.hit(item, *key)


def guard_room_lookup(lookup):
    """Run a lookup by room code, counting wrong codes per address (HTTP form and socket alike)."""
    address = client_address()
    if exceeded(WRONG_CODES, "wrong-code", address):
        raise DomainError("rate_limited", "Too many wrong room codes from this network; wait a minute.")
    try:
        return lookup()
    except DomainError as error:
        if error.code == "unknown_room":
            count(WRONG_CODES, "wrong-code", address)
        raise
