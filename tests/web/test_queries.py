"""The web app's own queries on literal records stored through the real Store (no NLP)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from pipeline.core import Analysis, Block, Document, Finding
from pipeline.store import Store, connect_reader
from pipeline.web import queries as wq
from pipeline.web.render import trend_module

# (municipality, date, [(sentence, theme, polarity)]) — reports in no particular order
REPORTS = [
    ("Køge", "2021-03-01", [("Fristerne overholdes ikke i sagerne.", "timeliness", "negative")]),
    ("Køge", "2019-05-02", [("Ledelsen følger ikke op på sagerne.", "leadership", "negative")]),
    ("Køge", "2020-01-15", [("Sagerne er dokumenteret godt.", "documentation", "positive")]),
    ("Køge", "2019-05-02", [("Barnet bliver ikke inddraget.", "child_involvement", "negative")]),
    ("Ærø", "2022-06-01", [("Der er for få rådgivere.", "resources", "negative")]),
    ("Ærø", "2023-06-01", [("Der er nu rådgivere nok.", "resources", "positive")]),
    ("Odder", "2020-02-02", [("Økonomien er presset.", "economy", "negative")]),
]


def _report(n: int, municipality: str, date: str, findings: list[tuple[str, str, str]]) -> Analysis:
    blocks = [Block(f"Task Forcens analyse af {municipality} Kommune", kind="heading", page=1)]
    blocks += [Block(text, page=2) for text, _, _ in findings]
    doc = Document.from_blocks(
        f"/rapporter/{n:02d}-{municipality}.pdf",
        blocks,
        kind="report",
        title=blocks[0].text,
        date=date,
        municipality=municipality,
        page_count=2,
        sha256=f"{n:064d}",
    )
    found = [
        Finding(b.text, b.start, b.end, [theme], polarity, page=2)  # type: ignore[arg-type]
        for b, (_, theme, polarity) in zip(doc.blocks[1:], findings, strict=True)
    ]
    return Analysis(doc, [], [], [], [], found)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("webq") / "reports.sqlite"
    with Store(path) as store:
        for n, (municipality, date, findings) in enumerate(REPORTS):
            store.save(_report(n, municipality, date, findings))
    return path


def _trends(rows):
    trend = trend_module()
    records = [
        trend.FindingRecord(
            r["document"], r["municipality"], r["date"], tuple(r["themes"]), r["polarity"]
        )
        for r in rows
    ]
    return trend.theme_trends(records)


def test_first_and_last_reports_give_the_same_trends(db):
    with connect_reader(db) as conn:
        chosen = wq.first_and_last_reports(conn)
        full = _trends(wq.report_findings(conn))
        narrow = _trends(wq.report_findings(conn, documents=chosen))
        paths = {
            r[0]
            for r in conn.execute(
                "SELECT path FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(chosen),),
            )
        }
    assert narrow == full
    assert {(t.municipality, t.theme, t.verdict) for t in full} == {
        ("Køge", "timeliness", "new_criticism"),
        ("Køge", "leadership", "improved"),
        ("Ærø", "resources", "improved"),
    }
    # Køge's two 2019 reports: the first by path; its middle report is never read
    assert paths == {
        "/rapporter/01-Køge.pdf",
        "/rapporter/00-Køge.pdf",
        "/rapporter/04-Ærø.pdf",
        "/rapporter/05-Ærø.pdf",
        "/rapporter/06-Odder.pdf",
    }


def test_findings_pages_cover_every_finding_once(db):
    with connect_reader(db) as conn:
        whole, cursor = wq.findings_page(conn, wq.FindingFilters(), limit=100)
        assert cursor is None and len(whole) == len(REPORTS)
        seen, after = [], None
        for _ in itertools.count():
            rows, after = wq.findings_page(conn, wq.FindingFilters(), after=after, limit=2)
            seen += rows
            if after is None:
                break
        assert seen == whole
        assert [r["date"] for r in whole] == sorted(r["date"] for r in whole)
        negative_koege = wq.findings_page(
            conn, wq.FindingFilters(municipality="Køge", polarity="negative"), limit=100
        )[0]
        assert len(negative_koege) == 3
        assert wq.findings_page(conn, wq.FindingFilters(year="2018"), limit=100)[0] == []


def test_bad_cursors_are_value_errors(db):
    with connect_reader(db) as conn:
        for bad in ("[", "{}", "[1, 2, 3]", '"x"'):
            with pytest.raises(ValueError):
                wq.findings_page(conn, wq.FindingFilters(), after=bad)
