"""Extraction accuracy on generated report PDFs whose source text is known.

Usage: .venv/bin/python benchmarks/extract_accuracy.py [--engine dapipe|pdfplumber|pdftotext]

For every source in corpora/reports/src the PDF is (re)built into a temporary folder,
extracted, and compared with the source: word-level F1 (bag of words), order (longest
common subsequence of words / words), sentences of two-column pages found intact and in
order, table rows exact, running header/footer lines left in the body, and hyphen checks
(suspended hyphens kept, no line-break hyphen left).
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
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.ingest import extract  # noqa: E402
from pipeline.ingest.normalize import normalize_inline  # noqa: E402


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_reports", REPO / "corpora" / "reports" / "make_reports.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_reports"] = module  # dataclasses look their module up here
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def words(text: str) -> list[str]:
    return re.findall(r"[\wæøåÆØÅ§]+(?:[-.,/][\wæøåÆØÅ]+)*-?", text)


def lcs_len(a: list[str], b: list[str]) -> int:
    """Longest common subsequence length (O(n*m) in ints, fine for a few thousand words)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ§])", text) if len(s.strip()) > 20]


def extract_text(pdf: Path, engine: str) -> tuple[str, list[list[str]]]:
    if engine == "dapipe":
        doc = extract(pdf)
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
    parser.add_argument("--engine", default="dapipe", choices=["dapipe", "pdfplumber", "pdftotext"])
    args = parser.parse_args()
    gen = load_generator()
    totals = Counter()
    tmp = Path(tempfile.mkdtemp(prefix="dapipe-acc-"))
    try:
        for src in sorted((REPO / "corpora" / "reports" / "src").glob("*.txt")):
            report = gen.parse_source(src)
            pdf = tmp / f"{report.stem}.pdf"
            gen.render(report, pdf)
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
            order = lcs_len(tw, ew) / max(1, len(tw))
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
            broken = [w for w in ew if w.endswith("-")]
            print(
                f"{report.stem}: words={len(tw)} F1={f1:.4f} order={order:.4f} "
                f"two_col_intact={len(intact)}/{len(two_col)} in_order={in_order}/{len(two_col)} "
                f"table_rows={exact_rows}/{len(truth_rows)} header_left={len(running)} "
                f"footer_left={footer_left} suspended={suspended_kept}/{suspended_truth} "
                f"dangling_hyphens={len(broken)}"
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
