"""Room codes and secret tokens."""

import hashlib
import secrets

# No look-alikes: 0/O, 1/I/L are left out so a code read off a projector is typed right.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6  # 31**6 ≈ 8.9e8 codes: guessing one live room is hopeless at any sane join rate
MAX_CODE = 32  # what a person may type (spaces and dashes are forgiven) before it is refused unread


def new_room_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed → the canonical code (case and spacing forgiven)."""
    return "".join(raw.split()).replace("-", "").upper()


def is_valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens are long and random, so a fast hash is enough (no need for a password hash)."""
    return hashlib.sha256(token.encode()).hexdigest()
