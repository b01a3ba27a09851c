"""Every person quoted in the sample news corpus is found as PER with the full name.

Gold: `corpora/gold/quotes*.jsonl` (who is quoted) and `corpora/gold/entities.jsonl`
(which speakers are persons). A name that only occurs in the genitive in the text
("borgmester Lise Holms (V) kommentar") counts when found in that form.
"""

from __future__ import annotations

import json

import pytest

from pipeline.ingest import extract
from pipeline.nlp import entities
from pipeline.paths import CORPORA_DIR

GOLD = CORPORA_DIR / "gold"
NEWS = CORPORA_DIR / "news"


def _jsonl(name: str) -> list[dict]:
    path = GOLD / name
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def quoted_persons() -> dict[str, set[str]]:
    """Document id -> full names of the persons quoted in it."""
    persons = {(e["document"], e["text"]) for e in _jsonl("entities.jsonl") if e["label"] == "PER"}
    quotes = _jsonl("quotes.jsonl") + _jsonl("quotes_html.jsonl")
    found: dict[str, set[str]] = {}
    for q in quotes:
        key = (q["document"], q["speaker"])
        if key in persons and any(NEWS.glob(f"{q['document']}.*")):
            found.setdefault(q["document"], set()).add(q["speaker"])
    return found


QUOTED = quoted_persons()


@pytest.mark.skipif(not QUOTED, reason="corpora/news and corpora/gold are not there yet")
def test_corpus_has_quoted_persons():
    assert sum(len(v) for v in QUOTED.values()) >= 20


@pytest.mark.parametrize("document", sorted(QUOTED))
def test_quoted_persons_found_as_per_with_full_name(nlp, document):
    path = next(p for p in NEWS.glob(f"{document}.*") if p.suffix in (".txt", ".html", ".htm"))
    doc = nlp(extract(path).text)
    per = {e.text for e in entities(doc) if e.label == "PER"}
    missing = {
        name for name in QUOTED[document] if not per & {name, f"{name}s", f"{name}'s", f"{name}'"}
    }
    assert not missing, f"{document}: not found as PER: {sorted(missing)}"
