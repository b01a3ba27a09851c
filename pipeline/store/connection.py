"""Opening the database: one writer (WAL, foreign keys on) and read-only readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.store.schema import migrate


def connect_writer(path: str | Path) -> sqlite3.Connection:
    """The one writing connection: WAL journal, foreign keys, explicit transactions."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30, cached_statements=256)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
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
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as err:
        raise ValueError(f"{path}: cannot open database ({err})") from err
    if version == 0:
        conn.close()
        raise ValueError(f"{path}: not a dapipe database")
    return conn
