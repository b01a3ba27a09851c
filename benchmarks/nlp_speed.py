"""Speed, size and load time of an NLP pipeline, on one core.

Prints words per second of the NLP stage alone and of the full default pipeline
(NLP + quotes + themes, as `dapipe` runs it), the model's size on disk and the load
time. Text: the sample corpus (`corpora/**/*.txt|md`) when present, else the DDT dev
sentences from ../shared/data.

    .venv/bin/python benchmarks/nlp_speed.py [--model embedded] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import contextlib

from pipeline.paths import CORPORA_DIR, MODELS_DIR, SHARED_DATA_DIR


def corpus_texts() -> tuple[str, list[str]]:
    files = sorted(p for ext in ("*.txt", "*.md") for p in CORPORA_DIR.rglob(ext))
    texts = [p.read_text(encoding="utf-8") for p in files]
    if sum(len(t.split()) for t in texts) >= 2000:
        return f"corpora/ ({len(files)} files)", texts
    from pipeline.nlp.conll import read_conll

    dev = read_conll(SHARED_DATA_DIR / "ddt-ner" / "da_ddt-ud-ner-dev.conll")
    paragraphs = [" ".join(s.words) for s in dev]
    return "DDT dev sentences", [
        "\n\n".join(paragraphs[i : i + 20]) for i in range(0, len(paragraphs), 20)
    ]


def words_per_second(nlp, texts: list[str], repeat: int) -> tuple[float, float]:
    """(wall-clock, CPU-time) words per second, best of `repeat` runs.

    CPU time of this process is the fairer figure on a shared machine: other jobs
    stretch wall-clock time but not the cycles this process spends.
    """
    words = sum(len(doc) - sum(t.is_space or t.is_punct for t in doc) for doc in nlp.pipe(texts))
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts):
            pass
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return words / best_wall, words / best_cpu


def component_shares(nlp, texts: list[str], on_doc=None) -> dict[str, float]:
    """CPU seconds spent in the tokenizer and in each component, over all texts.

    `on_doc(doc)`, when given, sees every finished document (to count results).
    """
    spent = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for text in texts:
        cpu = time.process_time()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += time.process_time() - cpu
        for name, pipe in nlp.pipeline:
            cpu = time.process_time()
            doc = pipe(doc)
            spent[name] += time.process_time() - cpu
        if on_doc is not None:
            on_doc(doc)
    return spent


def folder_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from pipeline import nlp as nlp_stage

    start, start_cpu = time.perf_counter(), time.process_time()
    nlp = nlp_stage.load(args.model)
    load_seconds = time.perf_counter() - start
    load_cpu = time.process_time() - start_cpu
    source, texts = corpus_texts()
    print(f"text: {source}")
    print(f"model: {args.model}; pipes: {', '.join(nlp.pipe_names)}")
    print(f"load time: {load_seconds:.2f} s wall-clock, {load_cpu:.2f} s CPU")
    if args.model == "embedded":
        print(f"model size on disk: {folder_size_mb(MODELS_DIR / 'embedded'):.1f} MB")
    wall, cpu = words_per_second(nlp, texts, args.repeat)
    print(f"NLP stage: {wall:,.0f} words/s wall-clock, {cpu:,.0f} words/s CPU time")
    try:
        from pipeline.analysis import build_pipeline

        full = build_pipeline(args.model)
    except Exception as exc:  # other stages may not be ready yet
        print(f"full pipeline: not available ({type(exc).__name__}: {exc})")
        return 0
    wall, cpu = words_per_second(full, texts, args.repeat)
    print(f"full pipeline ({', '.join(full.pipe_names)}):")
    print(f"  {wall:,.0f} words/s wall-clock, {cpu:,.0f} words/s CPU time")
    spent = component_shares(full, texts)
    total = sum(spent.values())
    print(
        "  CPU share by component: "
        + ", ".join(f"{name} {100 * sec / total:.0f}%" for name, sec in spent.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
