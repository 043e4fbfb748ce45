"""Checks every value from outside passes before it is stored or looked up: text that a
database can hold, and ids that fit a database integer. One place, so every way in
(answers, tokens, titles, theme labels, worksheets, ids in URLs and events) refuses the
same things with the same clear error instead of failing deep in a driver."""

import re

from .errors import DomainError

# NUL (PostgreSQL refuses it in text), lone surrogates (not UTF-8: no driver can encode
# them) and Unicode's non-characters (U+FDD0–FDEF and the last two code points of every
# plane), which are never meant to be interchanged.
_UNSTORABLE = re.compile(
    "[\x00\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)

# Ids are 64-bit signed integers in every database we run on.
MAX_ID = 2**63 - 1


def unstorable(text: str) -> str | None:
    """The first character of `text` that cannot be stored, as U+XXXX, or None."""
    found = _UNSTORABLE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def check_text(text: str, what: str, field: str | None = None) -> str:
    """`text` unchanged, or `bad_request` naming the field and the character."""
    bad = unstorable(text)
    if bad:
        raise DomainError("bad_request", f"{what} contains a character that cannot be stored ({bad}).", field=field)
    return text


def whole_number(value, what: str, low: int, high: int | None = None, field: str | None = None) -> int:
    """`value` if it is a whole number in [low, high] (bool is not a number here), else
    `bad_request` saying so: the one check behind every count, index and period."""
    if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise DomainError("bad_request", f"{what} must be a whole number {span}.", field=field)
    return value


def is_id(value) -> bool:
    """A whole number that can be a row id (bool is not a number here)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
