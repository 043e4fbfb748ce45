"""Deleting a session, for its owner (auth: routes.authenticate)."""

from flask import g

from ..domain import sessions
from ..extensions import db
from ..live import actions
from . import bp


@bp.delete("/sessions/<int:session_id>")
def delete_session(session_id):
    actions.delete(sessions.get_owned_session(db.session, session_id, g.facilitator))
    return "", 204
