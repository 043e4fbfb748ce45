"""Scrubbing: personal data in free-text answers → placeholders.

Before an answer reaches the projector, a report or an export, ``scrub`` replaces e-mail
addresses, phone numbers, URLs, social handles and personal names with the placeholders in
``PLACEHOLDERS``. Pure Python, no Flask; deterministic (the same text always gives the same
result); never raises on a ``str``; leaves every character outside a detected span as it was.

    contacts.py   e-mail addresses, links, handles, phone numbers
    names.py      personal names: the rules, in steps
    tables.py     the name tables, built from the installed Faker once per process
    lexicon.py    the placeholders and the word lists

The name tables are built from the installed Faker (pinned in pyproject.toml), about
0.35 s and 20 MB, not at import: importing this package takes ~20 ms and imports no Faker.
``warm_up()`` builds them ahead of time; ``fulcrum serve``, ``fulcrum themes`` and
server/wsgi.py call it at start, so no scrub in the event loop pays for them. Figures, the
labelled set and the limits: docs/benchmarks.md, "Scrubbing".
"""

from __future__ import annotations

from . import contacts
from .lexicon import PLACEHOLDERS
from .names import names
from .tables import warm_up

__all__ = ["PLACEHOLDERS", "scrub", "find_pii", "warm_up"]

# Kinds in order of precedence when two findings start at the same place; names come last.
_PRIORITY = ("handle", "email", "url", "phone", "name")


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """Spans of personal data in ``text``: sorted, non-overlapping ``(start, end, kind)``."""
    if not isinstance(text, str) or not text:
        return []
    found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in _PRIORITY}
    if "@" in text:
        found["handle"].extend(contacts.handles(text))
        found["email"] = contacts.emails(text)
    if "." in text:
        found["url"] = contacts.urls(text)
    if contacts.may_hold_phone(text):
        found["phone"] = list(contacts.phones(text))

    # Overlaps: the leftmost finding wins, then the longest, then the kind earlier in _PRIORITY
    # ("@sam@mastodon.social" is a handle, not an e-mail; a phone inside a URL is the URL).
    cands = sorted(
        ((s, e, kind) for kind in _PRIORITY[:-1] for s, e in found[kind] if s < e),
        key=lambda c: (c[0], c[0] - c[1], _PRIORITY.index(c[2])),
    )
    taken: list[tuple[int, int, str]] = []
    last_end = 0
    for s, e, kind in cands:
        if s >= last_end:
            taken.append((s, e, kind))
            last_end = e
    for s, e in names(text, [(s, e) for s, e, _ in taken]):
        if not any(s < te and ts < e for ts, te, _ in taken):
            taken.append((s, e, "name"))
    taken.sort()
    return taken


def scrub(text: str) -> str:
    """``text`` with every span of ``find_pii`` replaced by its placeholder; the rest as it was.

    Repeated until nothing more is found: a replacement can leave a remainder that is
    personal data on its own ("7700 900123 900123 7700" → "[phone] 900123 7700")."""
    if not isinstance(text, str):
        return text
    for _ in range(4):
        scrubbed = _scrub_once(text)
        if scrubbed == text:
            break
        text = scrubbed
    return text


def _scrub_once(text: str) -> str:
    out, last = [], 0
    for s, e, kind in find_pii(text):
        out.append(text[last:s])
        out.append(PLACEHOLDERS[kind])
        last = e
    out.append(text[last:])
    return "".join(out)
