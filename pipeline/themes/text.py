"""Danish sentence features shared by training and prediction.

The classifier sees two views of a sentence: lemmas with negation scope and
case counts marked (word n-grams), and the folded surface text (character
n-grams, robust to compounds and inflection). Both are computed here, without
spaCy, so a plain list of sentences and a parsed document give the same input.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).parent / "data"

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|§+|%|\w+(?:-\w+)*", re.UNICODE)
_CASE_COUNT = re.compile(
    r"\b(\d+)\s*(?:\(\s*\d+\s*(?:pct\.?|procent|%)\s*\)\s*)?(?:ud\s+)?af\s+(?:de\s+)?(\d+)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|pct\b\.?|procent\b)", re.IGNORECASE)
_SCOPE_END = re.compile(r"^(?:men|og|samt|eller|mens|selvom|dog)$")
NEGATION_SCOPE = 4  # tokens after a negation cue that are marked


def fold(text: str) -> str:
    """Lower-case and fold Danish letters to ASCII pairs (æ→ae, ø→oe, å→aa)."""
    return text.lower().translate(_FOLD)


def read_word_list(path: Path) -> list[str]:
    """One entry per line; `#` starts a comment line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def negation_cues() -> frozenset[str]:
    return frozenset(read_word_list(DATA_DIR / "negations.txt"))


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's Danish lookup lemmatizer table, read straight from spacy-lookups-data."""
    ref = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("danish")


@dataclass(frozen=True)
class Token:
    surface: str
    start: int  # offset into the sentence
    feature: str  # lemma (or stem) after folding; "num" for numbers


def tokenize(text: str) -> list[Token]:
    """Words of a sentence with their lemma-based features."""
    table = lemma_table()
    stem = _stemmer().stemWord
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word[0].isdigit():
            feature = "num"
        elif word.startswith("§"):
            feature = "paragraf"
        elif word == "%":
            feature = "procent"
        else:
            lower = word.lower()
            lemma = table.get(lower) or table.get(word)
            feature = fold(lemma) if lemma else fold(stem(lower))
        tokens.append(Token(word, match.start(), feature))
    return tokens


def word_view(text: str, tokens: list[Token] | None = None) -> str:
    """Lemma features, negation scope (`neg_x`) and case-count markers, space separated."""
    tokens = tokenize(text) if tokens is None else tokens
    cues = negation_cues()
    out: list[str] = []
    scope = 0
    previous_end = 0
    for token in tokens:
        gap = text[previous_end : token.start]
        if any(mark in gap for mark in ",.;:!?()–"):
            scope = 0
        previous_end = token.start + len(token.surface)
        lower = token.surface.lower()
        if _SCOPE_END.match(lower):
            scope = 0
        out.append(token.feature)
        if scope > 0:
            out.append("neg_" + token.feature)
            scope -= 1
        if lower in cues:
            out.append("negcue")
            scope = NEGATION_SCOPE
    if _CASE_COUNT.search(text):
        out.append("casecount")
    if _PERCENT.search(text):
        out.append("percentcount")
    return " ".join(out)


def char_view(text: str) -> str:
    """Folded surface text with digits collapsed, for character n-grams."""
    return re.sub(r"\d+", "0", fold(text))
