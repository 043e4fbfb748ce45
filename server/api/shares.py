"""Share links of a session, for its owner (auth: routes.authenticate)."""

from flask import g, jsonify

from ..domain import sessions, shares
from ..domain.formats import utc_iso
from ..extensions import db
from ..urls import share_url
from . import bp
from .routes import json_body


def share_state(link) -> dict:
    return {
        "id": link.id,
        "url": share_url(link.id),
        "created_at": utc_iso(link.created_at),
        "expires_at": utc_iso(link.expires_at),
        "revoked": link.revoked_at is not None,
        "state": shares.link_state(link),
        "label": link.label,
        "views": link.views,
        "last_viewed_at": utc_iso(link.last_viewed_at),
    }


@bp.post("/sessions/<int:session_id>/shares")
def create_share(session_id):
    session = sessions.get_owned_session(db.session, session_id, g.facilitator)
    body = json_body(empty_ok=True)
    link = shares.create_share(db.session, session, body.get("expires_in_days"), label=body.get("label"))
    db.session.commit()
    return jsonify(share_state(link)), 201


@bp.get("/sessions/<int:session_id>/shares")
def list_shares(session_id):
    session = sessions.get_owned_session(db.session, session_id, g.facilitator)
    return jsonify([share_state(link) for link in shares.list_shares(db.session, session)])


@bp.delete("/sessions/<int:session_id>/shares/<share_id>")
def revoke_share(session_id, share_id):
    session = sessions.get_owned_session(db.session, session_id, g.facilitator)
    shares.revoke_share(db.session, session, share_id)
    db.session.commit()
    return "", 204
