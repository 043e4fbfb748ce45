"""Absolute addresses shown to people: join links, QR codes, host links."""

from flask import current_app, request, url_for

from .domain.shares import sign


def public_url(endpoint: str, **values) -> str:
    base = current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


def join_url(code: str) -> str:
    return public_url("participant.join_code", code=code)


def host_url(session_id: int) -> str:
    return public_url("facilitator.dashboard", session_id=session_id)


def share_url(share_id: str) -> str:
    """The reviewer's address: the link id signed with SECRET_KEY (domain/shares.py)."""
    return public_url("shares.shared_report", token=sign(current_app.config["SECRET_KEY"], share_id))
