from flask import current_app, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from ..domain import library, reports, sessions
from ..domain.accounts import facilitator_for_token
from ..domain.errors import DomainError
from ..domain.formats import utc_iso
from ..downloads import report_download
from ..extensions import db
from ..live import actions
from ..live.presence import presence
from ..live.rooms import session_summary
from ..urls import host_url, join_url
from . import bp

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def authenticate():
    """Bearer token first, else the facilitator's session cookie — which may change
    things only from our own pages (see `same_site`)."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        g.facilitator = facilitator_for_token(db.session, token.strip()) if scheme.lower() == "bearer" else None
        if g.facilitator is None:
            raise DomainError("unauthorized", "The API token is not valid.")
    elif current_user.is_authenticated:
        if request.method in UNSAFE_METHODS:
            same_site()
        g.facilitator = current_user
    else:
        raise DomainError("unauthorized", "Send `Authorization: Bearer TOKEN` or log in.")


def same_site() -> None:
    """A browser sends the login cookie with any site's form or script, so a cookie alone
    proves nothing: a state change must carry the CSRF token, or be JSON (which a
    cross-site form cannot send) with an Origin of this site."""
    token = request.headers.get("X-CSRFToken")
    if token:
        try:
            validate_csrf(token)
            return
        except ValidationError:
            raise DomainError("csrf_failed", "The X-CSRFToken header is not valid; reload the page.") from None
    origin = request.headers.get("Origin", "")
    ours = {request.host_url.rstrip("/"), origin_of(current_app.config["PUBLIC_URL"])}
    if request.mimetype != "application/json" or origin not in ours:
        raise DomainError(
            "csrf_failed",
            "A logged-in browser can change things through the API only from "
            "Fulcrum's own pages (JSON with this site's Origin, or the "
            "X-CSRFToken header); scripts use an API token.",
        )


def origin_of(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if rest else ""


def json_body(empty_ok: bool = False) -> dict:
    if empty_ok and not request.content_length:
        return {}
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested thousands deep: not a body we could mean
        body = None
    if not isinstance(body, dict):
        raise DomainError(
            "bad_request", "The request body must be a JSON object" + (" (or empty)." if empty_ok else ".")
        )
    return body


def session_state(session) -> dict:
    return {
        **session_summary(session),
        "worksheet": session.worksheet_slug,
        "step": sessions.step_payload(session),
        "participants": presence.count(session.id),
        "host_url": host_url(session.id),
        "created_at": utc_iso(session.created_at),
    }


@bp.post("/sessions")
def create_session():
    body = json_body()
    slug, title = body.get("worksheet"), body.get("title")
    if not isinstance(slug, str):
        raise DomainError("bad_request", "`worksheet` must be a worksheet slug (see GET /api/v1/worksheets).")
    if title is not None and not isinstance(title, str):
        raise DomainError("bad_request", "`title` must be a string.")
    worksheet = library.find(db.session, current_app.extensions["worksheets"], g.facilitator, slug).worksheet
    session = sessions.start_session(
        db.session,
        g.facilitator,
        worksheet,
        title,
        body.get("min_group"),
        body.get("pacing", "facilitator"),
        body.get("practice", False),
        body.get("share"),
    )
    db.session.commit()
    return jsonify(session_links(session)), 201


def session_links(session) -> dict:
    """A new session, as POST /sessions and /worksheets/<slug>/rehearse answer."""
    links = {"join_url": join_url(session.code), "host_url": host_url(session.id)}
    return {"id": session.id, "code": session.code, **links}


@bp.get("/sessions")
def list_sessions():
    return jsonify([session_state(s) for s in sessions.list_sessions(db.session, g.facilitator)])


@bp.get("/sessions/<int:session_id>")
def get_session(session_id):
    return jsonify(session_state(sessions.get_owned_session(db.session, session_id, g.facilitator)))


@bp.post("/sessions/<int:session_id>/end")
def end_session(session_id):
    session = sessions.get_owned_session(db.session, session_id, g.facilitator)
    actions.end(session)
    return jsonify(session_state(session))


@bp.get("/sessions/<int:session_id>/report")
def report(session_id):
    session = sessions.get_owned_session(db.session, session_id, g.facilitator)
    return jsonify(reports.build_report(db.session, session))


@bp.get("/sessions/<int:session_id>/report.<extension>")
def report_export(session_id, extension):
    session = sessions.get_owned_session(db.session, session_id, g.facilitator)
    return report_download(reports.build_report(db.session, session), extension)
