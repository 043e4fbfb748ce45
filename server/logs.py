"""Logging: JSON lines in production, readable lines in development.

Every record carries the id of the HTTP request or socket it came from, so one
client's story can be followed. Nothing here logs participant text or IP
addresses; handlers log ids and counts only.
"""

import json
import logging
import sys
import uuid

from flask import g, has_request_context, request


class ContextFilter(logging.Filter):
    def filter(self, record):
        record.ctx = ""
        if has_request_context():
            record.ctx = getattr(request, "sid", None) or g.setdefault("request_id", uuid.uuid4().hex[:12])
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.ctx:
            entry["ctx"] = record.ctx
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(production: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(
        JsonFormatter()
        if production
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(ctx)s] %(message)s", "%H:%M:%S")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # The socket libraries log payloads (participant text) at INFO: keep them quiet.
    for noisy in ("engineio", "socketio", "werkzeug", "geventwebsocket"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
