"""Pages per second of extract() against pdftotext (poppler) on the same long PDF.

Usage: .venv/bin/python benchmarks/extract_speed.py [--pages 200] [--pdf FILE] [--plumber N]

Builds the report with benchmarks/make_long_pdf.py when --pdf is not given. Every engine
runs single-process (pypdfium2's bare text, no layout, is printed as the floor of any
pdfium-based design); peak memory (max RSS) is measured in a fresh child process per
engine. --plumber N also times plain pdfplumber text extraction on the first N pages.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
engine, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
cpu = time.process_time()
if engine == "dapipe":
    from pipeline.ingest import extract
    doc = extract(path)
    pages, chars = doc.page_count, len(doc.text)
elif engine == "pdfium":
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    pages = len(pdf)
    chars = 0
    for i in range(pages):
        page = pdf[i]
        tp = page.get_textpage()
        chars += len(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
else:
    import pdfplumber
    n = int(engine.split(":")[1])
    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:n]:
            chars += len(page.extract_text() or "")
            page.close()
    pages = n
elapsed = time.perf_counter() - t
cpu = time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": pages, "seconds": elapsed, "cpu": cpu, "chars": chars,
                  "max_rss_mb": rss}))
"""


def run_child(engine: str, pdf: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, engine, str(pdf), str(REPO)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--pdf", type=Path)
    parser.add_argument("--plumber", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdf = args.pdf
    if pdf is None:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from make_long_pdf import build

        pdf = Path(f"/tmp/dapipe-long-{args.pages}.pdf")
        if not pdf.exists():
            build(args.pages, pdf)
    ours = min((run_child("dapipe", pdf) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    pages = ours["pages"]
    ours_rate = pages / ours["seconds"]
    print(
        f"dapipe extract: {pages} pages in {ours['seconds']:.2f} s = {ours_rate:.0f} pages/s "
        f"({pages / ours['cpu']:.0f} pages per CPU-second), max RSS "
        f"{ours['max_rss_mb']:.0f} MB, {ours['chars']} chars"
    )
    raw = min((run_child("pdfium", pdf) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    raw_rate = raw["pages"] / raw["seconds"]
    print(f"pypdfium2 plain text (no layout): {raw_rate:.0f} pages/s, ratio dapipe/pypdfium2 = "
          f"{ours_rate / raw_rate:.3f}")  # fmt: skip
    exe = shutil.which("pdftotext")
    if exe:
        best = best_cpu = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([exe, str(pdf), "-"], capture_output=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best = min(best, time.perf_counter() - t)
            used = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            best_cpu = min(best_cpu, used)
        rate = pages / best
        print(
            f"pdftotext:      {pages} pages in {best:.2f} s = {rate:.0f} pages/s "
            f"({pages / best_cpu:.0f} pages per CPU-second)"
        )
        print(
            f"ratio dapipe/pdftotext = {ours_rate / rate:.3f} (wall), "
            f"{(pages / ours['cpu']) / (pages / best_cpu):.3f} (CPU)"
        )
    else:
        print("pdftotext not installed (apt-get install poppler-utils)")
    if args.plumber:
        r = run_child(f"plumber:{args.plumber}", pdf)
        print(
            f"pdfplumber extract_text: {r['pages']} pages in {r['seconds']:.2f} s = "
            f"{r['pages'] / r['seconds']:.0f} pages/s, max RSS {r['max_rss_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
