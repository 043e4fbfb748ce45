"""SQLite settings for a live room: WAL lets readers work during writes, and
synchronous=NORMAL (safe with WAL) keeps every committed answer through a process
crash while skipping an fsync per commit; only a power cut can lose the last ones.

The busy timeout is SQLite's wait for another process's write lock. That wait blocks
the whole thread, and in a gevent server the thread is every room: a serving process
waits 20 ms at most and retries cooperatively instead (live/answers.py) or answers
`unavailable`; a CLI command, with nothing else to serve, waits up to 5 s."""

from gevent import monkey
from sqlalchemy import event

SERVING_BUSY_MS = 20
COMMAND_BUSY_MS = 5000


def tune_sqlite(app, db) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    busy_ms = SERVING_BUSY_MS if monkey.is_module_patched("socket") else COMMAND_BUSY_MS
    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # An answer taken back to private (domain/sharing.py) or deleted is overwritten
            # with zeros, not left readable in the file's free pages.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()


def close_database(app, db) -> None:
    """At a clean stop: fold SQLite's write-ahead log into the database file and remove it
    (it holds old copies of changed pages, a text taken back to private among them; with
    secure_delete the file's own free pages hold none), then close every connection."""
    with app.app_context():
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
