"""What a socket may send, checked where python-socketio dispatches it.

- **Malformed frames** (broken JSON, JSON nested too deep to decode, an event that is not
  a list starting with its name, a stray binary attachment) are counted per socket. The
  first is logged in one line, the total in one more when the socket goes, without a
  traceback and without the frame (frames can hold participant text); after
  MAX_MALFORMED the socket is disconnected. Without this, python-engineio logged a
  traceback for every one (3,000 frames: 13 MB of log in 3 s).
- **Reserved event names** (`connect`, `disconnect`, ...) sent as ordinary events never
  run the handler of that name: a phone emitting `disconnect` was counted as gone. They
  are answered like any unknown event.
"""

import logging

from socketio import packet
from socketio.base_client import BaseClient
from socketio.base_server import BaseServer

log = logging.getLogger(__name__)

MAX_MALFORMED = 20  # per socket; no working client sends any
RESERVED_EVENTS = frozenset(BaseServer.reserved_events) | frozenset(BaseClient.reserved_events)


class MalformedFrame(ValueError):
    """A frame that is not a Socket.IO packet we can dispatch."""


def guard_frames(server) -> None:
    """Hook into a python-socketio Server (Flask-SocketIO's `socketio.server`)."""
    decoded = server.packet_class

    class CheckedPacket(decoded):
        def decode(self, encoded_packet):
            try:
                return super().decode(encoded_packet)
            except (ValueError, TypeError, RecursionError) as error:  # json, ids, 10,000-deep nesting
                raise MalformedFrame(type(error).__name__) from None

    server.packet_class = CheckedPacket
    server._handle_event = _checked_events(server, server._handle_event)

    counts: dict[str, list] = {}  # engine.io sid -> [malformed frames, the socket's id for the log]
    dispatch, disconnected = server._handle_eio_message, server._handle_eio_disconnect

    def on_message(eio_sid, data):
        try:
            return dispatch(eio_sid, data)
        except (ValueError, RecursionError) as error:  # MalformedFrame, and python-socketio's own checks
            if eio_sid not in server.eio.sockets:
                return  # already disconnected: the rest of its frames are dropped unseen
            seen = counts.setdefault(eio_sid, [0, server.manager.sid_from_eio_sid(eio_sid, "/") or eio_sid])
            seen[0] += 1
            if seen[0] == 1:
                reason = str(error) if isinstance(error, MalformedFrame) else type(error).__name__
                log.warning("socket %s sent a malformed frame (%s); ignored", seen[1], reason)
            if seen[0] > MAX_MALFORMED:
                # Socket.IO's DISCONNECT first: a client told the server let it go does not reconnect.
                sid = server.manager.sid_from_eio_sid(eio_sid, "/")
                if sid:
                    server.disconnect(sid, ignore_queue=True)
                server.eio.disconnect(eio_sid)

    def on_disconnect(eio_sid, reason):
        try:
            return disconnected(eio_sid, reason)
        finally:
            count, sid = counts.pop(eio_sid, (0, None))
            if count > 1:
                log.warning(
                    "socket %s sent %d malformed frames%s",
                    sid,
                    count,
                    "; disconnected it" if count > MAX_MALFORMED else "",
                )

    server.eio.on("message", on_message)
    server.eio.on("disconnect", on_disconnect)


def _checked_events(server, handle_event):
    from .participant import unknown_event

    def checked(eio_sid, namespace, id, data):
        if not isinstance(data, list) or not data or not isinstance(data[0], str):
            raise MalformedFrame("an event is a list that starts with its name")
        if data[0] not in RESERVED_EVENTS:
            return handle_event(eio_sid, namespace, id, data)
        namespace = namespace or "/"
        if id is not None and server.manager.is_connected(
            server.manager.sid_from_eio_sid(eio_sid, namespace), namespace
        ):
            server._send_packet(
                eio_sid, server.packet_class(packet.ACK, namespace=namespace, id=id, data=[unknown_event(data[0])])
            )

    return checked
