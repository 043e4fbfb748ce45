"""Facilitator accounts, API tokens and the one-time setup link."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import ApiToken, Facilitator, SetupToken
from .codes import hash_token, new_token
from .errors import DomainError
from .values import check_text, is_id, unstorable

_hasher = PasswordHasher()
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
TOKEN_HINT = 6  # characters of a token kept in clear, to tell tokens apart in `fulcrum token list`


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def add_facilitator(db: Session, email: str, password: str) -> Facilitator:
    email = check_text(normalise_email(email), "The email address")
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise DomainError("bad_request", f"Not an email address: {email!r}")
    check_password(password)
    if find_facilitator(db, email):
        raise DomainError("conflict", f"A facilitator with the email {email} already exists.")
    facilitator = Facilitator(email=email, password_hash=_hasher.hash(password))
    db.add(facilitator)
    db.flush()
    return facilitator


def check_password(password: str) -> None:
    check_text(password or "", "The password")
    if len(password or "") < MIN_PASSWORD:
        raise DomainError("bad_request", f"The password needs at least {MIN_PASSWORD} characters.")


def find_facilitator(db: Session, email: str) -> Facilitator | None:
    return db.scalar(select(Facilitator).where(Facilitator.email == normalise_email(email)))


def authenticate(db: Session, email: str, password: str) -> Facilitator | None:
    facilitator = find_facilitator(db, email)
    if facilitator is None:
        _hasher.hash(password or "x")  # same work either way: no timing hint that the email exists
        return None
    try:
        _hasher.verify(facilitator.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return facilitator


def change_password(db: Session, facilitator: Facilitator, new_password: str) -> None:
    """A new password (same rules as a new account), and every login of the old one ends."""
    check_password(new_password)
    facilitator.password_hash = _hasher.hash(new_password)
    end_logins(db, facilitator)


# Logins: the cookie is signed, not stored, so the server cannot delete it. Its Flask-Login
# id is "<facilitator id>:<login epoch>" (Facilitator.get_id), and only the current epoch
# opens anything: bumping it ends every login of that facilitator, on every device.


def facilitator_for_login(db: Session, login: str) -> Facilitator | None:
    """The facilitator a login cookie's id speaks for, if that login has not been ended."""
    facilitator_id, _, epoch = (login or "").partition(":")
    if not (facilitator_id.isascii() and facilitator_id.isdigit() and epoch.isascii() and epoch.isdigit()):
        return None  # also ids from before epochs existed ("7"): those logins are over
    facilitator = db.get(Facilitator, int(facilitator_id)) if is_id(int(facilitator_id)) else None
    if facilitator is None or (facilitator.login_epoch or 0) != int(epoch):
        return None
    return facilitator


def end_logins(db: Session, facilitator: Facilitator) -> None:
    """End every login of this facilitator (logout, password change); API tokens stay valid."""
    facilitator.login_epoch = Facilitator.login_epoch + 1  # in SQL: two at once both count
    db.flush()


def create_api_token(db: Session, facilitator: Facilitator) -> str:
    token = new_token()
    db.add(ApiToken(facilitator_id=facilitator.id, token_hash=hash_token(token), hint=token[:TOKEN_HINT]))
    db.flush()
    return token


def list_api_tokens(db: Session, facilitator: Facilitator) -> list[ApiToken]:
    return list(db.scalars(select(ApiToken).where(ApiToken.facilitator_id == facilitator.id).order_by(ApiToken.id)))


def revoke_api_token(db: Session, token_id: int) -> Facilitator:
    """Delete the token: it stops working at once, for the API and for sockets that connect.
    Returns whose token it was."""
    row = db.get(ApiToken, token_id) if is_id(token_id) else None
    if row is None:
        raise DomainError("not_found", f"No API token with the id {token_id}.")
    owner = row.facilitator
    db.delete(row)
    db.flush()
    return owner


def facilitator_for_token(db: Session, token: str) -> Facilitator | None:
    if not token or unstorable(token):
        return None
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    return row.facilitator if row else None


def has_facilitators(db: Session) -> bool:
    return db.scalar(select(Facilitator.id).limit(1)) is not None


def create_setup_token(db: Session) -> str:
    """A fresh one-time link; earlier unused links stop working."""
    db.query(SetupToken).delete()
    token = new_token()
    db.add(SetupToken(token_hash=hash_token(token)))
    db.flush()
    return token


def setup_token_valid(db: Session, token: str) -> bool:
    return (
        bool(token)
        and not has_facilitators(db)
        and db.scalar(select(SetupToken.id).where(SetupToken.token_hash == hash_token(token))) is not None
    )


def complete_setup(db: Session, token: str, email: str, password: str) -> Facilitator:
    if not setup_token_valid(db, token):
        raise DomainError("forbidden", "This setup link is not valid any more.")
    facilitator = add_facilitator(db, email, password)
    db.query(SetupToken).delete()  # valid once
    return facilitator
