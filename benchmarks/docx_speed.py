"""Paragraphs per second of the DOCX reader on a generated long document.

Usage: .venv/bin/python benchmarks/docx_speed.py [--paragraphs 20000] [--sample 2000]

Builds a DOCX with python-docx (headings, list items, body paragraphs), then prints
in one run: extract() on the whole file, and the style look-up alone, python-docx's
`paragraph.style` per paragraph (the old way, timed on the first --sample paragraphs)
against `StyleNames` (resolved once per style id) on all of them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def make_docx(path: Path, paragraphs: int) -> None:
    import docx

    document = docx.Document()
    for i in range(paragraphs):
        if i % 50 == 0:
            document.add_heading(f"Afsnit {i // 50 + 1}", level=1)
        elif i % 7 == 0:
            document.add_paragraph(f"Punkt {i}: skolens budget for næste år.", style="List Bullet")
        else:
            document.add_paragraph(f"Kommunen oplyser i notat {i}, at vejen bliver lagt om.")
    document.save(str(path))


def main() -> None:
    import docx

    from pipeline.ingest import extract
    from pipeline.ingest.docxfile import StyleNames

    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lang.docx"
        make_docx(path, args.paragraphs)
        size = path.stat().st_size
        t = time.perf_counter()
        doc = extract(path)
        whole = time.perf_counter() - t
        paras = docx.Document(str(path)).paragraphs
    sample = paras[: args.sample]
    t = time.perf_counter()
    old = [(p.style.name if p.style is not None else "") or "" for p in sample]
    per_old = (time.perf_counter() - t) / len(sample)
    style_of = StyleNames()
    t = time.perf_counter()
    new = [style_of(p) for p in paras]
    per_new = (time.perf_counter() - t) / len(paras)
    assert new[: len(old)] == old, "cached style names differ from python-docx's"
    n = len(paras)
    print(f"DOCX: {n} paragraphs, {size / 1024:.0f} KB, {len(doc.blocks)} blocks")
    print(f"extract(): {whole:.2f} s = {n / whole:,.0f} paragraphs/s")
    print(
        f"style look-up: uncached {1 / per_old:,.0f} paragraphs/s ({per_old * 1e3:.3f} ms each, "
        f"{per_old * n:.1f} s for the file); cached {1 / per_new:,.0f} paragraphs/s "
        f"({per_new * n:.2f} s); {per_old / per_new:.0f}x"
    )


if __name__ == "__main__":
    main()
