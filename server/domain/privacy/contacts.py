"""Contact data: e-mail addresses, links, social handles and phone numbers, as spans.

E-mail addresses; URLs with a scheme, with www., or bare with a known top-level domain
("example.org/path"; TLDs that are also words, such as .it, .me, .in, need a path); handles
("@jane_doe", and the fediverse "@jane@mastodon.social"; not "@ 5pm", "@5pm", "@home");
phone numbers of 7–15 digits in the usual international, US, UK and EU groupings (not
years, ranges, dates, times, decimals, thousands or IP addresses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import HANDLE_STOP, TLDS, TLDS_NEED_PATH

Span = tuple[int, int]

_EMAIL_RE = re.compile(
    r"(?<![\w.+%\-])\w[\w.+%\-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])"
)
# Fediverse handles look like an e-mail with an @ in front: the whole thing is one handle.
_FEDI_RE = re.compile(
    r"(?<![\w@.+\-\]])@\w[\w.\-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])"
)
_HANDLE_RE = re.compile(r"(?<![\w@.+\-/\]])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_HANDLE_TIME_RE = re.compile(r"\d{1,2}(?:[:.]\d{2})?(?:am|pm|h)?", re.I)

_URL_TAIL = r"[^\s<>\"'`{}|\\^\[\]]*"
_SCHEME_RE = re.compile(r"(?<![\w])(?:https?|ftp)://" + _URL_TAIL, re.I)
_WWW_RE = re.compile(r"(?<![\w@.\-/])www\d{0,3}\.[A-Za-z0-9\-]+\." + _URL_TAIL, re.I)
# A bare domain: labels, then a known lowercase top-level domain; an optional port and path.
_BARE_RE = re.compile(
    r"(?<![\w@.\-/])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?P<tld>" + "|".join(sorted(TLDS, key=lambda s: (-len(s), s))) + r")(?![\w\-@])"
    r"(?P<rest>(?::\d{2,5})?(?:/" + _URL_TAIL + r")?)"
)
_URL_TRAIL = ".,;:!?'\")]}>*_~"
_DOTTED_RE = re.compile(r"[A-Za-z0-9]\.[a-z]")

# Digits with the usual separators; validated by _is_phone.
_PHONE_RE = re.compile(
    r"(?<![\w@+.\-/,])(?:\+\s?|\(\+?)?\d(?:[\d .\-()\u2010-\u2013\u00a0]{0,24}\d)?(?![\w@]|[.,:\-/]\d)"
)
_DIGITS_RE = re.compile(r"\d(?:\D{0,3}\d){6}")  # seven digits close together: worth a look
_DATE_RE = re.compile(r"\d{1,2}([.\-])\d{1,2}\1\d{2,4}|\d{4}([.\-])\d{1,2}\2\d{1,2}")
_THOUSANDS_RE = re.compile(r"[1-9]\d{0,2}(?:([ .\u00a0])\d{3})(?:\1\d{3})*")
_GROUP_RE = re.compile(r"\d+")
_LOCAL_RE = re.compile(r"\d{3}[ .\-]\d{4}")


def emails(text: str) -> list[Span]:
    return [m.span() for m in _EMAIL_RE.finditer(text)]


def handles(text: str) -> Iterator[Span]:
    for m in _FEDI_RE.finditer(text):
        yield m.start(), m.end()
    for m in _HANDLE_RE.finditer(text):
        h = m.group(1)
        if not any(c.isalpha() for c in h) or _HANDLE_TIME_RE.fullmatch(h) or h.lower() in HANDLE_STOP:
            continue
        yield m.start(), m.end()


def _trim_url(s: str) -> str:
    while s and s[-1] in _URL_TRAIL:
        if s[-1] == ")" and s.count("(") >= s.count(")"):
            break
        s = s[:-1]
    return s


def urls(text: str) -> list[Span]:
    seen: list[Span] = []
    if "://" in text or "www" in text or "WWW" in text or "Www" in text:
        for rx in (_SCHEME_RE, _WWW_RE):
            for m in rx.finditer(text):
                s = _trim_url(m.group())
                if "." in s:
                    seen.append((m.start(), m.start() + len(s)))
    if not _DOTTED_RE.search(text):  # no "x.y" anywhere: no bare domain (the common case)
        return seen
    for m in _BARE_RE.finditer(text):
        tld, rest = m.group("tld"), _trim_url(m.group("rest"))
        if tld in TLDS_NEED_PATH and len(rest) < 2:
            continue
        end = m.start("rest") + len(rest)
        seen.append((m.start(), end))
    return seen


def may_hold_phone(text: str) -> bool:
    """Seven digits close together somewhere: only then is ``phones`` worth running."""
    return _DIGITS_RE.search(text) is not None


def _is_phone(s: str) -> bool:
    groups = _GROUP_RE.findall(s)
    n = sum(map(len, groups))
    if s.startswith(("+", "(+")):
        return 8 <= n <= 15 and max(map(len, groups)) >= 2
    if not 7 <= n <= 15:
        return False
    if _DATE_RE.fullmatch(s) or _THOUSANDS_RE.fullmatch(s):
        return False
    if len(groups) > 1 and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # "2019 2020", "1999-2004"
    if sum(len(g) == 1 for g in groups) > 1:
        return False  # "192.168.1.1", "1 2 3 4 5 6 7"
    if n <= 9:  # short: a local number "555-1234", or a national one written with its 0
        return s[0] == "0" or s[0] == "(" or _LOCAL_RE.fullmatch(s) is not None
    return True


def phones(text: str) -> Iterator[Span]:
    for m in _PHONE_RE.finditer(text):
        s, start = m.group(), m.start()
        if s[0] == "(" and ")" not in s:  # "(+44 7700 900123)": the bracket is the sentence's
            s, start = s[1:], start + 1
        if _is_phone(s):
            yield start, start + len(s)
            continue
        # Glued to a neighbouring number ("call 555-123-4567 2 times"): drop an end group.
        parts = list(_GROUP_RE.finditer(s))
        for cut in (1, 2):
            if len(parts) > cut + 1:
                t = s[: parts[-1 - cut].end()]
                if _is_phone(t):
                    yield start, start + len(t)
                    break
