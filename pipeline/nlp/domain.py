"""Domain entities by rule: municipalities (KOMMUNE), legal references (LAW) and dates (DATE).

Reports and news on children's casework refer to municipalities, the paragraphs of
the Social Services Act and dates all the time; no NER model is trained for them, and
regular expressions find them reliably. They go to `doc.spans["domain"]`, beside
`doc.ents`, so they never disturb the four standard labels that evaluation scores.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.gazetteers import municipalities, read_lines

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


def find_domain_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of KOMMUNE, LAW and DATE in a text."""
    found: list[tuple[int, int, str]] = []
    for label, regex in (("KOMMUNE", _kommune_regex()), ("LAW", _law_regex()), ("DATE", _DATE)):
        found.extend((m.start(), m.end(), label) for m in regex.finditer(text))
    return sorted(found)


class DomainEntities:
    """Writes KOMMUNE/LAW/DATE spans to `doc.spans["domain"]`."""

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
