"""Share links: read-only, expiring, revocable links to a session's anonymized report.

A link's URL carries the row id signed with the app's secret key (itsdangerous), so a
guessed or altered token is refused before the database is asked; the row decides
whether the link still works (expiry, revocation) and dies with its session.
"""

import logging
import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, Signer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import ShareLink, WorkshopSession, utcnow
from .errors import DomainError
from .values import whole_number

DEFAULT_DAYS = 14
MAX_DAYS = 365
SALT = "fulcrum.share-link"  # tokens signed for anything else never open a report
log = logging.getLogger(__name__)


def expiry_days(value) -> int:
    """`expires_in_days` as given by a client: a whole number of days from 1 to 365."""
    if value is None:
        return DEFAULT_DAYS
    return whole_number(value, "expires_in_days (days)", 1, MAX_DAYS, field="expires_in_days")


def create_share(db: Session, session: WorkshopSession, days=None, now: datetime | None = None) -> ShareLink:
    now = now or utcnow()
    link = ShareLink(
        id=secrets.token_hex(16),
        session_id=session.id,
        created_at=now,
        expires_at=now + timedelta(days=expiry_days(days)),
    )
    db.add(link)
    db.flush()
    log.info("session %s: share link created (%s days)", session.id, (link.expires_at - now).days)
    return link


def list_shares(db: Session, session: WorkshopSession) -> list[ShareLink]:
    return list(
        db.scalars(
            select(ShareLink)
            .where(ShareLink.session_id == session.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id)
        )
    )


def revoke_share(db: Session, session: WorkshopSession, share_id) -> ShareLink:
    link = db.get(ShareLink, share_id) if isinstance(share_id, str) else None
    if link is None or link.session_id != session.id:
        raise DomainError("not_found", f"This session has no share link {share_id!r}.")
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.flush()
        log.info("session %s: share link revoked", session.id)
    return link


def link_state(link: ShareLink, now: datetime | None = None) -> str:
    """active | expired | revoked"""
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if link.expires_at <= (now or utcnow()) else "active"


def sign(secret_key: str, share_id: str) -> str:
    return Signer(secret_key, salt=SALT).sign(share_id).decode()


def resolve(db: Session, secret_key: str, token: str, now: datetime | None = None) -> WorkshopSession:
    """The session a share token opens; `not_found` for a bad signature or a link
    (or session) that no longer exists, `share_expired` / `share_revoked` for dead links."""
    try:
        share_id = Signer(secret_key, salt=SALT).unsign(token).decode()
    except (BadSignature, UnicodeError):
        raise DomainError("not_found", "This share link does not exist.") from None
    link = db.get(ShareLink, share_id)
    if link is None:
        raise DomainError("not_found", "This share link does not exist.")
    state = link_state(link, now)
    if state == "revoked":
        raise DomainError("share_revoked", "This link has been turned off by the facilitator.")
    if state == "expired":
        raise DomainError("share_expired", "This link has expired; ask the facilitator for a new one.")
    session = db.get(WorkshopSession, link.session_id)
    if session is None:
        raise DomainError("not_found", "This share link does not exist.")
    return session
