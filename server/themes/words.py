"""Words of answers: tokens, stop words, light plural folding, and ranked word counts.

Plain Python on purpose: the web process imports it for the word-frequency view
without loading numpy, scikit-learn or the model (only the theme worker does).
"""

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Fillers common in spoken-style answers, besides the usual English stop words.
EXTRA_STOP = frozenset(
    """
i'm i've i'd i'll it's that's don't didn't doesn't can't won't isn't wasn't there's let's
im ive dont didnt cant wont really just got gotten get gets getting like lot lots thing things stuff
make makes made making day days today yesterday tonight week recently finally
feel feeling felt want wanted need needed think thought know knew way good great nice
able went going go goes come came take took did does doing
new old little big able also even still ever much many one two first last
""".split()
)
# Function words: scikit-learn's English list (BSD-3-Clause, from the Glasgow IR group),
# less the words that carry meaning in personal reflections ("alone", "together", "interest"…).
BASE_STOP = frozenset(
    """
a about above across after afterwards again against all almost along already also although
always am among amongst amoungst an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand
behind being below beside besides between beyond both but by can cannot cant co con could
couldnt de describe detail do done down due during each eg eight either eleven else
elsewhere enough etc even ever every everyone everything everywhere except few fifteen fifty
fill find first five for former formerly forty found four from further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his
how however hundred i ie if in inc indeed into is it its itself keep last latter latterly
least less ltd made many may me meanwhile might mine more moreover most mostly move much
must my myself namely neither never nevertheless next nine no nobody none noone nor not
nothing now nowhere of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps please put rather re same see seem seemed seeming seems
several she should show since sincere six sixty so some somehow someone something sometime
sometimes somewhere still such take ten than that the their them themselves then thence
there thereafter thereby therefore therein thereupon these they third this those though
three through throughout thru thus to too toward towards twelve twenty two un under until up
upon us very via was we well were what whatever when whence whenever where whereafter
whereas whereby wherein whereupon wherever whether which while whither who whoever whole
whom whose why will with within without would yet you your yours yourself yourselves
""".split()
)
STOP = BASE_STOP | EXTRA_STOP


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(text.lower())]


def stem(w: str) -> str:
    """Light plural folding only: labels must stay readable words."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


def has_content(text: str) -> bool:
    """False for answers made only of stop words ("ok", "the", ""): nothing to theme."""
    return any(w not in STOP and len(w) > 1 for w in words(text))


def question_words(question: str) -> set[str]:
    ws = [w for w in words(question) if w not in STOP]
    return set(ws) | {stem(w) for w in ws}


def usable(w: str, banned: set[str]) -> bool:
    return w not in banned and stem(w) not in banned and len(w) > 1 and not w.isdigit()


def word_counts(texts: Sequence[str], question: str = "", top: int = 20) -> list[tuple[str, int]]:
    """How many answers use each word (folded plurals), most used first."""
    banned = question_words(question)
    counts: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    for t in texts:
        seen = set()
        for w in words(t):
            if w in STOP or not usable(w, banned):
                continue
            forms[stem(w)][w] += 1
            seen.add(stem(w))
        counts.update(seen)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: max(top, 0)]
    return [(forms[k].most_common(1)[0][0], c) for k, c in ranked]
