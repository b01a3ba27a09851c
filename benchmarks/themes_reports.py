"""Finding detection end to end on the report PDFs, against the held-out gold findings.

Each PDF in corpora/reports is extracted and run through the full pipeline; a
predicted finding matches a gold finding of the same document when one's
normalised text contains the other's. Gold lists every finding of a report, so
predictions without a gold match count as false positives. Theme and polarity
scores on the gold sentences come from `dapipe evaluate themes`.
Run: `.venv/bin/python benchmarks/themes_reports.py [--model embedded]`.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from pipeline.analysis import analyze_document, build_pipeline
from pipeline.ingest import extract
from pipeline.paths import CORPORA_DIR


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--reports", type=Path, default=CORPORA_DIR / "reports")
    parser.add_argument("--gold", type=Path, default=CORPORA_DIR / "gold" / "findings.jsonl")
    parser.add_argument("--show", action="store_true", help="print unmatched sentences")
    args = parser.parse_args()
    gold: dict[str, set[str]] = {}
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("themes"):
                gold.setdefault(row["document"], set()).add(_norm(row["text"]))
    nlp = build_pipeline(args.model)
    tp = fp = fn = 0
    for pdf in sorted(args.reports.glob("*.pdf")):
        expected = gold.get(pdf.stem, set())
        found = [_norm(f.text) for f in analyze_document(extract(pdf), nlp).findings]
        matched: set[str] = set()
        for text in found:
            hits = {g for g in expected if g in text or text in g}
            tp, fp = tp + bool(hits), fp + (not hits)
            matched |= hits
            if args.show and not hits:
                print(f"  false positive [{pdf.stem}]: {text}")
        fn += len(expected - matched)
        print(f"{pdf.stem}: {len(expected)} gold findings, {len(found)} predicted")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"detection: tp={tp} fp={fp} fn={fn} P={precision:.3f} R={recall:.3f} F1={f1:.3f}")


if __name__ == "__main__":
    main()
