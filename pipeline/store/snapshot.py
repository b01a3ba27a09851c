"""A database's contents as plain rows, to tell whether two runs stored the same thing.

Two runs over the same files must give equal databases however they were run (one
worker or several, a Dask cluster, killed and resumed). Equal here means every table's
rows, ids included, but not when a document was stored (`processed_at`) and not the
full-text indexes' internal tables (their segments depend on how commits fell).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

VOLATILE_COLUMNS = frozenset({"processed_at"})


def _kept(column: str, ids: bool) -> bool:
    if column in VOLATILE_COLUMNS:
        return False
    return ids or not (column == "id" or column.endswith("_id"))


def contents(db: str | Path, ids: bool = True) -> dict[str, list[tuple[object, ...]]]:
    """Table name -> its rows (sorted), without the volatile columns.

    `ids=False` leaves out row ids and the references made of them, for runs whose
    writers stored documents in different orders (two writers racing)."""
    conn = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name"
            )
        ]
        found: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            kept = ", ".join(f'"{c}"' for c in columns if _kept(c, ids)) or "count(*)"
            rows = conn.execute(f'SELECT {kept} FROM "{table}"').fetchall()
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        conn.close()


def differences(a: str | Path, b: str | Path, ids: bool = True) -> list[str]:
    """Where two databases differ, one line a table (empty when they are equal)."""
    left, right = contents(a, ids), contents(b, ids)
    lines = []
    for table in sorted(set(left) | set(right)):
        x, y = left.get(table, []), right.get(table, [])
        if x != y:
            only_x, only_y = len(set(x) - set(y)), len(set(y) - set(x))
            lines.append(f"{table}: {len(x)} vs {len(y)} rows ({only_x} and {only_y} unmatched)")
    return lines
