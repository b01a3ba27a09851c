"""`dapipe evaluate themes`: the model against a gold JSONL file, the keyword baseline beside."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.themes.classifier import Prediction, ThemeClassifier
from pipeline.themes.corpus import Example, read_examples
from pipeline.themes.keywords import predict_keywords
from pipeline.themes.metrics import Scores, format_table, score
from pipeline.themes.train import DEFAULT_OUTPUT


@dataclass
class ThemeEvaluation:
    gold: Path
    model: Scores
    baseline: Scores
    sentences: int

    def report(self) -> str:
        """Human-readable table; the last line is `macro_f=… micro_f=…` (the CLI contract)."""
        lines = [f"gold: {self.gold} ({self.sentences} sentences)"]
        lines += format_table(self.model, self.baseline)
        lines.append(f"macro_f={self.model.macro_f:.4f} micro_f={self.model.micro_f:.4f}")
        return "\n".join(lines)


def evaluate_themes(
    gold: Path, output: Path | None = None, model_dir: Path | None = None
) -> ThemeEvaluation:
    """Score the model on `gold`; with `output`, write each line back with the predictions."""
    examples = read_examples(Path(gold))
    classifier = ThemeClassifier.load(Path(model_dir) if model_dir else DEFAULT_OUTPUT)
    texts = [e.text for e in examples]
    predictions = classifier.predict(texts)
    baseline = predict_keywords(texts)
    if output is not None:
        _write_predictions(Path(output), examples, predictions)
    return ThemeEvaluation(
        gold=Path(gold),
        model=_score(examples, predictions),
        baseline=_score(examples, baseline),
        sentences=len(examples),
    )


def _score(examples: list[Example], predictions: list[Prediction]) -> Scores:
    has_polarity = any("polarity" in e.raw for e in examples)
    return score(
        [e.themes for e in examples],
        [p.themes for p in predictions],
        [e.polarity for e in examples] if has_polarity else None,
        [p.polarity for p in predictions] if has_polarity else None,
    )


def _write_predictions(path: Path, examples: list[Example], predictions: list[Prediction]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for example, prediction in zip(examples, predictions, strict=True):
            row = dict(example.raw)
            row["predicted"] = prediction.themes
            row["predicted_polarity"] = prediction.polarity
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
