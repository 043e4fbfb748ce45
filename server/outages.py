"""Faults of the services we stand on — the database busy, full or away, Redis away —
as opposed to faults of a request. Clients get the retryable code `unavailable` for
these (HTTP 503; phones keep the answer in their outbox and send it again), never
`internal_error`, which means a bug."""

import logging

import redis
from sqlalchemy.exc import DBAPIError, OperationalError

from .domain.errors import DomainError
from .extensions import db

log = logging.getLogger(__name__)


def is_outage(error: BaseException) -> bool:
    return isinstance(error, (OperationalError, redis.RedisError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def unavailable() -> DomainError:
    return DomainError("unavailable", "The server cannot store this right now; try again in a moment.")


def describe(error: BaseException) -> str:
    """One log line's worth of an outage: the driver's own message, never SQL or parameters."""
    original = getattr(error, "orig", None) or error
    return f"{type(original).__name__}: {str(original).splitlines()[0][:200] if str(original) else ''}"


def rollback() -> None:
    """Roll the request's or event's transaction back, even when the database is the thing that is away."""
    try:
        db.session.rollback()
    except Exception:
        log.warning("rollback failed")
