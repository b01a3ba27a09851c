"""A generated corpus for the scale benchmark: many news articles and long reports.

News: each article is a title, a publication line and 12–24 paragraphs drawn (seeded) from
the project's own sample articles in `corpora/news/*.txt`, so the text, names and quotes
are realistic Danish written by us, and persons recur across articles as in an archive.
Reports: long Task Force style PDFs laid out by `make_long_pdf.py` from `corpora/reports/src`,
in three orders of their sources; copies beyond three differ by a trailing PDF comment.

    .venv/bin/python benchmarks/scale_corpus.py --news 2000 --reports 20 --pages 100 --out DIR
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def _articles() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted((REPO / "corpora" / "news").glob("*.txt")):
        parts = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        body = [p for p in parts[1:] if not p.startswith("Publiceret") and len(p.split()) > 3]
        if parts and body:
            found.append((parts[0], body))
    return found


def write_news(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """`n` articles under `folder` (kept when already there with the same count)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{i // 500:02d}" / f"artikel-{i:05d}.txt" for i in range(n)]
    if all(p.exists() for p in paths):
        return paths
    sources = _articles()
    for i, path in enumerate(paths):
        rng = random.Random(seed * 1_000_003 + i)
        title, body = rng.choice(sources)
        paragraphs = list(body[: rng.randint(2, 4)])  # the article's own opening
        while len(paragraphs) < rng.randint(12, 24):
            paragraphs.append(rng.choice(rng.choice(sources)[1]))
        date = f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} {rng.randint(2018, 2024)}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"{title}\n\nPubliceret {date}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    return paths


def write_reports(folder: Path, n: int, pages: int) -> list[Path]:
    """`n` reports of about `pages` pages (three layouts, then copies that differ by a byte)."""
    import make_long_pdf

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"rapport-{i:03d}.pdf" for i in range(n)]
    if all(p.exists() for p in paths):
        return paths
    gen = make_long_pdf.load_generator()
    sources = [gen.parse_source(p) for p in sorted((REPO / "corpora/reports/src").glob("*.report"))]
    originals: list[Path] = []
    for i, path in enumerate(paths):
        if i < min(3, n):
            _rotated(make_long_pdf, gen, sources[i:] + sources[:i], pages, path)
            originals.append(path)
        else:
            shutil.copy(originals[i % len(originals)], path)
            with path.open("ab") as f:
                f.write(f"\n% copy {i}\n".encode())
    return paths


def _rotated(make_long_pdf, gen, sources, pages: int, out: Path) -> int:
    """make_long_pdf.build with the sources in another order."""
    real_parse, real_load = gen.parse_source, make_long_pdf.load_generator
    queue = iter(sources * 1000)
    gen.parse_source = lambda _path: next(queue)
    make_long_pdf.load_generator = lambda: gen
    try:
        return int(make_long_pdf.build(pages, out))
    finally:
        gen.parse_source, make_long_pdf.load_generator = real_parse, real_load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=int, default=2000)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("/tmp/dapipe-scale"))
    args = parser.parse_args()
    news = write_news(args.out / "news", args.news)
    reports = write_reports(args.out / "reports", args.reports, args.pages)
    print(f"{len(news)} articles and {len(reports)} reports under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
