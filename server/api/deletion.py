"""Deleting a session, for its owner (auth: routes.authenticate)."""
from flask import g

from ..domain import sessions
from ..extensions import db
from ..live import delete_session as delete_for_good
from . import bp


@bp.delete("/sessions/<int:session_id>")
def delete_session(session_id):
    delete_for_good(sessions.get_owned_session(db.session, session_id, g.facilitator))
    return "", 204
