"""The committed report PDFs extract to text that the gold findings quote verbatim."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest

from pipeline.core import THEMES
from pipeline.ingest import Document, extract
from pipeline.paths import CORPORA_DIR

REPORTS = CORPORA_DIR / "reports"
GOLD = CORPORA_DIR / "gold" / "findings.jsonl"


@cache
def report(stem: str) -> Document:
    return extract(REPORTS / f"{stem}.pdf")


def gold_lines() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_every_source_has_a_committed_pdf():
    stems = {p.stem for p in (REPORTS / "src").glob("*.report")}
    assert len(stems) >= 3
    assert stems <= {p.stem for p in REPORTS.glob("*.pdf")}


@pytest.mark.parametrize("line", gold_lines(), ids=lambda g: f"{g['document']}:{g['text'][:40]}")
def test_gold_sentence_occurs_verbatim_on_its_page(line: dict):
    doc = report(line["document"])
    start = doc.text.find(line["text"])
    assert start >= 0, "gold sentence not in extracted text"
    pages = set()
    while start >= 0:
        pages.add(doc.page_at(start))
        start = doc.text.find(line["text"], start + 1)
    assert line["page"] in pages


def test_gold_labels_are_well_formed():
    lines = gold_lines()
    themes = Counter(t for g in lines for t in g["themes"])
    assert set(themes) == set(THEMES)  # every theme has examples
    assert {g["polarity"] for g in lines} == {"negative", "positive", "neutral"}
    assert all(g["themes"] for g in lines)


def test_initial_analysis_and_status_report_of_same_municipality():
    first, later = report("faxe-2018-analyse"), report("faxe-2020-status")
    assert first.municipality == later.municipality == "Faxe"
    assert first.date < later.date
    assert report("odsherred-2019-analyse").municipality == "Odsherred"
