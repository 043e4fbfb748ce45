"""The live layer: everything that changes a room while people are in it.

    actions.py   room actions (goto, end, reveal, theme edits, delete, hosting, presence):
                 validate through the domain, commit, then tell the rooms
    rooms.py     the one module that sends room messages, and what each screen may see
    answers.py   the answer writer (group commit), which announces each stored batch
    presence.py  who is connected, per session (in Redis too, in scale-out mode)
    writing.py   who is typing which question (counts only; in Redis too), told to hosts
    controls.py  facilitation controls: timer, closed steps, hiding, spotlight, pacing, ending later
    clock.py     meets the stored deadlines (closing timers, grace periods) on any process
    themes.py    live themes: the engine process, the scheduler, the Redis queue

Edges (realtime/, web/, api/, commands.py) call actions and only translate in and out.
"""

from flask import Flask

from ..extensions import socketio


def init_live(app: Flask) -> None:
    """The writer that stores answers in batches; presence and theme requests, in this
    process alone or shared through Redis."""
    from .answers import AnswerWriter
    from .presence import presence
    from .rooms import send_writing
    from .themes import EngineProcess, RedisThemeQueue, ThemeScheduler
    from .writing import writing

    app.extensions["answer_writer"] = AnswerWriter(app)
    writing.on_change(send_writing)
    if app.config["REDIS_URL"]:
        presence.use_redis(app.extensions["redis"], on_restore=lambda session_id: restored(app, session_id))
        writing.use_redis(app.extensions["redis"])
        # Themes run in `fulcrum themes`; this process only queues requests.
        app.extensions["themes"] = RedisThemeQueue(app.extensions["redis"])
    else:
        app.extensions["themes"] = ThemeScheduler(app, EngineProcess())


def restored(app: Flask, session_id: int) -> None:
    """Redis is back: tell a session's hosts its presence again (from the heartbeat, outside any request)."""
    from .actions import announce_presence

    with app.app_context():
        announce_presence(session_id)


def start_live(app: Flask) -> None:
    """Once a process serves (`fulcrum serve`, a gunicorn worker) and its schema is up to
    date: start the room clock (live/clock.py), and if it computes themes itself,
    recompute in the background the live sessions' themes that a crash or a lost request
    left behind their answers. With Redis, `fulcrum themes` does this at its start instead."""
    from .clock import run_clock
    from .themes import ThemeScheduler

    socketio.start_background_task(run_clock, app)
    themes = app.extensions.get("themes")
    if isinstance(themes, ThemeScheduler):
        socketio.start_background_task(themes.request_stale)
