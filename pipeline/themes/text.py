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
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import Stemmer

from pipeline.themes.wordlists import (
    fold,
    keyword_themes,
    lexicon_hits,
    negation_cues,
    polarity_cues,
    polarity_phrases,
)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|§+|%|\w+(?:-\w+)*", re.UNICODE)
_CASE_COUNT = re.compile(
    r"\b(\d+)\s*(?:\(\s*\d+\s*(?:pct\.?|procent|%)\s*\)\s*)?(?:ud\s+)?af\s+(?:de\s+)?(\d+)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|pct\b\.?|procent\b)", re.IGNORECASE)
_SCOPE_END = frozenset({"men", "og", "samt", "eller", "mens", "selvom", "dog"})
_SCOPE_BREAK = re.compile(r"[,.;:!?()–]")  # punctuation between words ends a negation scope
NEGATION_SCOPE = 4  # tokens after a negation cue that are marked
# words after which the final verdict of a mixed sentence follows ("dygtige, men der mangler")
_CONTRAST = frozenset({"men", "dog", "alligevel", "imidlertid", "derimod", "trods"})


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's Danish lookup lemmatizer table, read straight from spacy-lookups-data."""
    ref = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def prune_lemmas(table: dict[str, str], keep: set[str]) -> dict[str, str]:
    """The entries of `table` whose folded lemma is in `keep`."""
    return {form: lemma for form, lemma in table.items() if fold(lemma) in keep}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("danish")


class Token(NamedTuple):
    surface: str
    start: int  # offset into the sentence
    feature: str  # lemma (or stem) after folding; "num" for numbers


FEATURE_CACHE_SIZE = 200_000  # distinct words per lemma table whose feature is kept
_feature_caches: dict[int, tuple[dict[str, str], dict[str, str]]] = {}


def _feature_cache(table: dict[str, str]) -> dict[str, str]:
    """The word → feature cache of one lemma table (a model keeps its table for life)."""
    entry = _feature_caches.get(id(table))
    if entry is None or entry[0] is not table:
        if len(_feature_caches) >= 4:  # tables of models no longer in use (cross-validation)
            del _feature_caches[next(iter(_feature_caches))]
        entry = _feature_caches[id(table)] = (table, {})
    if len(entry[1]) > FEATURE_CACHE_SIZE:
        entry[1].clear()
    return entry[1]


def _feature(word: str, table: dict[str, str]) -> str:
    if word[0].isdigit():
        return "num"
    if word.startswith("§"):
        return "paragraf"
    if word == "%":
        return "procent"
    lower = word.lower()
    lemma = table.get(lower) or table.get(word)
    return fold(lemma) if lemma else fold(_stemmer().stemWord(lower))


def tokenize(text: str, lemmas: dict[str, str] | None = None) -> list[Token]:
    """Words of a sentence with their lemma-based features.

    `lemmas` is a form → lemma table; by default spaCy's full Danish table. A
    trained model passes its own pruned copy (only lemmas it has features for),
    which gives the same features at a fraction of the memory. Each word's
    feature is computed once per table: the same words recur in every sentence.
    """
    table = lemma_table() if lemmas is None else lemmas
    cache = _feature_cache(table)
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        feature = cache.get(word)
        if feature is None:
            feature = cache[word] = _feature(word, table)
        tokens.append(Token(word, match.start(), feature))
    return tokens


def word_view(
    text: str, tokens: list[Token] | None = None, lemmas: dict[str, str] | None = None
) -> str:
    """Lemma features, negation scope (`neg_x`) and case-count markers, space separated."""
    if not text.strip():
        return ""
    tokens = tokenize(text, lemmas) if tokens is None else tokens
    cues = negation_cues()
    out: list[str] = []
    scope = 0
    previous_end = 0
    last_cue = ""  # the polarity of the last cue: the final verdict of a mixed sentence
    contrasted = False
    after_contrast: list[str] = []  # cue polarities after the last contrast word
    for surface, start, feature in tokens:  # unpacked: faster than the tuple's attributes
        single_space = start - previous_end == 1 and text[previous_end] == " "
        if not single_space and _SCOPE_BREAK.search(text, previous_end, start):
            scope = 0
        previous_end = start + len(surface)
        lower = surface.lower()
        if lower in _SCOPE_END:
            scope = 0
        out.append(feature)
        polarity = _polarity_of(feature, lower)
        if scope > 0:
            out.append("neg_" + feature)
            scope -= 1
            polarity = {"pos": "neg", "neg": "pos"}.get(polarity or "", polarity)
        if polarity:
            out.append("polcue_" + polarity)
            last_cue = polarity
            after_contrast.append(polarity)
        if lower in _CONTRAST:
            contrasted, after_contrast = True, []
        if lower in cues:
            out.append("negcue")
            scope = NEGATION_SCOPE
    if last_cue:
        out.append("polfinal_" + last_cue)
    if contrasted and after_contrast:
        # the commonest cue after the contrast; on a tie the last one (never set order,
        # which changes with the hash seed)
        latest_first = dict.fromkeys(reversed(after_contrast))
        out.append("polverdict_" + max(latest_first, key=after_contrast.count))
    out.extend(shape_markers(text, tokens))
    folded = fold(text)
    out.extend("kw_" + theme for theme in keyword_themes(text, folded))
    out.extend(lexicon_hits(folded))
    out.extend(
        "polphrase_" + polarity[:3] for polarity, phrase in polarity_phrases() if phrase in folded
    )
    count = _CASE_COUNT.search(text)
    if count:
        out.append("casecount")
        part, whole = int(count.group(1)), int(count.group(2))
        if whole > 0 and part <= whole:
            out.append("caseratio_high" if part * 2 >= whole else "caseratio_low")
    if _PERCENT.search(text):
        out.append("percentcount")
    return " ".join(out)


_OPENING_DASH_OR_QUOTE = re.compile(r"^\s*[–—\-\"“”„»«‘’']")
_CAPTION = re.compile(r"^\s*(?:tabel|figur|bilag|kilde|note|side)\b", re.IGNORECASE)
_CLOSING = "\"'”’»« )"


def shape_markers(text: str, tokens: list[Token]) -> list[str]:
    """Layout cues: quotes opening with a dash, headings (short, no full stop), questions."""
    markers = []
    if _OPENING_DASH_OR_QUOTE.match(text):
        markers.append("shape_dash_or_quote")
    ending = text.rstrip().rstrip(_CLOSING)
    if not ending.endswith((".", "!", "?", ":")):
        markers.append("shape_no_full_stop")
    if ending.endswith("?"):
        markers.append("shape_question")
    if len(tokens) <= 6:
        markers.append("shape_short")
    if _CAPTION.match(text):
        markers.append("shape_caption")
    return markers


@lru_cache(maxsize=1)
def _cue_matchers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One regex per polarity: prefixes match word starts, cues ending in "=" whole words."""
    matchers = []
    for label, cues in zip(("neg", "pos"), reversed(polarity_cues()), strict=True):
        parts = [re.escape(c[:-1]) + "$" if c.endswith("=") else re.escape(c) for c in cues]
        matchers.append((label, re.compile("(?:" + "|".join(parts) + ")")))
    return tuple(matchers)


@lru_cache(maxsize=100_000)
def _polarity_of(feature: str, lower: str) -> str | None:
    """Cached per word: the same words recur in every sentence."""
    for form in (feature, fold(lower)):
        for label, pattern in _cue_matchers():
            if pattern.match(form):
                return label
    return None


def char_view(text: str) -> str:
    """Folded surface text with digits collapsed, for character n-grams."""
    return re.sub(r"\d+", "0", fold(text))
