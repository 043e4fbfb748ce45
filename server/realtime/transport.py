"""Engine.IO's HTTP transport, made safe against careless and hostile clients.

- A long-polling POST over MAX_MESSAGE_BYTES is answered 413 before engineio sees it
  (`PollingBodyLimit`, a WSGI middleware, so it holds under `fulcrum serve` and gunicorn).
- A failed polling request never leaves its greenlet waiting: engineio's `disconnect(sid)`
  waits until a GET collects the CLOSE packet, and a client that sends a bad POST
  (oversized, an unknown packet type) and no GET held the connection and its file
  descriptor for ever (`disconnect_without_waiting`).
"""

from io import BytesIO

from ..extensions import MAX_MESSAGE_BYTES


class PollingBodyLimit:
    """Refuse a Socket.IO POST whose body is over `limit` bytes, with 413 and a closed
    connection, without reading it. A chunked body (no Content-Length) is read up to
    limit + 1 bytes: over the limit it is refused, else engineio gets it with its length
    (engineio reads only Content-Length bytes, so it would see an empty body)."""

    def __init__(self, app, path: str = "/socket.io/", limit: int = MAX_MESSAGE_BYTES):
        self.app, self.path, self.limit = app, path, limit

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").startswith(self.path):
            declared = environ.get("CONTENT_LENGTH") or ""
            if declared:
                if not declared.isdigit():
                    return self.refuse(start_response, "400 Bad Request", "Bad Content-Length.")
                if int(declared) > self.limit:
                    return self.refuse(
                        start_response,
                        "413 Payload Too Large",
                        f"Socket.IO messages are limited to {self.limit} bytes.",
                    )
            else:
                body = environ["wsgi.input"].read(self.limit + 1)
                if len(body) > self.limit:
                    return self.refuse(
                        start_response,
                        "413 Payload Too Large",
                        f"Socket.IO messages are limited to {self.limit} bytes.",
                    )
                environ["wsgi.input"] = BytesIO(body)
                environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    @staticmethod
    def refuse(start_response, status: str, message: str):
        body = message.encode()
        start_response(
            status,
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Connection", "close"),
            ],
        )
        return [body]


def disconnect_without_waiting(eio) -> None:
    """Make engineio's `disconnect(sid)` close the socket without waiting for a GET to
    collect the CLOSE packet (it is still queued for one that comes). engineio calls it
    from the request that failed; a websocket's writer sends the CLOSE either way."""
    everyone = eio.disconnect

    def disconnect(sid=None):
        if sid is None:
            return everyone()
        socket = eio.sockets.get(sid)
        if socket is not None:
            socket.close(wait=False, reason=eio.reason.SERVER_DISCONNECT)
            eio.sockets.pop(sid, None)

    eio.disconnect = disconnect


def harden_transport(app, socketio) -> None:
    app.wsgi_app = PollingBodyLimit(app.wsgi_app)
    disconnect_without_waiting(socketio.server.eio)
