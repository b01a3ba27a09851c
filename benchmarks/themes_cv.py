"""Grouped cross-validation of the theme model on the real sentences, beside the keyword baseline.

Scores the real labelled sentences of ../shared/real/themes (or `--data`) by
GroupKFold over source pages, so no sentence of a test page is seen in
training; our own sentences (corpora/themes) join every training fold at the
weight the shipped model uses (`--own-weight 0` leaves them out). Thresholds
are tuned by an inner grouped CV inside each training fold (`--no-tune`: 0.5).
Run: `.venv/bin/python benchmarks/themes_cv.py [--folds 5] [--seeds 0,1] [--errors]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.themes.classifier import Settings
from pipeline.themes.corpus import CorpusError, read_examples
from pipeline.themes.metrics import Scores, format_table
from pipeline.themes.train import DEFAULT_DATA, OWN_DATA, OWN_WEIGHT, cross_validate


def _line(name: str, s: Scores) -> str:
    return (
        f"{name:<9} macro_f={s.macro_f:.4f} micro_f={s.micro_f:.4f} "
        f"detection_f={s.detection.f1:.4f} polarity_acc={s.polarity_accuracy or 0:.4f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--own", type=Path, default=OWN_DATA)
    parser.add_argument("--own-weight", type=float, default=OWN_WEIGHT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", default="0", help="comma-separated CV seeds (mean printed)")
    parser.add_argument("--no-tune", action="store_true", help="fixed 0.5 thresholds")
    parser.add_argument("--errors", action="store_true", help="list the misclassified sentences")
    args = parser.parse_args()
    try:
        examples = read_examples(args.data)
        own = read_examples(args.own) if args.own_weight > 0 else []
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seeds = [int(s) for s in args.seeds.split(",")]
    print(
        f"{len(examples)} sentences, {len({e.document for e in examples})} pages, "
        f"{sum(bool(e.themes) for e in examples)} findings; + {len(own)} own sentences "
        f"at weight {args.own_weight}; {args.folds}-fold GroupKFold by page"
    )
    totals = []
    for seed in seeds:
        started = time.perf_counter()
        cv = cross_validate(
            examples, Settings(seed=seed), args.folds, own, args.own_weight, not args.no_tune
        )
        print(f"\nseed {seed} ({time.perf_counter() - started:.0f} s)")
        print("\n".join(format_table(cv.model, cv.baseline)))
        print(_line("model:", cv.model))
        print(_line("keywords:", cv.baseline))
        totals.append(cv.model)
        if args.errors:
            for example, prediction in zip(examples, cv.predictions, strict=True):
                right_themes = set(example.themes) == set(prediction.themes)
                right_polarity = not example.themes or example.polarity == prediction.polarity
                if not (right_themes and right_polarity):
                    print(
                        f"gold={example.themes}/{example.polarity} "
                        f"pred={prediction.themes}/{prediction.polarity}: {example.text}"
                    )
    if len(totals) > 1:
        n = len(totals)
        print(
            f"\nmean over seeds {args.seeds}: "
            f"macro_f={sum(s.macro_f for s in totals) / n:.4f} "
            f"detection_f={sum(s.detection.f1 for s in totals) / n:.4f} "
            f"polarity_acc={sum(s.polarity_accuracy or 0 for s in totals) / n:.4f} "
            f"min theme F1={sum(min(t.f1 for t in s.per_theme.values()) for s in totals) / n:.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
