"""Batch processing at scale: one table of throughput, memory and stage shares.

A generated corpus (`scale_corpus.py`: 2,000 news articles and 20 reports of 100 pages
at --scale 1) goes through `process` as `dapipe process` runs it (worker processes,
spawned fresh), with 1 and 2 local workers and on a Dask LocalCluster of 2 workers;
news at 500, 1,000 and 2,000 articles shows whether the cost per document stays
constant. Rates count from when every worker had its model (load time apart) to the
last document stored; words are whitespace-separated words of the extracted text.
words/CPU-s divides by the CPU time the workers and the writer spent (load apart): on a
machine shared with other jobs it is the figure that other jobs do not stretch.
Stage shares come from one process over a sample; `spacy.blank("da")` (tokenizer
only) is the upper reference for NLP, `pdftotext` for PDF extraction.

    .venv/bin/python benchmarks/scale.py                 # the full run (about 15 min)
    .venv/bin/python benchmarks/scale.py --scale 0.1     # a quick look (about 2 min)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

import scale_corpus  # noqa: E402

from pipeline.batch import process  # noqa: E402


class Counter:
    """A progress sink that adds up pages and words."""

    def __init__(self) -> None:
        self.pages = self.words = self.failed = 0

    def loading(self, model: str, where: str) -> None:
        pass

    def started(self, total: int) -> None:
        pass

    def file_done(self, path: str, outcome: str, reason: str | None, pages: int, words: int):
        self.pages += pages
        self.words += words
        self.failed += outcome == "failed"


@dataclass
class Row:
    name: str
    docs: int
    pages: int
    words: int
    load_s: float
    seconds: float
    workers: int
    peak_mb: float
    cpu_s: float = 0.0  # workers' and writer's CPU seconds (load apart)

    def cells(self) -> list[str]:
        s = max(self.seconds, 1e-9)
        return [
            self.name,
            f"{self.docs:,}",
            f"{self.pages:,}",
            f"{self.words:,}",
            f"{self.load_s:.1f}",
            f"{self.seconds:.1f}",
            f"{self.docs / s:,.1f}",
            f"{self.pages / s:,.1f}",
            f"{self.words / s:,.0f}",
            f"{self.words / s / self.workers:,.0f}",
            f"{self.words / self.cpu_s:,.0f}" if self.cpu_s else "–",
            f"{1000 * s / self.docs:,.1f}",
            f"{self.peak_mb:,.0f}" if self.peak_mb else "–",
        ]


HEADER = [
    "run",
    "docs",
    "pages",
    "words",
    "load s",
    "run s",
    "docs/s",
    "pages/s",
    "words/s",
    "words/s/core",
    "words/CPU-s",
    "ms/doc",
    "peak RSS MB/worker",
]


def run(name: str, files: list[Path], workers: int, scheduler: str | None, tmp: Path) -> Row:
    counter = Counter()
    db = tmp / f"{name.replace(' ', '_').replace(',', '')}.sqlite"
    report = process(
        files, db=db, workers=workers, scheduler=scheduler, in_process=False, progress=counter
    )
    if report.failed:
        print(f"  {name}: {len(report.failed)} failed, e.g. {report.failed[0]}", file=sys.stderr)
    row = Row(
        name,
        len(report.processed),
        counter.pages,
        counter.words,
        report.load_seconds,
        report.analysis_seconds,
        workers,
        max(report.peak_rss_mb, default=0.0),
        report.worker_cpu_seconds + report.writer_cpu_seconds,
    )
    print(f"  done: {' | '.join(row.cells())}", file=sys.stderr, flush=True)
    return row


def stage_shares(news: list[Path], reports: list[Path], tmp: Path) -> dict[str, float]:
    """Seconds per stage over the sample, in this process, as `analyze_document` runs them."""
    from pipeline.analysis import analyze_document, document_doc
    from pipeline.ingest import extract
    from pipeline.store import open_store
    from pipeline.workers import pipeline_for

    nlp = pipeline_for("embedded")
    spent = dict.fromkeys(("extract", "nlp", "quotes", "themes", "store"), 0.0)
    stage = {"dapipe_quotes": "quotes", "dapipe_themes": "themes"}
    with open_store(tmp / "stages.sqlite") as store:
        for path in [*news, *reports]:
            t = time.perf_counter()
            document = extract(path)
            spent["extract"] += time.perf_counter() - t
            t = time.perf_counter()
            doc = document_doc(document, nlp)
            spent["nlp"] += time.perf_counter() - t
            for name, pipe in nlp.pipeline:
                t = time.perf_counter()
                doc = pipe(doc)
                spent[stage.get(name, "nlp")] += time.perf_counter() - t
            analysis = analyze_document(document, nlp)  # (again, untimed) for the store
            t = time.perf_counter()
            store.save(analysis)
            spent["store"] += time.perf_counter() - t
    return spent


def references(news: list[Path], reports: list[Path]) -> tuple[Row, Row]:
    import spacy

    texts = [p.read_text(encoding="utf-8") for p in news]
    blank = spacy.blank("da")
    blank.max_length = 10_000_000
    t = time.perf_counter()
    for _ in blank.pipe(texts):
        pass
    tokenizer = Row(
        'spacy.blank("da") on the news',
        len(texts),
        len(texts),
        sum(len(t.split()) for t in texts),
        0.0,
        time.perf_counter() - t,
        1,
        0.0,
    )
    pages = words = 0
    t = time.perf_counter()
    for path in reports:
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        pages += text.count("\f")
        words += len(text.split())
    pdftotext = Row(
        "pdftotext on the reports", len(reports), pages, words, 0.0, time.perf_counter() - t, 1, 0
    )
    return tokenizer, pdftotext


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        lines.append(
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
            + " |"
        )
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="corpus size (1: 2,000 + 20)")
    parser.add_argument("--corpus", type=Path, default=None, help="where the corpus is kept")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    n_news = max(8, round(2000 * args.scale))
    n_reports = max(2, round(20 * args.scale))
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"dapipe-scale-{n_news}-{n_reports}"
    t = time.perf_counter()
    news = scale_corpus.write_news(corpus / "news", n_news)
    reports = scale_corpus.write_reports(corpus / "reports", n_reports, 100)
    print(f"corpus: {corpus} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
    load = os.getloadavg()[0]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="dapipe-scale-") as tmpname:
        tmp = Path(tmpname)
        configs = [("local, 1 worker", 1, None), ("local, 2 workers", 2, None)]
        if not args.skip_dask:
            configs.append(("Dask LocalCluster, 2 workers", 2, "local"))
        for kind, files in (("news", news), ("reports", reports)):
            for label, workers, scheduler in configs:
                rows.append(run(f"{kind}: {label}", files, workers, scheduler, tmp))
        for fraction in (0.25, 0.5):
            subset = news[: round(len(news) * fraction)]
            rows.append(run(f"news ×{fraction:g}: local, 2 workers", subset, 2, None, tmp))
        sample = news[: max(20, len(news) // 10)]
        spent_news = stage_shares(sample, [], tmp)
        spent_reports = stage_shares([], reports[:1], tmp)
        tokenizer, pdftotext = references(news, reports)
    load = max(load, os.getloadavg()[0])
    by = {r.name: r for r in rows}
    out = [HEADER, *(r.cells() for r in rows), tokenizer.cells(), pdftotext.cells()]
    print(table(out))
    for what, spent in ((f"{len(sample)} articles", spent_news), ("1 report", spent_reports)):
        total = sum(spent.values())
        shares = " · ".join(f"{k} {v / total:.0%}" for k, v in spent.items())
        print(f"stage shares, one process, {what}: {shares} ({total:.1f} s)")

    def rate(name: str) -> float:
        r = by.get(name)
        return r.words / r.seconds if r and r.seconds else 0.0

    for kind in ("news", "reports"):
        one, two = rate(f"{kind}: local, 1 worker"), rate(f"{kind}: local, 2 workers")
        dask = rate(f"{kind}: Dask LocalCluster, 2 workers")
        line = f"{kind}: speed-up 1 → 2 workers {two / one:.2f}×" if one else kind
        if dask and two:
            line += f"; Dask / local at 2 workers {dask / two:.2f}"
        print(line)
    per_doc = [
        1000 * by[n].seconds / by[n].docs
        for n in ("news ×0.25: local, 2 workers", "news ×0.5: local, 2 workers")
    ] + [1000 * by["news: local, 2 workers"].seconds / by["news: local, 2 workers"].docs]
    print(
        "ms per article at 500 / 1,000 / 2,000 (×scale): " + " / ".join(f"{x:.1f}" for x in per_doc)
    )
    print(f"cores: {os.cpu_count()}; load average during the run up to {load:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
