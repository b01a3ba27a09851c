"""Extraction accuracy on generated report PDFs whose source text is known.

Usage: .venv/bin/python benchmarks/extract_accuracy.py [--engine dapipe|pdfplumber|pdftotext]
       [--no-layouts]

For every source in corpora/reports/src the PDF is (re)built into a temporary folder in
two layouts (sans-serif ragged-right; serif justified with a narrow gutter),
extracted, and compared with the source: word-level F1 (bag of words), order (longest
common subsequence of words / words, footnotes left out), sentences of two-column pages
found intact and in order, table rows exact, running header/footer lines left in the body,
and hyphen checks
(suspended hyphens kept, no line-break hyphen left).

Then one row per case of corpora/reports/make_layouts.py (six layouts that mix regions,
columns, boxes and margins, each made by fpdf2 and by Chromium): word F1, reading order
of the flow and asides (boxes, notes, captions, footnotes) found whole, and the pages/s of
the engine and of pdftotext on those PDFs, as a ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.ingest import extract  # noqa: E402
from pipeline.ingest.normalize import normalize_inline  # noqa: E402


def load_generator(name: str = "make_reports"):
    spec = importlib.util.spec_from_file_location(name, REPO / "corpora" / "reports" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


_LAYOUTS = load_generator("make_layouts")
words, lcs_len = _LAYOUTS.words, _LAYOUTS.lcs_len


def layout_cases(engine: str, tmp: Path) -> None:
    """One row per layout x producer of corpora/reports/make_layouts.py (mixed regions,
    columns, boxes), then pages/s of this engine and pdftotext on those PDFs."""
    gen = _LAYOUTS
    producers = [p for p in gen.PRODUCERS if p != "chromium" or gen.chromium_available()]
    if len(producers) < len(gen.PRODUCERS):
        print("chromium not installed: its cases are left out (apt-get install chromium)")
    pdfs = []
    worst = {"f1": 1.0, "order": 1.0, "asides": 1.0}
    for producer in producers:
        for name in gen.LAYOUTS:
            pdf = gen.render(name, producer, tmp / f"{name}-{producer}.pdf")
            pdfs.append(pdf)
            text, blocks = _layout_text(pdf, engine)
            score = gen.score(name, text, blocks)
            for key in worst:
                worst[key] = min(worst[key], score[key])
            print(
                f"layout {name:16} producer={producer:9} words={score['words']} "
                f"F1={score['f1']:.4f} order={score['order']:.4f} "
                f"asides_whole={score['asides']:.2f}"
            )
    print(f"LAYOUTS worst: F1={worst['f1']:.4f} order={worst['order']:.4f} "
          f"asides_whole={worst['asides']:.2f}")  # fmt: skip
    pages, ours = _timed(lambda: [extract(p).page_count for p in pdfs])
    exe = shutil.which("pdftotext")
    if exe:
        cmd = [[exe, str(p), "-"] for p in pdfs]
        _, ref = _timed(lambda: [subprocess.run(c, capture_output=True, check=True) for c in cmd])
        n = sum(pages)
        print(
            f"LAYOUTS speed: dapipe {n / ours:.0f} pages/s, pdftotext {n / ref:.0f} pages/s, "
            f"ratio dapipe/pdftotext = {ref / ours:.3f}"
        )


def _timed(run):
    best, out = float("inf"), None
    for _ in range(3):
        t = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t)
    return out, best


def _layout_text(pdf: Path, engine: str) -> tuple[str, list[tuple[str, str]]]:
    if engine == "dapipe":
        doc = extract(pdf)
        return doc.text, [(b.kind, b.text) for b in doc.blocks]
    text, _ = extract_text(pdf, engine)
    return text, []


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ§])", text) if len(s.strip()) > 20]


def extract_text(pdf: Path, engine: str) -> tuple[str, list[list[str]]]:
    if engine in {"dapipe", "dapipe-plumber-tables"}:
        if engine == "dapipe":
            doc = extract(pdf)
        else:  # same layout, tables found by pdfplumber instead of our ruling grid
            from pipeline.ingest import Document
            from pipeline.ingest.pdf import read_pdf_file

            fields = read_pdf_file(pdf, pdf.read_bytes(), table_engine="pdfplumber")
            fields.pop("first_page_text")
            doc = Document.from_blocks(str(pdf), fields.pop("blocks"), **fields)
        return doc.text, [row for t in doc.tables for row in t.rows]
    if engine == "pdftotext":
        out = subprocess.run(["pdftotext", "-layout" if False else "-raw", str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        return normalize_inline(out), []
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        parts = []
        for page in doc.pages:
            parts.append(page.extract_text() or "")
            page.close()
    return normalize_inline(" ".join(parts)), []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--engine",
        default="dapipe",
        choices=["dapipe", "dapipe-plumber-tables", "pdfplumber", "pdftotext"],
    )
    parser.add_argument(
        "--styles", default="standard,justified",
        help="layouts to render each source in (make_reports.py styles)",
    )  # fmt: skip
    parser.add_argument("--no-layouts", action="store_true", help="skip make_layouts.py cases")
    args = parser.parse_args()
    gen = load_generator()
    totals = Counter()
    tmp = Path(tempfile.mkdtemp(prefix="dapipe-acc-"))
    try:
        sources = sorted((REPO / "corpora" / "reports" / "src").glob("*.report"))
        for src, style in [(src, style) for style in args.styles.split(",") for src in sources]:
            report = gen.parse_source(src)
            pdf = tmp / f"{report.stem}-{style}.pdf"
            gen.render(report, pdf, style)
            truth = gen.truth(report)
            f = report.fields
            body = [f.get("publisher", ""), f["title"], f.get("subtitle", ""), f.get("date", "")]
            body += [t for _, t in truth["blocks"]] + truth["footnotes"]
            truth_text = normalize_inline(" ".join(body))
            text, rows = extract_text(pdf, args.engine)
            tw, ew = words(truth_text), words(normalize_inline(text))
            common = sum((Counter(tw) & Counter(ew)).values())
            p, r = common / max(1, len(ew)), common / max(1, len(tw))
            f1 = 2 * p * r / max(1e-9, p + r)
            # Order is scored on the body: footnotes sit at page bottoms, not where the
            # source lists them, so both sides drop them first.
            body_truth = truth_text
            body_text = normalize_inline(text)
            for note in truth["footnotes"]:
                body_truth = body_truth.replace(note, " ")
                body_text = body_text.replace(note, " ")
            btw, bew = words(body_truth), words(body_text)
            order = lcs_len(btw, bew) / max(1, len(btw))
            flat = normalize_inline(text)
            two_col = [s for para in truth["two_column"] for s in sentences(para)]
            intact = [s for s in two_col if s in flat]
            positions = [flat.find(s) for s in intact]
            in_order = sum(1 for a, b in itertools.pairwise(positions) if a < b) + (
                1 if positions else 0
            )
            truth_rows = [row for table in truth["tables"] for row in table]
            exact_rows = sum(1 for row in truth_rows if row in rows)
            running = [ln for ln in truth["running"] if ln and ln in flat]
            footer_left = len(re.findall(r"Side \d+ af \d+", flat))
            suspended_truth = len(re.findall(r"\w- (?:og|eller) ", truth_text))
            suspended_kept = len(re.findall(r"\w- (?:og|eller) ", flat))
            # words ending in "-" beyond the suspended hyphens the source itself has
            broken = max(0, sum(w.endswith("-") for w in ew) - sum(w.endswith("-") for w in tw))
            print(
                f"{report.stem} [{style}]: words={len(tw)} F1={f1:.4f} order={order:.4f} "
                f"two_col_intact={len(intact)}/{len(two_col)} in_order={in_order}/{len(two_col)} "
                f"table_rows={exact_rows}/{len(truth_rows)} header_left={len(running)} "
                f"footer_left={footer_left} suspended={suspended_kept}/{suspended_truth} "
                f"dangling_hyphens={broken}"
            )
            totals.update(
                words=len(tw), common=common, ew=len(ew), lcs=round(order * len(tw)),
                two=len(two_col), intact=len(intact), ordered=in_order, rows=len(truth_rows),
                exact=exact_rows, left=len(running) + footer_left,
            )  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    p = totals["common"] / max(1, totals["ew"])
    r = totals["common"] / max(1, totals["words"])
    print(
        f"TOTAL engine={args.engine} word_f1={2 * p * r / max(1e-9, p + r):.4f} "
        f"order={totals['lcs'] / max(1, totals['words']):.4f} "
        f"two_column_sentences_intact={totals['intact'] / max(1, totals['two']):.4f} "
        f"two_column_in_order={totals['ordered'] / max(1, totals['two']):.4f} "
        f"table_rows_exact={totals['exact'] / max(1, totals['rows']):.4f} "
        f"running_lines_left={totals['left']}"
    )
    if not args.no_layouts:
        tmp = Path(tempfile.mkdtemp(prefix="dapipe-layouts-"))
        try:
            layout_cases(args.engine, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
