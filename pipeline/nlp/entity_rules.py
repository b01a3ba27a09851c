"""Rules that correct the embedded CRF where Danish text is predictable.

`doc.ents` follows the convention of the data the CRF learns from (DDT): companies,
clubs, media and "X Kommune" are ORG; parliament, ministries, agencies and parties
are not entities there (the domain layer finds them as BODY/PARTY, see domain.py).
So the rules tag ORG for gazetteer organisations and clubs, names before a company
word ("Sønderborg Bank", "Nordpak A/S"), "X Kommune"/"X Amtsråd" and, in sports
text, fixtures ("Esbjerg-Randers"); a role word swallowed into a person's name
("Familiechef Marianne Højgaard") is cut off.
"""

from __future__ import annotations

import re

from pipeline.nlp.domain import BODY_ENDINGS
from pipeline.nlp.features import SENTENCE_OPENERS, Resources, is_fixture, multi_match

Span = tuple[int, int, str]
_PLACES = frozenset({"city", "country", "kommune", "region"})

# Street names whose house number belongs to the place: "Bredegade 55", "Guldvej 6".
STREET_ENDINGS = ("gade", "vej", "allé", "alle", "stræde", "torv", "plads", "boulevard", "vænge")
ROLE_ENDINGS = (
    "chef",
    "konsulent",
    "direktør",
    "formand",
    "leder",
    "borgmester",
    "rådmand",
    "minister",
    "rådgiver",
    "ordfører",
)


def _strip_genitive(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _is_body_word(word: str) -> bool:
    """A public body's name ("Byudvalget", "Socialstyrelsens"): never the start of a person."""
    bare = _strip_genitive(word).lower()
    return bare.endswith(BODY_ENDINGS) and bare not in BODY_ENDINGS and "-" not in word


def _is_role(word: str, res: Resources) -> bool:
    lower = word.lower()
    return lower in res.roles or (lower.endswith(ROLE_ENDINGS) and lower not in res.single)


# gazetteer keys whose names the DDT annotation tags ORG
ORG_KEYS = ("org", "club")


def org_spans(words: list[str], res: Resources, kommuner: frozenset[str]) -> list[Span]:
    """ORG spans found by rule: gazetteer organisations and clubs, "X Kommune", company names."""
    found: list[Span] = []
    n = len(words)
    sport = not res.sport_words.isdisjoint(w.lower() for w in words)
    i = 0
    while i < n:
        w = words[i]
        if w[:1].islower() or not w[:1].isalnum():
            i += 1  # every rule's name starts with a capital or a digit ("3F")
            continue
        # "Faxe Kommune", "Københavns Kommunes", "Region Sjælland"
        is_kommune = _strip_genitive(w) in kommuner or w in kommuner
        if is_kommune and i + 1 < n and words[i + 1].lower() in ("kommune", "kommunes"):
            found.append((i, i + 2, "ORG"))
            i += 2
            continue
        if w == "Region" and i + 1 < n and words[i + 1][:1].isupper():
            found.append((i, i + 2, "ORG"))
            i += 2
            continue
        company = _company(words, i, res)
        if company:
            found.append((i, company, "ORG"))
            i = company
            continue
        match = _gazetteer_org(words, i, res)
        if match:
            found.append((i, match, "ORG"))
            i = match
            continue
        event = _event(words, i, res)
        if event:
            found.append((i, event, "MISC"))
            i = event
            continue
        scored = i + 1 < n and SCORE.fullmatch(words[i + 1]) is not None
        if (sport or scored) and "-" in w and w not in res.single and is_fixture(w, res):
            found.append((i, i + 1, "ORG"))
        i += 1
    return found


SCORE = re.compile(r"\d{1,2}-\d{1,2}")  # a result after a fixture: "Esbjerg-Randers 2-1"


def _event(words: list[str], i: int, res: Resources) -> int:
    """End of a named event from the gazetteer starting at i ("VM", "Tour de France"), 0 if none."""
    for parts, key in res.multi.get(words[i], ()):
        if key == "event" and multi_match(words, i, parts):
            return i + len(parts)
    w = words[i]
    keys = res.single.get(w) or res.single.get(w.removesuffix("'s").removesuffix("s"), ())
    return i + 1 if "event" in keys else 0


def _name_word(word: str) -> bool:
    return word[:1].isupper() and not word.isdigit() and word not in SENTENCE_OPENERS


def _company(words: list[str], i: int, res: Resources) -> int:
    """End of a company or club name starting at i: capitalised words before a company word
    ("Sønderborg Bank", "Hansens Maskinhandel", "Nordpak A/S") or after an opening word
    ("FC Esbjerg", "Team Tvis"); 0 if none. Sentence-initially a common word does not start it."""
    n = len(words)
    if words[i] in res.company_start:
        j = i + 1
        while j < n and j < i + 3 and _name_word(words[j]) and words[j] not in res.company_end:
            j += 1
        return j if j > i + 1 else 0
    if not _name_word(words[i]) or words[i] in res.company_end:
        return 0
    if i == 0 and words[i].lower() in res.lexicon and words[i] not in res.single:
        return 0
    j = i
    while j < n and j < i + 3 and _name_word(words[j]) and not _company_word(words[j], res):
        j += 1
    if j < n and j > i and _company_word(words[j], res):
        if j == i + 1 and "first" in res.single.get(words[i], ()):
            return 0  # "Jesper Bank" is a person
        while j < n and _company_word(words[j], res):
            j += 1
        return j
    return 0


def _company_word(word: str, res: Resources) -> bool:
    """A company word, also in the genitive: "Bank", "Banks", "IF's"."""
    if word in res.company_end:
        return True
    bare = word[:-2] if word.endswith("'s") else word[:-1] if word.endswith(("s", "'")) else ""
    return bare in res.company_end


def _gazetteer_org(words: list[str], i: int, res: Resources) -> int:
    """End of an organisation or club name from the gazetteers starting at i (0 if none)."""
    for parts, key in res.multi.get(words[i], ()):
        if key in ORG_KEYS and multi_match(words, i, parts):
            return i + len(parts)
    keys = res.single.get(words[i]) or res.single.get(_strip_genitive(words[i]), ())
    is_org = any(k in keys for k in ORG_KEYS) and words[i][:1].isupper()
    # a club that is also a town's name is left to the CRF ("Viborg", "Luton")
    is_org = is_org and not _PLACES.intersection(keys)
    # sentence-initially only when it cannot be a common word ("Venstre" = left)
    if is_org and (i > 0 or words[i].lower() not in res.lexicon):
        return i + 1
    return 0


# before a place, not a club: "kampen i Viborg", "flyttede fra Horsens"
LOCATIVES = frozenset({"i", "på", "ved", "nær", "til", "fra", "omkring", "udenfor"})


def _club_in_sports(words: list[str], span: Span, res: Resources) -> Span:
    """In sports text a town or country that is not after a locative is its team: "Viborg
    vandt", "Lars Holm , Luton ,", "nederlaget mod Danmark"."""
    start, end, label = span
    if label != "LOC" or end - start != 1 or (start > 0 and words[start - 1] in LOCATIVES):
        return span
    w = words[start]
    keys = res.single.get(w) or res.single.get(w.removesuffix("'s").removesuffix("s"), ())
    if _PLACES.intersection(keys) or "club" in keys:
        return start, end, "ORG"
    return span


def _with_house_number(words: list[str], span: Span) -> Span:
    """A street's house number joins the place: "Bredegade" + "55" -> "Bredegade 55"."""
    start, end, label = span
    if (
        label == "LOC"
        and end < len(words)
        and words[end - 1].lower().endswith(STREET_ENDINGS)
        and words[end][:1].isdigit()
        and words[end].rstrip("abcdefgh").isdigit()
    ):
        return start, end + 1, label
    return span


def _common_word_first(words: list[str], span: Span, res: Resources) -> bool:
    """A one-word PER that opens a sentence and is a Danish word, not a first name ("Otte")."""
    start, end, label = span
    if (
        label != "PER"
        or end - start != 1
        or (start > 0 and words[start - 1] not in SENTENCE_OPENERS)
    ):
        return False
    keys = res.single.get(words[start], ())
    return words[start].lower() in res.lexicon and "first" not in keys and "foreign" not in keys


def _inside_person(rule: Span, spans: list[Span]) -> bool:
    """A one-word organisation inside a longer person name is the name ("Maja Illum")."""
    start, end, _ = rule
    return end - start == 1 and any(
        label == "PER" and e - s >= 2 and s <= start and end <= e for s, e, label in spans
    )


def apply_rules(
    words: list[str], spans: list[Span], res: Resources, kommuner: frozenset[str]
) -> list[Span]:
    """The CRF's spans corrected: rule ORGs win over overlapping spans; roles cut from PER."""
    fixed: list[Span] = []
    for start, end, label in spans:
        while (
            start < end
            and words[start][:1].isupper()
            and (_is_role(words[start], res) or (label == "PER" and _is_body_word(words[start])))
        ):
            start += 1
        if start < end:
            fixed.append((start, end, label))
    fixed = [_with_house_number(words, s) for s in fixed if not _common_word_first(words, s, res)]
    fixed = _person_fixes(words, fixed, res)
    rules = [r for r in org_spans(words, res, kommuner) if not _inside_person(r, fixed)]
    taken: set[int] = set()
    for start, end, _ in rules:
        taken.update(range(start, end))
    if not res.sport_words.isdisjoint(w.lower() for w in words):
        fixed = [_club_in_sports(words, span, res) for span in fixed]
    named = _party_or_body_words(words, res)
    kept = []
    for start, end, label in fixed:
        if label == "PER":  # "Byudvalget Birgitte Hald": the body is cut off, the name stays
            while start < end and (start in taken or (start in named and end - start > 1)):
                start += 1
        if start < end and not taken.intersection(range(start, end)):
            kept.append((start, end, label))
    return sorted(kept + rules)


# what ends a clause after a name: "siger Mette Holm Ager, der ..."
_CLAUSE_END = frozenset({",", ".", "(", ")", "?", "!", ":", ";"})
_NOT_NAMES = frozenset({"city", "country", "kommune", "region", "org", "party", "body", "club"})


def _last_name_part(words: list[str], start: int, end: int, res: Resources) -> bool:
    """Is the capitalised word at `end` the last part of the name words[start:end]? An unknown
    word is; a Danish word only when it is a known surname, or, after a name of two words or
    more, when the clause ends right after it (mid-sentence capitals are names in Danish)."""
    keys = res.single.get(words[end], ())
    if "first" in keys or _NOT_NAMES.intersection(keys):
        return False
    if words[end].lower() not in res.lexicon or "last" in keys:
        return True
    closes = end + 1 == len(words) or words[end + 1] in _CLAUSE_END
    return closes and end - start >= 2 and not _is_role(words[end], res)


def _party_or_body_words(words: list[str], res: Resources) -> set[int]:
    """Positions of words of multi-word party and body names, also in the genitive ("Dansk
    Folkepartis"): no entity in the data's convention, and never part of a person's name."""
    found: set[int] = set()
    for i, w in enumerate(words):
        for parts, key in res.multi.get(w, ()):
            if key in ("party", "body") and multi_match(words, i, parts):
                found.update(range(i, i + len(parts)))
    return found


def _person_fixes(words: list[str], spans: list[Span], res: Resources) -> list[Span]:
    """Names the CRF cut short or ran together with a party or body before them.

    "Enhedslistens Signe Rahbek Lind": the genitive body is its own ORG;
    "Kirsten Lund Hejlskov": an unknown capitalised word right after a name is
    its last part, and two person spans side by side are one name;
    "Birgitte Hald (K)": a first name and a surname before party letters are a
    person even when the CRF tagged nothing.
    """
    out: list[Span] = []
    for start, end, label in spans:
        if label == "PER" and end - start >= 3:
            keys = res.single.get(_strip_genitive(words[start]), ())
            if words[start].endswith("s") and ("party" in keys or "org" in keys):
                if "org" in keys:  # a party is no entity in the data's convention
                    out.append((start, start + 1, "ORG"))
                start += 1
        if label == "PER":
            while (
                end < len(words)
                and words[end][:1].isupper()
                and words[end].isalpha()
                and _last_name_part(words, start, end, res)
                and not any(s == end for s, _, _ in spans)
            ):
                end += 1
        out.append((start, end, label))
    joined: list[Span] = []
    for span in sorted(out):  # "Kasper Nyborg" + "Holm" side by side: one name
        if joined and joined[-1][2] == span[2] == "PER" and joined[-1][1] == span[0]:
            joined[-1] = (joined[-1][0], span[1], "PER")
        else:
            joined.append(span)
    out = joined
    taken = {i for s, e, _ in out for i in range(s, e)}
    for i in range(len(words) - 4):
        if (
            words[i + 2] == "("
            and words[i + 3] in res.party_letters
            and words[i + 4] == ")"
            and "first" in res.single.get(words[i], ())
            and words[i + 1][:1].isupper()
            and not taken.intersection((i, i + 1))
        ):
            out.append((i, i + 2, "PER"))
    return sorted(out)
