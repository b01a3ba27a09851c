"""Exports read back with the standard readers: same columns, rows and Danish text."""

import csv
import json

import pytest

from pipeline.store import Store, connect_reader
from pipeline.store.export import EXPORTS, export_columns, export_table

QUOTE_COLUMNS = [
    "quote_id",
    "document_id",
    "document",
    "title",
    "date",
    "person_id",
    "speaker",
    "quote",
    "kind",
    "cue",
    "mention",
    "mention_type",
    "page",
    "start",
    "end",
    "outlet",
    "url",
    "confidence",
]


@pytest.fixture
def db(tmp_path, analysis_factory):
    path = tmp_path / "e.sqlite"
    with Store(path) as store:
        store.save(analysis_factory())
        store.save(
            analysis_factory(
                path="/data/køge.txt",
                sha="b" * 64,
                municipality="Køge",
                quotes=[("Børnene skal høres før afgørelsen", "Anette Mortensen")],
            )
        )
        store.record_failure("/data/broken.pdf", "c" * 64, "truncated or corrupt PDF")
    return path


def test_column_names_are_stable(db):
    with connect_reader(db) as conn:
        assert export_columns(conn, "quotes") == QUOTE_COLUMNS
        assert export_columns(conn, "findings")[:3] == ["finding_id", "document_id", "document"]
        assert "themes" in export_columns(conn, "findings")
        assert export_columns(conn, "persons")[-2:] == ["quotes", "documents"]


def test_csv_reads_back(db, tmp_path):
    out = tmp_path / "out" / "quotes.csv"
    with connect_reader(db) as conn:
        assert export_table(conn, "quotes", "csv", out) == 3
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == QUOTE_COLUMNS
    assert rows[2]["quote"] == "Børnene skal høres før afgørelsen"
    assert rows[2]["document"] == "/data/køge.txt"
    assert rows[0]["mention"] == ""  # None becomes an empty cell


def test_jsonl_reads_back_with_nulls_and_numbers(db, tmp_path):
    out = tmp_path / "documents.jsonl"
    with connect_reader(db) as conn:
        assert export_table(conn, "documents", "jsonl", out) == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    failed = next(r for r in rows if r["status"] == "failed")
    assert failed["error"] == "truncated or corrupt PDF"
    assert failed["page_count"] is None
    assert {r["municipality"] for r in rows} == {"Stevns", "Køge", None}
    assert all(isinstance(r["document_id"], int) for r in rows)


def test_parquet_reads_back_with_types(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    with connect_reader(db) as conn:
        for table in EXPORTS:
            out = tmp_path / f"{table}.parquet"
            n = export_table(conn, table, "parquet", out)
            data = pq.read_table(out)
            assert data.num_rows == n
            assert data.column_names == export_columns(conn, table)
        quotes = pq.read_table(tmp_path / "quotes.parquet").to_pylist()
    assert quotes[2]["quote"] == "Børnene skal høres før afgørelsen"
    assert isinstance(quotes[0]["start"], int)
    findings = pq.read_table(tmp_path / "findings.parquet").to_pylist()
    assert [f["themes"] for f in findings] == ["leadership", "leadership"]


def test_parquet_of_an_empty_table_keeps_its_schema(tmp_path, analysis_factory):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.sqlite"
    Store(path).close()
    out = tmp_path / "q.parquet"
    with connect_reader(path) as conn:
        assert export_table(conn, "quotes", "parquet", out) == 0
    data = pq.read_table(out)
    assert data.num_rows == 0
    assert data.schema.field("quote_id").type == pa.int64()


def test_unknown_format_or_table_is_a_clear_error(db, tmp_path):
    with connect_reader(db) as conn:
        with pytest.raises(ValueError, match="unknown export format"):
            export_table(conn, "quotes", "xlsx", tmp_path / "x.xlsx")
        with pytest.raises(ValueError, match="unknown table"):
            export_table(conn, "secrets", "csv", tmp_path / "x.csv")


def _exported_rows(tmp_path, analysis, table: str) -> list[dict]:
    """`analysis` stored in a new database, then `table` exported as JSON lines and read."""
    path = tmp_path / f"{table}.sqlite"
    with Store(path) as store:
        store.save(analysis)
    out = tmp_path / f"{table}.jsonl"
    with connect_reader(path) as conn:
        export_table(conn, table, "jsonl", out)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_quotes_confidence_is_stored_and_exported(tmp_path, analysis_factory):
    analysis = analysis_factory()
    analysis.quotes[0].confidence = 0.75
    rows = _exported_rows(tmp_path, analysis, "quotes")
    assert [row["confidence"] for row in rows] == [0.75] + [None] * (len(rows) - 1)


def test_entities_of_both_layers_are_stored_and_exported(tmp_path, analysis_factory):
    from pipeline.core import Entity

    analysis = analysis_factory()
    analysis.entities = [
        Entity("Stevns", "KOMMUNE", 0, 6, "domain"),
        Entity("Socialministeriet", "BODY", 10, 27, "domain"),
        Entity("Lise Holm", "PER", 30, 39),
    ]
    rows = _exported_rows(tmp_path, analysis, "entities")
    assert {(r["label"], r["layer"]) for r in rows} == {
        ("KOMMUNE", "domain"),
        ("BODY", "domain"),
        ("PER", "ner"),
    }
