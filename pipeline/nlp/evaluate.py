"""`dapipe evaluate ner`: entity precision, recall and F1 of a backend on a CoNLL file.

Docs are built from the file's own tokens (one per sentence), never re-tokenised, so
predictions line up token for token with the gold tags.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core import STANDARD_LABELS
from pipeline.nlp.conll import Sentence, read_conll, spans_from_tags, tags_from_spans
from pipeline.scoring import Counts

LabelScore = Counts  # tp/fp/fn with precision, recall, f1


@dataclass
class NerScores:
    per_label: dict[str, LabelScore] = field(default_factory=dict)

    @property
    def overall(self) -> LabelScore:
        return sum(self.per_label.values(), LabelScore())

    def as_dict(self) -> dict[str, dict[str, float]]:
        """Rounded P/R/F1 per label and overall (`ents`), for meta.json."""
        rows = {**self.per_label, "ents": self.overall}
        return {
            k: {"p": round(v.precision, 4), "r": round(v.recall, 4), "f": round(v.f1, 4)}
            for k, v in rows.items()
        }


def score_tags(gold: list[list[str]], pred: list[list[str]]) -> NerScores:
    """Exact-span entity scores of predicted against gold IOB2 sequences (standard labels)."""
    counts: dict[str, LabelScore] = {label: LabelScore() for label in STANDARD_LABELS}
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g = {s for s in spans_from_tags(g_tags) if s[2] in counts}
        p = {s for s in spans_from_tags(p_tags) if s[2] in counts}
        for s in g & p:
            counts[s[2]].tp += 1
        for s in p - g:
            counts[s[2]].fp += 1
        for s in g - p:
            counts[s[2]].fn += 1
    return NerScores(counts)


@dataclass
class NerEvaluation:
    model: str
    path: Path
    scores: NerScores
    words: int
    seconds: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def report(self) -> str:
        """Per-label P/R/F1, speed, and `ents_f=` as the last line (the CLI contract)."""
        lines = [f"NER evaluation of {self.model!r} on {self.path} ({self.words} words)"]
        lines.append(f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}")
        rows = [*self.scores.per_label.items(), ("overall", self.scores.overall)]
        for label, s in rows:
            lines.append(
                f"{label:<8}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}"
                f"{s.tp + s.fn:>7}{s.tp + s.fp:>7}"
            )
        lines.append(f"words/s: {self.words_per_second:,.0f}")
        lines.append(f"ents_f={self.scores.overall.f1:.4f}")
        return "\n".join(lines)


def predict_tags(nlp: Language, sentences: list[Sentence]) -> tuple[list[list[str]], float]:
    """Predicted IOB2 tags for each sentence, and the seconds the pipeline took."""
    docs = [Doc(nlp.vocab, words=s.words) for s in sentences]
    start = time.perf_counter()
    done = list(nlp.pipe(docs, batch_size=64))
    seconds = time.perf_counter() - start
    predicted = []
    for doc in done:
        spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in STANDARD_LABELS]
        predicted.append(tags_from_spans(len(doc), spans))
    return predicted, seconds


def write_predictions(path: Path, sentences: list[Sentence], predicted: list[list[str]]) -> None:
    """The CoNLL file again with a third column: the predicted IOB2 tag."""
    out: list[str] = []
    for sentence, tags in zip(sentences, predicted, strict=True):
        out.extend(
            f"{w}\t{g}\t{p}" for w, g, p in zip(sentence.words, sentence.tags, tags, strict=True)
        )
        out.append("")
    Path(path).write_text("\n".join(out), encoding="utf-8")


def evaluate_ner(path: Path, model: str = "embedded", output: Path | None = None) -> NerEvaluation:
    """Scores `model` on a CoNLL file; raises ConllFormatError or NlpLoadError, clear messages."""
    from pipeline.nlp import load

    sentences = read_conll(Path(path))
    nlp = load(model)
    predicted, seconds = predict_tags(nlp, sentences)
    scores = score_tags([s.tags for s in sentences], predicted)
    if output is not None:
        write_predictions(Path(output), sentences, predicted)
    words = sum(len(s.words) for s in sentences)
    return NerEvaluation(model, Path(path), scores, words, seconds)
