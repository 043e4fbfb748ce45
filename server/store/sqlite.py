"""SQLite settings for a live room: WAL lets readers work during writes, a busy
timeout makes a second process wait for the lock instead of failing, and
synchronous=NORMAL (safe with WAL) keeps every committed answer through a process
crash while skipping an fsync per commit; only a power cut can lose the last ones."""
from sqlalchemy import event


def tune_sqlite(app, db) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
