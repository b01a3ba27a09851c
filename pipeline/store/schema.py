"""The database schema as ordered migrations, applied by `migrate()`.

`PRAGMA user_version` records how many migrations a database has had; each
migration is a function, run once, in order, inside one transaction. The
connection must be in autocommit mode (`isolation_level=None`): transactions
are explicit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_V1 = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    kind TEXT,
    title TEXT,
    date TEXT,
    municipality TEXT,
    page_count INTEGER,
    text TEXT,
    warnings TEXT,
    processed_at TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_municipality ON documents(municipality);

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    page INTEGER,
    section TEXT
);
CREATE INDEX sentences_document ON sentences(document_id, start);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);
CREATE INDEX entities_document ON entities(document_id);
CREATE INDEX entities_label ON entities(label, text);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'person',
    party TEXT,
    gender TEXT,
    municipality TEXT
);
CREATE INDEX persons_key ON persons(key);

CREATE TABLE aliases (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (person_id, key)
);
CREATE INDEX aliases_key ON aliases(key);

-- Every searchable word of a person (names, roles, party, municipality), folded and stemmed.
CREATE TABLE person_terms (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    PRIMARY KEY (term, person_id)
) WITHOUT ROWID;

CREATE TABLE person_documents (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, document_id)
) WITHOUT ROWID;
CREATE INDEX person_documents_document ON person_documents(document_id);

CREATE TABLE roles (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    municipality TEXT,
    date TEXT
);
CREATE INDEX roles_person ON roles(person_id);
CREATE INDEX roles_document ON roles(document_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    speaker TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    cue TEXT,
    mention TEXT,
    mention_type TEXT,
    page INTEGER,
    date TEXT
);
CREATE INDEX quotes_person_date ON quotes(person_id, date DESC);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX quotes_date ON quotes(date DESC);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    page INTEGER,
    section TEXT,
    polarity TEXT,
    evidence TEXT
);
CREATE INDEX findings_document ON findings(document_id);

CREATE TABLE finding_themes (
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    probability REAL,
    PRIMARY KEY (finding_id, theme)
) WITHOUT ROWID;
CREATE INDEX finding_themes_theme ON finding_themes(theme);

-- Full-text indexes hold folded stems (see store/fold.py); rowid = the row's id.
CREATE VIRTUAL TABLE quotes_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE sentences_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE findings_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');

-- A document's FTS rows go when the document goes (FTS tables have no foreign keys).
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    DELETE FROM quotes_fts WHERE rowid = old.id;
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    DELETE FROM sentences_fts WHERE rowid = old.id;
END;
CREATE TRIGGER findings_fts_delete AFTER DELETE ON findings BEGIN
    DELETE FROM findings_fts WHERE rowid = old.id;
END;
"""


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers contain semicolons)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s.strip(" ;\n")]


def _v1(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V1):
        conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a database up to `SCHEMA_VERSION`; returns the version it started at."""
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    if start > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {start} is newer than this dapipe ({SCHEMA_VERSION})"
        )
    for version in range(start, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return start
