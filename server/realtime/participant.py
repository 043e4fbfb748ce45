"""Events from phones: join, answer, view (self pacing), writing; and presence on disconnect."""

from flask import current_app, request
from flask import session as socket_session
from flask_socketio import join_room, leave_room

from ..domain import controls as room_controls
from ..domain import sessions
from ..domain.answers import Submission, answers_of_participant
from ..domain.codes import MAX_CODE
from ..domain.errors import DomainError
from ..extensions import db, socketio
from ..live import actions, controls
from ..live.rooms import participants_room
from ..ratelimit import client_address, forget, guard_room_lookup, hit
from .acks import client_event, ok

MAX_TOKEN = 128


@client_event(socketio, "join", limit="10/minute")
def join(data):
    code, token = data.get("code"), data.get("token")
    if not isinstance(code, str) or len(code) > MAX_CODE:
        raise DomainError("bad_request", "`code` must be the room code as a string.")
    if token is not None and (not isinstance(token, str) or len(token) > MAX_TOKEN):
        raise DomainError("bad_request", "`token` must be the resume token this server gave you.")
    hit("3000/minute", "join", client_address())  # a whole venue behind one address still gets in
    session, participant, token = guard_room_lookup(lambda: sessions.join(db.session, code, token))
    db.session.commit()
    previous = socket_session.get("participant")
    left = previous["session_id"] if previous and previous["session_id"] != session.id else None
    if left is not None:
        leave_room(participants_room(left))
    socket_session["participant"] = {"id": participant.id, "session_id": session.id}
    join_room(participants_room(session.id))
    actions.joined(request.sid, session, participant.id, left)
    texts, values, shares = answers_of_participant(db.session, participant.id)
    return ok(
        token=token,
        session={
            "title": session.title,
            "code": session.code,
            "practice": session.practice,
            "min_group": session.min_group,  # for the phone's "shown once N people have answered"
        },
        step=room_controls.participant_step(db.session, session, participant.id),
        worksheet=sessions.worksheet_outline(session),
        answers=texts,
        values=values,
        shares=shares,
        timer=room_controls.timer_view(session),
        locked=list(session.locked_steps or ()),
        pacing=session.pacing,
        closing=room_controls.closing_view(session),
    )


@client_event(socketio, "answer")
def answer(data):
    who = socket_session.get("participant")
    if not who:
        raise DomainError("not_joined", "Join a session before answering.")
    # Also across one participant's sockets; 30 at once leaves room for an outbox flush.
    hit("30/10 seconds;120/minute", "answer", who["id"])
    # Acked once committed: the writer stores it with the answers arriving alongside.
    answer_id, share = current_app.extensions["answer_writer"].submit(
        Submission(
            who["session_id"],
            who["id"],
            data.get("question_id"),
            data.get("text"),
            data.get("client_id"),
            data.get("value"),
            data.get("choices"),
            data.get("share"),
        )
    )
    actions.answered(request.sid, data.get("question_id"))
    return ok(id=answer_id, share=share)


@client_event(socketio, "view")
def view(data):
    """A self-paced phone moves itself to step `index`."""
    who = socket_session.get("participant")
    if not who:
        raise DomainError("not_joined", "Join a session first.")
    session = sessions.get_session(db.session, who["session_id"])
    return ok(step=controls.view(session, who["id"], data.get("index")))


@client_event(socketio, "writing")
def writing(data):
    """A hint that someone is typing (no text): hosts see "3 writing…"."""
    who = socket_session.get("participant")
    if not who:
        raise DomainError("not_joined", "Join a session first.")
    actions.writing_hint(request.sid, who["session_id"], who["id"], data.get("question_id"))
    return ok()


@socketio.on("*")
def unknown_event(event, *_args):
    """Events nobody handles still get an ack, so a client never waits in vain."""
    return {"ok": False, "error": {"code": "unknown_event", "message": f"There is no event {str(event)[:40]!r}."}}


@socketio.on("disconnect")
def disconnect(*_reason):
    forget(request.sid)  # its per-socket rate-limit windows; a socket id never comes back
    actions.left(request.sid)
