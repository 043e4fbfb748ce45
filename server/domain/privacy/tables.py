"""The name tables: first and family names from the installed Faker, built once per process.

About 0.35 s and 20 MB, so not at import (importing the package imports no Faker): the
servers call ``warm_up()`` at start (server/commands.py, server/wsgi.py), and the first
scrub builds them in any other process.
"""

from __future__ import annotations

import importlib
import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from .lexicon import AMBIGUOUS, FIRST_ATTRS, LAST_ATTRS, LOCALES, MONTHS, STOP

_NAME_PART_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


class NameTables(NamedTuple):
    first: frozenset[str]  # given names, as listed and without accents
    last: frozenset[str]  # family names, likewise
    lower_firsts: frozenset[str]  # unambiguous given names in lowercase ("my sister emma")
    common: frozenset[str]  # everyday English words (Faker's lorem list), lowercase


_tables: NameTables | None = None
_tables_lock = threading.Lock()


def warm_up() -> None:
    """Build the name tables now rather than on the first scrub."""
    get_tables()


def get_tables() -> NameTables:
    global _tables
    if _tables is None:
        with _tables_lock:
            if _tables is None:
                _tables = _build_tables()
    return _tables


def fold(word: str) -> str:
    """José → Jose: people often type names without their accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _class_attr(cls: type, attr: str) -> Iterable[object]:
    for klass in cls.__mro__:
        if attr in klass.__dict__:
            value = klass.__dict__[attr]
            return value if isinstance(value, (tuple, list, dict, set, frozenset)) else ()
    return ()


def _faker_names() -> tuple[set[str], set[str]]:
    """First and family names of every locale in LOCALES, as listed and accent-folded."""
    first: set[str] = set()
    last: set[str] = set()
    try:
        for loc in LOCALES:
            try:
                provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
            except Exception:  # a locale renamed or dropped in another Faker version
                continue
            for attrs, bucket in ((FIRST_ATTRS, first), (LAST_ATTRS, last)):
                for attr in attrs:
                    for entry in _class_attr(provider, attr):
                        for part in _NAME_PART_RE.findall(str(entry)):
                            if len(part) > 1 and part[0].isupper() and not part.isupper():
                                bucket.add(part)
                                bucket.add(fold(part))
    except Exception:  # Faker missing: names are then found from cues alone
        pass
    return first, last


def _common_words() -> set[str]:
    try:
        provider = importlib.import_module("faker.providers.lorem.en_US").Provider
        return {str(w).lower() for w in _class_attr(provider, "word_list")}
    except Exception:
        return set()


def _build_tables() -> NameTables:
    first, last = _faker_names()
    stop_title = {w.title() for w in STOP} | {w.capitalize() for w in STOP}
    first -= stop_title
    last -= stop_title
    common = _common_words()
    lower_firsts = {w.lower() for w in first if w not in AMBIGUOUS and len(w) > 2 and w.lower() not in MONTHS}
    return NameTables(frozenset(first), frozenset(last), frozenset(lower_firsts), frozenset(common))
