"""Rate limits, on the `limits` library (the engine under Flask-Limiter).

HTTP routes use Flask-Limiter; socket events check the same kind of limiter by
hand, keyed by socket id, participant, or a hash of the client's address (counted
only, never stored with data or logged). A room behind one venue NAT shares an
address, so address limits only count failures (wrong room codes), never normal use.

Counts keyed by socket stay in this process (a socket lives on one); counts keyed by
participant or address are shared through Redis when it is configured.
"""
import hashlib
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
    """Fixed windows counted in a dict, expired when next used, for counts that live in
    this process. limits' MemoryStorage re-arms a timer that scans every key each 10 ms:
    with a key per socket that cost 3.4 s of CPU per 1,000 answers (docs/benchmarks.md)."""
    SWEEP_AT = 100_000

    def __init__(self):
        self._windows: dict[tuple, tuple[float, int]] = {}

    def _window(self, item, key, now) -> tuple[float, int]:
        start, used = self._windows.get(key, (now, 0))
        return (now, 0) if now - start >= item.get_expiry() else (start, used)

    def hit(self, item, *key) -> bool:
        now, key = time.monotonic(), (item.key_for(), *key)
        start, used = self._window(item, key, now)
        if used >= item.amount:
            return False
        if len(self._windows) > self.SWEEP_AT:
            self._windows = {k: v for k, v in self._windows.items() if now - v[0] < 3600}
        self._windows[key] = (start, used + 1)
        return True

    def test(self, item, *key) -> bool:
        now, key = time.monotonic(), (item.key_for(), *key)
        return self._window(item, key, now)[1] < item.amount


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


WRONG_CODES = "30/minute"   # per address: typos pass, guessing 31**6 codes does not


@lru_cache(maxsize=64)
def _rules(rule: str) -> tuple:
    """"10/second;120/minute" → parsed limits."""
    return tuple(parse(item) for item in rule.split(";"))


def hit(rule: str, *key: str, local: bool = False) -> None:
    """Count one event against `rule` for `key`; refuse with `rate_limited` when over."""
    limiter = _local if local else _shared
    for item in _rules(rule):
        if not limiter.hit(item, *key):
            raise DomainError("rate_limited", "Too many requests; wait a moment and try again.")


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
