"""Socket.IO events (default namespace). Importing this package registers them."""
from flask import Flask

from ..extensions import socketio
from . import host, participant  # noqa: F401
from .participant import emit_presence
from .presence import presence


def init_realtime(app: Flask) -> None:
    """Presence and theme requests: in this process alone, or shared through Redis;
    the writer that stores answers in batches; and the transport's guards."""
    from ..answer_writer import AnswerWriter
    from ..theme_service import RedisThemeQueue, ThemeScheduler, ThemeWorker
    from .frames import guard_frames
    from .transport import harden_transport
    harden_transport(app, socketio)
    guard_frames(socketio.server)
    app.extensions["answer_writer"] = AnswerWriter(app)
    if app.config["REDIS_URL"]:
        presence.use_redis(app.extensions["redis"], on_restore=emit_presence)
        # Themes run in `fulcrum themes`; this process only queues requests.
        app.extensions["themes"] = RedisThemeQueue(app.extensions["redis"])
    else:
        app.extensions["themes"] = ThemeScheduler(app, ThemeWorker())


def start_realtime(app: Flask) -> None:
    """Once a process serves (`fulcrum serve`, a gunicorn worker) and its schema is up to
    date: if it computes themes itself, recompute in the background the live sessions'
    themes that a crash or a lost request left behind their answers. With Redis,
    `fulcrum themes` does this at its start instead."""
    from ..theme_service import ThemeScheduler
    themes = app.extensions.get("themes")
    if isinstance(themes, ThemeScheduler):
        socketio.start_background_task(themes.request_stale)
