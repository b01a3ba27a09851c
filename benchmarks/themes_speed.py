"""How much time the theme component adds to the full pipeline, and its own sentence rate.

Runs the embedded pipeline over a document made of the training corpus's
sentences (paragraphs of 5), timing the tokenizer and each component on its
own, and times `ThemeClassifier.predict` alone, all in CPU time of this
process. Each timing is the fastest of `--repeat` runs, so a burst of load
from other processes on a shared machine does not decide it; the share is the
theme component's time over the sum of all stages (a difference of two whole
runs, as before, swung between 11 % and 42 % on a busy machine).
Run: `.venv/bin/python benchmarks/themes_speed.py [--sentences 1500] [--repeat 5]`.
"""

from __future__ import annotations

import argparse
import time

from pipeline.analysis import build_pipeline
from pipeline.paths import MODELS_DIR
from pipeline.themes import COMPONENT, ThemeClassifier
from pipeline.themes.corpus import read_examples
from pipeline.themes.train import OWN_DATA


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing; the fastest counts")
    args = parser.parse_args()
    texts = [e.text for e in read_examples(OWN_DATA)]
    texts = (texts * (args.sentences // len(texts) + 1))[: args.sentences]
    document = "\n\n".join(" ".join(texts[i : i + 5]) for i in range(0, len(texts), 5))

    started = time.process_time()
    classifier = ThemeClassifier.load(MODELS_DIR / "themes")
    load_seconds = time.process_time() - started
    predict_seconds = float("inf")
    nlp = build_pipeline("embedded")
    nlp(document[:2000])  # warm up lazy tables
    stages: dict[str, float] = {}
    doc = None
    for _ in range(max(args.repeat, 1)):
        started = time.process_time()
        classifier.predict(texts)
        predict_seconds = min(predict_seconds, time.process_time() - started)
        started = time.process_time()
        doc = nlp.make_doc(document)
        stages["tokenizer"] = min(stages.get("tokenizer", 1e9), time.process_time() - started)
        for name, component in nlp.pipeline:
            started = time.process_time()
            doc = component(doc)
            stages[name] = min(stages.get(name, 1e9), time.process_time() - started)
    assert doc is not None

    print(f"model load: {load_seconds:.2f} s")
    print(
        f"ThemeClassifier.predict: {len(texts)} sentences in {predict_seconds:.2f} s "
        f"({len(texts) / predict_seconds:.0f} sentences/s)"
    )
    print("stages (s): " + ", ".join(f"{name} {t:.3f}" for name, t in stages.items()))
    total = sum(stages.values())
    print(
        f"pipeline: {total:.2f} s; theme component {stages[COMPONENT]:.2f} s, "
        f"share of pipeline time: {stages[COMPONENT] / total:.1%} ({len(doc._.findings)} findings)"
    )


if __name__ == "__main__":
    main()
