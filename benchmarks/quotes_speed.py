"""How much of the pipeline's time the quote stage takes.

Runs the full pipeline (backend, quote component, theme component) over the
sample corpus, timing the tokenizer and every component separately (CPU time,
with `nlp_speed.component_shares`), and
prints the quote component's share of the NLP time and of the time including
text extraction. Usage:

    .venv/bin/python benchmarks/quotes_speed.py [--model embedded] [--repeat 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from nlp_speed import component_shares  # this folder is on sys.path when run as a script

from pipeline.analysis import build_pipeline
from pipeline.batch import find_files
from pipeline.ingest import IngestError, extract
from pipeline.paths import CORPORA_DIR
from pipeline.quotes.component import COMPONENT_NAME


def documents(paths: list[Path]) -> list[tuple[str, str, float]]:
    """(name, text, seconds to extract) for every readable file under `paths`."""
    found = []
    for path in find_files(paths):
        start = time.process_time()
        try:
            text = extract(path).text
        except IngestError as exc:
            print(f"skipped {exc.path}: {exc}", file=sys.stderr)
            continue
        found.append((str(path), text, time.process_time() - start))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPORA_DIR])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    docs = documents(args.paths)
    if not docs:
        print("no documents found", file=sys.stderr)
        return 2
    nlp = build_pipeline(args.model)
    timings: Counter[str] = Counter()
    quote_count = 0

    def count_quotes(doc) -> None:
        nonlocal quote_count
        quote_count += len(doc._.quotes)

    texts = [text for _name, text, _secs in docs]
    for _ in range(args.repeat):
        timings.update(component_shares(nlp, texts, on_doc=count_quotes))
    extraction = sum(secs for _n, _t, secs in docs) * args.repeat
    nlp_total = sum(timings.values())
    chars = sum(len(text) for _n, text, _s in docs)
    print(
        f"documents: {len(docs)}  characters: {chars}  repeats: {args.repeat}  model: {args.model}"
    )
    for name, secs in sorted(timings.items(), key=lambda item: -item[1]):
        print(f"  {name:<20} {secs:8.3f} s  {100 * secs / nlp_total:5.1f}% of NLP time")
    quotes = timings.get(COMPONENT_NAME, 0.0)
    print(f"quotes found per run: {quote_count // args.repeat}")
    print(f"quotes stage share of NLP pipeline time: {100 * quotes / nlp_total:.1f}%")
    print(
        "quotes stage share of pipeline time incl. extraction: "
        f"{100 * quotes / (nlp_total + extraction):.1f}%"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
