"""Socket.IO events (default namespace). Importing this package registers them."""

from flask import Flask

from ..extensions import socketio
from . import host, participant  # noqa: F401


def init_realtime(app: Flask) -> None:
    """The transport's guards on this app's Socket.IO server (frames.py, transport.py)."""
    from .frames import guard_frames
    from .transport import harden_transport

    harden_transport(app, socketio)
    guard_frames(socketio.server)
