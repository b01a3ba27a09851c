"""How many real news excerpts get a date, title, outlet, author and URL from `extract`.

Reads the real excerpts in ../shared/real/news (and ../shared/examples) as a new user's
`dapipe process` would, and prints per field how many documents got it; with
`sources.jsonl` beside the texts it also says how many dates and outlets agree with the
annotated ones (month precision; the annotation's date marker was cut out of most texts,
so only dates written in the text can be found). `--manifest` writes a temporary
`manifest.csv` (url, outlet from sources.jsonl) beside copies of the texts first, to
measure what a sidecar adds. Bylines and credits found are counted too.

    .venv/bin/python benchmarks/news_metadata.py [--manifest] [--show] [DIR ...]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.ingest import extract
from pipeline.paths import REPO_ROOT

DEFAULT_DIRS = (
    REPO_ROOT.parent / "shared" / "real" / "news",
    REPO_ROOT.parent / "shared" / "examples",
)
FIELDS = ("date", "title", "outlet", "authors", "url", "municipality")


def _value(doc: object, name: str) -> object:
    value = getattr(doc, name, None)
    if value is None and name in {"outlet", "authors", "url"}:  # before the fields existed
        meta = getattr(doc, "metadata", {}) or {}
        value = meta.get("author") if name == "authors" else meta.get(name)
    return value or None


def _same_outlet(found: str, gold: str) -> bool:
    try:
        from pipeline.ingest.news import outlet_for
    except ImportError:  # before news.py existed
        return found == gold
    gold = re.sub(r"\s*\([^()]*\)$", "", gold)  # "KNR (knr.gl)"
    return (outlet_for(found) or found) == (outlet_for(gold) or gold)


def _copy_with_manifest(folder: Path, sources: dict[str, dict[str, str]], tmp: Path) -> Path:
    out = tmp / folder.name
    out.mkdir()
    for path in folder.glob("*.txt"):
        shutil.copy(path, out / path.name)
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "url", "outlet"])
        for name, row in sorted(sources.items()):
            writer.writerow([f"{name}.txt", row.get("url") or "", row.get("outlet") or ""])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--manifest", action="store_true", help="add a manifest.csv first")
    parser.add_argument("--show", action="store_true", help="print each document's fields")
    args = parser.parse_args()
    counts = dict.fromkeys(FIELDS, 0)
    agree = {"date": [0, 0], "outlet": [0, 0]}  # [agree, annotated and found]
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.dirs:
            sources: dict[str, dict[str, str]] = {}
            if (folder / "sources.jsonl").exists():
                for line in (folder / "sources.jsonl").read_text(encoding="utf-8").splitlines():
                    row = json.loads(line)
                    sources[row["document"]] = row
            if args.manifest and sources:
                folder = _copy_with_manifest(folder, sources, Path(tmp))
            for path in sorted(folder.glob("*.txt")):
                if path.name.lower().startswith("readme"):
                    continue
                doc = extract(path)
                total += 1
                values = {name: _value(doc, name) for name in FIELDS}
                for name, value in values.items():
                    counts[name] += value is not None
                gold = sources.get(path.stem, {})
                if gold.get("date") and values["date"]:
                    agree["date"][1] += 1
                    agree["date"][0] += str(values["date"]).startswith(gold["date"])
                if gold.get("outlet") and values["outlet"]:
                    agree["outlet"][1] += 1
                    agree["outlet"][0] += _same_outlet(str(values["outlet"]), gold["outlet"])
                if args.show:
                    shown = {k: v for k, v in values.items() if v is not None}
                    print(f"{path.stem}: {json.dumps(shown, ensure_ascii=False)}")
    print(f"documents: {total}")
    for name in FIELDS:
        print(f"  with {name:<12} {counts[name]:>3} / {total}")
    for name, (good, found) in agree.items():
        print(f"  {name} agreeing with sources.jsonl: {good} / {found} found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
