"""Facilitator accounts, API tokens and the one-time setup link."""
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import ApiToken, Facilitator, SetupToken
from .codes import hash_token, new_token
from .errors import DomainError

_hasher = PasswordHasher()
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def add_facilitator(db: Session, email: str, password: str) -> Facilitator:
    email = normalise_email(email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise DomainError("bad_request", f"Not an email address: {email!r}")
    if len(password or "") < MIN_PASSWORD:
        raise DomainError("bad_request", f"The password needs at least {MIN_PASSWORD} characters.")
    if find_facilitator(db, email):
        raise DomainError("conflict", f"A facilitator with the email {email} already exists.")
    facilitator = Facilitator(email=email, password_hash=_hasher.hash(password))
    db.add(facilitator)
    db.flush()
    return facilitator


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


def create_api_token(db: Session, facilitator: Facilitator) -> str:
    token = new_token()
    db.add(ApiToken(facilitator_id=facilitator.id, token_hash=hash_token(token)))
    db.flush()
    return token


def facilitator_for_token(db: Session, token: str) -> Facilitator | None:
    if not token:
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
    return bool(token) and not has_facilitators(db) and db.scalar(
        select(SetupToken.id).where(SetupToken.token_hash == hash_token(token))) is not None


def complete_setup(db: Session, token: str, email: str, password: str) -> Facilitator:
    if not setup_token_valid(db, token):
        raise DomainError("forbidden", "This setup link is not valid any more.")
    facilitator = add_facilitator(db, email, password)
    db.query(SetupToken).delete()  # valid once
    return facilitator
