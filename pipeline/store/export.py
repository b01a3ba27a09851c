"""Exports with stable column names (documented in the README) for pandas and R."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

EXPORTS = {
    "documents": (
        "SELECT id AS document_id, path, sha256, status, error, kind, title, date, municipality, "
        "page_count FROM documents ORDER BY id"
    ),
    "quotes": (
        "SELECT q.id AS quote_id, q.document_id, d.path AS document, d.title, q.date, "
        "q.person_id, q.speaker, q.text AS quote, q.kind, q.cue, q.mention, q.mention_type, "
        "q.page, q.start, q.end FROM quotes q JOIN documents d ON d.id = q.document_id "
        "ORDER BY q.id"
    ),
    "findings": (
        "SELECT f.id AS finding_id, f.document_id, d.path AS document, d.municipality, d.date, "
        "f.text, (SELECT group_concat(theme, ';') FROM finding_themes t "
        "WHERE t.finding_id = f.id) AS themes, f.polarity, f.page, f.section, f.start, f.end "
        "FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY f.id"
    ),
    "entities": (
        "SELECT e.id AS entity_id, e.document_id, d.path AS document, e.text, e.label, "
        "e.start, e.end FROM entities e JOIN documents d ON d.id = e.document_id ORDER BY e.id"
    ),
    "persons": (
        "SELECT p.id AS person_id, p.name, p.kind, p.party, p.municipality, "
        "(SELECT group_concat(alias, ';') FROM aliases a WHERE a.person_id = p.id) AS aliases, "
        "(SELECT COUNT(*) FROM quotes q WHERE q.person_id = p.id) AS quotes "
        "FROM persons p ORDER BY p.id"
    ),
}


def export_table(conn: sqlite3.Connection, table: str, fmt: str, out: Path) -> int:
    """Write one table to `out` as csv, jsonl or parquet; returns the row count."""
    cursor = conn.execute(EXPORTS[table])
    columns = [c[0] for c in cursor.description]
    rows = cursor.fetchall()
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            writer.writerows(rows)
    elif fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
                fh.write("\n")
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as err:
            raise ValueError("parquet export needs pyarrow: pip install 'dapipe[parquet]'") from err
        data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
        pq.write_table(pa.table(data), out)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return len(rows)
