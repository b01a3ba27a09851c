"""Opening the database: one writer (WAL, foreign keys on) and read-only readers."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from pipeline.store.schema import SCHEMA_VERSION, NewerSchema, migrate

BUSY_TIMEOUT = 30.0  # seconds a connection waits for another one's lock


def connect_writer(path: str | Path) -> sqlite3.Connection:
    """The one writing connection: WAL journal, foreign keys, explicit transactions."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, timeout=BUSY_TIMEOUT, cached_statements=256
    )
    conn.row_factory = sqlite3.Row
    _wal(conn)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -131072")  # 128 MB: big stores update many b-trees per save
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def connect_reader(path: str | Path) -> sqlite3.Connection:
    """A read-only connection for search and summaries; fails clearly if the file is missing."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such database (run `dapipe process` first)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        # one statement, one snapshot: a writer may commit the schema in between
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT COUNT(*) FROM sqlite_master)"
        ).fetchone()
    except sqlite3.DatabaseError as err:
        raise ValueError(f"{path}: cannot open database ({err})") from err
    if version == 0:
        conn.close()
        if tables:
            raise ValueError(f"{path}: not a dapipe database")
        raise ValueError(f"{path}: the database is empty (run `dapipe process` first)")
    if version > SCHEMA_VERSION:
        conn.close()
        raise ValueError(f"{path}: {NewerSchema(version)}")
    if version < SCHEMA_VERSION:
        # made by an older dapipe: bring it up to date once (migrations only add), then read
        conn.close()
        try:
            connect_writer(path).close()
        except sqlite3.Error as err:
            raise ValueError(
                f"{path}: the database has schema v{version}, older than this dapipe's "
                f"v{SCHEMA_VERSION}, and cannot be upgraded here ({err})"
            ) from err
        return connect_reader(path)
    return conn


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting out another connection that holds a lock meanwhile.

    Changing the journal mode does not wait on the busy timeout: two writers
    opening a new database at once would otherwise fail with "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
