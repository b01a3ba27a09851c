"""Grouped cross-validation of the theme model on corpora/themes, beside the keyword baseline.

Folds are grouped by document, so no sentence of a test document is seen in
training. Run: `.venv/bin/python benchmarks/themes_cv.py [--folds 5] [--seed 0] [--errors]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.themes.classifier import Settings
from pipeline.themes.corpus import CorpusError, read_examples
from pipeline.themes.metrics import format_table
from pipeline.themes.train import DEFAULT_DATA, cross_validate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", action="store_true", help="list the misclassified sentences")
    args = parser.parse_args()
    try:
        examples = read_examples(args.data)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    documents = len({e.document for e in examples})
    started = time.perf_counter()
    cv = cross_validate(examples, Settings(seed=args.seed), args.folds)
    seconds = time.perf_counter() - started
    print(
        f"{len(examples)} sentences, {documents} documents, "
        f"{sum(bool(e.themes) for e in examples)} findings; "
        f"{args.folds}-fold GroupKFold by document, seed {args.seed}, {seconds:.1f} s"
    )
    print("\n".join(format_table(cv.model, cv.baseline)))
    if args.errors:
        for example, prediction in zip(examples, cv.predictions, strict=True):
            right_themes = set(example.themes) == set(prediction.themes)
            right_polarity = not example.themes or example.polarity == prediction.polarity
            if not (right_themes and right_polarity):
                print(
                    f"[{example.document}] gold={example.themes}/{example.polarity} "
                    f"pred={prediction.themes}/{prediction.polarity}: {example.text}"
                )
    m, b = cv.model, cv.baseline
    print(
        f"model:    macro_f={m.macro_f:.4f} micro_f={m.micro_f:.4f} "
        f"polarity_acc={m.polarity_accuracy or 0:.4f} detection_f={m.detection.f1:.4f}"
    )
    print(
        f"keywords: macro_f={b.macro_f:.4f} micro_f={b.micro_f:.4f} "
        f"polarity_acc={b.polarity_accuracy or 0:.4f} detection_f={b.detection.f1:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
