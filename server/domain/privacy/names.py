"""Personal names, as spans.

A reflection app must not mangle ordinary sentences ("I will", "May was hard", "Hope is
important", "Bill payments"). The rules, in order:

* only title-case words count ("Sarah", "O'Brien", "Zoë"; not "SARAH", not "iPhone"), except
  a lowercase first name right after a relation word ("my sister emma") or before "and i";
* words in ``lexicon.STOP`` (pronouns, function words, weekdays, kinship terms such as Mum,
  deities, holidays, assistants and brands) are never names;
* a word right after a relation word or title ("my friend X", "my boss, X", "Dr X",
  "Aunt X", "named X") is a name, whether or not it is in the name list;
* a first name from the list (the person providers of Faker, a maintained package of
  given and family names from many locales) that is not also an everyday English word,
  a place, a month or a brand is a name anywhere, even at the start of a sentence;
* an ambiguous first name (``lexicon.AMBIGUOUS``: Will, May, Hope, Grace, Bill, Rose, Mark,
  Paris, Florence...) is a name only with a cue: after "told / asked / texted / met / with /
  talked to / thanks to...", before "and I" or "said / told / asked...", before a family
  name ("Grace Hopper"), or beside a detected name ("Sarah and Will");
* a detected name takes the family name(s) after it ("John Smith", "Ludwig van Beethoven");
  a title and a possessive 's are left outside the span ("Dr [name]", "[name]'s").

Places, organisations, pets' names without a cue, and deities are not personal names and
are left alone.

``names`` runs in steps: mask what other kinds claimed, cut the text into words
(``_tokens``), judge each word on its own and its neighbours (``_first_pass``), accept
ambiguous names beside accepted ones (``_accept_beside_names``), then stretch each accepted
word over the family names after it (``_spans``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from .lexicon import (
    AMBIGUOUS,
    DETERMINERS,
    MONTHS,
    NO_CUE_AFTER,
    PARTICLES,
    PLACE_AFTER,
    PLACE_AFTER_LOWER,
    PLACE_BEFORE,
    PLACE_OF,
    PLACEHOLDERS,
    RELATIONS,
    STOP,
    TITLES,
    TO_VERBS,
    VERB_CUES,
)
from .tables import NameTables, get_tables

Span = tuple[int, int]
Cue = Literal["strong", "weak"] | None
Verdict = Literal["name", "candidate"] | None

_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))
_GLUE = "0123456789_@\x00"
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TITLE_GAP_RE = re.compile(r"\.?[ \t]+|\.")
_RELATION_GAP_RE = re.compile(r"[ \t]*,?[ \t]+")
_PLACE_BEFORE_GAP_RE = re.compile(r"\.?[ \t]+")
_STRONG_CUE_WORDS = RELATIONS | TITLES | {"named", "is", "name's", "names"}
_RIGHT_AND_I_RE = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+(?:I|i|me)\b")
_RIGHT_VERB_RE = re.compile(
    r"\s+(?:said|says|told|tells|asked|asks|texted|messaged|replied|answered|suggested|mentioned|"
    r"admitted|insisted|laughed|agreed|explained|wrote|emailed|called me|rang me)\b"
)
_RIGHT_IS_RELATION_RE = re.compile(
    r"\s+(?:is|was)\s+(?:my|our)\s+(?:best\s+|closest\s+|oldest\s+|older\s+|younger\s+|little\s+|big\s+)?(\w+)"
)
_NEXT_WORD_RE = re.compile(r"\s+(\w+)")
_AMPERSAND_OR_COMMA_RE = re.compile(r"\s*(?:&|,)\s*")
_AMPERSAND_RE = re.compile(r"\s*&\s*")


# A word: (start, end, word, possessive). A possessive 's ("Sarah's") is left out of the
# end and the word, and flagged.
_Token = tuple[int, int, str, bool]


def is_title_case(w: str) -> bool:
    return len(w) > 1 and w[0].isupper() and not w.isupper()


def gap_is_space(gap: str) -> bool:
    return bool(gap) and gap.isspace() and "\n" not in gap


def _ambiguous(w: str) -> bool:
    return w in AMBIGUOUS or len(w) <= 2 or w.lower() in MONTHS


# --------------------------------------------------------------------------- steps


def names(text: str, mask: Sequence[Span]) -> list[Span]:
    """Spans of personal names. ``mask`` hides text already claimed by other kinds."""
    tables = get_tables()
    work = _masked(text, mask)
    toks = _tokens(work)
    if not toks:
        return []
    words = _Words(work, toks, tables)
    accepted, candidates = _first_pass(words)
    _accept_beside_names(words, accepted, candidates)
    return _spans(words, accepted)


def _masked(text: str, mask: Sequence[Span]) -> str:
    """``text`` with the masked spans, and the placeholders of an earlier pass, as NULs."""
    work = text
    for start, end in mask:
        work = work[:start] + "\x00" * (end - start) + work[end:]
    if "[" in work:  # placeholders of an earlier pass are not words ("[name] is X")
        work = _PLACEHOLDER_RE.sub(lambda m: "\x00" * len(m.group()), work)
    return work


def _tokens(work: str) -> list[_Token]:
    toks: list[_Token] = []
    for m in _WORD_RE.finditer(work):
        s, e = m.span()
        w = m.group()
        poss = False
        if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
            w, e, poss = w[:-2], e - 2, True
        toks.append((s, e, w, poss))
    return toks


def _first_pass(words: _Words) -> tuple[list[bool], list[int]]:
    """Each word judged on its own and its neighbours: the accepted names, and the ambiguous
    title-case words still open. (The cheap tests are inline: most words stop at them.)"""
    accepted = [False] * words.n
    candidates = []  # ambiguous title-case words, settled after the first pass
    lower_firsts = words.tables.lower_firsts
    for i, ((_, _, w, _), lw) in enumerate(zip(words.toks, words.lowers, strict=True)):
        if lw in STOP:
            continue
        if w[0].islower():
            if lw in lower_firsts and _lowercase_name(words, i):
                accepted[i] = True
            continue
        if len(w) < 2 or not w[0].isupper() or w.isupper():
            continue  # "I", "NHS", and scripts without case
        verdict = _title_case_verdict(words, i)
        if verdict == "name":
            accepted[i] = True
        elif verdict == "candidate":
            candidates.append(i)
    return accepted, candidates


def _lowercase_name(words: _Words, i: int) -> bool:
    """A lowercase word that is a listed, unambiguous first name: a name only right after a
    relation word ("my sister emma"), or before "and i"."""
    _, e, _, poss = words.toks[i]
    return not words.glued(i) and (
        (words.lower(i - 1) in RELATIONS and words.left_cue(i) == "strong")
        or (not poss and _RIGHT_AND_I_RE.match(words.work, e, e + 12) is not None)
    )


def _title_case_verdict(words: _Words, i: int) -> Verdict:
    w = words.toks[i][2]
    first_names = words.tables.first
    listed = w in first_names or w in AMBIGUOUS
    if not listed and words.lower(i - 1) not in _STRONG_CUE_WORDS:
        return None  # an unlisted word is a name only after a relation word or a title
    if words.glued(i):
        return None
    cue = words.left_cue(i)
    if cue == "strong":
        return "name" if _named_by_strong_cue(words, i, listed) else None
    if not listed or words.place_context(i):
        return None
    if w in first_names and not _ambiguous(w):
        return "name"
    if (cue == "weak" and not words.starts_sentence(i)) or words.right_cue(i) or words.surname_follows(i):
        return "name"
    return "candidate"


def _named_by_strong_cue(words: _Words, i: int, listed: bool) -> bool:
    """After a relation word or a title. "my pastor, Father Michael": the relation word passes
    the cue on. A word the list lacks needs "my/our/a... friend" or a title ("Doctor Strange"
    is a film)."""
    w, lw = words.toks[i][2], words.lowers[i]
    return (
        lw not in RELATIONS
        and lw not in TITLES
        and (
            listed
            or w in words.tables.last
            or (lw not in words.tables.common and (words.lower(i - 1) in TITLES or words.determiner_before(i - 1)))
        )
    )


def _accept_beside_names(words: _Words, accepted: list[bool], candidates: list[int]) -> None:
    """An ambiguous name beside a detected one: "Sarah and Will", "Will & Sarah"."""
    for i in candidates:
        if _beside_a_name(words, accepted, i):
            accepted[i] = True


def _beside_a_name(words: _Words, accepted: list[bool], i: int) -> bool:
    n, gap, lower, possessive = words.n, words.gap, words.lower, words.possessive
    return (
        (  # "Will and Sarah"
            i + 2 < n
            and lower(i + 1) in ("and", "or")
            and accepted[i + 2]
            and gap_is_space(gap(i + 1))
            and gap_is_space(gap(i + 2))
            and not possessive(i)
        )
        or (  # "Will & Sarah", "Will, Sarah"
            i + 1 < n
            and accepted[i + 1]
            and _AMPERSAND_OR_COMMA_RE.fullmatch(gap(i + 1)) is not None
            and not possessive(i)
        )
        or (  # "Sarah and Will"
            i >= 2
            and lower(i - 1) in ("and", "or")
            and accepted[i - 2]
            and gap_is_space(gap(i - 1))
            and gap_is_space(gap(i))
            and not possessive(i - 2)
        )
        or (  # "Sarah & Will"
            i >= 1 and accepted[i - 1] and _AMPERSAND_RE.fullmatch(gap(i)) is not None and not possessive(i - 1)
        )
    )


def _spans(words: _Words, accepted: list[bool]) -> list[Span]:
    """One span per accepted word and the family names after it."""
    spans = []
    i = 0
    while i < words.n:
        if not accepted[i]:
            i += 1
            continue
        start = words.toks[i][0]
        end, i = _family_names(words, accepted, i)
        spans.append((start, end))
    return spans


def _family_names(words: _Words, accepted: list[bool], i: int) -> tuple[int, int]:
    """Up to three words after the name at ``i`` that are its family names ("John Smith",
    "Ludwig van Beethoven"): the span's end and the index of the word after it."""
    toks, n = words.toks, words.n
    end = toks[i][1]
    j = i + 1
    added = 0
    while j < n and not words.possessive(j - 1) and added < 3:
        _, j_end, w, _ = toks[j]
        if words.gap(j) != " ":
            break
        lw = w.lower()
        if (  # "van Beethoven", "da Silva"
            lw in PARTICLES
            and j + 1 < n
            and words.gap(j + 1) == " "
            and is_title_case(toks[j + 1][2])
            and words.lowers[j + 1] not in STOP
        ):
            end = toks[j + 1][1]
            j += 2
            added += 1
            continue
        if not is_title_case(w) or lw in STOP or lw in PLACE_AFTER or words.glued(j):
            break
        if _family_name(words, accepted, j, added):
            end = j_end
            j += 1
            added += 1
            continue
        break
    return end, j


def _family_name(words: _Words, accepted: list[bool], j: int, added: int) -> bool:
    """A title-case word after a name: accepted itself, a listed family name or unambiguous
    first name, or (as the first word added) a word in neither list nor the dictionary."""
    w = words.toks[j][2]
    first_names, last_names = words.tables.first, words.tables.last
    return (
        accepted[j]
        or w in last_names
        or (w in first_names and not _ambiguous(w))
        or (
            not (w in first_names or w in last_names)
            and w not in AMBIGUOUS
            and w.lower() not in words.tables.common
            and added == 0
        )
    )


# --------------------------------------------------------------------------- the words of one text


class _Words:
    """One text's words, and the questions the rules ask about a word and its neighbours."""

    __slots__ = ("work", "toks", "lowers", "n", "tables")

    def __init__(self, work: str, toks: list[_Token], tables: NameTables) -> None:
        self.work = work
        self.toks = toks
        self.lowers = [t[2].lower() for t in toks]
        self.n = len(toks)
        self.tables = tables

    def possessive(self, i: int) -> bool:
        return self.toks[i][3]

    def lower(self, i: int) -> str:
        return self.lowers[i] if 0 <= i < self.n else ""

    def gap(self, i: int) -> str:
        """The text between word i-1 and word i."""
        toks = self.toks
        if i <= 0:
            return self.work[: toks[0][0]] if i == 0 else ""
        prev_end = toks[i - 1][1] + (2 if toks[i - 1][3] else 0)
        return self.work[prev_end : toks[i][0]]

    def starts_sentence(self, i: int) -> bool:
        """Word i opens the text, or something other than spaces, commas, & and / precedes it."""
        g = self.gap(i)
        return i == 0 or any(not (c.isspace() or c in ",&/") for c in g)

    def glued(self, i: int) -> bool:
        """Part of something else: "sarah99", "Ole@host"."""
        s, e, _, poss = self.toks[i]
        e += 2 if poss else 0
        work = self.work
        return (s > 0 and work[s - 1] in _GLUE) or (e < len(work) and work[e] in _GLUE)

    def determiner_before(self, k: int) -> bool:
        """A determiner in the three words before k: "my friend", "my best friend", "an old colleague"."""
        return any(self.lower(j) in DETERMINERS for j in range(max(0, k - 3), k))

    def left_cue(self, i: int) -> Cue:
        """'strong' (relation word or title before), 'weak' (a verb cue), or None."""
        if i == 0:
            return None
        g, p = self.gap(i), self.lower(i - 1)
        _, _, prev, prev_possessive = self.toks[i - 1]
        if prev_possessive:  # "Sarah's X": no cue
            return None
        if p in TITLES and _TITLE_GAP_RE.fullmatch(g):
            return "strong"
        if p in RELATIONS and _RELATION_GAP_RE.fullmatch(g):
            return "strong"
        if not gap_is_space(g):
            return None
        if p == "named" or (p == "is" and self.lower(i - 2) == "name") or p in ("name's", "names"):
            return "strong"
        # A verb cue counts in lowercase only: "With Hope in mind" opens a sentence.
        if p in VERB_CUES and prev[0].islower():
            return "weak"
        if p == "to" and gap_is_space(self.gap(i - 1)) and self.lower(i - 2) in TO_VERBS:
            return "weak"
        return None

    def right_cue(self, i: int) -> bool:
        """A cue after word i: "Will and I", "Will said", "Will is my brother", "Will's wife"."""
        _, e, _, poss = self.toks[i]
        if self.lower(i - 1) in NO_CUE_AFTER:
            return False
        rest = self.work[e + (2 if poss else 0) : e + 60]
        if not poss and (_RIGHT_AND_I_RE.match(rest) or _RIGHT_VERB_RE.match(rest)):
            return True
        m = _RIGHT_IS_RELATION_RE.match(rest)
        if m and m.group(1).lower() in RELATIONS:
            return True
        if poss:
            m = _NEXT_WORD_RE.match(rest)
            return bool(m and m.group(1).lower() in RELATIONS)
        return False

    def place_context(self, i: int) -> bool:
        """'St. Patrick', 'Costa Rica', 'Isle of Skye', 'Hope Street', 'Anna university'."""
        toks, n, lower, gap = self.toks, self.n, self.lower, self.gap
        if (
            i > 0
            and lower(i - 1) in PLACE_BEFORE
            and _PLACE_BEFORE_GAP_RE.fullmatch(gap(i))
            and is_title_case(toks[i - 1][2])
        ):
            return True
        if i > 1 and lower(i - 1) == "of" and lower(i - 2) in PLACE_OF and gap_is_space(gap(i)):
            return True
        if self.possessive(i):  # "Sarah's house" is a person's
            return False
        j = i + 1
        if j < n and gap_is_space(gap(j)) and lower(j) in PLACE_AFTER_LOWER:
            return True
        while j < n and j <= i + 3 and gap_is_space(gap(j)) and is_title_case(toks[j][2]):
            if lower(j) in PLACE_AFTER:
                return True
            if self.possessive(j):  # "Stephen King's Dark Tower"
                break
            j += 1
        return False

    def surname_follows(self, i: int) -> bool:
        """A listed family name after word i: "Grace Hopper", not "Red Robin"."""
        j = i + 1
        if j < self.n and not self.possessive(i) and self.gap(j) == " ":
            w = self.toks[j][2]
            return (
                is_title_case(w)
                and w in self.tables.last
                and w not in AMBIGUOUS
                and w.lower() not in STOP
                and self.lower(j) not in PLACE_AFTER
            )
        return False
