"""Token features for the CRF entity tagger.

With ~20k training tokens the tagger cannot learn names from the words alone, so each
token also carries what Danish makes cheap to know: capitalisation in the middle of a
sentence (Danish capitalises only names), how common the lower-cased word is in
Danish (from wordfreq, snapshotted into the model), gazetteer hits (names, places,
organisations, roles) and a party letter such as "(V)" right after it.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

CACHE_SIZE = 200_000  # word forms kept in Resources.cache (a few hundred bytes each)
# Tokens after which a capitalised word may just be a sentence's (or a quote's) first word.
SENTENCE_OPENERS = frozenset({"–", "-", '"', "«", "“", ":"})
_PUNCT = set(".,;:!?()[]{}\"'«»“”‘’–—-/…")
_GAZ_KEYS = (
    "first",
    "last",
    "foreign",
    "country",
    "city",
    "region",
    "org",
    "kommune",
    "party",
    "body",
    "club",
    "event",
)
# gazetteer keys of places: a hyphenated pair of them is a fixture in sports text
_PLACE_KEYS = frozenset({"city", "country", "kommune", "club", "region"})
_SPORT_KEYS = frozenset(
    f"{key}{gen}"
    for key in ("city", "country", "kommune", "club", "region")
    for gen in ("", "_gen")
)


def word_shape(word: str) -> str:
    """Collapsed shape: 'Anette' -> 'Xx', 'SF' -> 'X', '2020' -> 'd', 'A-B' -> 'X-X'."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:6])


@dataclass
class Resources:
    """Lookup tables the features read; built once from the model's stored lists."""

    lists: dict[str, list[str]]
    freq: dict[str, int]  # lower-cased word -> Zipf frequency bucket (1..8)
    # English words, for English titles and names in Danish text ("Moving Hearts")
    freq_en: dict[str, int] = field(default_factory=dict)
    # Danish word forms without proper names: the lookup lemmatizer's table
    lexicon: Container[str] = frozenset()
    single: dict[str, tuple[str, ...]] = field(default_factory=dict)
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()
    org_suffixes: tuple[str, ...] = ()
    party_letters: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    company_end: frozenset[str] = frozenset()
    company_start: frozenset[str] = frozenset()
    noun_endings: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, endings) of kind nouns
    # word form -> its neighbour-free features (filled as text is tagged)
    cache: dict[str, _WordFeatures] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        single: dict[str, set[str]] = {}
        multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key in _GAZ_KEYS:
            for entry in self.lists.get(key, []):
                parts = tuple(entry.split())
                if len(parts) == 1:
                    single.setdefault(parts[0], set()).add(key)
                else:
                    multi.setdefault(parts[0], []).append((parts, key))
        self.single = {w: tuple(sorted(keys)) for w, keys in single.items()}
        for entries in multi.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.multi = multi
        self.roles = frozenset(w.lower() for w in self.lists.get("role", []))
        self.org_suffixes = tuple(s.lower() for s in self.lists.get("orgsuffix", []))
        self.party_letters = frozenset(self.lists.get("partyletter", []))
        self.sport_words = frozenset(self.lists.get("sport", []))
        self.company_end = frozenset(self.lists.get("company_end", []))
        self.company_start = frozenset(self.lists.get("company_start", []))
        self.noun_endings = tuple(
            (label, tuple(self.lists.get(f"noun_{label}", ()))) for label in ("org", "misc")
        )


def is_fixture(word: str, res: Resources) -> bool:
    """ "Esbjerg-Randers": two capitalised place or club names joined by a hyphen."""
    parts = word.split("-")
    return len(parts) == 2 and all(
        p[:1].isupper() and _PLACE_KEYS.intersection(res.single.get(p, ())) for p in parts
    )


def _multi_matches(words: list[str], res: Resources) -> list[list[str]]:
    """B-/I- gazetteer tags of multi-word entries, longest match first."""
    tags: list[list[str]] = [[] for _ in words]
    for i, w in enumerate(words):
        for parts, key in res.multi.get(w, ()):
            n = len(parts)
            if multi_match(words, i, parts):
                tags[i].append(f"B{key}")
                for j in range(i + 1, i + n):
                    tags[j].append(f"I{key}")
    return tags


def genitive_of(word: str, name: str) -> bool:
    """ "TV 2's", "Danske Banks", "Jens'": the name's last word in the genitive."""
    return word in (name + "s", name + "'s", name + "'")


def multi_match(words: list[str], i: int, parts: tuple[str, ...]) -> bool:
    """Does the multi-word name `parts` start at i, its last word also in the genitive?"""
    n = len(parts)
    if tuple(words[i : i + n - 1]) != parts[:-1] or i + n > len(words):
        return False
    last = words[i + n - 1]
    return last == parts[-1] or genitive_of(last, parts[-1])


def _capital_runs(words: list[str]) -> list[str]:
    """Position in a run of capitalised words ("run=B2" = first of two), '' outside runs.

    Multi-word names are runs of capitals, often joined by "og"/"for"/"af" in
    organisation names; the tagger uses this to find where a name starts and ends.
    """
    tags = [""] * len(words)
    i = 0
    while i < len(words):
        if not words[i][:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < len(words) and words[j][:1].isupper():
            j += 1
        size = min(j - i, 3)
        for k in range(i, j):
            pos = "B" if k == i else ("E" if k == j - 1 else "I")
            tags[k] = f"run={pos}{size}"
        i = j
    return tags


QUOTE_MARKS = frozenset({'"', "«", "»", "“", "”", "'"})
MAX_TITLE = 7  # words in a quoted title ("No Fuel Left For The Pilgrims")


def _quoted_titles(words: list[str]) -> list[str]:
    """'q=B'/'q=I' for the words of a short capitalised quotation: titles of songs, films and
    events are quoted ('singlen " Jump "'); a long quotation is speech, not a title."""
    tags = [""] * len(words)
    opened = -1
    for i, w in enumerate(words):
        if w not in QUOTE_MARKS:
            continue
        if opened < 0:
            opened = i
            continue
        inside = range(opened + 1, i)
        if 0 < len(inside) <= MAX_TITLE and words[opened + 1][:1].isupper():
            for j in inside:
                tags[j] = "q=B" if j == opened + 1 else "q=I"
        opened = -1
    return tags


@dataclass
class _WordFeatures:
    """The features of one word form that do not depend on its neighbours, in list order."""

    head: list[str]  # w=, sh=, suffixes, prefixes, z=, lex, en=
    middle: list[str]  # allcaps, punct, g= (single-word gazetteers)
    tail: list[str]  # role, orgsuf
    in_lex: bool
    zipf: int
    title: bool


def _word_features(w: str, res: Resources) -> _WordFeatures:
    """Computed once per word form and kept in `res.cache`: most tokens are repeats."""
    cached = res.cache.get(w)
    if cached is not None:
        return cached
    lower = w.lower()
    title = w[:1].isupper()
    head = [f"w={lower}", f"sh={word_shape(w)}", f"s3={lower[-3:]}", f"s2={lower[-2:]}"]
    head.extend((f"p3={lower[:3]}", f"s4={lower[-4:]}", f"p4={lower[:4]}", f"s1={lower[-1:]}"))
    zipf = res.freq.get(lower, 0)
    head.append(f"z={zipf}")
    in_lex = lower in res.lexicon
    if not in_lex and lower.endswith("s") and len(lower) > 3:
        in_lex = lower[:-1] in res.lexicon
    head.append("lex" if in_lex else "nolex")
    if not in_lex and lower in res.freq_en:
        head.append(f"en={res.freq_en[lower]}")
    middle = []
    if w.isupper() and len(w) > 1:
        middle.append("allcaps")
    if w in _PUNCT:
        middle.append("punct")
    keys = res.single.get(w if not (w.isupper() and len(w) > 3) else w.capitalize())
    if keys is None and title and lower.endswith("s") and len(w) > 3:
        keys = tuple(f"{k}_gen" for k in res.single.get(w[:-1].rstrip("'"), ()))
    if keys:
        middle.extend(f"g={k}" for k in keys)
    tail = []
    if lower in res.roles:
        tail.append("role")
    if title and lower.endswith(res.org_suffixes):
        tail.append("orgsuf")
    if w in res.company_end:
        tail.append("coend")
    if w in res.company_start:
        tail.append("costart")
    if "-" in w and is_fixture(w, res):
        tail.append("fixture")
    if not title:
        tail.extend(f"noun_{label}" for label, ends in res.noun_endings if lower.endswith(ends))
    found = _WordFeatures(head, middle, tail, in_lex, zipf, title)
    if len(res.cache) < CACHE_SIZE:
        res.cache[w] = found
    return found


def _base_features(words: list[str], res: Resources) -> list[list[str]]:
    """Features of each token on its own; the window step combines neighbours."""
    multi = _multi_matches(words, res)
    n = len(words)
    runs = _capital_runs(words)
    # sports reporting in this sentence: a town's name may be its club ("Viborg vandt")
    sport = not res.sport_words.isdisjoint(w.lower() for w in words)
    # a headline in capitals: capitals say nothing about names there
    letters = [w for w in words if w[:1].isalpha()]
    shouting = len(letters) >= 2 and sum(w.isupper() for w in letters) * 2 > len(letters)
    quoted = _quoted_titles(words)
    out: list[list[str]] = []
    for i, w in enumerate(words):
        word = _word_features(w, res)
        f = [*word.head]
        if word.title:
            if i == 0 or words[i - 1] in SENTENCE_OPENERS:
                f.append("cap=first")
                f.append("capfirst_lex" if word.in_lex else "capfirst_nolex")
            else:
                f.append("cap=mid")
                f.append(f"capz={min(word.zipf, 5)}")
                f.append("capmid_lex" if word.in_lex else "capmid_nolex")
        f.extend(word.middle)
        f.extend(f"g={k}" for k in multi[i])
        if sport and word.title:
            # only for places and clubs: a bare "sport" feature on every capital taught the
            # tagger that players' names are ORG (weights +1.15 ORG, -0.78 PER)
            f.extend(f"sport_{x}" for x in word.middle if x[2:] in _SPORT_KEYS)
        if shouting:
            f.append("shouting")
        if quoted[i]:
            f.append(quoted[i])
        if runs[i]:
            f.append(runs[i])
        f.extend(word.tail)
        if (
            i + 2 < n
            and words[i + 1] == "("
            and words[i + 2] in res.party_letters
            and (i + 3 >= n or words[i + 3] == ")")
        ):
            f.append("party_next")
        out.append(f)
    return out


# What a token shows its neighbours. Fewer is better with ~20k training tokens: the
# lexicon, frequency and capitalisation-position features of the neighbours and the
# words two tokens away only let the CRF memorise the training sentences.
# 5-fold CV (benchmarks/ner_cv.py --only c), seeds 0 / 1: all features at ±1 and ±2 plus
# a word bigram 0.7475 / 0.7440; these windows, no bigram 0.7592 / 0.7585.
_NEAR_PREFIXES = (
    "w=",
    "sh=",
    "g=",
    "cap=",
    "role",
    "orgsuf",
    "party_next",
    "punct",
    "coend",
    "costart",
    "noun_",
    "q=",
)  # ±1
_FAR_PREFIXES = ("sh=", "g=", "cap=", "punct")  # ±2


def sentence_features(words: list[str], res: Resources) -> list[list[str]]:
    """CRF feature strings for every token of one sentence (window of ±2 tokens)."""
    base = _base_features(words, res)
    near = [[x for x in f if x.startswith(_NEAR_PREFIXES)] for f in base]
    far = [[x for x in f if x.startswith(_FAR_PREFIXES)] for f in near]
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        f = ["bias", *base[i]]
        for off, ctx in ((-2, far), (-1, near), (1, near), (2, far)):
            j = i + off
            if 0 <= j < n:
                f.extend(f"{off}:{x}" for x in ctx[j])
            else:
                f.append(f"{off}:pad")
        out.append(f)
    return out
