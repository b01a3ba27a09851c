"""Our HTML rules against trafilatura on the news pages in corpora/news.

Usage: .venv/bin/python benchmarks/extract_html_compare.py [DIR]

Recall: the gold quotes of corpora/gold/quotes_html.jsonl (article text written by the
news-corpus author) found verbatim in the extracted text. Leaks: text of page furniture
(nav, header, footer, aside, forms, comment/share/cookie/"Læs også" blocks, taken from
the raw HTML) that ends up in the extracted text. Kinds: captions and bylines kept
apart from the body.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.ingest.htmlfile import rules_blocks, trafilatura_blocks  # noqa: E402
from pipeline.ingest.normalize import normalize_inline  # noqa: E402

FURNITURE = (
    "//nav | //header[not(ancestor::article)] | //footer | //aside | //form | "
    "//*[contains(@class,'comment') or contains(@class,'share') or contains(@class,'cookie') "
    "or contains(@class,'read-more') or contains(@class,'related') "
    "or contains(@class,'newsletter')]"
)


def furniture_strings(root) -> list[str]:
    out = []
    for el in root.xpath(FURNITURE):
        for piece in el.itertext():
            piece = normalize_inline(piece)
            if len(piece) >= 12:
                out.append(piece)
    return out


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "corpora" / "news"
    gold: dict[str, list[str]] = {}
    gold_path = REPO / "corpora" / "gold" / "quotes_html.jsonl"
    if gold_path.exists():
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                gold.setdefault(item["document"], []).append(normalize_inline(item["quote"]))
    totals: dict[str, Counter] = {"rules": Counter(), "trafilatura": Counter()}
    for path in sorted(folder.glob("*.htm*")):
        html = path.read_text(encoding="utf-8", errors="replace")
        root = lxml.html.document_fromstring(html)
        furniture = furniture_strings(root)
        results = {
            "rules": rules_blocks(lxml.html.document_fromstring(html))[0],
            "trafilatura": trafilatura_blocks(html)[0],
        }
        for name, blocks in results.items():
            text = "\n\n".join(b.text for b in blocks)
            quotes = gold.get(path.stem, [])
            found = sum(1 for q in quotes if q in text)
            leaks = [f for f in furniture if f in text]
            kinds = Counter(b.kind for b in blocks)
            totals[name].update(quotes=len(quotes), found=found, leaks=len(leaks),
                                captions=kinds["caption"], bylines=kinds["byline"],
                                chars=len(text))  # fmt: skip
            print(
                f"{path.name:40s} {name:11s} quotes {found}/{len(quotes)} leaks {len(leaks)} "
                f"captions {kinds['caption']} bylines {kinds['byline']} chars {len(text)}"
            )
    for name, t in totals.items():
        recall = t["found"] / max(1, t["quotes"])
        print(
            f"TOTAL {name}: gold_quotes_found={t['found']}/{t['quotes']} ({recall:.3f}) "
            f"furniture_leaks={t['leaks']} captions={t['captions']} bylines={t['bylines']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
