"""Danish-aware normalisation for search: case, æ/ø/å folding, initials, stems.

SQLite's own tokenizer folds å to a but leaves æ and ø alone and never matches
"Aarhus" to "Århus". We fold ourselves, the way Danish readers do: æ→ae,
ø→oe, å→aa (so "Århus" and "Aarhus" become one key), and index Snowball
stems so that "sagsbehandlingstiden" finds "sagsbehandlingstid".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_STEMMER = Stemmer.Stemmer("danish")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, fold Danish letters to ASCII digraphs and drop other accents.

    Repeated until nothing changes: a compatibility character (such as "ᴭ")
    can decompose into a capital or an "æ" that needs another pass.
    """
    while True:
        folded = _fold_once(text)
        if folded == text:
            return folded
        text = folded


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower()).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (hyphenated compounds kept whole)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of a lower-cased word, then folded (stem first: it knows æ/ø/å)."""
    return fold(_STEMMER.stemWord(word))


def search_terms(text: str) -> list[str]:
    """The terms indexed for a text: one folded stem per word."""
    return [stem(w) for w in words(text)]


def index_text(text: str) -> str:
    """The string stored in the FTS table (terms joined by spaces)."""
    return " ".join(search_terms(text))


def name_key(name: str) -> str:
    """Folded name words without middle initials: "Steen S. Hansen" → "steen hansen"."""
    parts = [fold(p) for p in re.findall(r"[\w-]+\.?", name)]
    kept = [p for i, p in enumerate(parts) if not (0 < i < len(parts) - 1 and _is_initial(p))]
    return " ".join(p.rstrip(".") for p in kept)


def _is_initial(part: str) -> bool:
    return len(part.rstrip(".")) == 1
