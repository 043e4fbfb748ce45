"""Messages from the server to the people in a room, shared by the socket events and the API.

Participants of session N are in the Socket.IO room "p-N", its facilitator screens in "h-N",
and its projectors in "v-N": the projector is shown to the room, so it gets its own, smaller
messages (no answers; themes only as theme_state.projector_event allows).
"""
from .domain.sessions import delete_session as delete_rows
from .extensions import db, socketio


def participants_room(session_id: int) -> str:
    return f"p-{session_id}"


def hosts_room(session_id: int) -> str:
    return f"h-{session_id}"


def projectors_room(session_id: int) -> str:
    return f"v-{session_id}"


def broadcast_step(session_id: int, step: dict) -> None:
    for room in (participants_room(session_id), hosts_room(session_id), projectors_room(session_id)):
        socketio.emit("step", step, to=room)


def broadcast_ended(session_id: int) -> None:
    for room in (participants_room(session_id), hosts_room(session_id), projectors_room(session_id)):
        socketio.emit("ended", {}, to=room)


def broadcast_presence(session_id: int, participants: int) -> None:
    for room in (hosts_room(session_id), projectors_room(session_id)):
        socketio.emit("presence", {"participants": participants}, to=room)


def delete_session(session) -> None:
    """Delete a session for good (API, web and `fulcrum purge` all come here). A live
    room hears `ended` once the delete is committed, so its phones and screens stop."""
    session_id, was_live = session.id, session.is_live
    delete_rows(db.session, session)
    db.session.commit()
    if was_live:
        broadcast_ended(session_id)
