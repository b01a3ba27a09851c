"""How much time the theme component adds to the full pipeline, and its own sentence rate.

Runs the embedded pipeline over a document made of the training corpus's
sentences (paragraphs of 5), once with and once without "dapipe_themes", and
times `ThemeClassifier.predict` alone, in CPU time of this process. Figures
are ratios within one run; each timing is the fastest of `--repeat` runs, with
and without themes alternating, so a burst of load from other processes on a
shared machine does not decide it.
Run: `.venv/bin/python benchmarks/themes_speed.py [--sentences 1500] [--repeat 3]`.
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
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the fastest counts")
    args = parser.parse_args()
    texts = [e.text for e in read_examples(OWN_DATA)]
    texts = (texts * (args.sentences // len(texts) + 1))[: args.sentences]
    document = "\n\n".join(" ".join(texts[i : i + 5]) for i in range(0, len(texts), 5))

    started = time.process_time()
    classifier = ThemeClassifier.load(MODELS_DIR / "themes")
    load_seconds = time.process_time() - started
    predict_seconds = without = with_themes = float("inf")
    nlp = build_pipeline("embedded")
    nlp(document[:2000])  # warm up lazy tables
    doc = None
    for _ in range(max(args.repeat, 1)):
        started = time.process_time()
        classifier.predict(texts)
        predict_seconds = min(predict_seconds, time.process_time() - started)
        started = time.process_time()
        with nlp.select_pipes(disable=[COMPONENT]):
            nlp(document)
        without = min(without, time.process_time() - started)
        started = time.process_time()
        doc = nlp(document)
        with_themes = min(with_themes, time.process_time() - started)
    assert doc is not None

    print(f"model load: {load_seconds:.2f} s")
    print(
        f"ThemeClassifier.predict: {len(texts)} sentences in {predict_seconds:.2f} s "
        f"({len(texts) / predict_seconds:.0f} sentences/s)"
    )
    print(f"pipeline without themes: {without:.2f} s; with themes: {with_themes:.2f} s")
    print(
        f"theme component share of pipeline time: {(with_themes - without) / with_themes:.1%} "
        f"({len(doc._.findings)} findings)"
    )


if __name__ == "__main__":
    main()
