"""Honest estimates of the embedded NER's entity F1 on unseen DDT text.

Uses the same code path as `dapipe train ner` (pipeline.nlp.train: build_resources,
train_crf, build_pipeline; pipeline.nlp.evaluate: predict_tags, score_tags) and the
settings in pipeline/nlp/configs/ner.cfg, so the figures are about the shipped model:

  (a) train on train-10k, score dev            (the dev figure in meta.json: a second
      estimate, one held-out block of different text, never tuned on the test split)
  (b) train on dev, score train-10k            (the reverse)
  (c) k-fold over train-10k + dev together: contiguous blocks of sentences, each
      scored by a model trained on the other folds (~80% of all data with 5 folds,
      a slightly pessimistic estimate of the shipped model trained on all of it).
      Per-fold figures are printed, then the counts pooled over folds (micro) and the
      mean of the folds' F1, overall and per label, with its standard deviation and range.
  (d) learning curve on one fixed test set, the second half of dev: train-10k alone
      against train-10k plus the first half of dev (does more of the same data help?)

    .venv/bin/python benchmarks/ner_cv.py [--folds 5] [--only a,b,c,d] [--iterations N]
        [--set section.key=value ...] [--errors FILE]

`--set crf.c1=0.1` overrides a config value for this run only (for exploring);
`--errors FILE` writes the k-fold predictions as token/gold/predicted CoNLL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from pipeline.core import STANDARD_LABELS
from pipeline.nlp.conll import read_conll
from pipeline.nlp.evaluate import NerScores, write_predictions
from pipeline.nlp.train import (
    build_resources,
    cross_validate,
    pool_scores,
    read_config,
    score_model,
)
from pipeline.paths import SHARED_DATA_DIR

LABELS = list(STANDARD_LABELS)


def spread(values: list[float]) -> str:
    """Mean, sample standard deviation and range of per-fold figures."""
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.4f} ± {sd:.4f} (min {min(values):.4f}, max {max(values):.4f})"


def row(name: str, scores: NerScores) -> str:
    cells = [f"{scores.overall.f1:.4f}"]
    cells += [f"{scores.per_label[label].f1:.4f}" for label in LABELS]
    o = scores.overall
    return (
        f"{name:<22}"
        + "".join(f"{c:>8}" for c in cells)
        + f"   P={o.precision:.4f} R={o.recall:.4f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="a,b,c", help="which of a,b,c,d (learning curve) to run")
    parser.add_argument("--iterations", type=int, help="override crf.max_iterations")
    parser.add_argument("--set", action="append", default=[], help="section.key=value")
    parser.add_argument("--errors", type=Path, help="write k-fold predictions (CoNLL) here")
    parser.add_argument("--data", type=Path, default=SHARED_DATA_DIR)
    args = parser.parse_args()

    config = read_config()
    if args.iterations:
        config.set("crf", "max_iterations", str(args.iterations))
    for item in args.set:
        key, _, value = item.partition("=")
        section, _, option = key.partition(".")
        if not config.has_section(section):
            config.add_section(section)
        config.set(section, option, value)
    ner_dir = args.data / "ddt-ner"
    train = read_conll(ner_dir / config.get("data", "train"))
    dev = read_conll(ner_dir / config.get("data", "dev"))
    started = time.perf_counter()
    resources = build_resources(config)
    print(f"resources built in {time.perf_counter() - started:.1f} s; overrides: {args.set or '-'}")
    print(f"{'':<22}" + "".join(f"{h:>8}" for h in ["F1", *LABELS]))
    only = set(args.only.split(","))
    if "a" in only:
        t = time.perf_counter()
        scores, _ = score_model(train, dev, resources, config, args.seed)
        print(row("(a) train->dev", scores) + f"   {time.perf_counter() - t:.0f}s", flush=True)
    if "b" in only:
        scores, _ = score_model(dev, train, resources, config, args.seed)
        print(row("(b) dev->train", scores), flush=True)
    if "c" in only:
        data = [*train, *dev]
        results, predicted_all = cross_validate(data, resources, config, args.seed, args.folds)
        for i, scores in enumerate(results):
            print(row(f"    fold {i + 1}", scores))
        print(row(f"(c) {args.folds}-fold pooled", pool_scores(results)))
        for label in ["overall", *LABELS]:
            values = [
                s.overall.f1 if label == "overall" else s.per_label[label].f1 for s in results
            ]
            print(f"(c) {label:<8} mean of folds {spread(values)}")
        if args.errors:
            write_predictions(args.errors, data, predicted_all)
    if "d" in only:
        # does more of the same data help? one fixed test set: the second half of dev
        half = len(dev) // 2
        for name, data in [("train", train), ("train+dev[:half]", [*train, *dev[:half]])]:
            scores, _ = score_model(data, dev[half:], resources, config, args.seed)
            print(row(f"(d) {name}->dev[half:]", scores), flush=True)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
