"""Scores for theme predictions: per-theme P/R/F1, macro/micro-F1, detection and polarity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.core import THEMES
from pipeline.scoring import Counts

PRF = Counts  # tp/fp/fn with precision, recall, f1


@dataclass
class Scores:
    per_theme: dict[str, PRF] = field(default_factory=dict)
    detection: PRF = field(default_factory=PRF)
    polarity_right: int = 0
    polarity_scored: int = 0  # gold findings with polarity that were detected
    polarity_gold: int = 0  # all gold findings with polarity

    @property
    def macro_f(self) -> float:
        """Mean F1 over themes that occur in gold or predictions (others are undefined)."""
        used = [s for s in self.per_theme.values() if s.tp + s.fp + s.fn]
        return sum(s.f1 for s in used) / len(used) if used else 0.0

    @property
    def micro_f(self) -> float:
        return sum(self.per_theme.values(), PRF()).f1

    @property
    def polarity_accuracy(self) -> float | None:
        """Accuracy over gold findings the model also detected (None without gold polarity)."""
        return self.polarity_right / self.polarity_scored if self.polarity_scored else None

    @property
    def polarity_accuracy_strict(self) -> float | None:
        """Accuracy over all gold findings; a missed finding counts as wrong."""
        return self.polarity_right / self.polarity_gold if self.polarity_gold else None

    def summary(self) -> dict[str, float | None]:
        return {
            "macro_f": round(self.macro_f, 4),
            "micro_f": round(self.micro_f, 4),
            "detection_p": round(self.detection.precision, 4),
            "detection_r": round(self.detection.recall, 4),
            "detection_f": round(self.detection.f1, 4),
            "polarity_acc": _round(self.polarity_accuracy),
            "polarity_acc_strict": _round(self.polarity_accuracy_strict),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score(
    gold_themes: Sequence[Sequence[str]],
    pred_themes: Sequence[Sequence[str]],
    gold_polarity: Sequence[str | None] | None = None,
    pred_polarity: Sequence[str | None] | None = None,
) -> Scores:
    """Compare predictions with gold, sentence by sentence."""
    result = Scores(per_theme={t: PRF() for t in THEMES})
    for i, (gold, pred) in enumerate(zip(gold_themes, pred_themes, strict=True)):
        gold_set, pred_set = set(gold), set(pred)
        for theme in THEMES:
            s = result.per_theme[theme]
            if theme in gold_set and theme in pred_set:
                s.tp += 1
            elif theme in pred_set:
                s.fp += 1
            elif theme in gold_set:
                s.fn += 1
        d = result.detection
        if gold_set and pred_set:
            d.tp += 1
        elif pred_set:
            d.fp += 1
        elif gold_set:
            d.fn += 1
        if gold_polarity is not None and pred_polarity is not None and gold_set:
            g = gold_polarity[i]
            if g is None:
                continue
            result.polarity_gold += 1
            if pred_set:
                result.polarity_scored += 1
                result.polarity_right += int(pred_polarity[i] == g)
    return result


def format_table(model: Scores, baseline: Scores | None = None) -> list[str]:
    """Per-theme table plus detection and polarity lines, the baseline beside."""
    head = f"{'theme':<18} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"
    if baseline:
        head += f"   {'kw-F1':>6}"
    lines = [head]
    for theme in THEMES:
        s = model.per_theme[theme]
        line = f"{theme:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d}"
        if baseline:
            line += f"   {baseline.per_theme[theme].f1:6.3f}"
        lines.append(line)
    d = model.detection
    line = (
        f"{'finding detection':<18} {d.precision:6.3f} {d.recall:6.3f} {d.f1:6.3f} {d.support:5d}"
    )
    if baseline:
        line += f"   {baseline.detection.f1:6.3f}"
    lines.append(line)
    if model.polarity_accuracy is not None:
        line = (
            f"polarity accuracy {model.polarity_accuracy:.4f} on {model.polarity_scored} "
            f"detected gold findings (strict, misses wrong: {model.polarity_accuracy_strict:.4f})"
        )
        if baseline and baseline.polarity_accuracy is not None:
            line += f"; keyword baseline {baseline.polarity_accuracy:.4f}"
        lines.append(line)
    if baseline:
        lines.append(
            f"keyword baseline: macro_f={baseline.macro_f:.4f} micro_f={baseline.micro_f:.4f} "
            f"detection_f={baseline.detection.f1:.4f}"
        )
    return lines
