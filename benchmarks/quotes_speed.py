"""How much of the pipeline's time the quote stage takes.

Runs the full pipeline (backend, quote component, theme component) over the
sample corpus, timing the tokenizer and every component separately, and
prints the quote component's share of the NLP time and of the time including
text extraction. Usage:

    .venv/bin/python benchmarks/quotes_speed.py [--model embedded] [--repeat 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from pipeline.analysis import build_pipeline
from pipeline.ingest import SUPPORTED_SUFFIXES, IngestError, extract
from pipeline.paths import CORPORA_DIR
from pipeline.quotes.component import COMPONENT_NAME


def documents(paths: list[Path]) -> list[tuple[str, str, float]]:
    """(name, text, seconds to extract) for every readable file under `paths`."""
    found = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            start = time.perf_counter()
            try:
                text = extract(path).text
            except IngestError as exc:
                print(f"skipped {exc}", file=sys.stderr)
                continue
            found.append((str(path), text, time.perf_counter() - start))
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
    timings: dict[str, float] = defaultdict(float)
    quote_count = 0
    for _ in range(args.repeat):
        for _name, text, _secs in docs:
            start = time.perf_counter()
            doc = nlp.make_doc(text)
            timings["tokenizer"] += time.perf_counter() - start
            for name, component in nlp.pipeline:
                start = time.perf_counter()
                doc = component(doc)
                timings[name] += time.perf_counter() - start
            quote_count += len(doc._.quotes)
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
