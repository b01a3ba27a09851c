"""Entity P/R/F1 of an NLP backend on our own news corpus (corpora/gold/entities.jsonl).

The gold lists, per document, the distinct PER/LOC/ORG names it mentions (no
offsets), so this scores sets of (text, label) per document: a name found anywhere
in the document with the right label counts once. A genitive form ("Holms",
"Aarhus Kommunes") counts for its base name. A second view of the model beside the
DDT figures (benchmarks/ner_cv.py): modern news and report language, public bodies.

    .venv/bin/python benchmarks/ner_news.py [--model embedded] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from pipeline.ingest import extract
from pipeline.nlp import load
from pipeline.paths import CORPORA_DIR
from pipeline.scoring import Counts

LABELS = ("PER", "LOC", "ORG")
BODY_LABELS = ("BODY", "PARTY")


def base(text: str) -> str:
    for suffix in ("'s", "'", "s"):
        if text.endswith(suffix) and len(text) > 3:
            return text[: -len(suffix)]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    gold: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for line in (CORPORA_DIR / "gold" / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            e = json.loads(line)
            if e["label"] in LABELS:
                gold[e["document"]].add((e["text"], e["label"]))
    nlp = load(args.model)
    counts = {label: Counts() for label in LABELS}
    for document in sorted(gold):
        paths = [
            p
            for p in (CORPORA_DIR / "news").glob(f"{document}.*")
            if p.suffix in (".txt", ".html", ".htm", ".md")
        ]
        if not paths:
            continue
        doc = nlp(extract(paths[0]).text)
        found = {(e.text, e.label_) for e in doc.ents if e.label_ in LABELS}
        # this gold counts public bodies and parties as ORG; doc.ents follows the DDT training
        # data (they are O there) and the domain layer has them as BODY/PARTY: both count
        found |= {(s.text, "ORG") for s in doc.spans.get("domain", ()) if s.label_ in BODY_LABELS}
        g = gold[document]
        g_names = {(t, lab) for t, lab in g}
        pred = set()
        for text, label in found:
            pred.add((text, label) if (text, label) in g_names else (base(text), label))
        for text, label in g | pred:
            c = counts[label]
            if (text, label) in g and (text, label) in pred:
                c.tp += 1
            elif (text, label) in pred:
                c.fp += 1
                if args.errors:
                    print(f"FP {label:<4} {text!r:40} {document}")
            else:
                c.fn += 1
                if args.errors:
                    print(f"FN {label:<4} {text!r:40} {document}")
    total = Counts()
    print(f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}")
    for label, c in counts.items():
        total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        print(f"{label:<8}{c.precision:>8.4f}{c.recall:>8.4f}{c.f1:>8.4f}{c.tp + c.fn:>7}")
    print(f"{'overall':<8}{total.precision:>8.4f}{total.recall:>8.4f}{total.f1:>8.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
