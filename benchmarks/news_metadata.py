"""How many real news excerpts get a date, title, outlet, author and URL from `extract`.

Reads the real excerpts in ../shared/real/news (and ../shared/examples) as a new user's
`dapipe process` would, and prints per field how many documents got it; with
`sources.jsonl` beside the texts it also says how many dates and outlets agree with the
annotated ones (month precision; the annotation's date marker was cut out of most texts,
so only dates written in the text can be found). `--manifest` writes a temporary
`manifest.csv` (url, outlet from sources.jsonl) beside copies of the texts first, to
measure what a sidecar adds. `--persons` also runs the NLP pipeline and counts the names
that stand only in bylines, menus and photo credits (`ingest.news.not_article_spans`)
yet come out as persons or speakers - reporters and photographers, not people in the story.

    .venv/bin/python benchmarks/news_metadata.py [--manifest] [--show] [--persons] [DIR ...]
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


_CREDIT_NAME = re.compile(
    r"(?:Foto|Fotos|Video)\s*©?\s*:\s*([A-ZÆØÅ][\wæøå-]+(?: [A-ZÆØÅ][\wæøå-]+)+)"
)


def _count_leaks(doc: object, nlp: object, leaks: dict[str, int], show: bool) -> None:
    """Reporters (the document's authors) and photographers (credits) that come out as
    persons or speakers, unless the article itself names them outside bylines/credits."""
    from pipeline.analysis import analyze_document
    from pipeline.ingest.news import not_article_spans

    spans = not_article_spans(doc)  # type: ignore[arg-type]
    text: str = doc.text  # type: ignore[attr-defined]
    inside = " ".join(text[a:b] for a, b in spans)
    outside = "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(text))
    names = set(doc.authors) | {m.group(1) for m in _CREDIT_NAME.finditer(inside)}  # type: ignore[attr-defined]
    names = {n.removesuffix(" Foto") for n in names if n not in outside}
    if not names:
        return
    analysis = analyze_document(doc, nlp)  # type: ignore[arg-type]
    persons = {p.name for p in analysis.persons if any(n in p.name or p.name in n for n in names)}
    speakers = {q.speaker for q in analysis.quotes if q.speaker in persons}
    leaks["names"] += len(names)
    leaks["persons"] += len(persons)
    leaks["speakers"] += len(speakers)
    if show and persons:
        print(f"  leaked persons: {sorted(persons)}")


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
    parser.add_argument("--persons", action="store_true", help="count byline names as persons")
    args = parser.parse_args()
    nlp = None
    if args.persons:
        from pipeline.analysis import build_pipeline

        nlp = build_pipeline("embedded")
    leaks = {"names": 0, "persons": 0, "speakers": 0}
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
                if nlp is not None:
                    _count_leaks(doc, nlp, leaks, args.show)
                if args.show:
                    shown = {k: v for k, v in values.items() if v is not None}
                    print(f"{path.stem}: {json.dumps(shown, ensure_ascii=False)}")
    print(f"documents: {total}")
    for name in FIELDS:
        print(f"  with {name:<12} {counts[name]:>3} / {total}")
    for name, (good, found) in agree.items():
        print(f"  {name} agreeing with sources.jsonl: {good} / {found} found")
    if nlp is not None:
        print(
            f"byline/credit names: {leaks['names']}, stored as persons: {leaks['persons']}, "
            f"as speakers: {leaks['speakers']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
