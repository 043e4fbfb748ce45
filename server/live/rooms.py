"""Every message the server sends to a room leaves from here, and this module decides what
each kind of screen may see.

Session N has three Socket.IO rooms: its participants' phones ("p-N"), its facilitator
screens ("h-N") and its projectors ("v-N"). The projector is shown to the whole room, so
it gets its own, smaller messages: no answers, and themes only as
`theme_state.projector_view` allows (minimum group size, scrubbed labels). Checking "what
may the projector receive" means reading this file alone.
"""

from ..domain import controls, sessions, theme_state
from ..domain.answers import answer_counts, answer_event, count_participants, session_answers
from ..domain.distribution import chart_event, projector_chart, session_charts
from ..extensions import db, socketio
from ..store.models import Answer, WorkshopSession
from ..urls import join_url
from .presence import presence
from .writing import writing


def participants_room(session_id: int) -> str:
    return f"p-{session_id}"


def hosts_room(session_id: int) -> str:
    return f"h-{session_id}"


def projectors_room(session_id: int) -> str:
    return f"v-{session_id}"


def every_room(session_id: int) -> list[str]:
    return [participants_room(session_id), hosts_room(session_id), projectors_room(session_id)]


def screens(session_id: int) -> list[str]:
    """The facilitator's screens and the projectors."""
    return [hosts_room(session_id), projectors_room(session_id)]


# What a screen receives when it hosts (the ack of `host`).


def session_summary(session: WorkshopSession) -> dict:
    """The session as every facilitator screen and the API show it."""
    return {
        "id": session.id,
        "title": session.title,
        "code": session.code,
        "status": session.status,
        "join_url": join_url(session.code),
        "min_group": session.min_group,
        "pacing": session.pacing,
        "practice": session.practice,
    }


def host_view(session: WorkshopSession) -> dict:
    """The dashboard's whole state: steps, answers (raw: it is the facilitator's own
    screen), themes, the connected count."""
    worksheet = sessions.worksheet_of(session)
    return {
        "session": {**session_summary(session), "worksheet": worksheet.title},
        "steps": [host_step(s) for s in worksheet.steps],
        "step": sessions.step_payload(session),
        "participants": presence.count(session.id),
        "answers": [answer_event(a) for a in session_answers(db.session(), session)],
        "themes": theme_state.session_themes(db.session(), session),
        "charts": session_charts(db.session(), session),
        **_screen_state(session),
        "joined": count_participants(db.session(), session.id),
        "writing": writing.counts(session.id),
        "spotlight": session.spotlight_answer,
    }


def host_step(step) -> dict:
    """A step as the dashboard lists it: with the facilitator's notes and suggested minutes,
    which go to the facilitator's screens alone (never to phones, projectors or reports)."""
    return {
        "index": step.index,
        "title": step.title,
        "notes": step.notes,
        "minutes": step.minutes,
        "questions": [q.payload() for q in step.questions],
    }


def projector_view(session: WorkshopSession) -> dict:
    """What a projector needs: no answers (counts of them only), and only the revealed
    question's themes."""
    themes = _projector_themes(session)
    return {
        "session": session_summary(session),
        "step": sessions.step_payload(session),
        "participants": presence.count(session.id),
        "themes": {session.revealed_question: themes} if themes else {},
        "chart": _projector_chart(session),
        **_screen_state(session),
        "steps": [{"index": s.index, "title": s.title} for s in sessions.worksheet_of(session).steps],
        "prompt": _revealed_prompt(session),
        "counts": answer_counts(db.session(), session.id),
        "spotlight": controls.spotlight_view(db.session(), session),
    }


def _screen_state(session: WorkshopSession) -> dict:
    """What the facilitator chose to show the room, how far the session has got, and the
    controls every screen shows (timer, closed steps, pacing, a scheduled end)."""
    return {
        "revealed": session.revealed_question,
        "quotes": session.reveal_quotes,
        "join_shown": session.join_shown,
        "reached": session.reached_step,
        "timer": controls.timer_view(session),
        "locked": list(session.locked_steps or ()),
        "pacing": session.pacing,
        "closing": controls.closing_view(session),
        "progress": _progress(session),
    }


def _progress(session: WorkshopSession) -> list[dict]:
    return controls.progress(db.session(), session.id, presence.members(session.id)) if session.pacing == "self" else []


def _revealed_prompt(session: WorkshopSession) -> str | None:
    question_id = session.revealed_question
    return sessions.worksheet_of(session).prompt(question_id) if question_id else None


def _projector_themes(session: WorkshopSession) -> dict | None:
    question_id = session.revealed_question
    question = sessions.worksheet_of(session).question(question_id) if question_id else None
    if question is None or question.kind != "text":
        return None  # a scale's or choice's reveal is its chart
    return theme_state.projector_event(db.session(), session, question.id)


def _projector_chart(session: WorkshopSession) -> dict | None:
    """The revealed scale's or choice's chart, as the room may see it."""
    event = chart_event(db.session(), session, session.revealed_question) if session.revealed_question else None
    return projector_chart(event) if event else None


# Pushes, each after the change it announces is committed.


def send_step(session: WorkshopSession, step: dict) -> None:
    # One emit to the rooms: encoded once, one publish through Redis, each socket once.
    # Self-paced phones move themselves: the facilitator's step is for the screens only.
    rooms = every_room(session.id) if session.pacing != "self" else screens(session.id)
    socketio.emit("step", step, to=rooms)


def send_ended(session_id: int) -> None:
    socketio.emit("ended", {}, to=every_room(session_id))


def send_presence(session_id: int, participants: int) -> None:
    """Connected now and ever joined: counts only."""
    event = {"participants": participants, "joined": count_participants(db.session(), session_id)}
    socketio.emit("presence", event, to=screens(session_id))


def send_answers(session_id: int, answers: list[Answer]) -> None:
    """New or revised answers: to the facilitator's screens only."""
    socketio.emit("answers", {"answers": [answer_event(a) for a in answers]}, to=hosts_room(session_id))


def send_themes(session: WorkshopSession, question_id: str, texts: dict[int, str] | None = None) -> None:
    """A question's themes, to hosts and (if it is the revealed one) projectors; `texts`,
    the question's answers by id, when the caller has just read them."""
    event = theme_state.themes_event(db.session(), session, question_id, texts)
    socketio.emit("themes", event, to=hosts_room(session.id))
    if session.revealed_question == question_id:  # the projector hears only of what it shows
        projector_event = theme_state.projector_view(event, session.reveal_quotes)
        socketio.emit("themes", projector_event, to=projectors_room(session.id))


def send_chart(session: WorkshopSession, question_id: str) -> None:
    """A scale's or choice's counts, to hosts and (if it is the revealed one, and withheld
    below min_group) projectors."""
    event = chart_event(db.session(), session, question_id)
    if event is None:
        return
    socketio.emit("chart", event, to=hosts_room(session.id))
    if session.revealed_question == question_id:
        socketio.emit("chart", projector_chart(event), to=projectors_room(session.id))


def send_reveal(session: WorkshopSession) -> None:
    reveal = {"question_id": session.revealed_question, "quotes": session.reveal_quotes}
    socketio.emit("reveal", reveal, to=hosts_room(session.id))
    projector = {
        **reveal,
        "prompt": _revealed_prompt(session),
        "themes": _projector_themes(session),
        "chart": _projector_chart(session),
    }
    socketio.emit("reveal", projector, to=projectors_room(session.id))


def send_join_shown(session: WorkshopSession) -> None:
    socketio.emit("join", {"shown": session.join_shown}, to=screens(session.id))


def send_counts(session_id: int) -> None:
    """How many answered each question (counts only), to the projectors."""
    socketio.emit("counts", answer_counts(db.session(), session_id), to=projectors_room(session_id))


def send_writing(session_id: int, counts: dict[str, int]) -> None:
    """Who is writing which question (counts only), to the hosts."""
    socketio.emit("writing", counts, to=hosts_room(session_id))


# Facilitation controls (live/controls.py): each told to every screen that shows it.


def send_timer(session: WorkshopSession) -> dict:
    timer = controls.timer_view(session)
    socketio.emit("timer", timer, to=every_room(session.id))
    return timer


def send_locked(session: WorkshopSession) -> None:
    socketio.emit("locked", {"steps": list(session.locked_steps or ())}, to=every_room(session.id))


def send_spotlight(session: WorkshopSession) -> None:
    """Hosts hear which answer; projectors only its scrubbed text and question, never an id."""
    socketio.emit("spotlight", {"answer_id": session.spotlight_answer}, to=hosts_room(session.id))
    shown = controls.spotlight_view(db.session(), session) or {"text": None, "question": None}
    socketio.emit("spotlight", shown, to=projectors_room(session.id))


def send_pacing(session: WorkshopSession) -> None:
    socketio.emit("pacing", {"mode": session.pacing}, to=every_room(session.id))


def send_closing(session: WorkshopSession) -> None:
    socketio.emit("closing", controls.closing_view(session), to=every_room(session.id))


def send_progress(session_id: int, connected: set[str]) -> None:
    """How many connected phones are on each step (counts only), to hosts and projectors."""
    steps = controls.progress(db.session(), session_id, connected)
    socketio.emit("progress", {"steps": steps}, to=screens(session_id))
