"""The spaCy component "dapipe_themes": findings for every sentence of a parsed document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core import Finding
from pipeline.paths import MODELS_DIR
from pipeline.themes.classifier import ThemeClassifier

COMPONENT = "dapipe_themes"
MIN_WORDS = 4  # shorter sentences (headings, captions) are never findings

if not Doc.has_extension("findings"):
    Doc.set_extension("findings", default=None)


@Language.factory(
    COMPONENT,
    default_config={"model_dir": None, "min_words": MIN_WORDS},
    requires=["doc.sents"],
    assigns=["doc._.findings"],
)
def make_themes(nlp: Language, name: str, model_dir: str | None, min_words: int) -> ThemeFinder:
    return ThemeFinder(name, Path(model_dir) if model_dir else None, min_words)


class ThemeFinder:
    """Classifies each sentence; keeps those that state a finding as `Finding`s."""

    def __init__(self, name: str, model_dir: Path | None, min_words: int) -> None:
        self.name = name
        self.model_dir = model_dir or MODELS_DIR / "themes"
        self.min_words = min_words
        self.classifier: ThemeClassifier | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the trained model from `model_dir` (raises ModelError when it is missing)."""
        self.classifier = ThemeClassifier.load(self.model_dir)

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None:
            self.initialize()
        assert self.classifier is not None
        spans = []
        full_text = doc.text  # Doc.text joins every token: read it once, not per sentence
        for start, end in _sentence_bounds(doc, full_text):
            text = full_text[start:end]
            stripped = text.strip()
            if len(stripped.split()) < self.min_words:
                continue
            offset = start + len(text) - len(text.lstrip())
            spans.append((offset, offset + len(stripped), stripped))
        findings = []
        predictions = self.classifier.predict([s[2] for s in spans])
        for (start, end, text), prediction in zip(spans, predictions, strict=True):
            if not prediction.is_finding:
                continue
            findings.append(
                Finding(
                    text=text,
                    start=start,
                    end=end,
                    themes=prediction.themes,
                    polarity=prediction.polarity,
                    scores=prediction.scores,
                    evidence=prediction.evidence,
                )
            )
        doc._.findings = findings
        return doc


def _sentence_bounds(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences; whole paragraphs when no sentence splitter ran.

    The spans of `doc.sents`, read from the token arrays: building a `Span` per
    sentence made a Python `Token` for every word and cost a third of this stage.
    """
    if doc.has_annotation("SENT_START"):
        if len(doc) == 0:
            return []
        table = doc.to_array([SENT_START, IDX, LENGTH]).astype(np.int64)
        firsts = np.flatnonzero(table[:, 0] == 1)
        if not len(firsts) or firsts[0] != 0:
            firsts = np.r_[0, firsts]
        lasts = np.r_[firsts[1:], len(doc)] - 1
        starts = table[firsts, 1]
        ends = table[lasts, 1] + table[lasts, 2]
        return list(zip(starts.tolist(), ends.tolist(), strict=True))
    bounds, start = [], 0
    for part in text.split("\n\n"):
        bounds.append((start, start + len(part)))
        start += len(part) + 2
    return bounds
