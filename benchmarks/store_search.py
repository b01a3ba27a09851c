"""Store benchmark: ingest rate, size, and search latency on a synthetic database.

Builds (once, unless --rebuild) a database of N quotes over N/5 documents and
N/20 persons through the real `Store.save`, then times person search,
full-text search and theme summaries over many varied queries and prints
p50/p95 per query class. Targets (issue 8): p95 <= 20 ms at 100,000 quotes and
<= 100 ms at 1,000,000.

    .venv/bin/python benchmarks/store_search.py                    # 100k quotes
    .venv/bin/python benchmarks/store_search.py --quotes 1000000   # 1M (slow build)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.store_synth import MUNICIPALITIES, SURNAMES, generate
from pipeline.store import (
    Store,
    connect_reader,
    list_persons,
    search_quotes,
    search_sentences,
    theme_summary,
)


def build(db: Path, n_quotes: int, seed: int, batch: int) -> None:
    """Fill `db` through Store.save; prints the store-stage ingest rate and the size."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    gen = generate(n_quotes, seed)
    store_seconds, store_cpu, docs, quotes = 0.0, 0.0, 0, 0
    started = time.perf_counter()
    with Store(db) as store:
        pending = []
        for analysis in gen:
            pending.append(analysis)
            if len(pending) >= batch:
                t, c = time.perf_counter(), time.thread_time()
                store.save_many(pending) if batch > 1 else store.save(pending[0])
                store_seconds += time.perf_counter() - t
                store_cpu += time.thread_time() - c
                docs += len(pending)
                quotes += sum(len(a.quotes) for a in pending)
                pending = []
                if docs % 20_000 < batch:
                    print(
                        f"  {docs:,} documents, {docs / store_seconds:,.0f} docs/s (store only)",
                        flush=True,
                    )
        if pending:
            t, c = time.perf_counter(), time.thread_time()
            store.save_many(pending)
            store_seconds += time.perf_counter() - t
            store_cpu += time.thread_time() - c
            docs += len(pending)
            quotes += sum(len(a.quotes) for a in pending)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = time.perf_counter() - started
    size = db.stat().st_size
    print(f"built {db}: {docs:,} documents, {quotes:,} quotes, {len(gen.persons):,} persons")
    print(
        f"ingest (store stage alone, batch={batch}): {docs / store_seconds:,.0f} documents/s "
        f"({store_seconds:,.1f} s; with generation {total:,.1f} s); "
        f"CPU time of the store stage: {store_cpu:,.1f} s = {docs / store_cpu:,.0f} documents/s"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (machine is shared)")
    print(
        f"database size: {size / 1e6:,.1f} MB = {size / 1e6 / docs * 1000:,.2f} MB per 1,000 docs"
    )


def _loose(name: str) -> str:
    return name.replace("ø", "o").replace("å", "a").replace("æ", "ae").replace("Ø", "O")


def _digraph(name: str) -> str:
    table = {"ø": "oe", "å": "aa", "æ": "ae", "Ø": "Oe", "Å": "Aa", "Æ": "Ae"}
    return "".join(table.get(c, c) for c in name)


def query_sets(n_quotes: int, seed: int, rng: random.Random) -> dict[str, list[Callable]]:
    """Varied queries per class, each a callable on a connection."""
    gen = generate(n_quotes, seed)  # same persons and vocabulary as the build
    persons = gen.persons
    sample = rng.sample(persons, 60)
    danish = [p for p in persons if set(p.name) & set("æøåÆØÅ")]
    words = gen.words
    content_start = next(i for i, w in enumerate(words) if w == "kommune")
    common = [w for w in words[content_start : content_start + 60] if len(w) > 3][:30]
    rare = rng.sample(words[-300:], 30)
    phrases = []
    for _ in range(30):
        i = rng.randrange(content_start, content_start + 200)
        phrases.append(f'"{words[i - 1]} {words[i]}"' if rng.random() < 0.5 else f'"og {words[i]}"')
    prefixes = ["sag*", "børn*", "kommun*", "s*", "familie*", "ud*", "an*", "b*", "tilsyn*", "k*"]

    def person(q: str) -> Callable:
        def run(conn):
            return len(search_quotes(conn, person=q, limit=100))

        run.__name__ = q
        return run

    def text(q: str) -> Callable:
        def run(conn):
            return len(search_quotes(conn, text=q, limit=100))

        run.__name__ = q
        return run

    def sentences(q: str) -> Callable:
        def run(conn):
            return len(search_sentences(conn, q, limit=50))

        run.__name__ = q
        return run

    def both(name: str, q: str) -> Callable:
        def run(conn):
            return len(search_quotes(conn, person=name, text=q, limit=100))

        run.__name__ = f"{name} + {q}"
        return run

    def summary(by: str) -> Callable:
        def run(conn):
            return len(theme_summary(conn, by=by))

        run.__name__ = by
        return run

    def first_name_last(p) -> str:
        return f"{p.first} {p.surname}"  # without any middle initial

    return {
        "person: common surname": [person(s) for s in SURNAMES[:15]],
        "person: full name": [person(first_name_last(p)) for p in sample[:30]]
        + [person(p.name) for p in sample[30:]],
        "person: role phrase": [person(f"borgmesteren i {m}") for m in MUNICIPALITIES]
        + [person(f"{p.role} {p.surname}") for p in sample[:20]],
        "person: no Danish letters": [person(_loose(first_name_last(p))) for p in danish[:20]]
        + [person(_digraph(first_name_last(p))) for p in danish[20:40]],
        "person + word": [both(first_name_last(p), rng.choice(common)) for p in sample[:30]],
        "text: common word": [text(w) for w in common],
        "text: rare word": [text(w) for w in rare],
        "text: phrase": [text(p) for p in phrases],
        "text: prefix": [text(p) for p in prefixes],
        "sentences: common word": [sentences(w) for w in common[:15]],
        "sentences: prefix": [sentences(p) for p in prefixes],
        "themes: by municipality": [summary("municipality")] * 10,
        "themes: by year": [summary("year")] * 10,
        "persons: list top 50": [lambda conn: len(list_persons(conn, limit=50))] * 10,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(db: Path, n_quotes: int, seed: int, rounds: int) -> bool:
    rng = random.Random(seed + 1)
    sets = query_sets(n_quotes, seed, rng)
    target = 20.0 if n_quotes <= 100_000 else 100.0
    ok = True
    Store(db).close()  # brings an older schema up to date before timing
    with connect_reader(db) as conn:
        for fn in (f for fs in sets.values() for f in fs):  # warm the page cache once
            fn(conn)
        print(
            f"\n{'query class':28} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
            f"{'cpu p50':>7} {'cpu p95':>7}  hits"
        )
        for name, fns in sets.items():
            times, cpu, hits = [], [], []
            for _ in range(rounds):
                for fn in fns:
                    t, c = time.perf_counter(), time.thread_time()
                    hits.append(fn(conn))
                    cpu.append((time.thread_time() - c) * 1000)
                    times.append((time.perf_counter() - t) * 1000)
            p95 = percentile(times, 0.95)
            flag = "" if p95 <= target else "  <-- over target"
            ok &= p95 <= target
            print(
                f"{name:28} {len(times):4d} {statistics.median(times):7.2f} {p95:7.2f} "
                f"{max(times):7.2f} {statistics.median(cpu):7.2f} {percentile(cpu, 0.95):7.2f}"
                f"  median {statistics.median(hits):.0f}{flag}"
            )
    load = os.getloadavg()[0]
    print(f"\ntarget p95 <= {target:.0f} ms (wall): {'met' if ok else 'NOT met'}")
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores (machine is shared)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="default: /tmp/dapipe-bench-<quotes>.sqlite")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if the db exists")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--batch", type=int, default=1, help="documents per commit (save_many)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--optimize", action="store_true", help="Store.optimize() before timing")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/dapipe-bench-{args.quotes}.sqlite")
    if args.rebuild or not db.exists():
        build(db, args.quotes, args.seed, args.batch)
    else:
        print(f"using existing {db} ({db.stat().st_size / 1e6:,.1f} MB); --rebuild to rebuild")
    if args.optimize:
        t = time.perf_counter()
        with Store(db) as store:
            store.optimize()
        print(f"Store.optimize() (FTS segments merged): {time.perf_counter() - t:,.1f} s")
    if not args.build_only:
        time_queries(db, args.quotes, args.seed, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
