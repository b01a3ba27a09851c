"""The spaCy component "dapipe_themes": findings for every sentence of a parsed document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

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
    """Character spans of the sentences; whole paragraphs when no sentence splitter ran."""
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    bounds, start = [], 0
    for part in text.split("\n\n"):
        bounds.append((start, start + len(part)))
        start += len(part) + 2
    return bounds
