"""Messages from the server to the people in a room, shared by the socket events and the API.

Participants of session N are in the Socket.IO room "p-N", its facilitator screens in "h-N".
"""
from .extensions import socketio


def participants_room(session_id: int) -> str:
    return f"p-{session_id}"


def hosts_room(session_id: int) -> str:
    return f"h-{session_id}"


def broadcast_step(session_id: int, step: dict) -> None:
    socketio.emit("step", step, to=participants_room(session_id))
    socketio.emit("step", step, to=hosts_room(session_id))


def broadcast_ended(session_id: int) -> None:
    socketio.emit("ended", {}, to=participants_room(session_id))
    socketio.emit("ended", {}, to=hosts_room(session_id))
