"""Domain entities by rule: municipalities (KOMMUNE), public bodies (BODY), parties (PARTY),
legal references (LAW) and dates (DATE).

Reports and news on children's casework refer to municipalities, councils, ministries,
parties, the paragraphs of the Social Services Act and dates all the time. The NER
training data (DDT) tags parliament, ministries, agencies and parties O, so `doc.ents`
does not carry them; regular expressions find them reliably here instead. They go to
`doc.spans["domain"]`, beside `doc.ents`, so they never disturb the four standard labels
that evaluation scores; quotes, persons and the store read both layers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.gazetteers import municipalities, party_letters, read_lines

FACTORY = "dapipe_domain_entities"
SPANS_KEY = "domain"

_MONTHS = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    "|jan\\.|feb\\.|mar\\.|apr\\.|jun\\.|jul\\.|aug\\.|sep\\.|sept\\.|okt\\.|nov\\.|dec\\."
)
_DATE = re.compile(
    rf"\b\d{{1,2}}\.\s?(?:{_MONTHS})(?:\s+\d{{4}})?(?!\w)"
    rf"|\b(?:{_MONTHS.replace('januar', '[Jj]anuar')})\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b",
)


@lru_cache(maxsize=1)
def _law_regex() -> re.Pattern[str]:
    names = sorted(read_lines("love.txt"), key=len, reverse=True)
    named = "|".join(re.escape(n).replace("\\ ", r"\s+") for n in names)
    law_word = rf"(?:{named}|[a-zæøå]{{3,}}(?<!or)lov(?:en)?)"
    paragraph = r"§§?\s?\d+[a-z]?(?:,\s?stk\.\s?\d+)?(?:\s?(?:-|–|og)\s?\d+[a-z]?)?\b"
    # every match starts at "§" or at a word holding "lov" or starting a named act:
    # checking that first spares the full pattern at almost every word
    starts = sorted({re.escape(n.split()[0]) for n in names if "lov" not in n.split()[0]})
    guard = rf"(?=§|\b(?:[^\W\d_]*lov|{'|'.join(starts) or '(?!)'}))"
    return re.compile(
        rf"{guard}(?:(?:\b{law_word}s\s+)?{paragraph}"  # "servicelovens § 140", "§ 50, stk. 2"
        rf"|\b{law_word}(?:s|ens)?\b)",  # "barnets lov", "forvaltningsloven"
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _kommune_regex() -> re.Pattern[str]:
    shorts = sorted({s for s, _ in municipalities()}, key=len, reverse=True)
    officials = sorted({o for _, o in municipalities()}, key=len, reverse=True)
    short = "|".join(re.escape(s) for s in shorts)
    official = "|".join(re.escape(o) for o in officials)
    return re.compile(
        r"(?=[A-ZÆØÅ])(?:"  # names are capitalised: skip every other word at once
        rf"\b(?:{official})s?\b"
        rf"|\b(?:{short})s?\s+(?:[Kk]ommunes?|Regionskommunes?)\b"
        rf"|\b(?:{short})\b(?!-))",
    )


# Endings of the names of Danish public bodies and institutions ("Familieudvalget").
BODY_ENDINGS = (
    "udvalget",
    "udvalg",
    "styrelsen",
    "ministeriet",
    "ministerium",
    "rådet",
    "forvaltningen",
    "forvaltning",
    "afdelingen",
    "psykiatrien",
    "tilsynet",
    "nævnet",
    "sygehus",
    "hospital",
    "skole",
    "skolen",
    "politi",
    "foreningen",
    "forening",
    "regionskommune",
)
_UP = "A-ZÆØÅ"
_LOW = "a-zæøåéü"


@lru_cache(maxsize=1)
def _body_regex() -> re.Pattern[str]:
    names = sorted(read_lines("offentlige_organer.txt"), key=len, reverse=True)
    named = "|".join(re.escape(n) for n in names)
    endings = "|".join(BODY_ENDINGS)
    # "Børne- og Familieudvalget", "Social-, Bolig- og Ældreministeriet"
    coordinated = rf"(?:[{_UP}][{_LOW}]+-,?\s(?:[{_UP}]?[{_LOW}]+-,?\s)*(?:og|eller)\s)?"
    # a name before the ending word: "Familieudvalget" (`_is_body` refuses "Udvalget")
    shaped = rf"{coordinated}[{_UP}][{_LOW}]+(?:{endings})"
    council = rf"[{_UP}][{_LOW}]+s?\s(?:Amtsråd|Amtskommune|Byråd|Kommunalbestyrelse|Regionsråd)"
    region = rf"Region\s[{_UP}][{_LOW}]+(?:\s[{_UP}][{_LOW}]+)?"
    return re.compile(rf"(?=[{_UP}])(?<![\w-])(?:{named}|{council}|{region}|{shaped})s?(?![\w-])")


@lru_cache(maxsize=1)
def _party_regex() -> re.Pattern[str]:
    names = sorted(party_letters(), key=len, reverse=True)
    return re.compile(
        rf"(?=[{_UP}])(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})s?(?![\w-])"
    )


def find_domain_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of KOMMUNE, BODY, PARTY, LAW and DATE in a text."""
    found: list[tuple[int, int, str]] = []
    regexes = (
        ("KOMMUNE", _kommune_regex()),
        ("BODY", _body_regex()),
        ("PARTY", _party_regex()),
        ("LAW", _law_regex()),
        ("DATE", _DATE),
    )
    for label, regex in regexes:
        found.extend(
            (m.start(), m.end(), label)
            for m in regex.finditer(text)
            if label != "BODY" or _is_body(m.group(0))
        )
    return sorted(found)


# common nouns that end like a body: a board ("bestyrelsen") is no agency ("-styrelsen")
NOT_BODIES = ("bestyrelsen", "bestyrelse", "bestyrelsens")


def _is_body(name: str) -> bool:
    """A named body, not the bare ending word ("Kommunen", "Skolen") nor a board."""
    last = name.split()[-1].lower()
    bare = last.removesuffix("s")
    return not (last in BODY_ENDINGS or bare in BODY_ENDINGS or last.endswith(NOT_BODIES))


class DomainEntities:
    """Writes KOMMUNE/BODY/PARTY/LAW/DATE spans to `doc.spans["domain"]`."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for start, end, label in find_domain_spans(doc.text):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory(FACTORY, assigns=["doc.spans"])
def make_domain_entities(nlp: Language, name: str) -> DomainEntities:
    return DomainEntities()
