"""Scrubbing: personal data in free-text answers → placeholders.

Before an answer reaches the projector, a report or an export, ``scrub`` replaces e-mail
addresses, phone numbers, URLs, social handles and personal names with the placeholders in
``PLACEHOLDERS``. Pure Python, no Flask; deterministic (the same text always gives the same
result); never raises on a ``str``; leaves every character outside a detected span as it was.

Names are the hard part: a reflection app must not mangle ordinary sentences ("I will",
"May was hard", "Hope is important", "Bill payments"). The rules, in order:

* only title-case words count ("Sarah", "O'Brien", "Zoë"; not "SARAH", not "iPhone"), except
  a lowercase first name right after a relation word ("my sister emma") or before "and i";
* words in ``_STOP`` (pronouns, function words, weekdays, kinship terms such as Mum,
  deities, holidays, assistants and brands) are never names;
* a word right after a relation word or title ("my friend X", "my boss, X", "Dr X",
  "Aunt X", "named X") is a name, whether or not it is in the name list;
* a first name from the list (the person providers of Faker, a maintained package of
  given and family names from many locales) that is not also an everyday English word,
  a place, a month or a brand is a name anywhere, even at the start of a sentence;
* an ambiguous first name (``_AMBIGUOUS``: Will, May, Hope, Grace, Bill, Rose, Mark, Paris,
  Florence...) is a name only with a cue: after "told / asked / texted / met / with /
  talked to / thanks to...", before "and I" or "said / told / asked...", before a family
  name ("Grace Hopper"), or beside a detected name ("Sarah and Will");
* a detected name takes the family name(s) after it ("John Smith", "Ludwig van Beethoven");
  a title and a possessive 's are left outside the span ("Dr [name]", "[name]'s").

Places, organisations, pets' names without a cue, and deities are not personal names and
are left alone.

Contact data: e-mail addresses; URLs with a scheme, with www., or bare with a known
top-level domain ("example.org/path"; TLDs that are also words, such as .it, .me, .in,
need a path); handles ("@jane_doe", and the fediverse "@jane@mastodon.social"; not "@ 5pm",
"@5pm", "@home"); phone numbers of 7–15 digits in the usual international, US, UK and EU
groupings (not years, ranges, dates, times, decimals, thousands or IP addresses).

The name tables are built from the installed Faker (pinned in pyproject.toml) on first use,
about 0.35 s and 20 MB, not at import: importing this module takes ~20 ms and imports no
Faker. ``warm_up()`` builds them ahead of time, e.g. when a web worker starts. Figures, the
labelled set and the limits: docs/benchmarks.md, "Scrubbing".
"""
from __future__ import annotations

import re
import threading
import unicodedata

__all__ = ["PLACEHOLDERS", "scrub", "find_pii", "warm_up"]

PLACEHOLDERS = {"email": "[email]", "phone": "[phone]", "url": "[link]", "handle": "[handle]", "name": "[name]"}

# Kinds in order of precedence when two findings start at the same place; names come last.
_PRIORITY = ("handle", "email", "url", "phone", "name")

# --------------------------------------------------------------------------- contact data

_EMAIL_RE = re.compile(
    r"(?<![\w.+%\-])\w[\w.+%\-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])"
)
# Fediverse handles look like an e-mail with an @ in front: the whole thing is one handle.
_FEDI_RE = re.compile(
    r"(?<![\w@.+\-\]])@\w[\w.\-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])"
)
_HANDLE_RE = re.compile(r"(?<![\w@.+\-/\]])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_HANDLE_TIME_RE = re.compile(r"\d{1,2}(?:[:.]\d{2})?(?:am|pm|h)?", re.I)
_HANDLE_STOP = frozenset(
    "home work school office gym church night noon midnight lunch dinner breakfast weekend weekends "
    "everyone all here there me you them us night".split()
)

_URL_TAIL = r"[^\s<>\"'`{}|\\^\[\]]*"
_SCHEME_RE = re.compile(r"(?<![\w])(?:https?|ftp)://" + _URL_TAIL, re.I)
_WWW_RE = re.compile(r"(?<![\w@.\-/])www\d{0,3}\.[A-Za-z0-9\-]+\." + _URL_TAIL, re.I)
_TLDS = frozenset(
    "com net org edu gov mil int info biz name pro io co ai app dev xyz ly tv fm gg "
    "uk us ca au nz ie de fr es it nl be ch at se no dk fi pl pt br mx ar cl jp cn kr in ru eu "
    "za ng ke gh eg ae sa il tr gr cz hu ro sg hk tw ph vn th pk bd lk np me is to so la "
    "page link live life world news media site club shop store blog online website tech social".split()
)
# Top-level domains that are also words ("tried.it", "for.me", "log.in"): need a path.
_TLDS_NEED_PATH = frozenset(
    "it me in is no us so to at be la page link live life world news media site club shop store "
    "blog online website tech social name pro".split()
)
# A bare domain: labels, then a known lowercase top-level domain; an optional port and path.
_BARE_RE = re.compile(
    r"(?<![\w@.\-/])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?P<tld>" + "|".join(sorted(_TLDS, key=lambda s: (-len(s), s))) + r")(?![\w\-@])"
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


def _is_phone(s: str) -> bool:
    groups = re.findall(r"\d+", s)
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
        return s[0] == "0" or s[0] == "(" or re.fullmatch(r"\d{3}[ .\-]\d{4}", s) is not None
    return True


def _phones(text):
    for m in _PHONE_RE.finditer(text):
        s, start = m.group(), m.start()
        if s[0] == "(" and ")" not in s:  # "(+44 7700 900123)": the bracket is the sentence's
            s, start = s[1:], start + 1
        if _is_phone(s):
            yield start, start + len(s)
            continue
        # Glued to a neighbouring number ("call 555-123-4567 2 times"): drop an end group.
        parts = list(re.finditer(r"\d+", s))
        for cut in (1, 2):
            if len(parts) > cut + 1:
                t = s[: parts[-1 - cut].end()]
                if _is_phone(t):
                    yield start, start + len(t)
                    break


def _trim_url(s: str) -> str:
    while s and s[-1] in _URL_TRAIL:
        if s[-1] == ")" and s.count("(") >= s.count(")"):
            break
        s = s[:-1]
    return s


def _urls(text):
    seen = []
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
        if tld in _TLDS_NEED_PATH and len(rest) < 2:
            continue
        end = m.start("rest") + len(rest)
        seen.append((m.start(), end))
    return seen


def _handles(text):
    for m in _FEDI_RE.finditer(text):
        yield m.start(), m.end(), "handle"
    for m in _HANDLE_RE.finditer(text):
        h = m.group(1)
        if not any(c.isalpha() for c in h) or _HANDLE_TIME_RE.fullmatch(h) or h.lower() in _HANDLE_STOP:
            continue
        yield m.start(), m.end(), "handle"


# --------------------------------------------------------------------------- names

# Never names: function words, pronouns, days, kinship terms, deities, holidays, brands...
_STOP = frozenset(
    """
    i i'm i’m i've i’ve i'll i’ll i'd i’d im ive id me my mine myself we us our ours you your yours
    he him his she her hers it its they them their theirs this that these those who whom whose what which when where why how
    the a an and or but nor so yet for of in on at to from by with without about into onto over under after
    before since until till between through during against among around near off out up down as than then
    if because though although while whether not no yes ok okay oh ah hey hi hello bye thanks thank sorry
    please dear well just also only even still very really too much many more most less least some any all
    every each both either neither none one two three four five six seven eight nine ten first second last
    next other another such same own is am are was were be been being have has had do does did done can
    could would shall should might must let lets let's here there now today tonight tomorrow
    yesterday always never sometimes often usually maybe perhaps
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays
    fridays saturdays sundays weekend weekends january february march september october november december
    feb apr jun jul aug sept oct nov dec
    mum mom mam mama mamma momma mommy mummy ma dad daddy papa pa pops nan nana nanna gran granny grandma
    grandpa grandad granddad grandmother grandfather auntie aunty aunt uncle sis bro babe hun
    sir madam ma'am mr mrs ms miss mx dr prof
    god gods jesus christ allah lord buddha yahweh jehovah messiah holy bible quran koran torah
    christmas xmas easter lent ramadan eid diwali hanukkah passover thanksgiving halloween valentine valentines
    english british french german spanish italian dutch irish scottish welsh european american canadian
    chinese japanese korean indian mexican african asian australian russian thai vietnamese greek turkish
    polish swedish norwegian danish finnish portuguese brazilian nigerian kenyan pakistani filipino
    egyptian israeli arab arabic persian latin latino latina hispanic scandinavian nordic celtic
    christians muslim muslims hindu jewish buddhist catholic protestant
    alexa siri cortana google apple amazon microsoft facebook instagram twitter tiktok linkedin whatsapp
    youtube netflix spotify zoom slack teams tesla mercedes porsche lexus chanel bose dell hoover
    covid corona internet wifi email mail phone text
    """.split()
)
_MONTHS = frozenset("january february march april may june july august september october november december".split())

# First names from the list that are also everyday English words, places, months, brands
# or otherwise often capitalised as something else (and every name of one or two letters):
# a name only with a cue. Chosen by hand from the list's names whose lowercase form is a
# dictionary word of some frequency, plus places and brands; a family name from the
# list, or a cue, still makes them a name.
_AMBIGUOUS = frozenset(
    """
    Africa Europe Asia Antarctica Oceania Tai Age Side
    Ab Abbey Ace Add Adelaide Admiral Ah Al Alabama Albino Ale Alexa Allah Ally Almond Alpha
    Alto Amazon Amber America Amor Angel Angeles Angelic Ante Apollo Apple April Arch Archer
    Aria Arizona Art Asia Aspen Atlas August Aura Aurora Austin Author Autumn Baba Babe Baby
    Baker Bali Banks Baptist Barb Baron Basil Bee Bell Belle Bent Berlin Berry Bill Bird
    Birdie Bishop Bitten Blaze Blessing Bliss Blossom Bo Bose Boss Boston Brain Branch
    Brandy Bristol Brit Brook Brooklyn Brown Buck Bud Buddha Buddy Bunk Burns Bush Buster
    Butler Cadence Caesar Cam Camino Canal Candy Cannon Canyon Cap Captain Carolina Carry
    Case Cash Chad Champ Chance Chanel Charity Chase Chastity Chelsea Cherish Cherry Chester
    Chin China Chip Christ Christian Christmas Chuck Cinnamon Clay Cleveland Cliff Colon
    Colonel Colt Columbia Columbus Comfort Commodore Con Coral Cord Corona Cortana Council
    Creed Crystal Cuba Daisy Dakota Dale Dallas Danish Dawn Dayton Deacon Dean Del Dell
    Delta Denver Desi Destiny Dev Devon Diamond Doc Dock Doctor Doll Dolly Dot Dove Drake
    Drew Duke Dusty Earl Early Earnest Easter Ebb Ebony Echo Ed Eden Edit Elder Elle Else
    Emerald Emit Era Erie Essence Essex Eta Ether Eve Ever Everest Fairy Faith Fancy Fate
    Fawn Fed Feline Fern Fisher Fleet Flint Floor Flora Florence Florida Ford Forest Forum
    Foster Franc Francisco Frank French Friend Fuller Gala Gale Garland Garner Garnet
    Garrison Gauge Gay Gee Gene General Genesis Geneva Genie Geo Georgia Georgian German
    Ginger Glen Golden Gorge Governor Grace Grant Gray Green Grit Grove Gun Gunner Gust Guy
    Hale Hall Ham Hampton Handy Harden Hardy Harm Harmony Harsh Hart Haven Hazel Heath
    Heather Heaven Hence Herb Hill Holden Holland Holly Hoover Hope Houston Hudson Hung Hunt
    Hunter Icy Immaculate Imo India Indiana Indie Infant Innocent Ion Ireland Iris Isis
    Israel Ivory Ivy Jade Jan January Jasmine Jean Jersey Jesus Jet Jewel Jo Job Jordan Josh
    Journey Joy Judge June Junior Justice Kale Karma Kent Kenya Kick King Kingston Kip Kit
    Kitty Lady Lafayette Lance Lane Lark Laurel Lavender Lawyer Le Leafy Lemon Leone Les
    Less Lexus Li Liberty Lily Lincoln Linden Line Link Little Lo London Lone Long Loot Lord
    Lore Lot Louisiana Love Loyal Lu Lucky Lyric Mac Mace Mad Magnolia Major Male Man Manila
    Manly Mar Mare Margarita Marina Marine Mark Marry Marsh Marshal Mart Marvel Mason Mat
    Math Maverick Max Maxim May Mayo Meadow Media Melbourne Melody Memphis Mercedes Mercy
    Merry Messiah Meta Metro Milan Miles Miller Mills Miner Minor Miracle Missouri Misty
    Montana Montserrat Moody My Nada Nail Nan Nana Nas Nazi Neo Nevada Newt Nile Noble Noel
    North Nova Novella Octave Odd Olive Om Opal Oral Orange Orlando Ova Owe Page Pandora
    Paris Park Pastor Pat Patience Paw Peace Pearl Peer Penny Pepper Per Philippine Phoenix
    Pier Pierce Pink Pleas Pleasant Poppy Porsche Porter Precious Press Price Prince
    Princess Prosper Prudence Purity Queen Raid Raleigh Ramadan Randy Ransom Raven Ray
    Reason Red Reed Reno Rica Rice Rich Richmond Rico Ridge River Roar Rob Robin Rock Rocky
    Rod Roger Roll Roma Rome Rose Rosemary Rosy Royal Ruby Rush Rusty Rut Sad Saga Sage
    Sahara Said Saint Sandy Santa Santiago Sari Savannah Sawyer Sayin Scarlet Scot Sep
    Serenity Server Sever Shade Shepherd Sherry Sie Sierra Silver Sincere Sine Sing Siri
    Sister Skip Sky Sol Sole Son Spring Squire Stanford Star Starling Sterling Steward
    Stone Storm Stormy Sue Summer Sunday Sunny Sunshine Sydney Tab Tad Taj Tan Taylor Te Tea
    Tennessee Tesla Texas Theres Theta Ties Till Tiny Tone Tore Toy Trace Treasure Trinidad
    Trinity Troy True Unique Unknown Unnamed Urban Us Valencia Valentine Van Vegas Velvet
    Venice Venus Verde Versa Victoria Victory Viking Villa Viola Violet Virginia Vita Viva
    Von Wade Walker Ward Warwick Wash Washington Watt Weaver Wellington Wells West Whit Will
    Willow Windy Wing Winter Wolf Wood Woody Worth York Young Zeta
    """.split()
)

# "my friend X", "Dr X": the next title-case word is a name even if the list lacks it.
_RELATIONS = frozenset(
    """
    friend friends bestie bff mate mates pal buddy partner partners wife husband spouse boyfriend girlfriend
    bf gf fiance fiancé fiancee fiancée ex sister sisters brother brothers sibling siblings cousin cousins
    aunt auntie aunty uncle niece nephew son sons daughter daughters kid kids child children stepson
    stepdaughter stepmum stepmom stepdad stepmother stepfather stepsister stepbrother grandson granddaughter
    grandma grandpa grandmother grandfather granny gran nan nana grandad granddad godmother godfather
    boss manager supervisor colleague colleagues coworker coworkers co-worker co-workers teammate teammates
    mentor mentee coach therapist counsellor counselor psychologist psychiatrist doctor gp nurse tutor
    teacher professor lecturer neighbour neighbor neighbours neighbors roommate roommates flatmate
    flatmates housemate housemates classmate classmates sponsor pastor priest rabbi imam vicar minister
    hubby wifey lead client father mother mum mom dad
    """.split()
)
_TITLES = frozenset("mr mrs ms miss mx dr prof professor sir dame lady lord".split())
# "told X", "with X", "thanks to X": cues that make an ambiguous first name a name.
_VERB_CUES = frozenset(
    """
    told tell tells telling asked ask asks asking texted text texting messaged message messaging emailed
    email emailing rang ring called call calling met meet meeting meets thanked thank thanks hugged hug
    invited invite miss missed dated date dating married marry divorced
    with hey hi hello named
    """.split()
)
_TO_VERBS = frozenset(
    """
    talk talked talking talks spoke speak speaking speaks said say saying says wrote write writing writes
    listen listened listening listens explained explain apologised apologized apologise apologize
    complained complain vented vent confided confide turned lied lie introduced married engaged close
    closer grateful thanks out up
    """.split()
)
_DETERMINERS = frozenset("my our his her their your a an whose".split())
# "in April and I", "of Spring, and I": no cue after these.
_NO_CUE_AFTER = frozenset(
    "in on at of since during until till by from last next this that every early late mid the a an into "
    "for about after before through".split()
)
_PARTICLES = frozenset("van von de da di del della der den ter ten du dos das le la al el bin ibn ben".split())
# A following word that makes a title-case run a place or an institution, not a person.
_PLACE_AFTER = frozenset(
    """
    street st road rd avenue ave lane drive way park square gardens garden hall house college university
    school academy hospital church cathedral chapel centre center station bridge river lake mountain
    hill valley beach island bay city county state airport library museum gallery theatre theater
    hotel cafe café restaurant bar pub club stadium arena tower court place country
    """.split()
)
_PLACE_BEFORE_GAP_RE = re.compile(r"\.?[ \t]+")
# "Isle of Skye", "Strait of Juan de Fuca", "University of Florence".
_PLACE_OF = frozenset(
    "isle island islands strait gulf sea bay cape port city state county republic kingdom university "
    "college school bank museum church cathedral lake mount river province district".split()
)
# Lowercase words after a name that make it a place, an institution or a product.
_PLACE_AFTER_LOWER = frozenset("university college street road avenue hospital airport station app".split())
_PLACE_BEFORE = frozenset(
    "san santa são st saint ste sainte los las el new port fort mount lake cape isle north south east west "
    "central upper lower great costa puerto rio santo".split()
)

_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))
_GLUE = "0123456789_@\x00"
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TITLE_GAP_RE = re.compile(r"\.?[ \t]+|\.")
_RELATION_GAP_RE = re.compile(r"[ \t]*,?[ \t]+")
_STRONG_CUE_WORDS = _RELATIONS | _TITLES | {"named", "is", "name's", "names"}
_RIGHT_AND_I_RE = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+(?:I|i|me)\b")
_RIGHT_VERB_RE = re.compile(
    r"\s+(?:said|says|told|tells|asked|asks|texted|messaged|replied|answered|suggested|mentioned|"
    r"admitted|insisted|laughed|agreed|explained|wrote|emailed|called me|rang me)\b"
)
_RIGHT_IS_RELATION_RE = re.compile(
    r"\s+(?:is|was)\s+(?:my|our)\s+(?:best\s+|closest\s+|oldest\s+|older\s+|younger\s+|little\s+|big\s+)?(\w+)"
)

_LOCALES = (
    "en", "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_KE", "en_NG", "en_PK",
    "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "pt_BR", "pt_PT", "nl_NL", "pl_PL",
    "sv_SE", "da_DK", "no_NO", "fi_FI", "tr_TR", "cs_CZ", "ro_RO",
)
_FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
_LAST_ATTRS = ("last_names", "last_names_male", "last_names_female")
_NAME_PART_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

_tables = None
_tables_lock = threading.Lock()


def _fold(word: str) -> str:
    """José → Jose: people often type names without their accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _class_attr(cls, attr):
    for klass in cls.__mro__:
        if attr in klass.__dict__:
            value = klass.__dict__[attr]
            return value if isinstance(value, (tuple, list, dict, set, frozenset)) else ()
    return ()


def _build_tables():
    first, last = set(), set()
    try:
        import importlib

        for loc in _LOCALES:
            try:
                provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
            except Exception:  # a locale renamed or dropped in another Faker version
                continue
            for attrs, bucket in ((_FIRST_ATTRS, first), (_LAST_ATTRS, last)):
                for attr in attrs:
                    for entry in _class_attr(provider, attr):
                        for part in _NAME_PART_RE.findall(str(entry)):
                            if len(part) > 1 and part[0].isupper() and not part.isupper():
                                bucket.add(part)
                                bucket.add(_fold(part))
    except Exception:  # Faker missing: names are then found from cues alone
        pass
    stop_title = {w.title() for w in _STOP} | {w.capitalize() for w in _STOP}
    first -= stop_title
    last -= stop_title
    common = set()
    try:
        import importlib

        common = {str(w).lower() for w in _class_attr(
            importlib.import_module("faker.providers.lorem.en_US").Provider, "word_list")}
    except Exception:
        pass
    lower_firsts = {
        w.lower() for w in first if w not in _AMBIGUOUS and len(w) > 2 and w.lower() not in _MONTHS
    }
    return frozenset(first), frozenset(last), frozenset(lower_firsts), frozenset(common)


def warm_up() -> None:
    """Build the name tables now rather than on the first call (a web process may call this)."""
    _get_tables()


def _get_tables():
    global _tables
    if _tables is None:
        with _tables_lock:
            if _tables is None:
                _tables = _build_tables()
    return _tables


def _is_title_case(w: str) -> bool:
    return len(w) > 1 and w[0].isupper() and not w.isupper()


def _gap_is_space(gap: str) -> bool:
    return bool(gap) and gap.isspace() and "\n" not in gap


def _names(text, mask):
    """Spans of personal names. ``mask`` hides text already claimed by other kinds."""
    first_names, last_names, lower_firsts, common = _get_tables()
    work = text
    for start, end in mask:
        work = work[:start] + "\x00" * (end - start) + work[end:]
    if "[" in work:  # placeholders of an earlier pass are not words ("[name] is X")
        work = _PLACEHOLDER_RE.sub(lambda m: "\x00" * len(m.group()), work)
    toks = []
    for m in _WORD_RE.finditer(work):
        s, e = m.span()
        w = m.group()
        poss = False
        if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
            w, e, poss = w[:-2], e - 2, True
        toks.append((s, e, w, poss))
    n = len(toks)
    if not n:
        return []

    def lower(i):
        return toks[i][2].lower() if 0 <= i < n else ""

    def gap(i):  # text between token i-1 and token i
        if i <= 0:
            return work[: toks[0][0]] if i == 0 else ""
        prev_end = toks[i - 1][1] + (2 if toks[i - 1][3] else 0)
        return work[prev_end: toks[i][0]]

    def is_known(w):
        return w in first_names or w in last_names

    def ambiguous(w):
        return w in _AMBIGUOUS or len(w) <= 2 or w.lower() in _MONTHS

    def starts_sentence(i):
        g = gap(i)
        return i == 0 or any(not (c.isspace() or c in ",&/") for c in g)

    def glued(i):  # "sarah99", "Ole@host": part of something else
        s, e, _, poss = toks[i]
        e += 2 if poss else 0
        return (s > 0 and work[s - 1] in _GLUE) or (e < len(work) and work[e] in _GLUE)

    def determiner_before(k):  # "my friend", "my best friend", "an old colleague of mine"
        return any(lower(j) in _DETERMINERS for j in range(max(0, k - 3), k))

    def left_cue(i):
        """'strong' (relation word or title before), 'weak' (a verb cue), or None."""
        if i == 0:
            return None
        g, p = gap(i), lower(i - 1)
        if toks[i - 1][3]:  # "Sarah's X": no cue
            return None
        if p in _TITLES and _TITLE_GAP_RE.fullmatch(g):
            return "strong"
        if p in _RELATIONS and _RELATION_GAP_RE.fullmatch(g):
            return "strong"
        if not _gap_is_space(g):
            return None
        if p == "named" or (p == "is" and lower(i - 2) == "name") or p in ("name's", "names"):
            return "strong"
        # A verb cue counts in lowercase only: "With Hope in mind" opens a sentence.
        if p in _VERB_CUES and toks[i - 1][2][0].islower():
            return "weak"
        if p == "to" and _gap_is_space(gap(i - 1)) and lower(i - 2) in _TO_VERBS:
            return "weak"
        return None

    def right_cue(i):
        s, e, w, poss = toks[i]
        if lower(i - 1) in _NO_CUE_AFTER:
            return False
        rest = work[e + (2 if poss else 0): e + 60]
        if not poss and (_RIGHT_AND_I_RE.match(rest) or _RIGHT_VERB_RE.match(rest)):
            return True
        m = _RIGHT_IS_RELATION_RE.match(rest)
        if m and m.group(1).lower() in _RELATIONS:
            return True
        if poss:  # "Will's wife"
            m = re.match(r"\s+(\w+)", rest)
            return bool(m and m.group(1).lower() in _RELATIONS)
        return False

    def place_context(i):
        """'St. Patrick', 'Costa Rica', 'Isle of Skye', 'Hope Street', 'Anna university'."""
        if i > 0 and lower(i - 1) in _PLACE_BEFORE and _PLACE_BEFORE_GAP_RE.fullmatch(gap(i)) \
                and _is_title_case(toks[i - 1][2]):
            return True
        if i > 1 and lower(i - 1) == "of" and lower(i - 2) in _PLACE_OF and _gap_is_space(gap(i)):
            return True
        if toks[i][3]:  # "Sarah's house" is a person's
            return False
        j = i + 1
        if j < n and _gap_is_space(gap(j)) and lower(j) in _PLACE_AFTER_LOWER:
            return True
        while j < n and j <= i + 3 and _gap_is_space(gap(j)) and _is_title_case(toks[j][2]):
            if lower(j) in _PLACE_AFTER:
                return True
            if toks[j][3]:  # "Stephen King's Dark Tower"
                break
            j += 1
        return False

    def surname_follows(i):  # "Grace Hopper", not "Red Robin"
        j = i + 1
        if j < n and not toks[i][3] and gap(j) == " ":
            w = toks[j][2]
            return _is_title_case(w) and w in last_names and w not in _AMBIGUOUS and w.lower() not in _STOP \
                and lower(j) not in _PLACE_AFTER
        return False

    accepted = [False] * n
    candidates = []  # ambiguous title-case words, settled after the first pass
    for i in range(n):
        s, e, w, poss = toks[i]
        lw = w.lower()
        if lw in _STOP:
            continue
        if w[0].islower():
            # Lowercase: only a listed, unambiguous first name right after a relation word,
            # or before "and i".
            if lw in lower_firsts and not glued(i) and (
                    (lower(i - 1) in _RELATIONS and left_cue(i) == "strong")
                    or (not poss and _RIGHT_AND_I_RE.match(work, e, e + 12))):
                accepted[i] = True
            continue
        if len(w) < 2 or not w[0].isupper() or w.isupper():
            continue  # "I", "NHS", and scripts without case
        listed = w in first_names or w in _AMBIGUOUS
        if not listed and lower(i - 1) not in _STRONG_CUE_WORDS:
            continue  # an unlisted word is a name only after a relation word or a title
        if glued(i):
            continue
        cue = left_cue(i)
        if cue == "strong":
            # "my pastor, Father Michael": the relation word passes the cue on. A word the
            # list lacks needs "my/our/a... friend" or a title ("Doctor Strange" is a film).
            if lw not in _RELATIONS and lw not in _TITLES and (listed or w in last_names or (
                    lw not in common and (lower(i - 1) in _TITLES or determiner_before(i - 1)))):
                accepted[i] = True
            continue
        if not listed or place_context(i):
            continue
        if w in first_names and not ambiguous(w):
            accepted[i] = True
        elif (cue == "weak" and not starts_sentence(i)) or right_cue(i) or surname_follows(i):
            accepted[i] = True
        else:
            candidates.append(i)

    # "Sarah and Will", "Will & Sarah": an ambiguous name beside a detected one.
    for i in candidates:
        if i + 2 < n and lower(i + 1) in ("and", "or") and accepted[i + 2] and _gap_is_space(gap(i + 1)) \
                and _gap_is_space(gap(i + 2)) and not toks[i][3]:
            accepted[i] = True
        elif i + 1 < n and accepted[i + 1] and re.fullmatch(r"\s*(?:&|,)\s*", gap(i + 1)) and not toks[i][3]:
            accepted[i] = True
        elif i >= 2 and lower(i - 1) in ("and", "or") and accepted[i - 2] and _gap_is_space(gap(i - 1)) \
                and _gap_is_space(gap(i)) and not toks[i - 2][3]:
            accepted[i] = True
        elif i >= 1 and accepted[i - 1] and re.fullmatch(r"\s*&\s*", gap(i)) and not toks[i - 1][3]:
            accepted[i] = True

    spans = []
    i = 0
    while i < n:
        if not accepted[i]:
            i += 1
            continue
        start, end = toks[i][0], toks[i][1]
        j = i + 1
        added = 0
        while j < n and not toks[j - 1][3] and added < 3:
            g, w = gap(j), toks[j][2]
            if g != " ":
                break
            lw = w.lower()
            if lw in _PARTICLES and j + 1 < n and gap(j + 1) == " " and _is_title_case(toks[j + 1][2]) \
                    and toks[j + 1][2].lower() not in _STOP:
                end = toks[j + 1][1]
                j += 2
                added += 1
                continue
            if not _is_title_case(w) or lw in _STOP or lw in _PLACE_AFTER or glued(j):
                break
            if accepted[j] or w in last_names or (w in first_names and not ambiguous(w)) or (
                    not is_known(w) and w not in _AMBIGUOUS and lw not in common and added == 0):
                end = toks[j][1]
                j += 1
                added += 1
                continue
            break
        spans.append((start, end))
        i = j
    return spans


# --------------------------------------------------------------------------- API


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """Spans of personal data in ``text``: sorted, non-overlapping ``(start, end, kind)``."""
    if not isinstance(text, str) or not text:
        return []
    found = {kind: [] for kind in _PRIORITY}
    if "@" in text:
        for s, e, kind in _handles(text):
            found["handle"].append((s, e))
        found["email"] = [m.span() for m in _EMAIL_RE.finditer(text)]
    if "." in text:
        found["url"] = _urls(text)
    if _DIGITS_RE.search(text):
        found["phone"] = list(_phones(text))

    # Overlaps: the leftmost finding wins, then the longest, then the kind earlier in _PRIORITY
    # ("@sam@mastodon.social" is a handle, not an e-mail; a phone inside a URL is the URL).
    cands = sorted(((s, e, kind) for kind in _PRIORITY[:-1] for s, e in found[kind] if s < e),
                   key=lambda c: (c[0], c[0] - c[1], _PRIORITY.index(c[2])))
    taken, last_end = [], 0
    for s, e, kind in cands:
        if s >= last_end:
            taken.append((s, e, kind))
            last_end = e
    for s, e in _names(text, [(s, e) for s, e, _ in taken]):
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
