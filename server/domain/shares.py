"""Share links: read-only, expiring, revocable links to a session's anonymized report.

A link's URL carries the row id signed with the app's secret key (itsdangerous), so a
guessed or altered token is refused before the database is asked; the row decides
whether the link still works (expiry, revocation) and dies with its session. A link may
carry a label for its owner ("for the supervisor") and counts how often its page was
opened, and when last: counts only, never who opened it or from where.
"""

import logging
import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, Signer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..store.models import ShareLink, WorkshopSession, utcnow
from .errors import DomainError
from .values import check_text, whole_number

DEFAULT_DAYS = 14
MAX_DAYS = 365
MAX_LABEL = 80  # the column's width; the shares page's input learns it as its maxlength
SALT = "fulcrum.share-link"  # tokens signed for anything else never open a report
log = logging.getLogger(__name__)


def expiry_days(value) -> int:
    """`expires_in_days` as given by a client: a whole number of days from 1 to 365."""
    if value is None:
        return DEFAULT_DAYS
    return whole_number(value, "expires_in_days (days)", 1, MAX_DAYS, field="expires_in_days")


def clean_label(value) -> str | None:
    """`label` as given by a client: a string, its whitespace collapsed to single spaces,
    at most MAX_LABEL characters; empty (or null) means no label."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise DomainError("bad_request", "`label` must be a string.", field="label")
    label = " ".join(value.split())
    if len(label) > MAX_LABEL:
        raise DomainError("too_long", f"The label is longer than {MAX_LABEL} characters.", field="label")
    return check_text(label, "The label", field="label") or None


def create_share(
    db: Session, session: WorkshopSession, days=None, now: datetime | None = None, *, label=None
) -> ShareLink:
    now = now or utcnow()
    link = ShareLink(
        id=secrets.token_hex(16),
        session_id=session.id,
        created_at=now,
        expires_at=now + timedelta(days=expiry_days(days)),
        label=clean_label(label),
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


def get_share(db: Session, session: WorkshopSession, share_id) -> ShareLink:
    """One of this session's links by id; `not_found` for any other id."""
    link = db.get(ShareLink, share_id) if isinstance(share_id, str) else None
    if link is None or link.session_id != session.id:
        raise DomainError("not_found", f"This session has no share link {share_id!r}.")
    return link


def revoke_share(db: Session, session: WorkshopSession, share_id) -> ShareLink:
    link = get_share(db, session, share_id)
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
    (or session) that no longer exists, `share_expired` / `share_revoked` for dead links.
    Its downloads resolve the same way, so a dead link refuses them just as it refuses the page."""
    return resolve_link(db, secret_key, token, now)[1]


def open_share(db: Session, secret_key: str, token: str, now: datetime | None = None) -> WorkshopSession:
    """As `resolve`, for the shared page itself: the opening is counted (views + 1, and
    when). Only the page counts, not its downloads, so "opened 3 times" means three visits.
    A single UPDATE, so two reviewers opening it at once both count."""
    now = now or utcnow()
    link, session = resolve_link(db, secret_key, token, now)
    db.execute(
        update(ShareLink)
        .where(ShareLink.id == link.id)
        .values(views=ShareLink.views + 1, last_viewed_at=now)
        .execution_options(synchronize_session=False)
    )
    return session


def resolve_link(
    db: Session, secret_key: str, token: str, now: datetime | None = None
) -> tuple[ShareLink, WorkshopSession]:
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
    return link, session
