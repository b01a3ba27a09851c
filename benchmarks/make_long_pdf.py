"""Build a long Task Force style report (default 200 pages) for the speed benchmark.

Usage: .venv/bin/python benchmarks/make_long_pdf.py [--pages 200] [--out /tmp/dapipe-long-200.pdf]

The three source reports are laid out again and again (headings, tables, two-column
pages, footnotes, hyphenation) until the page count is reached.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_reports", REPO / "corpora" / "reports" / "make_reports.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_reports"] = module
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _renumbered(gen, element, prefix: int):
    """A copy of a source element with its footnote markers prefixed."""
    text = re.sub(r"\[\^(\d+)\]", lambda m: f"[^{prefix}{m.group(1)}]", element.text)
    children = [_renumbered(gen, c, prefix) for c in element.children]
    return gen.Element(element.kind, text, element.rows, children)


def build(pages: int, out: Path) -> int:
    """Write a report of about `pages` pages; returns the real page count."""
    gen = load_generator()
    sources = [gen.parse_source(p) for p in sorted((REPO / "corpora/reports/src").glob("*.report"))]
    base = sources[0]
    per_round = sum(gen._layout(s, 0).page_no() - 1 for s in sources)
    rounds = max(1, -(-(pages - 1) // per_round))
    elements = []
    footnotes = {}
    for _ in range(rounds):
        for k, s in enumerate(sources):
            # footnote numbers are per source; prefix them so the merged report keeps
            # each source's own note text ("[^1]" of source 2 becomes "[^21]")
            elements.append(gen.Element("newpage"))
            elements.extend(_renumbered(gen, el, k + 1) for el in s.elements)
            footnotes.update({f"{k + 1}{n}": text for n, text in s.footnotes.items()})
    report = gen.Report(
        stem=out.stem,
        fields=dict(base.fields, title=f"{base.fields['title']} (samlet udgave)"),
        elements=elements,
        footnotes=footnotes,
    )
    return gen.render(report, out)["pages"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(f"/tmp/dapipe-long-{args.pages}.pdf")
    n = build(args.pages, out)
    print(f"wrote {out} with {n} pages ({out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
