"""Rate limits, on the `limits` library (the engine under Flask-Limiter).

HTTP routes use Flask-Limiter; socket events check the same kind of limiter by
hand, keyed by socket id, participant, or a hash of the client's address (kept in
memory only, never stored or logged). A room behind one venue NAT shares an address,
so address limits only count failures (wrong room codes), never normal use.
"""
import hashlib
from functools import lru_cache

from flask import request
from flask_limiter import Limiter
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from .domain.errors import DomainError


def client_address() -> str:
    return hashlib.sha256((request.remote_addr or "?").encode()).hexdigest()[:16]


http_limiter = Limiter(key_func=client_address, default_limits=[], storage_uri="memory://",
                       headers_enabled=True)
_socket_limiter = FixedWindowRateLimiter(MemoryStorage())

WRONG_CODES = "30/minute"   # per address: typos pass, guessing 31**6 codes does not


@lru_cache(maxsize=64)
def _rules(rule: str) -> tuple:
    """"10/second;120/minute" → parsed limits."""
    return tuple(parse(item) for item in rule.split(";"))


def hit(rule: str, *key: str) -> None:
    """Count one event against `rule` for `key`; refuse with `rate_limited` when over."""
    for item in _rules(rule):
        if not _socket_limiter.hit(item, *key):
            raise DomainError("rate_limited", "Too many requests; wait a moment and try again.")


def exceeded(rule: str, *key: str) -> bool:
    return any(not _socket_limiter.test(item, *key) for item in _rules(rule))


def count(rule: str, *key: str) -> None:
    for item in _rules(rule):
        _socket_limiter.hit(item, *key)


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
