"""Socket.IO events (default namespace). Importing this package registers them."""
from flask import Flask

from . import host, participant  # noqa: F401
from .presence import presence


def init_realtime(app: Flask) -> None:
    """Presence and theme requests: in this process alone, or shared through Redis;
    and the writer that stores answers in batches."""
    from ..answer_writer import AnswerWriter
    from ..theme_service import RedisThemeQueue, ThemeScheduler, ThemeWorker
    app.extensions["answer_writer"] = AnswerWriter(app)
    if app.config["REDIS_URL"]:
        presence.use_redis(app.extensions["redis"])
        # Themes run in `fulcrum themes`; this process only queues requests.
        app.extensions["themes"] = RedisThemeQueue(app.extensions["redis"])
    else:
        app.extensions["themes"] = ThemeScheduler(app, ThemeWorker())
