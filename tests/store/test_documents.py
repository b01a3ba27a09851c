"""Documents in the store: citation data (outlet, authors, URL, dates) and stable ids."""

import csv
import json
import sqlite3

from pipeline.store import Store, connect_reader
from pipeline.store.export import export_table
from pipeline.store.schema import MIGRATIONS, migrate


def test_documents_carry_citation_data(tmp_path, analysis_factory):
    """Outlet, authors (byline order), URL, update date and field sources are exported."""
    analysis = analysis_factory(path="/data/vesterå.txt")
    doc = analysis.document
    doc.outlet, doc.url, doc.updated = "TV 2 Fyn", "https://www.tv2fyn.dk/a/1", "2020-07-08"
    doc.authors = ["Eva Bo", "Ib Ek"]
    doc.field_sources = {"outlet": "url", "authors": "byline", "date": "dateline"}
    path = tmp_path / "c.sqlite"
    with Store(path) as store:
        store.save(analysis)
        store.save(analysis_factory(path="/data/uden.txt", sha="d" * 64))
    out = tmp_path / "documents.csv"
    with connect_reader(path) as conn:
        export_table(conn, "documents", "csv", out)
        quotes = tmp_path / "quotes.jsonl"
        export_table(conn, "quotes", "jsonl", quotes)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {r["path"]: r for r in csv.DictReader(fh)}
    row = rows["/data/vesterå.txt"]
    assert (row["outlet"], row["authors"], row["url"]) == (
        "TV 2 Fyn",
        "Eva Bo;Ib Ek",
        "https://www.tv2fyn.dk/a/1",
    )
    assert row["updated"] == "2020-07-08"
    assert json.loads(row["field_sources"])["authors"] == "byline"
    assert rows["/data/uden.txt"]["authors"] == rows["/data/uden.txt"]["outlet"] == ""
    first = json.loads(quotes.read_text(encoding="utf-8").splitlines()[0])
    assert (first["outlet"], first["url"]) == ("TV 2 Fyn", "https://www.tv2fyn.dk/a/1")


def test_reprocessed_file_keeps_its_document_id(tmp_path, analysis_factory):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        first = store.save(analysis_factory(path="/data/a.txt"))
        other = store.save(analysis_factory(path="/data/b.txt", sha="b" * 64))
        again = store.save(analysis_factory(path="/data/a.txt", sha="e" * 64))  # edited
        store.record_failure("/data/b.txt", "f" * 64, "truncated file")  # keeps good copy
        store.record_failure("/data/c.txt", "0" * 64, "empty file (0 bytes)")
        failed = store._id_of("/data/c.txt")
        fixed = store.save(analysis_factory(path="/data/c.txt", sha="1" * 64))
        new = store.save(analysis_factory(path="/data/d.txt", sha="2" * 64))
    assert again == first and fixed == failed
    assert new not in {first, other, failed}
    with connect_reader(path) as conn:
        ids = dict(conn.execute("SELECT path, id FROM documents"))
        assert ids == {"/data/a.txt": first, "/data/b.txt": other, "/data/c.txt": failed,
                       "/data/d.txt": new}  # fmt: skip
        # the re-saved version's rows point at the same id, none left from the old one
        assert (
            conn.execute("SELECT COUNT(*) FROM quotes WHERE document_id = ?", (first,)).fetchone()[
                0
            ]
            == 2
        )


def test_migration_adds_citation_columns_to_an_older_database(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for step in MIGRATIONS[:3]:
        conn.execute("BEGIN")
        step(conn)
        conn.execute("COMMIT")
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO documents (path, sha256, status, title, processed_at) "
        "VALUES ('/data/gammel.txt', 'x', 'ok', 'Gammel artikel', '2024-01-01')"
    )
    assert migrate(conn) == 3
    row = conn.execute("SELECT title, outlet, url, updated FROM documents").fetchone()
    assert row == ("Gammel artikel", None, None, None)
    conn.execute("INSERT INTO document_authors VALUES (1, 0, 'Eva Bo')")
    conn.execute("DELETE FROM documents")
    assert conn.execute("SELECT COUNT(*) FROM document_authors").fetchone()[0] == 0
    conn.close()
