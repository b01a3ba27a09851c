"""The Danish word lists in data/ (negation, polarity cues, theme keywords), loaded once.

Kept apart from the feature code so the keyword baseline and the classifier
read exactly the same lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
def theme_keywords() -> dict[str, tuple[str, ...]]:
    """Theme → its keywords (folded word starts), from data/keywords.tsv."""
    table = {}
    for line in read_word_list(DATA_DIR / "keywords.tsv"):
        theme, words = line.split("\t")
        table[theme] = tuple(words.split(","))
    return table


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    """Class (a theme, "eval" or "norm") → its folded stems, from data/lexicon.tsv."""
    table = {}
    for line in read_word_list(DATA_DIR / "lexicon.tsv"):
        name, stems = line.split("\t")
        table[name] = tuple(s.strip() for s in stems.split(",") if s.strip())
    return table


@lru_cache(maxsize=1)
def _lexicon_matchers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per lexicon class one pattern: plain stems at a word start, "*" stems anywhere."""
    matchers = []
    for name, stems in lexicon().items():
        parts = []
        start = [s for s in stems if not s.startswith("*")]
        inside = [s[1:] for s in stems if s.startswith("*")]
        if start:
            parts.append(rf"(?<![\w§])(?:{_alternation(start)})")
        if inside:
            parts.append(f"(?:{_alternation(inside)})")
        matchers.append((name, re.compile("|".join(parts))))
    return tuple(matchers)


LEXICON_MAX_HITS = 3  # hits of one class counted per sentence


def lexicon_hits(folded: str) -> list[str]:
    """`lex_<class>` once per lexicon hit (at most `LEXICON_MAX_HITS` per class) in folded text."""
    out: list[str] = []
    for name, pattern in _lexicon_matchers():
        hits = sum(1 for _ in zip(range(LEXICON_MAX_HITS), pattern.finditer(folded), strict=False))
        out.extend(["lex_" + name] * hits)
    return out


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _keyword_matchers() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """Where any keyword starts, and per theme a pattern anchored there.

    One pass finds the few word starts that begin some keyword (its alternatives
    grouped by first letter, so each word start costs one dispatch); only there
    are the themes' own patterns tried. The same result as searching the text
    with every theme's pattern, about four times faster.
    """
    keywords = theme_keywords()
    by_first: dict[str, set[str]] = {}
    for word in {w for words in keywords.values() for w in words}:
        by_first.setdefault(word[0], set()).add(word[1:])
    body = "|".join(f"{re.escape(c)}(?:{_alternation(rest)})" for c, rest in by_first.items())
    starts = re.compile(rf"(?<!\w)(?=(?:{body}))")
    return starts, {theme: re.compile(_alternation(words)) for theme, words in keywords.items()}


def keyword_themes(text: str, folded: str | None = None) -> list[str]:
    """Themes with a keyword at a word start in `text` (`folded` is `fold(text)` if known)."""
    folded = fold(text) if folded is None else folded
    starts, anchored = _keyword_matchers()
    found: set[str] = set()
    for match in starts.finditer(folded):
        found.update(
            t for t, p in anchored.items() if t not in found and p.match(folded, match.start())
        )
    return [theme for theme in anchored if theme in found]
