"""Recognise the words that point at a speaker: names, roles, pronouns, bodies.

Works on plain text with small regular expressions, so it does not depend on
the quality of the NER model: news attributions follow a handful of fixed
shapes ("siger borgmester Anette Mortensen (V)", "sagde udvalgsformanden",
"forklarer hun", "lyder det fra Task Forcen").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.quotes.lexicon import Lexicon

UPPER = "A-ZÆØÅÉÜÖÄ"
LOWER = "a-zæøåéüöäèáí"
NAME_TOKEN = rf"(?:[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?|[{UPPER}]\.)"
# inside a name an abbreviated part may follow: "Lars Kr. Sønderby" (not "Nr. Tranders")
_LATER_TOKEN = rf"(?:[{UPPER}][{LOWER}]\.(?=[ \t]+[{UPPER}])|{NAME_TOKEN})"
NAME_SEQ = re.compile(
    rf"{NAME_TOKEN}(?:[ \t]+(?:(?:von|van|de|af|la|le)[ \t]+)?{_LATER_TOKEN}){{0,4}}"
    rf"(?![{LOWER}\w])"
)
# "Social-, Bolig- og Ældreministeriet", "Midt- og Vestjyllands Politi": coordinated first parts
_COORDINATED = rf"(?:[{UPPER}][a-zæøå]+-,[ \t]+)*(?:[{UPPER}][a-zæøå]+-[ \t]+og[ \t]+)?"
ORG_SHAPES = (
    rf"(?:[{UPPER}][a-zæøå]+(?:-[{UPPER}][a-zæøå]+)? Kommune|Region [{UPPER}][a-zæøå]+"
    rf"|{_COORDINATED}[{UPPER}][a-zæøå]+s Politi"
    rf"|{_COORDINATED}[{UPPER}][a-zæøå]*(?:styrelsen|ministeriet)"
    rf"|(?:Dansk|Danske|Danmarks)(?:[ \t]+[{UPPER}][a-zæøå]+){{1,2}}"
    rf"|Retten (?:i|på) [{UPPER}][a-zæøå]+|(?:Østre|Vestre) Landsret|Højesteret)"
)


def org_shapes(lex: Lexicon) -> re.Pattern[str]:
    return _org_shapes(lex.organisation_endings, lex.not_names)


@lru_cache(maxsize=4)
def _org_shapes(
    organisation_endings: tuple[str, ...], not_names: frozenset[str]
) -> re.Pattern[str]:
    """Bodies by the shape of their names: the fixed shapes above, plus a capitalised word
    with an organisation ending ("Socialrådgiverforening"), or one or two capitalised words
    before a capitalised ending ("Bork Skole", "Struer Håndboldklub")."""
    longest_first = sorted(organisation_endings, key=len, reverse=True)
    endings = "|".join(longest_first)
    # alone, a definite compound is a common noun at a sentence start ("Fagforeningen siger")
    indefinite = "|".join(e for e in longest_first if not e.endswith(("en", "et")))
    capitalised = "|".join(e.capitalize() for e in longest_first)
    word = rf"(?!(?:{'|'.join(sorted(not_names))})\b)[{UPPER}][a-zæøå]+[ \t]+"
    by_ending = (
        rf"(?:{word}){{1,2}}[{UPPER}][a-zæøå]*(?:{endings})"
        rf"|[{UPPER}][a-zæøå]+(?:{indefinite})"
        rf"|(?:{word}){{1,2}}(?:{capitalised})"
    )
    # every shape starts with a capital: the lookahead skips lower-case words at once
    return re.compile(rf"\b(?=[{UPPER}])(?:{ORG_SHAPES}|{by_ending})(?![\w-])")


SIGNED_INITIAL = re.compile(r"[ \t]([A-HJ-ZÆØÅ])(?![\w.])")
PARTY = re.compile(rf"[ \t]*\(([{UPPER}]{{1,3}})\)")
ADVERBS = (
    "også",
    "nu",
    "så",
    "da",
    "blot",
    "selv",
    "igen",
    "i dag",
    "bl.a.",
    "desuden",
    "videre",
    "såvel",
    "både",
)


@dataclass
class Mention:
    """One reference to a (possible) speaker, with what it tells about them."""

    start: int
    end: int
    text: str
    type: (
        str  # name | surname | firstname | role | pronoun | organisation | report | orgnoun | group
    )
    name: str | None = None  # name as written, genitive removed
    role: str | None = None  # base role noun ("borgmester")
    role_phrase: str | None = None  # full role as written ("formand for udvalget …")
    party: str | None = None
    gender: str | None = None


# A word of letters and hyphens standing alone (not part of a longer word or number)
_ROLE_WORD = re.compile(rf"(?<![\w-])([{LOWER}{UPPER}-]+)(?![\w-])", re.IGNORECASE)


class RoleWords:
    """Finds words that end in a role form: "borgmester", "socialrådgiveren", "skolelederen".

    Does what one regular expression over all role forms would do, a word at a
    time: Python's `re` tries every alternative at every letter, which cost about
    60 µs per name in a news article; a set lookup per suffix costs next to nothing.
    """

    def __init__(self, forms: tuple[str, ...]) -> None:
        self.forms = frozenset(form.lower() for form in forms)
        self.shortest = min(map(len, self.forms), default=1)
        self.longest = max(map(len, self.forms), default=0)
        self.is_role = lru_cache(maxsize=100_000)(self._ends_in_role)

    def _ends_in_role(self, word: str) -> bool:
        lower = word.lower()
        first = max(0, len(lower) - self.longest)
        return any(lower[i:] in self.forms for i in range(first, len(lower) - self.shortest + 1))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Role words in `text`, as matches whose group(1) is the whole word."""
        return (m for m in _ROLE_WORD.finditer(text) if self.is_role(m.group(1)))

    def fullmatch(self, word: str) -> bool:
        return _ROLE_WORD.fullmatch(word) is not None and self.is_role(word)


@lru_cache(maxsize=4)
def _role_words(forms: tuple[str, ...]) -> RoleWords:
    return RoleWords(forms)


def role_words(lex: Lexicon) -> RoleWords:
    return _role_words(tuple(form for form in lex.roles if " " not in form and len(form) >= 3))


_ROLE_CACHE: dict[str, tuple[str, bool] | None] = {}


@lru_cache(maxsize=4)
def _suffix_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Role forms usable as the last part of a compound, longest first."""
    return tuple(sorted((f for f in forms if " " not in f and len(f) >= 4), key=len, reverse=True))


def role_base(word: str, lex: Lexicon) -> tuple[str, bool] | None:
    """The base role of a (compound) role word and whether it is definite."""
    lower = word.lower()
    if lower in _ROLE_CACHE:
        return _ROLE_CACHE[lower]
    result = None
    if lower in lex.roles:
        result = lex.roles[lower], lower in lex.definite_roles
    else:
        for form in _suffix_forms(tuple(lex.roles)):
            if lower.endswith(form) and (len(lower) - len(form)) >= 3:
                prefix = lower[: -len(form)]
                if prefix.endswith("-"):
                    if word[: len(prefix) - 1].isupper():  # "DS-formanden", "KL-direktøren"
                        result = lex.roles[form], form in lex.definite_roles
                    break
                result = prefix + lex.roles[form], form in lex.definite_roles
                break
    _ROLE_CACHE[lower] = result
    return result


def strip_genitive(name: str, known: set[str]) -> str:
    """'Anette Mortensens' -> 'Anette Mortensen' when the stem is a known name or surname."""
    if not name.endswith("s") or name.endswith("'s"):
        return name.removesuffix("'s").removesuffix("’s")
    stem = name[:-1]
    last = stem.split()[-1]
    if stem in known or last in known:
        return stem
    return name


def split_name_tokens(name: str) -> list[str]:
    return name.split()


def parse_name(text: str, pos: int, lex: Lexicon) -> tuple[str, int] | None:
    """A capitalised name sequence starting exactly at `pos` (no function words)."""
    match = NAME_SEQ.match(text, pos)
    if not match:
        return None
    tokens = match.group(0).split()
    # "Også Peter Lind": a capitalised function word before the name is not part of it
    while len(tokens) > 2 and tokens[0] in lex.not_names:
        pos = text.index(tokens[1], pos + len(tokens[0]))
        tokens = tokens[1:]
    # stop before a capitalised function word that cannot be part of a name
    kept: list[str] = []
    for index, token in enumerate(tokens):
        # "Rasmus Eller Nørby": a function word between two name parts is a middle name
        inside = 0 < index < len(tokens) - 1 and kept[-1] in lex.first_names
        if token in lex.not_names and kept and not inside:
            break
        kept.append(token)
    if not kept or kept[0] in lex.not_names:
        return None
    # "Familie og Forebyggelse Michael Brandt": the name starts at the first first name
    if kept[0] not in lex.first_names:
        for index, token in enumerate(kept[1:], 1):
            if token in lex.first_names and index < len(kept) - 1:
                pos = text.index(token, pos)
                kept = kept[index:]
                break
    # a trailing initial is sentence punctuation, not a name part ("… Per H. Juhl.")
    while len(kept) > 1 and re.fullmatch(r"[A-ZÆØÅ]\.", kept[-1]):
        kept.pop()
    if re.fullmatch(r"[A-ZÆØÅ]\.", kept[0]):
        return None
    name = " ".join(kept)
    end = text.index(kept[-1], pos) + len(kept[-1])
    if len(kept) == 1 and kept[0] in lex.first_names:
        # "Lene S", "Martin K": a reader's comment signed with first name and initial
        initial = SIGNED_INITIAL.match(text, end)
        if initial:
            return f"{name} {initial.group(1)}", initial.end()
    return name, end


def name_start(text: str, pos: int, lex: Lexicon) -> int:
    """Where `parse_name` really starts (it may skip words before a first name)."""
    parsed = parse_name(text, pos, lex)
    if not parsed:
        return pos
    return text.index(parsed[0].split()[0], pos)


def _skip_adverbs(text: str, pos: int) -> int:
    changed = True
    while changed:
        changed = False
        for adverb in ADVERBS:
            if text.startswith(adverb + " ", pos):
                pos += len(adverb) + 1
                changed = True
    return pos


@lru_cache(maxsize=4)
def _longest_first(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(forms, key=len, reverse=True))


def match_organisation(text: str, pos: int, lex: Lexicon) -> tuple[str, int] | None:
    """A known body ("Task Forcen", "Socialstyrelsen") starting at `pos`."""
    for form in _longest_first(tuple(lex.organisations)):
        if text.startswith(form, pos):
            end = pos + len(form)
            if end < len(text) and (text[end].isalnum()):
                continue
            return lex.organisations[form], end
    return None


# parse_mention runs for every candidate word: its patterns are compiled once
_AGE = re.compile(r"(?:den[ \t]+|det[ \t]+)?\d{1,3}-årige[ \t]+")
_UNNAMED = re.compile(rf"(?:[Ee]n|[Ee]t)[ \t]+([{LOWER}]+)(?![{LOWER}])")
_UNNAMED_ADJECTIVE = re.compile(rf"(?:[Ee]n|[Ee]t)[ \t]+[\w-]+[ \t]+([{LOWER}]+)(?![{LOWER}])")
_QUANTIFIED_GROUP = re.compile(
    rf"(?:[Nn]ogle|[Ff]lere|[Mm]ange|[Aa]dskillige|[Dd]e fleste|[Dd]e to|[Dd]e tre|[Bb]egge)"
    rf"[ \t]+([{LOWER}]+)(?![{LOWER}])"
)
_PARTY_MEMBER = re.compile(rf"([{UPPER}]{{1,3}})['’]eren(?![{LOWER}])")
_PRONOUN = re.compile(rf"([Hh]an|[Hh]un|[Dd]e)(?![{LOWER}\w])")
_WORD = re.compile(rf"[{LOWER}{UPPER}]+-[ \t]+(?:og|eller)[ \t]+[{LOWER}-]+|[{LOWER}{UPPER}-]+")
_GENITIVE = re.compile(
    rf"(?:[{UPPER}][{LOWER}]+[ \t]+)?[{LOWER}{UPPER}-]+[’']?s[ \t]+(?=[{LOWER}])"
)
_LOWER_WORD = re.compile(rf"[{LOWER}]+-[ \t]+(?:og|eller)[ \t]+[{LOWER}-]+|[{LOWER}-]+")
_ACRONYM = re.compile(rf"[{UPPER}0-9]{{2,6}}(?![\w-])")
_BRANCH = re.compile(rf"[ \t]+([{UPPER}][{LOWER}]+)(?![\w-])")
_DESCRIPTOR = re.compile(rf"(?:[{LOWER}][{LOWER}-]*[ \t]+){{1,4}}(?=[{UPPER}])")


def parse_mention(
    text: str,
    pos: int,
    lex: Lexicon,
    known: set[str] | None = None,
    allow_adverbs: bool = True,
) -> Mention | None:
    """The speaker reference that starts at `pos` (after a speech verb), if any."""
    known = known or set()
    if allow_adverbs:
        pos = _skip_adverbs(text, pos)
    # "den 56-årige socialrådgiver", "17-årige Mathias": the age says nothing about who
    age = _AGE.match(text, pos, pos + 20)
    if age:
        inner = parse_mention(text, age.end(), lex, known, allow_adverbs=False)
        if inner is not None:
            if inner.type in ("firstname", "surname") and inner.name in lex.first_names:
                inner.type = "firstname"
            inner.start = pos
            inner.text = text[pos : inner.end]
        return inner
    # "en mor til tre", "en 30-årig mand", "En lærer, som …": someone the text does not name
    for anonymous in (
        _UNNAMED.match(text, pos, pos + 40),
        _UNNAMED_ADJECTIVE.match(text, pos),
    ):
        if anonymous and (
            anonymous.group(1) in lex.description_nouns or role_base(anonymous.group(1), lex)
        ):
            found = anonymous.group(0)
            return Mention(pos, anonymous.end(), found, "anonymous", role=anonymous.group(1))
    # "nogle borgere", "flere forældre", "de to naboer": an unnamed group
    group = _QUANTIFIED_GROUP.match(text, pos, pos + 40)
    if (
        group
        and (
            group.group(1) in lex.group_nouns
            or f"{group.group(1)}ne" in lex.group_nouns  # forældre -> forældrene
            or f"{group.group(1)[:-1]}ne" in lex.group_nouns  # borgere -> borgerne
            or role_base(group.group(1), lex)
        )
    ):
        return Mention(pos, group.end(), group.group(0), "group")
    # "SF'eren", "DF’eren": a member of the party
    member = _PARTY_MEMBER.match(text, pos, pos + 10)
    if member and member.group(1) in lex.parties:
        return Mention(pos, member.end(), member.group(0), "partymember", party=member.group(1))
    # pronouns
    pron = _PRONOUN.match(text, pos, pos + 4)
    if pron:
        word = pron.group(1).lower()
        return Mention(pos, pos + len(word), word, "pronoun", gender=lex.pronouns.get(word))
    # bodies by the shape of their names: "Region Midtjylland", "Køge Kommune"
    shaped = org_shapes(lex).match(text, pos)
    if shaped:
        return Mention(pos, shaped.end(), shaped.group(0), "organisation", name=shaped.group(0))
    # known bodies
    org = match_organisation(text, pos, lex)
    owner = org and re.match(rf"[’']?s[ \t]+([{LOWER}-]+)", text[org[1] : org[1] + 40])
    if owner and role_base(owner.group(1), lex) is not None:
        org = None  # "KL's chefkonsulent Birgitte Holm": the person, read below
    if org:
        name, end = org
        return Mention(pos, end, text[pos:end], "organisation", name=name)
    # reports stand for the body that wrote them
    word_match = _WORD.match(text, pos)
    if word_match:
        word = word_match.group(0)
        if word.lower() in lex.report_nouns:
            return Mention(pos, pos + len(word), word, "report")
        if word.lower() in lex.group_nouns:
            return Mention(pos, pos + len(word), word, "group")
        if word.lower() in lex.organisation_nouns:
            head = lex.organisation_nouns[word.lower()]
            return Mention(pos, pos + len(word), word, "orgnoun", role=head)
        role = role_base(word, lex)
        if role is not None:
            return _parse_role_phrase(text, pos, word, role, lex, known)
        if word[0].isupper() and word.lower() in lex.description_nouns:  # "Tiltalte fik …"
            return Mention(pos, pos + len(word), word, "anonymous", role=word.lower())
    # "økonomiudvalgets næstformand, Jan Holst", "Dansk Folkepartis gruppeformand Hanne Brix"
    genitive = _GENITIVE.match(text, pos, pos + 60)
    if genitive:
        inner_pos = genitive.end()
        inner_word = _LOWER_WORD.match(text, inner_pos)
        inner_role = role_base(inner_word.group(0), lex) if inner_word else None
        if inner_word and inner_role is not None:
            inner = _parse_role_phrase(text, inner_pos, inner_word.group(0), inner_role, lex, known)
            if inner.type != "role":
                inner.start = pos
                inner.text = text[pos : inner.end]
                inner.role_phrase = text[pos : inner_pos + len(inner_word.group(0))]
            return inner
    # acronyms of bodies: "FOA", "BUPL", "KL"
    acronym = _ACRONYM.match(text, pos)
    if acronym and not acronym.group(0).isdigit():
        word = acronym.group(0)
        # "FOA Nordsjælland", "DS Hovedstaden": a local branch, unless a person's name follows
        branch = _BRANCH.match(text, pos + len(word))
        if branch and branch.group(1) not in lex.first_names and branch.group(1) not in known:
            word += branch.group(0)
        return Mention(
            pos, pos + len(word), word, "organisation", name=lex.organisations.get(word, word)
        )
    # names
    parsed = parse_name(text, pos, lex)
    if parsed:
        name, end = parsed
        start = name_start(text, pos, lex)
        return _name_mention(text, start, name, end, lex, known)
    # a descriptor we do not know before a name: "siger lokalbetjent Morten Dyhr"
    descriptor = _DESCRIPTOR.match(text, pos, pos + 80)
    if descriptor and not re.search(r"\b(?:og|at|til|fra|i|på|der|som)\b", descriptor.group(0)):
        name_pos = descriptor.end()
        parsed = parse_name(text, name_pos, lex)
        if parsed and parsed[0].split()[0] in lex.first_names:
            mention = _name_mention(text, name_pos, parsed[0], parsed[1], lex, known)
            mention.role_phrase = descriptor.group(0).strip()
            mention.start = pos
            mention.text = text[pos : mention.end]
            return mention
    return None


def _name_mention(
    text: str, pos: int, name: str, end: int, lex: Lexicon, known: set[str]
) -> Mention:
    party = None
    party_match = PARTY.match(text, end)
    if party_match and party_match.group(1) in lex.parties:
        party = party_match.group(1)
    clean = strip_genitive(name, known)
    if clean == name and name.endswith("s") and followed_by_nominal(text, end, lex):
        clean = name[:-1]
    tokens = clean.split()
    org = lex.organisations.get(clean)
    if org:
        return Mention(pos, end, text[pos:end], "organisation", name=org)
    if len(tokens) >= 2:
        kind = "name"
    elif tokens[0] in lex.first_names and tokens[0] not in known:
        kind = "firstname"
    else:
        kind = "surname"
    mention_end = party_match.end() if party and party_match else end
    return Mention(pos, mention_end, text[pos:mention_end], kind, name=clean, party=party)


def followed_by_nominal(text: str, end: int, lex: Lexicon) -> bool:
    """True when a genitive name is followed by '(adjective) comment-noun'."""
    words = re.findall(rf"[{LOWER}]+", text[end : end + 60])[:3]
    return any(word in lex.nominal_nouns for word in words)


def _parse_role_phrase(
    text: str,
    pos: int,
    word: str,
    role: tuple[str, bool],
    lex: Lexicon,
    known: set[str],
) -> Mention:
    """'borgmester Anette Mortensen (V)', 'formanden for udvalget …, Steen Hansen', 'direktøren'."""
    base, definite = role
    end = pos + len(word)
    rest_start = end
    # the name may follow directly, or after a complement ("for udvalget Børn, Unge og Læring,")
    window_end = _clause_end(text, end, 110)
    segment = text[end:window_end]
    name_pos = None
    direct = re.match(r"[ \t]+", segment)
    if direct and not definite:
        candidate = parse_name(text, end + direct.end(), lex)
        if candidate:
            name_pos = end + direct.end()
    if name_pos is None and re.match(r",?[ \t]+(for|i|på|ved|af|hos|under)[ \t]", segment):
        for match in re.finditer(rf",?[ \t]+(?=[{UPPER}])", segment):
            start = end + match.end()
            candidate = parse_name(text, start, lex)
            if not candidate:
                continue
            first = candidate[0].split()[0]
            party_follows = PARTY.match(text, candidate[1]) is not None
            plausible = first in lex.first_names or candidate[0] in known or party_follows
            if plausible and (len(candidate[0].split()) >= 2 or candidate[0] in known):
                name_pos = start
                break
    if name_pos is None:
        apposition = re.match(r",[ \t]+", segment)
        if apposition:
            candidate = parse_name(text, end + apposition.end(), lex)
            if candidate and candidate[0].split()[0] in lex.first_names:
                name_pos = end + apposition.end()
        # "Forsvarer, advokat Maja Winther" / "Socialrådgiver og tillidsrepræsentant Helle Bøgh"
        chained = re.match(rf"(?:,|[ \t]+og)[ \t]+([{LOWER}-]+)[ \t]+(?=[{UPPER}])", segment)
        chained_role = role_base(chained.group(1), lex) if chained else None
        if name_pos is None and chained and chained_role is not None:
            inner_pos = end + chained.start(1)
            inner = _parse_role_phrase(text, inner_pos, chained.group(1), chained_role, lex, known)
            if inner.name:
                inner.start, inner.text = pos, text[pos : inner.end]
                return inner
    if name_pos is not None:
        name, name_end = parse_name(text, name_pos, lex) or ("", name_pos)
        mention = _name_mention(text, name_pos, name, name_end, lex, known)
        phrase = text[pos:name_pos].strip().rstrip(",").strip()
        mention.start = pos
        mention.text = text[pos : mention.end]
        mention.role = base
        mention.role_phrase = phrase
        if mention.type in ("surname", "firstname"):
            mention.type = "name" if mention.type == "firstname" else "surname"
        return mention
    phrase_end = rest_start
    complement = re.match(r"[ \t]+(for|i|på|ved|af)[ \t]+[^,.;:!?]{1,60}", segment)
    if complement and definite:
        phrase_end = end + complement.end()
    return Mention(pos, end, text[pos:phrase_end], "role", role=base, role_phrase=word)


def _clause_end(text: str, pos: int, limit: int) -> int:
    """End of the current sentence (or `limit` characters), for look-ahead windows."""
    stop = min(len(text), pos + limit)
    for match in re.finditer(r"[.!?:;](?=\s|$)|\n", text[pos:stop]):
        before = text[pos : pos + match.start() + 1]
        if match.group() == "." and re.search(rf"(?:^|\s)[{UPPER}]\.$", before):
            continue  # an initial such as "S." is not a sentence end
        return pos + match.start()
    return stop
