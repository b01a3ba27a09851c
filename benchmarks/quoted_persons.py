"""Is every quoted person found as PER with the full name? (issue 5, on news text)

Reads every quote gold set in corpora/gold (or, with --gold FILE --docs DIR, one gold set
whose documents are DIR/ID.txt, such as ../shared/real/news), takes the speakers that are
persons (a known Danish first name and at least two words), runs the NER model over the
article and counts the speakers found as a PER entity with the full name (a genitive form
counts). Usage:

    .venv/bin/python benchmarks/quoted_persons.py [--model embedded] [--gold F --docs DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.ingest import extract
from pipeline.nlp import entities, load
from pipeline.paths import CORPORA_DIR
from pipeline.quotes.lexicon import load as load_lexicon


def quoted_persons(gold: Path) -> dict[str, set[str]]:
    """Document id -> full names of the persons quoted in it."""
    first_names = load_lexicon().first_names
    found: dict[str, set[str]] = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        name = row["speaker"]
        if name and len(name.split()) >= 2 and name.split()[0] in first_names:
            found.setdefault(row["document"], set()).add(name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--gold", type=Path, help="one gold file instead of corpora/gold")
    parser.add_argument("--docs", type=Path, help="folder of --gold's documents (ID.txt)")
    args = parser.parse_args()
    nlp = load(args.model)
    total = hits = 0
    if args.gold:
        sets = [(args.gold, args.docs or args.gold.parent)]
    else:
        sets = [
            (gold, CORPORA_DIR / ("heldout" if "heldout" in gold.name else "news"))
            for gold in sorted((CORPORA_DIR / "gold").glob("quotes*.jsonl"))
        ]
    for gold, folder in sets:
        for document, names in sorted(quoted_persons(gold).items()):
            path = next(folder.glob(f"{document}.*"))
            per = {e.text for e in entities(nlp(extract(path).text)) if e.label == "PER"}
            for name in sorted(names):
                total += 1
                if per & {name, f"{name}s", f"{name}'s", f"{name}'"}:
                    hits += 1
                else:
                    print(f"  not found as PER: {name} ({gold.name}, {document})")
    print(f"quoted persons found as PER with the full name: {hits}/{total} = {hits / total:.3f}")


if __name__ == "__main__":
    main()
