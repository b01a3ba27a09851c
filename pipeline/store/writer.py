"""The one writer: a document is stored whole, in one transaction, or not at all."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.store.connection import connect_writer
from pipeline.store.fold import index_text
from pipeline.store.persons import prune_orphans, upsert_person

if TYPE_CHECKING:  # the store takes analyses but need not load the NLP stack to read them
    from pipeline.core import Analysis


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Writes analyses into SQLite; re-saving a path replaces its rows atomically."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.conn = connect_writer(self.path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def state(self, path: str) -> tuple[str, str] | None:
        """(sha256, status) of a stored path, None when never seen."""
        row = self.conn.execute(
            "SELECT sha256, status FROM documents WHERE path = ?", (path,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def is_current(self, path: str, sha256: str) -> bool:
        """True when this exact content was already processed successfully."""
        return self.state(path) == (sha256, "ok")

    def save(self, analysis: Analysis) -> int:
        """Store one analysed document, replacing any earlier version of its path."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            document_id = self._replace(analysis)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return document_id

    def save_many(self, analyses: Iterable[Analysis]) -> list[int]:
        """Bulk path: many documents per commit, each still whole or not at all.

        Every document is written inside its own SAVEPOINT; if one fails, its
        rows are rolled back, the ones before it are committed, and the error
        is raised. Much faster than `save` per document for large loads.
        """
        conn, ids = self.conn, []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for analysis in analyses:
                conn.execute("SAVEPOINT document")
                try:
                    ids.append(self._replace(analysis))
                except BaseException:
                    conn.execute("ROLLBACK TO document")
                    conn.execute("RELEASE document")
                    raise
                conn.execute("RELEASE document")
        except BaseException:
            conn.execute("COMMIT")
            raise
        conn.execute("COMMIT")
        return ids

    def _replace(self, analysis: Analysis) -> int:
        """Delete any earlier version of the document's path and write this one (no commit).

        The document keeps the id of its earlier version, so exports of different runs
        join on `document_id`.
        """
        doc = analysis.document
        conn = self.conn
        earlier = self._persons_of(doc.path)
        old_id = self._id_of(doc.path)
        conn.execute("DELETE FROM documents WHERE path = ?", (doc.path,))
        document_id = conn.execute(
            "INSERT INTO documents (id, path, sha256, status, kind, title, date, municipality, "
            "page_count, text, warnings, processed_at, outlet, url, updated, field_sources) "
            "VALUES (?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                old_id,
                doc.path,
                doc.sha256,
                doc.kind,
                doc.title,
                doc.date,
                doc.municipality,
                doc.page_count,
                doc.text,
                json.dumps(doc.warnings, ensure_ascii=False) if doc.warnings else None,
                _now(),
                doc.outlet,
                doc.url,
                doc.updated,
                json.dumps(doc.field_sources, ensure_ascii=False) if doc.field_sources else None,
            ),
        ).lastrowid
        assert document_id is not None
        conn.executemany(
            "INSERT INTO document_authors (document_id, seq, name) VALUES (?, ?, ?)",
            [(document_id, seq, name) for seq, name in enumerate(dict.fromkeys(doc.authors))],
        )
        self._save_rows(document_id, analysis)
        prune_orphans(conn, earlier)
        return document_id

    def _id_of(self, path: str) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
        return int(row[0]) if row else None

    def _persons_of(self, path: str) -> list[int]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT pd.person_id FROM documents d "
                "JOIN person_documents pd ON pd.document_id = d.id WHERE d.path = ?",
                (path,),
            )
        ]

    def _save_rows(self, document_id: int, analysis: Analysis) -> None:
        conn, doc = self.conn, analysis.document
        for seq, s in enumerate(analysis.sentences):
            sid = conn.execute(
                "INSERT INTO sentences (document_id, seq, text, start, end, page, section) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (document_id, seq, s.text, s.start, s.end, s.page, s.section),
            ).lastrowid
            conn.execute(
                "INSERT INTO sentences_fts (rowid, terms) VALUES (?, ?)", (sid, index_text(s.text))
            )
        conn.executemany(
            "INSERT INTO entities (document_id, text, label, start, end, layer)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(document_id, e.text, e.label, e.start, e.end, e.layer) for e in analysis.entities],
        )
        person_ids = {
            p.name: upsert_person(conn, p, document_id, doc.municipality, doc.date)
            for p in analysis.persons
        }
        for q in analysis.quotes:
            qid = conn.execute(
                "INSERT INTO quotes (document_id, person_id, speaker, text, start, end, kind, cue, "
                "mention, mention_type, page, date, confidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id,
                    person_ids.get(q.speaker) if q.speaker else None,
                    q.speaker,
                    q.text,
                    q.start,
                    q.end,
                    q.kind,
                    q.cue,
                    q.mention,
                    q.mention_type,
                    doc.page_at(q.start),
                    doc.date,
                    q.confidence,
                ),
            ).lastrowid
            conn.execute(
                "INSERT INTO quotes_fts (rowid, terms) VALUES (?, ?)", (qid, index_text(q.text))
            )
        for f in analysis.findings:
            fid = conn.execute(
                "INSERT INTO findings (document_id, text, start, end, page, section, polarity, "
                "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id,
                    f.text,
                    f.start,
                    f.end,
                    f.page,
                    f.section,
                    f.polarity,
                    json.dumps(f.evidence, ensure_ascii=False),
                ),
            ).lastrowid
            conn.executemany(
                "INSERT INTO finding_themes (finding_id, theme, probability) VALUES (?, ?, ?)",
                [(fid, t, f.scores.get(t)) for t in dict.fromkeys(f.themes)],
            )
            conn.execute(
                "INSERT INTO findings_fts (rowid, terms) VALUES (?, ?)", (fid, index_text(f.text))
            )

    def record_failure(self, path: str, sha256: str, reason: str) -> None:
        """Note why a file failed. An earlier good version of it is kept, not lost."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            state = self.state(path)
            if state is not None and state[1] == "ok":
                conn.execute(
                    "UPDATE documents SET error = ?, processed_at = ? WHERE path = ?",
                    (reason, _now(), path),
                )
            else:
                old_id = self._id_of(path)
                conn.execute("DELETE FROM documents WHERE path = ?", (path,))
                conn.execute(
                    "INSERT INTO documents (id, path, sha256, status, error, processed_at) "
                    "VALUES (?, ?, ?, 'failed', ?, ?)",
                    (old_id, path, sha256, reason, _now()),
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def prune(self, keep: set[str] | None = None) -> list[str]:
        """Remove documents whose file is gone (or, with `keep`, not in it); returns their paths."""
        paths = [r[0] for r in self.conn.execute("SELECT path FROM documents ORDER BY path")]
        gone = [p for p in paths if (p not in keep if keep is not None else not Path(p).exists())]
        if gone:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                persons = [i for p in gone for i in self._persons_of(p)]
                self.conn.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in gone])
                prune_orphans(self.conn, persons)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        return gone

    def optimize(self, full: bool = True) -> None:
        """Merge the full-text indexes' segments, for faster searches after a big batch.

        Each commit adds index segments, and every search reads all of them.
        `full` merges each index into one segment (about 40 s for a million
        quotes); otherwise a bounded amount of incremental merging is done,
        cheap enough to run after every small batch.
        """
        for table in ("quotes_fts", "sentences_fts", "findings_fts"):
            if full:
                self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            else:
                self.conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', 500)")
        self.conn.execute("PRAGMA optimize")


def open_store(path: str | Path) -> Store:
    try:
        return Store(path)
    except sqlite3.Error as err:  # not a database, or a folder that does not exist
        raise ValueError(f"{path}: cannot open database ({err})") from err
