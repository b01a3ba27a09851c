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


# v2: what the queries need to stay fast on large stores (see benchmarks/store_search.py).
# - person_terms by person, so that deleting a person does not scan every term;
# - persons.quotes / persons.documents counts kept by triggers (list_persons sorts on them);
# - theme_counts: findings counted by municipality, year, theme and polarity, kept by
#   triggers, so that a theme summary reads a few thousand rows, not every finding.
SCHEMA_V2 = """
CREATE INDEX person_terms_person ON person_terms(person_id);

-- a person's quotes (and all quotes) newest first, without reading the table rows
DROP INDEX quotes_person_date;
DROP INDEX quotes_date;
CREATE INDEX quotes_person_date ON quotes(person_id, date DESC, document_id, start);
CREATE INDEX quotes_date ON quotes(date DESC, document_id, start);

ALTER TABLE persons ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;
UPDATE persons SET
    quotes = (SELECT COUNT(*) FROM quotes q WHERE q.person_id = persons.id),
    documents = (SELECT COUNT(*) FROM person_documents pd WHERE pd.person_id = persons.id);
CREATE INDEX persons_by_quotes ON persons(quotes DESC, name);

CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes WHEN new.person_id IS NOT NULL BEGIN
    UPDATE persons SET quotes = quotes + 1 WHERE id = new.person_id;
END;
CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes WHEN old.person_id IS NOT NULL BEGIN
    UPDATE persons SET quotes = quotes - 1 WHERE id = old.person_id;
END;
CREATE TRIGGER quotes_count_update AFTER UPDATE OF person_id ON quotes
WHEN old.person_id IS NOT new.person_id BEGIN
    UPDATE persons SET quotes = quotes - 1 WHERE id = old.person_id;
    UPDATE persons SET quotes = quotes + 1 WHERE id = new.person_id;
END;
CREATE TRIGGER person_documents_count_insert AFTER INSERT ON person_documents BEGIN
    UPDATE persons SET documents = documents + 1 WHERE id = new.person_id;
END;
CREATE TRIGGER person_documents_count_delete AFTER DELETE ON person_documents BEGIN
    UPDATE persons SET documents = documents - 1 WHERE id = old.person_id;
END;

CREATE TABLE theme_counts (
    municipality TEXT NOT NULL,  -- '' when unknown
    year TEXT NOT NULL,          -- '' when unknown
    theme TEXT NOT NULL,
    negative INTEGER NOT NULL,
    positive INTEGER NOT NULL,
    neutral INTEGER NOT NULL,
    PRIMARY KEY (municipality, year, theme)
) WITHOUT ROWID;
INSERT INTO theme_counts
SELECT coalesce(d.municipality, ''), coalesce(substr(d.date, 1, 4), ''), ft.theme,
       SUM(f.polarity = 'negative'), SUM(f.polarity = 'positive'),
       SUM(f.polarity IS NULL OR f.polarity = 'neutral')
FROM finding_themes ft JOIN findings f ON f.id = ft.finding_id
JOIN documents d ON d.id = f.document_id
GROUP BY 1, 2, 3;

CREATE TRIGGER finding_themes_count AFTER INSERT ON finding_themes BEGIN
    INSERT INTO theme_counts (municipality, year, theme, negative, positive, neutral)
    SELECT coalesce(d.municipality, ''), coalesce(substr(d.date, 1, 4), ''), new.theme,
           f.polarity = 'negative', f.polarity = 'positive',
           f.polarity IS NULL OR f.polarity = 'neutral'
    FROM findings f JOIN documents d ON d.id = f.document_id WHERE f.id = new.finding_id
    ON CONFLICT (municipality, year, theme) DO UPDATE SET
        negative = theme_counts.negative + excluded.negative,
        positive = theme_counts.positive + excluded.positive,
        neutral = theme_counts.neutral + excluded.neutral;
END;
-- Before a document goes (and its findings with it), take its findings out of the counts.
CREATE TRIGGER documents_uncount_themes BEFORE DELETE ON documents BEGIN
    UPDATE theme_counts SET
        negative = theme_counts.negative - gone.negative,
        positive = theme_counts.positive - gone.positive,
        neutral = theme_counts.neutral - gone.neutral
    FROM (SELECT ft.theme, SUM(f.polarity = 'negative') AS negative,
                 SUM(f.polarity = 'positive') AS positive,
                 SUM(f.polarity IS NULL OR f.polarity = 'neutral') AS neutral
          FROM findings f JOIN finding_themes ft ON ft.finding_id = f.id
          WHERE f.document_id = old.id GROUP BY ft.theme) AS gone
    WHERE theme_counts.municipality = coalesce(old.municipality, '')
      AND theme_counts.year = coalesce(substr(old.date, 1, 4), '')
      AND theme_counts.theme = gone.theme;
    DELETE FROM theme_counts
    WHERE municipality = coalesce(old.municipality, '')
      AND year = coalesce(substr(old.date, 1, 4), '')
      AND negative = 0 AND positive = 0 AND neutral = 0;
END;
"""


# v3: a person's distinct roles, kept by triggers (the roles table has one row per
# document, thousands for a much-quoted mayor; listing persons needs only the few roles).
SCHEMA_V3 = """
DROP INDEX roles_person;
CREATE INDEX roles_person ON roles(person_id, role);
CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;
INSERT INTO person_roles SELECT DISTINCT person_id, role FROM roles;
CREATE TRIGGER roles_distinct_insert AFTER INSERT ON roles BEGIN
    INSERT OR IGNORE INTO person_roles (person_id, role) VALUES (new.person_id, new.role);
END;
CREATE TRIGGER roles_distinct_delete AFTER DELETE ON roles
WHEN NOT EXISTS (SELECT 1 FROM roles WHERE person_id = old.person_id AND role = old.role) BEGIN
    DELETE FROM person_roles WHERE person_id = old.person_id AND role = old.role;
END;
"""


# v4: news citation data - outlet, URL, update date and each field's source (JSON
# {field: source}) on documents; a document's authors in byline order.
SCHEMA_V4 = """
ALTER TABLE documents ADD COLUMN outlet TEXT;
ALTER TABLE documents ADD COLUMN url TEXT;
ALTER TABLE documents ADD COLUMN updated TEXT;
ALTER TABLE documents ADD COLUMN field_sources TEXT;
CREATE INDEX documents_outlet ON documents(outlet);
CREATE TABLE document_authors (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
CREATE INDEX document_authors_name ON document_authors(name);
"""


# v5: how surely each quote's speaker is right (Quote.confidence), to filter to the sure ones.
SCHEMA_V5 = """
ALTER TABLE quotes ADD COLUMN confidence REAL;
"""

# v6: which layer an entity comes from: "ner" (doc.ents: PER/LOC/ORG/MISC as the NER's
# training data annotates them) or "domain" (KOMMUNE/BODY/PARTY/LAW/DATE by rule).
SCHEMA_V6 = """
ALTER TABLE entities ADD COLUMN layer TEXT NOT NULL DEFAULT 'ner';
UPDATE entities SET layer = 'domain' WHERE label NOT IN ('PER', 'LOC', 'ORG', 'MISC');
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


FTS_TABLES = ("quotes", "sentences", "findings")


def _v2(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V2):
        conn.execute(statement)
    # FTS tables again, now with prefix indexes ("sag*" reads one doclist, not hundreds),
    # and fts5vocab tables listing their terms (longer prefixes are expanded from them).
    for table in FTS_TABLES:
        conn.execute(f"DROP TRIGGER {table}_fts_delete")
        conn.execute(
            f"CREATE VIRTUAL TABLE {table}_fts_v2 USING fts5(terms, "
            "tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5 6')"
        )
        conn.execute(
            f"INSERT INTO {table}_fts_v2 (rowid, terms) SELECT rowid, terms FROM {table}_fts"
        )
        conn.execute(f"DROP TABLE {table}_fts")
        conn.execute(f"ALTER TABLE {table}_fts_v2 RENAME TO {table}_fts")
        conn.execute(
            f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM {table}_fts WHERE rowid = old.id; END"
        )
        conn.execute(f"CREATE VIRTUAL TABLE {table}_vocab USING fts5vocab({table}_fts, 'row')")


def _v3(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V3):
        conn.execute(statement)


def _v4(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V4):
        conn.execute(statement)


def _v5(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V5):
        conn.execute(statement)


def _v6(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V6):
        conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a database up to `SCHEMA_VERSION`; returns the version it started at.

    The version is read again under the write lock, and every missing migration
    runs in that one `BEGIN IMMEDIATE` transaction: of two writers starting on a
    new database one creates the schema and the other finds it made, and a
    reader sees either no schema or all of it, never a part.
    """
    version = _version(conn)
    if version == SCHEMA_VERSION:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = _version(conn)
        for step in range(start, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        if start != SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return start


def _version(conn: sqlite3.Connection) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise NewerSchema(version)
    return version


class NewerSchema(ValueError):
    """The database was written by a newer dapipe than this one."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"database schema version {version} is newer than this dapipe reads "
            f"({SCHEMA_VERSION}): upgrade dapipe"
        )
        self.version = version
