"""The connection handler `fulcrum serve` gives gevent's WSGI server: no client may hold a
connection without sending a request, and WebSockets close cleanly.

- The request line and headers must arrive within `timeout` seconds of the connection
  opening or of the previous response (so a keep-alive connection may sit idle that long);
  else the connection is closed, without a word in the log.
- A request body is read in full (at most `max_body` + 1 bytes) before the app runs, within
  another `timeout`; a body that stalls gets 408 and a closed connection. A body declared
  bigger than `max_body` is not read before the app refuses it by its Content-Length;
  then up to LINGER bytes of it are read and dropped (within `timeout`), so the client,
  still sending, reads the refusal rather than a reset, and the connection closes.
- Nothing limits a request once the app has it: a long-polling GET waits up to 25 s for
  packets, and a WebSocket, once upgraded, lives as long as its pings do.

Exposing this server directly is for small rooms. nginx in front buffers slow clients
and bodies (docs/deploy.md); gunicorn (production) does not use this handler.
Imported only by `fulcrum serve`, after gevent has patched the standard library.
"""

import contextlib
import logging
from io import BytesIO

import gevent
from gevent import GreenletExit
from gevent.pywsgi import Input, WSGIHandler

log = logging.getLogger(__name__)

_REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
LINGER = 1024 * 1024


class Handler(WSGIHandler):
    timeout = 10.0
    max_body = 64 * 1024
    _deadline = None
    _unread = None  # the body the app refused unread

    # gevent's own error reports print the WSGI environ (the client's address among it) or
    # the raw request line: our logs name neither (docs/architecture.md, "Logs and health").
    def _log_error(self, t, v, tb):
        if not issubclass(t, GreenletExit):
            log.error("a connection failed in the server (%s); closed", t.__name__)

    def log_error(self, msg, *args):
        log.warning("an invalid HTTP request was refused")

    def read_requestline(self):
        # Started here, before the first byte: it covers the idle time between requests too.
        self._deadline = gevent.Timeout.start_new(self.timeout)
        return super().read_requestline()

    def read_request(self, raw_requestline):
        try:
            return super().read_request(raw_requestline)
        finally:
            self._deadline.cancel()

    def handle_one_request(self):
        try:
            return super().handle_one_request()
        except gevent.Timeout as expired:
            if expired is not self._deadline:
                raise
            return None  # close the connection
        finally:
            if self._deadline is not None:
                self._deadline.cancel()

    def handle_one_response(self):
        self._unread = None
        chunked = self.environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
        wants_body = (self.content_length or chunked) and not self._connection_upgrade_requested()
        if wants_body and not self._read_body():
            self.close_connection = True
            return
        super().handle_one_response()
        if self._unread is not None:
            self._linger(self._unread)
        # simple-websocket answered the upgrade on the raw socket, so gevent never saw
        # the 101: without this it would read the client's closing frame as a new
        # HTTP request (and log an error with the client's address).
        if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            self.close_connection = True

    def _read_body(self) -> bool:
        """Hand the app the body as it arrived, or answer for it; False: the request ends here."""
        declared = self.content_length  # None when chunked
        if declared is not None and declared > self.max_body:
            body = b""  # not read; CONTENT_LENGTH stays as declared, which the app refuses
            self.close_connection, self._unread = True, self.wsgi_input
        else:
            deadline = gevent.Timeout.start_new(self.timeout)
            try:
                body = self.wsgi_input.read(self.max_body + 1)
            except gevent.Timeout as expired:
                if expired is not deadline:
                    raise
                with contextlib.suppress(OSError):
                    self.socket.sendall(_REQUEST_TIMEOUT)
                return False
            except (OSError, ValueError):  # the client went away, or sent broken chunks
                return False
            finally:
                deadline.cancel()
            if len(body) > self.max_body:  # chunked: the app refuses it by this length
                self.close_connection, self._unread = True, self.wsgi_input
            self.environ["CONTENT_LENGTH"] = str(len(body))
            self.environ.pop("HTTP_TRANSFER_ENCODING", None)
        self.environ["wsgi.input"] = BytesIO(body)
        self.wsgi_input = Input(self.rfile, 0)  # nothing left for gevent to read or discard
        return True

    def _linger(self, body) -> None:
        if self.environ.get("HTTP_EXPECT", "").lower() == "100-continue":
            return  # the client waits for our answer before it sends the body
        body.send_100_continue_enabled = False
        deadline = gevent.Timeout.start_new(self.timeout)
        try:
            for _ in range(LINGER // 16384):
                if not body.read(16384):
                    break
        except gevent.Timeout as expired:
            if expired is not deadline:
                raise
        except (OSError, ValueError):
            pass
        finally:
            deadline.cancel()


def handler_class(timeout: float, max_body: int) -> type:
    return type("Handler", (Handler,), {"timeout": timeout, "max_body": max_body})
