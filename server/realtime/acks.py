"""Every client event is acknowledged: {"ok": true, ...} or {"ok": false, "error": {...}}."""

import functools
import logging

from flask import request
from flask_socketio import SocketIO

from ..domain.errors import DomainError
from ..outages import describe, is_outage, rollback, unavailable
from ..ratelimit import hit

log = logging.getLogger(__name__)


def ok(**fields) -> dict:
    return {"ok": True, **fields}


def failed(code: str, message: str) -> dict:
    return {"ok": False, "error": {"code": code, "message": message}}


DEFAULT_LIMIT = "20/second;300/minute"  # per socket; far above any person's pace


def client_event(socketio: SocketIO, name: str, limit: str = DEFAULT_LIMIT):
    """Register a handler that takes a JSON object and returns its ack fields.

    Each socket may send `name` at most `limit` times (`rate_limited` beyond). Payload
    shape errors and DomainErrors become error acks; an outage (database or Redis) is
    acked `unavailable` (retryable); anything else is logged and answered with
    `internal_error`. The database session is rolled back either way, so one bad event
    never breaks the room.
    """

    def decorate(handler):
        @socketio.on(name)
        @functools.wraps(handler)
        def wrapper(data=None, *extra):
            try:
                hit(limit, name, request.sid, local=True)
            except DomainError as error:
                return {"ok": False, "error": error.to_dict()}
            if data is None:
                data = {}
            if not isinstance(data, dict) or extra:
                return failed("bad_request", f"`{name}` takes one JSON object.")
            try:
                return handler(data)
            except DomainError as error:
                rollback()
                return {"ok": False, "error": error.to_dict()}
            except Exception as error:
                rollback()
                if is_outage(error):  # retryable: the phone keeps the answer and sends it again
                    log.warning("event %s: service unavailable (%s)", name, describe(error))
                    return {"ok": False, "error": unavailable().to_dict()}
                log.exception("event %s failed", name)
                return failed("internal_error", "Something went wrong on the server; please try again.")

        return wrapper

    return decorate
