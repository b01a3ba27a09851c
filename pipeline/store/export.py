"""Exports with stable column names (documented in the README) for pandas and R.

Rows are streamed in batches, so exporting a million quotes does not hold them
all in memory. Parquet needs pyarrow (the optional extra `dapipe[parquet]`);
its columns get fixed types, so an empty or all-null column still reads back
as the right type.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMATS = ("csv", "jsonl", "parquet")
BATCH = 50_000

EXPORTS = {
    "documents": (
        "SELECT id AS document_id, path, sha256, status, error, kind, title, date, municipality, "
        "page_count, outlet, (SELECT group_concat(name, ';') FROM (SELECT name FROM "
        "document_authors a WHERE a.document_id = documents.id ORDER BY seq)) AS authors, "
        "url, updated, field_sources FROM documents ORDER BY id"
    ),
    "quotes": (
        "SELECT q.id AS quote_id, q.document_id, d.path AS document, d.title, q.date, "
        "q.person_id, q.speaker, q.text AS quote, q.kind, q.cue, q.mention, q.mention_type, "
        "q.page, q.start, q.end, d.outlet, d.url, q.confidence FROM quotes q "
        "JOIN documents d ON d.id = q.document_id ORDER BY q.id"
    ),
    "findings": (
        "SELECT f.id AS finding_id, f.document_id, d.path AS document, d.municipality, d.date, "
        "f.text, (SELECT group_concat(theme, ';') FROM (SELECT theme FROM finding_themes t "
        "WHERE t.finding_id = f.id ORDER BY theme)) AS themes, f.polarity, f.page, f.section, "
        "f.start, f.end FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY f.id"
    ),
    "entities": (
        "SELECT e.id AS entity_id, e.document_id, d.path AS document, e.text, e.label, "
        "e.layer, e.start, e.end FROM entities e JOIN documents d ON d.id = e.document_id "
        "ORDER BY e.id"
    ),
    "persons": (
        "SELECT p.id AS person_id, p.name, p.kind, p.party, p.municipality, "
        "(SELECT group_concat(alias, ';') FROM (SELECT alias FROM aliases a "
        "WHERE a.person_id = p.id ORDER BY alias)) AS aliases, "
        "(SELECT group_concat(role, ';') FROM (SELECT role FROM person_roles r "
        "WHERE r.person_id = p.id ORDER BY role)) AS roles, "
        "p.quotes, p.documents FROM persons p ORDER BY p.id"
    ),
}

# Integer columns; every other column is text.
INTEGER_COLUMNS = frozenset(
    {
        "document_id",
        "quote_id",
        "finding_id",
        "entity_id",
        "person_id",
        "page",
        "page_count",
        "start",
        "end",
        "quotes",
        "documents",
    }
)


def export_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The column names of one export, in order."""
    return [c[0] for c in conn.execute(EXPORTS[table] + " LIMIT 0").description]


def _batches(cursor: sqlite3.Cursor) -> Iterator[list[Any]]:
    while rows := cursor.fetchmany(BATCH):
        yield rows


def export_table(conn: sqlite3.Connection, table: str, fmt: str, out: Path) -> int:
    """Write one table to `out` as csv, jsonl or parquet; returns the row count."""
    if table not in EXPORTS:
        raise ValueError(f"unknown table {table!r}: choose one of {', '.join(EXPORTS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    if fmt == "parquet":
        _require_pyarrow()
    cursor = conn.execute(EXPORTS[table])
    columns = [c[0] for c in cursor.description]
    out.parent.mkdir(parents=True, exist_ok=True)
    return writer(columns, _batches(cursor), out)


def _write_csv(columns: list[str], batches: Iterator[list[Any]], out: Path) -> int:
    n = 0
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for rows in batches:
            writer.writerows(rows)
            n += len(rows)
    return n


def _write_jsonl(columns: list[str], batches: Iterator[list[Any]], out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for rows in batches:
            for row in rows:
                fh.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
                fh.write("\n")
            n += len(rows)
    return n


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as err:
        raise ValueError("parquet export needs pyarrow: pip install 'dapipe[parquet]'") from err


def _write_parquet(columns: list[str], batches: Iterator[list[Any]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.int64() if c in INTEGER_COLUMNS else pa.string()) for c in columns])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for rows in batches:
            data = [[row[i] for row in rows] for i in range(len(columns))]
            writer.write_table(pa.Table.from_arrays(data, schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
