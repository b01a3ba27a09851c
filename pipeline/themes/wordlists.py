"""The Danish word lists in data/ (negation, polarity cues, theme keywords), loaded once.

Kept apart from the feature code so the keyword baseline and the classifier
read exactly the same lists.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


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
def polarity_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Word starts that signal praise and criticism (data/polarity.tsv)."""
    positive: list[str] = []
    negative: list[str] = []
    for line in read_word_list(DATA_DIR / "polarity.tsv"):
        polarity, cue = line.split("\t")
        (positive if polarity == "positive" else negative).append(cue)
    return tuple(positive), tuple(negative)


@lru_cache(maxsize=1)
def polarity_phrases() -> tuple[tuple[str, str], ...]:
    """(polarity, folded phrase) pairs from data/polarity_phrases.tsv."""
    pairs = (line.split("\t") for line in read_word_list(DATA_DIR / "polarity_phrases.tsv"))
    return tuple((polarity, phrase) for polarity, phrase in pairs)


@lru_cache(maxsize=1)
def non_evidence_words() -> frozenset[str]:
    """Frequent domain words that never count as evidence (data/non_evidence.txt)."""
    return frozenset(read_word_list(DATA_DIR / "non_evidence.txt"))


@lru_cache(maxsize=1)
def theme_patterns() -> dict[str, re.Pattern[str]]:
    """One regular expression per theme over folded text, matching keywords at word starts."""
    table = {}
    for line in read_word_list(DATA_DIR / "keywords.tsv"):
        theme, words = line.split("\t")
        alternatives = "|".join(re.escape(w) for w in words.split(","))
        table[theme] = re.compile(rf"(?<!\w)(?:{alternatives})")
    return table


def keyword_themes(text: str, folded: str | None = None) -> list[str]:
    """Themes whose keywords occur in `text` (`folded` is `fold(text)` if the caller has it)."""
    folded = fold(text) if folded is None else folded
    return [theme for theme, pattern in theme_patterns().items() if pattern.search(folded)]
