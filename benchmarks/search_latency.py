"""Search latency as a user feels it: a whole `dapipe quotes` process against the query alone.

For each query it prints the median wall time of a fresh `python -m pipeline
quotes ...` process (table and JSON output), the median time of the same
search inside one process (`quote_search` on an open connection: the SQL and
the Python around it), and the median of `python -c "import sqlite3"`, the
floor any Python command pays — all measured in the same run, as ratios, since
the machine is shared. Targets (issue 14): a whole `quotes --person` process
median <= 0.25 s and <= 3x the `import sqlite3` floor.

    .venv/bin/python benchmarks/search_latency.py                  # corpora/ into a temp db
    .venv/bin/python benchmarks/search_latency.py --db dapipe.sqlite \
        --db /tmp/dapipe-bench-100000.sqlite   # built by benchmarks/store_search.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.store import connect_reader, quote_search

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.25
TARGET_RATIO = 3.0


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(cache)}


def _medians(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[float]:
    """Median wall time of each command, the commands run in turn (one warm-up round)."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for argv, kept in zip(commands, times, strict=True):
            t = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            if round_:
                kept.append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def _median_call(db: Path, person: str | None, text: str | None, runs: int) -> float:
    times = []
    with connect_reader(db) as conn:
        for _ in range(runs):
            t = time.perf_counter()
            quote_search(conn, person=person, text=text, limit=100)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def _queries(db: Path) -> list[tuple[str, str | None, str | None]]:
    """(label, person, text): the most quoted person by full name and surname, a shared
    surname, a role phrase with its place, a typo, and a word search."""
    with connect_reader(db) as conn:
        name = conn.execute(
            "SELECT name FROM persons WHERE kind = 'person' ORDER BY quotes DESC, name LIMIT 1"
        ).fetchone()[0]
        shared = (
            conn.execute(
                "SELECT max(name), substr(key, instr(key, ' ') + 1) AS surname FROM persons "
                "WHERE kind = 'person' AND instr(key, ' ') > 0 "
                "GROUP BY surname ORDER BY COUNT(*) DESC, surname LIMIT 1"
            )
            .fetchone()[0]
            .split()[-1]
        )
        role = conn.execute(
            "SELECT r.role, r.municipality FROM roles r JOIN persons p ON p.id = r.person_id "
            "WHERE r.municipality IS NOT NULL AND r.role NOT LIKE '% %' "
            "GROUP BY r.role, r.municipality ORDER BY COUNT(*) DESC, r.role LIMIT 1"
        ).fetchone()
        word = conn.execute(
            "SELECT term FROM quotes_vocab WHERE length(term) > 6 ORDER BY doc DESC LIMIT 1"
        ).fetchone()[0]
    surname = name.split()[-1]
    typo = surname[:-1] + ("e" if surname[-1] != "e" else "a")
    queries: list[tuple[str, str | None, str | None]] = [
        ("full name", name, None),
        ("surname", surname, None),
        ("shared surname", shared, None),
        ("typo (suggestion)", typo, None),
        ("word search", None, word),
    ]
    if role:
        queries.insert(3, ("role phrase", f"{role[0]}en i {role[1]}", None))
    return queries


def _corpus_db(folder: Path) -> Path:
    import pipeline

    db = folder / "corpus.sqlite"
    t = time.perf_counter()
    report = pipeline.process([ROOT / "corpora"], db=db)
    print(
        f"processed corpora/ into {db}: {len(report.processed)} files, "
        f"{time.perf_counter() - t:.1f} s"
    )
    return db


def run(db: Path, runs: int, env: dict[str, str]) -> bool:
    print(f"\n{db} ({db.stat().st_size / 1e6:,.1f} MB)")
    print(
        f"{'query':<18} {'argument':<26} {'floor':>7} {'table':>8} {'json':>8} "
        f"{'table/floor':>11} {'query alone':>11}"
    )
    ok = True
    floor = [sys.executable, "-c", "import sqlite3"]
    base = [sys.executable, "-m", "pipeline", "quotes", "--db", str(db)]
    for label, person, text in _queries(db):
        args = ["--person", person] if person else ["--text", text or ""]
        low, table, as_json = _medians(
            [floor, [*base, *args], [*base, *args, "--format", "json"]], runs, env
        )
        alone = _median_call(db, person, text, runs)
        ratio = table / low
        if person:
            ok &= table <= TARGET_SECONDS and ratio <= TARGET_RATIO
        shown = (person or text or "")[:26]
        print(
            f"{label:<18} {shown:<26} {low * 1000:>4.0f} ms {table * 1000:>5.0f} ms "
            f"{as_json * 1000:>5.0f} ms {ratio:>10.1f}x {alone * 1000:>8.1f} ms"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", help="database(s) to search")
    parser.add_argument("--runs", type=int, default=11, help="processes per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dbs = args.db or [_corpus_db(Path(tmp))]
        env = _env(Path(tmp) / "pycache")
        ok = all([run(db, args.runs, env) for db in dbs])
    print(
        f"\ntarget: quotes --person process median <= {TARGET_SECONDS * 1000:.0f} ms and "
        f"<= {TARGET_RATIO:.0f}x the floor: {'met' if ok else 'NOT met'}"
    )
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores (machine is shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
