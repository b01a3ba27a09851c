"""The one writer: a document is stored whole, in one transaction, or not at all."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.store.connection import connect_writer
from pipeline.store.fold import index_text
from pipeline.store.persons import person_terms, prune_orphans, upsert_person

if TYPE_CHECKING:  # the store takes analyses but need not load the NLP stack to read them
    from pipeline.core import Analysis


@dataclass
class Prepared:
    """What storing a document computes without the database (index terms), so that a
    worker can compute it and the one writer, the bottleneck of a parallel run, need not."""

    sentences: list[str]
    quotes: list[str]
    findings: list[str]
    persons: list[set[str]]


def prepare(analysis: Analysis) -> Prepared:
    municipality = analysis.document.municipality
    return Prepared(
        [index_text(s.text or "") for s in analysis.sentences],  # (None: the insert says why)
        [index_text(q.text or "") for q in analysis.quotes],
        [index_text(f.text or "") for f in analysis.findings],
        [person_terms(p, municipality) for p in analysis.persons],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DiskFull(sqlite3.OperationalError):
    """The disk (or the database's size limit) is full: says which database, which file
    was being stored and that what was committed before it is kept."""


def _is_full(err: BaseException) -> bool:
    return isinstance(err, sqlite3.OperationalError) and (
        getattr(err, "sqlite_errorname", "") == "SQLITE_FULL" or "is full" in str(err)
    )


class Store:
    """Writes analyses into SQLite; re-saving a path replaces its rows atomically."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.conn = connect_writer(self.path)
        self.committed = 0  # documents stored (or failures recorded) by this writer

    @contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole (also when the
        COMMIT itself fails, as it does on a full disk)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as err:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_full(err):
                raise self._disk_full(what) from err
            raise

    def _disk_full(self, what: str) -> DiskFull:
        return DiskFull(
            f"{self.path}: disk full while storing {what}; the {self.committed} "
            "files stored before it in this run are committed and kept "
            "(free space and run the same command again to continue)"
        )

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
        with self._transaction(analysis.document.path):
            document_id = self._replace(analysis)
        self.committed += 1
        return document_id

    def save_many(
        self, analyses: Iterable[Analysis], prepared: Iterable[Prepared | None] | None = None
    ) -> list[int]:
        """Bulk path: many documents per commit, each still whole or not at all.

        Every document is written inside its own SAVEPOINT; if one fails, its
        rows are rolled back, the ones before it are committed, and the error
        is raised. Much faster than `save` per document for large loads.
        """
        conn, ids = self.conn, []
        extras = iter(prepared) if prepared is not None else None
        failure: tuple[BaseException, str] | None = None
        conn.execute("BEGIN IMMEDIATE")
        for analysis in analyses:
            conn.execute("SAVEPOINT document")
            try:
                ids.append(self._replace(analysis, next(extras) if extras else None))
            except BaseException as err:
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO document")
                    conn.execute("RELEASE document")
                else:  # SQLite rolled the whole transaction back (a full disk may)
                    ids = []
                failure = (err, analysis.document.path)
                break
            conn.execute("RELEASE document")
        try:
            if conn.in_transaction:
                conn.execute("COMMIT")
        except sqlite3.Error as err:  # nothing of this batch is kept
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_full(err):
                raise self._disk_full(f"a batch of {len(ids)} documents") from err
            raise
        self.committed += len(ids)
        if failure is not None:
            error, path = failure
            if _is_full(error):
                raise self._disk_full(path) from error
            raise error
        return ids

    def _replace(self, analysis: Analysis, prepared: Prepared | None = None) -> int:
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
        self._save_rows(document_id, analysis, prepared or prepare(analysis))
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

    def _next_id(self, table: str) -> int:
        """The id SQLite would give the next row (max + 1), so rows can go in by executemany
        and their full-text rows with them, instead of one statement each."""
        return int(self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def _save_rows(self, document_id: int, analysis: Analysis, terms: Prepared) -> None:
        conn, doc = self.conn, analysis.document
        first = self._next_id("sentences")
        conn.executemany(
            "INSERT INTO sentences (id, document_id, seq, text, start, end, page, section) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (first + seq, document_id, seq, s.text, s.start, s.end, s.page, s.section)
                for seq, s in enumerate(analysis.sentences)
            ],
        )
        conn.executemany(
            "INSERT INTO sentences_fts (rowid, terms) VALUES (?, ?)",
            [(first + seq, t) for seq, t in enumerate(terms.sentences)],
        )
        conn.executemany(
            "INSERT INTO entities (document_id, text, label, start, end, layer)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(document_id, e.text, e.label, e.start, e.end, e.layer) for e in analysis.entities],
        )
        person_ids = {
            p.name: upsert_person(conn, p, document_id, doc.municipality, doc.date, t)
            for p, t in zip(analysis.persons, terms.persons, strict=True)
        }
        first = self._next_id("quotes")
        conn.executemany(
            "INSERT INTO quotes (id, document_id, person_id, speaker, text, start, end, kind, "
            "cue, mention, mention_type, page, date, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    first + k,
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
                )
                for k, q in enumerate(analysis.quotes)
            ],
        )
        conn.executemany(
            "INSERT INTO quotes_fts (rowid, terms) VALUES (?, ?)",
            [(first + k, t) for k, t in enumerate(terms.quotes)],
        )
        first = self._next_id("findings")
        findings = analysis.findings
        conn.executemany(
            "INSERT INTO findings (id, document_id, text, start, end, page, section, polarity, "
            "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    first + k,
                    document_id,
                    f.text,
                    f.start,
                    f.end,
                    f.page,
                    f.section,
                    f.polarity,
                    json.dumps(f.evidence, ensure_ascii=False),
                )
                for k, f in enumerate(findings)
            ],
        )
        conn.executemany(
            "INSERT INTO finding_themes (finding_id, theme, probability) VALUES (?, ?, ?)",
            [
                (first + k, t, f.scores.get(t))
                for k, f in enumerate(findings)
                for t in dict.fromkeys(f.themes)
            ],
        )
        conn.executemany(
            "INSERT INTO findings_fts (rowid, terms) VALUES (?, ?)",
            [(first + k, t) for k, t in enumerate(terms.findings)],
        )

    def record_failure(self, path: str, sha256: str, reason: str) -> None:
        """Note why a file failed. An earlier good version of it is kept, not lost."""
        with self._transaction(path) as conn:
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
        self.committed += 1

    def prune(self, keep: set[str] | None = None) -> list[str]:
        """Remove documents whose file is gone (or, with `keep`, not in it); returns their paths."""
        paths = [r[0] for r in self.conn.execute("SELECT path FROM documents ORDER BY path")]
        gone = [p for p in paths if (p not in keep if keep is not None else not Path(p).exists())]
        if gone:
            with self._transaction(f"the removal of {len(gone)} documents") as conn:
                persons = [i for p in gone for i in self._persons_of(p)]
                conn.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in gone])
                prune_orphans(conn, persons)
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
