"""Room actions: each validates through the domain, commits, and then tells the rooms
(rooms.py). Socket handlers, pages, the JSON API and the CLI call these and only
translate in and out, so an action behaves the same from every edge."""

from flask import current_app

from ..domain import sessions, theme_edits, theme_state
from ..domain.errors import DomainError
from ..domain.sessions import delete_session as delete_rows
from ..extensions import db, socketio
from ..store.models import WorkshopSession
from . import rehearsal, rooms
from .presence import presence
from .writing import writing

PRESENCE_DELAY = 0.25  # seconds: a room joining at once gives the dashboard a few updates, not one per phone
COUNTS_DELAY = 0.5  # seconds: a room answering at once moves the projector's counts twice a second at most
_presence_due: set[int] = set()
_counts_due: set[int] = set()
PROGRESS_DELAY = 1.0  # seconds: hosts hear where self-paced phones are at most once a second
_questions: dict[int, frozenset[str]] = {}  # session → its question ids, for writing hints
_progress_due: set[int] = set()


def goto(session: WorkshopSession, index) -> dict:
    """Move the room. A running timer keeps timing its own step (TIMER's `index`), so a
    look back at an earlier step does not stop it."""
    step = sessions.goto(db.session(), session, index)
    db.session.commit()  # durable before anyone is told: a phone that rejoins lands here
    rooms.send_step(session, step)
    if session.practice:
        rehearsal.step_opened(session, step["index"])
    return step


def end(session: WorkshopSession) -> None:
    sessions.end_session(db.session(), session)
    db.session.commit()
    rooms.send_ended(session.id)


def delete(session: WorkshopSession) -> None:
    """Delete a session for good; a live room hears `ended` once the delete is committed."""
    session_id, was_live = session.id, session.is_live
    delete_rows(db.session(), session)
    db.session.commit()
    if was_live:
        rooms.send_ended(session_id)


def reveal(session: WorkshopSession, question_id, quotes=False) -> None:
    sessions.reveal(db.session(), session, question_id, quotes)
    db.session.commit()
    rooms.send_reveal(session)


def show_join(session: WorkshopSession, shown) -> None:
    sessions.show_join(db.session(), session, shown)
    db.session.commit()
    rooms.send_join_shown(session)


# Theme edits: stored at once (each one undoable), then every host screen gets the
# question's themes again. They stick through later recomputes (domain/theme_edits.py).


def rename_theme(session: WorkshopSession, theme_id, label) -> None:
    _themes_changed(session, theme_edits.rename_theme(db.session(), session, theme_id, label))


def merge_themes(session: WorkshopSession, theme_id, into) -> None:
    _themes_changed(session, theme_edits.merge_themes(db.session(), session, theme_id, into))


def move_answers(session: WorkshopSession, answer_ids, theme_id) -> None:
    _themes_changed(session, theme_edits.move_answers(db.session(), session, answer_ids, theme_id))


def new_theme(session: WorkshopSession, answer_ids, label) -> int:
    row = theme_edits.new_theme(db.session(), session, answer_ids, label)
    _themes_changed(session, row.question_id)
    return row.id


def split_theme(session: WorkshopSession, theme_id, answer_ids, label) -> int:
    row = theme_edits.split_theme(db.session(), session, theme_id, answer_ids, label)
    _themes_changed(session, row.question_id)
    return row.id


def undo_theme_edit(session: WorkshopSession, question_id) -> str:
    what = theme_edits.undo(db.session(), session, question_id)
    _themes_changed(session, question_id)
    return what


def redo_theme_edit(session: WorkshopSession, question_id) -> str:
    what = theme_edits.redo(db.session(), session, question_id)
    _themes_changed(session, question_id)
    return what


def regroup(session: WorkshopSession, question_id, confirm) -> None:
    """Drop the question's edits by hand (with the facilitator's yes) and group it afresh."""
    question_id = theme_edits.regroup(db.session(), session, question_id, confirm)
    _themes_changed(session, question_id)
    current_app.extensions["themes"].request(session.id, question_id)


def _themes_changed(session: WorkshopSession, question_id: str) -> None:
    db.session.commit()
    rooms.send_themes(session, question_id)


def hosted(session: WorkshopSession, view: str) -> dict:
    """A screen starts hosting: its state, by view. A dashboard also asks for the themes
    that a crash or a lost request left behind their answers; they follow the ack."""
    if view == "projector":
        return rooms.projector_view(session)
    state = rooms.host_view(session)
    for question_id in theme_state.stale_questions(db.session(), session):
        current_app.extensions["themes"].request(session.id, question_id)
    return state


# Presence: who is connected, told to the hosts soon after it changes, coalescing a
# room joining at once into a few updates.


def joined(sid: str, session: WorkshopSession, participant_id: str, left_session: int | None = None) -> None:
    if session.id not in _questions:
        if len(_questions) > 512:
            _questions.clear()
        _questions[session.id] = frozenset(q.id for s in sessions.worksheet_of(session).steps for q in s.questions)
    presence.add(sid, session.id, participant_id)
    announce_presence(session.id)
    if session.pacing == "self":
        progress_soon(session.id)
    if left_session is not None:
        announce_presence(left_session)


def left(sid: str) -> None:
    writing.clear(sid)
    session_id = presence.remove(sid)
    if session_id is not None:
        announce_presence(session_id)
        progress_soon(session_id)  # sent only if the session is self-paced


def announce_presence(session_id: int) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    soon(_presence_due, session_id, PRESENCE_DELAY, lambda: _send_presence(app, session_id))


def _send_presence(app, session_id: int) -> None:
    with app.app_context():
        rooms.send_presence(session_id, presence.count(session_id))


def soon(due: set[int], session_id: int, delay: float, send) -> None:
    """Run `send` once, `delay` from now, however often this is asked meanwhile."""
    if session_id in due:
        return
    due.add(session_id)

    def later():
        socketio.sleep(delay)
        due.discard(session_id)
        send()

    socketio.start_background_task(later)


def progress_soon(session_id: int) -> None:
    """Tell the hosts and projectors where a self-paced session's phones are, soon."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send():
        with app.app_context():
            session = db.session.get(WorkshopSession, session_id)
            if session is not None and session.pacing == "self":
                rooms.send_progress(session_id, presence.members(session_id))

    soon(_progress_due, session_id, PROGRESS_DELAY, send)


# Answers and writing hints: counts only, for the projector and the hosts.


def answers_stored(session_id: int, answer_ids: set[int] | None = None) -> None:
    """A batch of a session's answers is committed (live/answers.py): the projector's counts
    follow, and its spotlight if the spotlit answer was revised."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if answer_ids:
        session = db.session.get(WorkshopSession, session_id)
        if session is not None and session.spotlight_answer in answer_ids:
            rooms.send_spotlight(session)

    def send():
        with app.app_context():
            rooms.send_counts(session_id)

    soon(_counts_due, session_id, COUNTS_DELAY, send)


def writing_hint(sid: str, session_id: int, participant_id: str, question_id) -> None:
    """A phone says its person is typing an answer to `question_id` (never what). Checked
    against the questions remembered at join: hints are frequent, and cost no query."""
    if not isinstance(question_id, str) or question_id not in _questions.get(session_id, ()):
        message = f"This session has no question {str(question_id)[:40]!r}."
        raise DomainError("bad_request", message, field="question_id")
    writing.mark(sid, session_id, participant_id, question_id)


def answered(sid: str, question_id) -> None:
    """An answer of this socket's participant is stored: they are no longer writing it."""
    if isinstance(question_id, str):
        writing.clear(sid, question_id)
