"""Crash safety on demand: SIGKILL `dapipe process` at random moments, then resume; and
two writers racing on a new database.

Each kill trial starts `process` (alternately 1 and 2 workers) on a fresh database, kills
it at a random moment of a clean run's duration, and checks: the database passes
`PRAGMA integrity_check`; every stored document is whole (its sentence, quote, finding
and entity counts equal the clean run's); no worker outlives the run; the resumed run,
under another PYTHONHASHSEED, ends equal to the clean run (`pipeline.store.snapshot`).
Each race starts two `process` runs on the same new database at once: both must end
cleanly and the database must hold what the clean run's holds (ids aside: the two
stored in the order they won the lock).

    python benchmarks/kill_trials.py [--trials 50] [--races 10] [--files 24] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.paths import CORPORA_DIR
from pipeline.store.snapshot import differences

COUNTED = ("sentences", "quotes", "findings", "entities")


def command(folder: Path, db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "pipeline", "process", str(folder), "--db", str(db),
            "--workers", str(workers)]  # fmt: skip


def run(folder: Path, db: Path, workers: int, seed: int) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    return subprocess.run(command(folder, db, workers), env=env, capture_output=True)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (workers, and a Dask nanny's children)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def per_document(db: Path) -> dict[str, tuple[int, ...]]:
    conn = sqlite3.connect(db)
    try:
        counts = {}
        for doc_id, path in conn.execute("SELECT id, path FROM documents WHERE status = 'ok'"):
            counts[path] = tuple(
                conn.execute(
                    f"SELECT count(*) FROM {t} WHERE document_id = ?", (doc_id,)
                ).fetchone()[0]
                for t in COUNTED
            )
        return counts
    finally:
        conn.close()


def integrity(db: Path) -> bool:
    if not db.exists():
        return True
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def kill_trial(folder: Path, db: Path, workers: int, after: float, seed: int) -> dict[str, object]:
    started = subprocess.Popen(command(folder, db, workers), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    seen: set[int] = set()
    deadline = time.monotonic() + after
    while time.monotonic() < deadline and started.poll() is None:
        seen |= descendants(started.pid)
        time.sleep(0.02)
    finished_first = started.poll() is not None
    seen |= descendants(started.pid)
    started.send_signal(signal.SIGKILL)
    started.wait()
    until = time.monotonic() + 20
    while time.monotonic() < until and any(Path(f"/proc/{p}").exists() for p in seen):
        time.sleep(0.1)
    orphans = [p for p in seen if Path(f"/proc/{p}").exists()]
    for p in orphans:
        os.kill(p, signal.SIGKILL)
    ok = integrity(db)
    stored = per_document(db) if db.exists() and ok else {}
    resumed = run(folder, db, workers, seed)
    return {"integrity": ok, "stored": stored, "orphans": len(orphans),
            "finished_first": finished_first, "resumed_rc": resumed.returncode}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--races", type=int, default=10)
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "filer"
        folder.mkdir()
        for path in sorted((CORPORA_DIR / "news").glob("*.txt"))[: args.files]:
            shutil.copy(path, folder / path.name)
        clean = Path(tmp) / "clean.sqlite"
        began = time.monotonic()
        assert run(folder, clean, 1, 0).returncode == 0, "the clean run failed"
        duration = time.monotonic() - began
        whole = per_document(clean)
        tally = {"corrupt": 0, "partial": 0, "orphans": 0, "equal": 0, "killed mid-run": 0}
        for trial in range(args.trials):
            db = Path(tmp) / f"kill{trial}.sqlite"
            workers = 1 + trial % 2
            outcome = kill_trial(folder, db, workers, rng.uniform(0.2, duration), trial + 1)
            tally["corrupt"] += not outcome["integrity"]
            stored = outcome["stored"]
            assert isinstance(stored, dict)
            tally["partial"] += sum(whole.get(p) != counts for p, counts in stored.items())
            tally["orphans"] += int(outcome["orphans"])  # type: ignore[call-overload]
            tally["killed mid-run"] += not outcome["finished_first"]
            unequal = differences(db, clean)
            tally["equal"] += outcome["resumed_rc"] == 0 and not unequal
            if outcome["resumed_rc"] or unequal:
                print(f"trial {trial} ({workers} workers, {len(stored)} stored when killed): "
                      f"exit {outcome['resumed_rc']}; {unequal}", file=sys.stderr)  # fmt: skip
            for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                leftover.unlink(missing_ok=True)
        races = {"clean": 0}
        for race in range(args.races):
            db = Path(tmp) / f"race{race}.sqlite"
            env = {**os.environ, "PYTHONHASHSEED": str(race)}
            both = [subprocess.Popen(command(folder, db, 1), env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE) for _ in range(2)]  # fmt: skip
            codes = [p.wait() for p in both]
            unequal = differences(db, clean, ids=False)  # stored in whichever order they won
            if codes == [0, 0] and integrity(db) and not unequal:
                races["clean"] += 1
            else:
                errors = [p.stderr.read().decode()[-200:] for p in both if p.stderr]
                print(f"race {race}: exit codes {codes}; {unequal}; {errors}", file=sys.stderr)
    print(f"clean run: {args.files} files in {duration:.1f} s\n")
    print("| check | result |\n|---|---|")
    print(f"| SIGKILL trials (1 and 2 workers alternately) | {args.trials} |")
    print(f"| killed before the run ended | {tally['killed mid-run']} |")
    print(f"| corrupt databases | {tally['corrupt']} |")
    print(f"| half-stored documents | {tally['partial']} |")
    print(f"| orphaned workers | {tally['orphans']} |")
    print(f"| resumed run equal to the clean run | {tally['equal']}/{args.trials} |")
    print(f"| two writers on a new database, clean | {races['clean']}/{args.races} |")
    bad = tally["corrupt"] + tally["partial"] + tally["orphans"]
    return 0 if not bad and tally["equal"] == args.trials and races["clean"] == args.races else 1


if __name__ == "__main__":
    raise SystemExit(main())
