"""Themes that lag their answers get recomputed without any new answer: a crash mid-recompute
(the database has answers and no themes) is caught up when a server starts, and answers
stored behind the server's back (a lost request) when a dashboard hosts the session."""

import sqlite3
import uuid
from datetime import UTC, datetime

import pytest

from support import (
    ANSWERS,
    SEED,
    connect_host,
    disconnect_all,
    make_facilitator,
    server_env,
    start_process,
    start_server,
    wait_for,
)

TEXTS = ANSWERS[:6] + ANSWERS[9:15]  # two clear groups (hobbies, money)


def new_session(app, texts_by_question, end=False) -> int:
    """A session of the seed worksheet with these answers stored, and no themes computed."""
    from server.domain import accounts, sessions
    from server.extensions import db

    from support import submit_answer

    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, "host@example.com")
        session = sessions.start_session(db.session, facilitator, app.extensions["worksheets"][SEED])
        for question_id, texts in texts_by_question.items():
            for text in texts:
                _, participant, _ = sessions.join(db.session, session.code, None)
                submit_answer(db.session, session, participant.id, question_id, text, uuid.uuid4().hex)
        if end:
            sessions.end_session(db.session, session)
        db.session.commit()
        return session.id


def stale(app, session_id=None):
    from server.domain import sessions, theme_state
    from server.extensions import db

    with app.app_context():
        if session_id is None:
            return theme_state.live_stale_questions(db.session)
        return theme_state.stale_questions(db.session, sessions.get_session(db.session, session_id))


def database(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def runs(path, session_id) -> dict[str, int]:
    with sqlite3.connect(path, timeout=10) as conn:
        return dict(conn.execute("SELECT question_id, answers FROM theme_runs WHERE session_id = ?", (session_id,)))


def theme_count(path, session_id, question_id) -> int:
    with sqlite3.connect(path, timeout=10) as conn:
        return conn.execute(
            "SELECT count(*) FROM themes WHERE session_id = ? AND question_id = ? AND members != '[]'",
            (session_id, question_id),
        ).fetchone()[0]


def serve(app):
    from server.extensions import db

    with app.app_context():
        db.engine.dispose()  # the test process holds no connection to the server's file
    return start_server(server_env(app.config["SQLALCHEMY_DATABASE_URI"]))


def dashboard(server, token):
    host = connect_host(server, token)
    events = []
    host.on("themes", events.append)
    return host, events


def test_stale_questions_follow_the_answers_and_the_last_run(app):
    from server.domain import sessions, theme_state
    from server.extensions import db

    from support import submit_answer

    make_facilitator(app)
    live = new_session(app, {"s1q1": TEXTS[:4], "s1q2": TEXTS[4:5]})
    ended = new_session(app, {"s1q1": TEXTS[:3]}, end=True)
    quiet = new_session(app, {})
    assert stale(app, live) == ["s1q1", "s1q2"]  # answers, never computed
    assert stale(app, ended) == ["s1q1"] and stale(app, quiet) == []
    assert stale(app) == [(live, "s1q1"), (live, "s1q2")]  # the start-up pass: live sessions only
    with app.app_context():
        for question_id in ("s1q1", "s1q2"):
            theme_state.record_run(
                db.session, live, question_id, theme_state.answer_stamp(db.session, live, question_id)
            )
        db.session.commit()
    assert stale(app, live) == [] and stale(app) == []
    with app.app_context():
        session = sessions.get_session(db.session, live)
        _, participant, _ = sessions.join(db.session, session.code, None)
        answer, _ = submit_answer(db.session, session, participant.id, "s1q2", "one more", "new-1")
        db.session.commit()
    assert stale(app, live) == ["s1q2"]  # one more answer
    with app.app_context():
        theme_state.record_run(db.session, live, "s1q2", theme_state.answer_stamp(db.session, live, "s1q2"))
        db.session.commit()
        assert stale(app, live) == []
        session = sessions.get_session(db.session, live)
        submit_answer(db.session, session, participant.id, "s1q2", "changed my mind", "new-2")
        db.session.commit()
    assert stale(app, live) == ["s1q2"]  # same count, a newer change


@pytest.mark.live
def test_a_server_started_after_a_crash_computes_the_missing_themes(app):
    """As a server killed mid-recompute leaves it: a live session with 12 answers, no themes."""
    token = make_facilitator(app)
    live = new_session(app, {"s1q1": TEXTS, "s1q2": TEXTS[:2]})
    ended = new_session(app, {"s1q1": TEXTS[:6]}, end=True)
    path = database(app)
    assert theme_count(path, live, "s1q1") == 0 and runs(path, live) == {}
    server = serve(app)
    host = None
    try:
        # No answer arrives and no screen connects: the start-up pass alone computes them.
        assert wait_for(lambda: runs(path, live) == {"s1q1": 12, "s1q2": 2}, timeout=90), server.output
        assert theme_count(path, live, "s1q1") >= 2
        assert theme_count(path, live, "s1q2") == 0  # fewer than 3 answers: a run, and no themes
        # Only live sessions are caught up at start; the same pass just computed the live one.
        assert runs(path, ended) == {}
        host, events = dashboard(server, token)
        state = host.call("host", {"session_id": live}, timeout=10)["state"]
        assert len(state["themes"]["s1q1"]["themes"]) >= 2 and state["themes"]["s1q1"]["answers"] == 12
        # An ended session's dashboard catches up too, when it is opened.
        assert host.call("host", {"session_id": ended}, timeout=10)["ok"]
        assert wait_for(lambda: any(e["question_id"] == "s1q1" and e["answers"] == 6 for e in events), timeout=90)
        assert runs(path, ended) == {"s1q1": 6}
    finally:
        if host is not None:
            disconnect_all([host])
        server.stop()
    assert stale(app, live) == [] and stale(app, ended) == []
    assert not [line for line in server.output if "Traceback" in line], server.output


def insert_behind_the_back(path, session_id, texts) -> None:
    """Participants and answers written straight into SQLite, as if their request was lost."""
    now = datetime.now(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(path, timeout=10) as conn:
        for text in texts:
            participant = uuid.uuid4().hex
            conn.execute(
                "INSERT INTO participants (id, session_id, token_hash) VALUES (?, ?, ?)",
                (participant, session_id, uuid.uuid4().hex + uuid.uuid4().hex),
            )
            conn.execute(
                "INSERT INTO answers (session_id, participant_id, question_id, text, client_id, updated_at) "
                "VALUES (?, ?, 's1q1', ?, ?, ?)",
                (session_id, participant, text, uuid.uuid4().hex, now),
            )


@pytest.mark.live
def test_answers_stored_behind_the_servers_back_get_themes_when_a_dashboard_hosts(app):
    token = make_facilitator(app)
    first, second = new_session(app, {}), new_session(app, {})
    # Stale when the server starts: once its themes have a run, the server's start-up pass
    # (a background task) has looked for stale questions, so what is inserted next is
    # found only by hosting (without this, the pass could race the inserts).
    sentinel = new_session(app, {"s1q1": TEXTS[:2]})
    path = database(app)
    server = serve(app)
    hosts = []
    try:
        assert wait_for(lambda: runs(path, sentinel) == {"s1q1": 2}, timeout=60), server.output
        insert_behind_the_back(path, first, TEXTS)
        insert_behind_the_back(path, second, TEXTS[:9])
        assert stale(app) == [(first, "s1q1"), (second, "s1q1")]
        host, events = dashboard(server, token)
        hosts.append(host)
        state = host.call("host", {"session_id": first}, timeout=10)["state"]
        assert state["themes"]["s1q1"]["answers"] == 12 and state["themes"]["s1q1"]["themes"] == []
        assert wait_for(lambda: any(e["answers"] == 12 and len(e["themes"]) >= 2 for e in events), timeout=90), events
        assert runs(path, first) == {"s1q1": 12}
        # Only the hosted session was recomputed (the other one is just as stale).
        assert runs(path, second) == {} and stale(app) == [(second, "s1q1")]
        other, other_events = dashboard(server, token)
        hosts.append(other)
        assert other.call("host", {"session_id": second}, timeout=10)["ok"]
        assert wait_for(lambda: any(e["answers"] == 9 and e["themes"] for e in other_events), timeout=90), other_events
        assert runs(path, second) == {"s1q1": 9} and stale(app) == []
        # Hosting again asks for nothing: the themes are current.
        assert host.call("host", {"session_id": first}, timeout=10)["ok"]
        assert stale(app) == []
    finally:
        disconnect_all(hosts)
        server.stop()


@pytest.mark.live
def test_the_scale_out_theme_worker_catches_up_at_its_start(app, redis_url):
    """With Redis, `fulcrum themes` is the one process that computes themes: it does the start-up pass."""
    from server.extensions import db

    make_facilitator(app)
    live = new_session(app, {"s1q1": TEXTS[:8]})
    ended = new_session(app, {"s1q1": TEXTS[:8]}, end=True)
    path = database(app)
    with app.app_context():
        db.engine.dispose()
    env = server_env(app.config["SQLALCHEMY_DATABASE_URI"], SOCKETIO_MESSAGE_QUEUE=redis_url)
    worker, output = start_process(["themes"], env, "Theme worker ready")
    try:
        assert wait_for(lambda: runs(path, live) == {"s1q1": 8}, timeout=90), output
        assert theme_count(path, live, "s1q1") >= 2
        assert runs(path, ended) == {}  # live sessions only, as with `fulcrum serve`
    finally:
        worker.terminate()
        worker.wait(10)
