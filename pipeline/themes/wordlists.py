"""The Danish word lists in data/ (negation, polarity cues, theme keywords), loaded once.

Kept apart from the feature code so the keyword baseline and the classifier
read exactly the same lists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
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


_LEXICON_WORD = re.compile(r"[\w§]+")
LEXICON_MAX_HITS = 3  # hits of one class counted per sentence


@lru_cache(maxsize=1)
def _lexicon_index() -> tuple[
    tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...],
    tuple[tuple[str, re.Pattern[str]], ...],
]:
    """Per class its one-word stems (word starts, "*" insides) and a pattern for the phrases.

    One-word stems are matched word by word (cached: words recur in every
    sentence); only stems with a space or punctuation ("i strid med", "kr.")
    need a search of the whole sentence.
    """
    words, phrases = [], []
    for name, stems in lexicon().items():
        single = [s for s in stems if _LEXICON_WORD.fullmatch(s.lstrip("*"))]
        starts = tuple(s for s in single if not s.startswith("*"))
        insides = tuple(s[1:] for s in single if s.startswith("*"))
        words.append((name, starts, insides))
        rest = [s.lstrip("*") for s in stems if s not in single]
        if rest:
            phrases.append((name, re.compile(rf"(?<![\w§])(?:{_alternation(rest)})")))
    return tuple(words), tuple(phrases)


@lru_cache(maxsize=100_000)
def _word_classes(word: str) -> tuple[str, ...]:
    """The lexicon classes one folded word hits (a stem at its start, or a "*" stem inside)."""
    words, _ = _lexicon_index()
    return tuple(
        name
        for name, starts, insides in words
        if word.startswith(starts) or any(stem in word for stem in insides)
    )


def lexicon_hits(folded: str) -> list[str]:
    """`lex_<class>` once per word or phrase hitting the class (at most `LEXICON_MAX_HITS`)."""
    # counted in C: the classes of each word (cached) chained into one Counter
    counts = Counter(chain.from_iterable(map(_word_classes, _LEXICON_WORD.findall(folded))))
    phrase_starts, phrases = _phrase_matchers()
    for match in phrase_starts.finditer(folded):  # the few word starts where some phrase begins
        for name, pattern in phrases:
            if pattern.match(folded, match.start()):
                counts[name] = counts.get(name, 0) + 1
    return [
        "lex_" + name
        for name in lexicon()
        for _ in range(min(counts.get(name, 0), LEXICON_MAX_HITS))
    ]


@lru_cache(maxsize=1)
def _phrase_matchers() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Where any lexicon phrase starts, and per class a pattern anchored there.

    One search of the sentence instead of one per class: each class counts the
    word starts where one of its phrases begins.
    """
    _, phrases = _lexicon_index()
    every = [p.pattern.removeprefix(r"(?<![\w§])") for _, p in phrases]
    starts = re.compile(r"(?<![\w§])(?=" + "|".join(every) + ")") if every else re.compile("(?!)")
    return starts, tuple((name, re.compile(p)) for (name, _), p in zip(phrases, every, strict=True))


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
