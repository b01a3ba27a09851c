"""Processing many files into the database: skip what is done, report what fails, go on.

Each file is extracted and analysed, then stored in one transaction, so a
crash or kill mid-run leaves every stored document whole; a re-run skips
files whose content hash is already stored and finishes the rest.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline.core import content_hash
from pipeline.ingest import SUPPORTED_SUFFIXES
from pipeline.ingest.errors import NAME_NOT_UTF8, undecodable_name
from pipeline.ingest.news import MANIFEST
from pipeline.store import Store, open_store
from pipeline.workers import DaskEngine, InlineEngine, Limits, LocalEngine

log = logging.getLogger(__name__)
FULL_OPTIMIZE_AFTER = 1_000  # documents; below this an incremental FTS merge is enough


# Files in a folder that are no documents: READMEs, licences, change logs, hidden files.
DEFAULT_EXCLUDES = (
    *(
        f"{name}{tail}"
        for name in ("readme", "license", "licence", "copying", "changelog", "contributing")
        for tail in ("", ".*", "-*", "_*")
    ),
    ".*",
)


@dataclass
class BatchReport:
    processed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # files in the folders walked that were not read, counted by why: "unsupported .png",
    # "sidecar" (NAME.json / manifest.csv), "README/LICENSE/hidden", "--exclude", "--include"
    ignored: dict[str, int] = field(default_factory=dict)
    peak_rss_mb: list[float] = field(default_factory=list)  # per worker process, when known
    workers_replaced: int = 0  # killed over a per-file limit, or died, and started again
    load_seconds: float = 0.0  # starting the workers, until each had its model
    analysis_seconds: float = 0.0  # from then until the last file was stored
    worker_cpu_seconds: float = 0.0  # the workers' CPU time in that span, when known
    writer_cpu_seconds: float = 0.0  # this process's (reading, hashing, storing)

    @property
    def ok(self) -> bool:
        return not self.failed


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    """A glob matches the file's name, or its path below the folder walked ("drafts/*")."""
    name = rel.rsplit("/", 1)[-1].lower()
    rel = rel.lower()
    return any(
        fnmatch.fnmatchcase(rel if "/" in p else name, p.lower())
        or fnmatch.fnmatchcase(rel, p.lower())
        for p in patterns
    )


def _why_ignored(
    path: Path, rel: str, include: Sequence[str], exclude: Sequence[str]
) -> str | None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if path.name.lower() == MANIFEST or (
            suffix == ".json" and any(path.with_suffix(s).exists() for s in SUPPORTED_SUFFIXES)
        ):
            return "sidecar"
        return f"unsupported {suffix or '(no suffix)'}"
    if exclude and _matches(rel, exclude):
        return "--exclude"
    if _matches(rel, DEFAULT_EXCLUDES) or any(part.startswith(".") for part in rel.split("/")):
        return "README/LICENSE/hidden"
    if include and not _matches(rel, include):
        return "--include"
    return None


def _walk(folder: Path, counts: dict[str, int]) -> Iterator[tuple[Path, bool]]:
    """(path, is_hidden_folder) under `folder`; hidden folders are reported, not entered.

    Links to folders are not followed (they could loop) and folders that cannot be read
    are skipped: both are counted in `counts`, never passed over without a word."""

    def unreadable(err: OSError) -> None:
        name = Path(err.filename or "?").name
        key = f"unreadable folder ({name}: {err.strerror or err})"
        counts[key] = counts.get(key, 0) + 1

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        hidden = sorted(d for d in dirs if d.startswith("."))
        linked = [d for d in dirs if not d.startswith(".") and (Path(root) / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
        for d in hidden:
            yield Path(root) / d, True
        if linked:
            counts[LINKED_FOLDER] = counts.get(LINKED_FOLDER, 0) + len(linked)
        for name in files:
            yield Path(root) / name, False


LINKED_FOLDER = "link to a folder (not followed)"


def _not_regular(path: Path) -> str:
    """Why a directory entry that is not a regular file is not read."""
    if path.is_symlink() and not path.exists():
        return "broken or looping link"
    return "pipe, socket or device"


def find_files(
    paths: Iterable[str | Path],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    ignored: dict[str, int] | None = None,
) -> list[Path]:
    """Supported files under the given files and folders (recursively), sorted, absolute.

    In folders, files matching `exclude` globs or the defaults (README*, LICENSE*,
    hidden files and folders …), and with `include` globs those matching none, are left
    out; each file not read is counted in `ignored` by why. A file named directly is
    always read. A path that does not exist raises FileNotFoundError naming it.
    """
    found: dict[Path, None] = {}
    counts = ignored if ignored is not None else {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walked: list[Path] = []
            for sub, hidden_folder in _walk(path, counts):
                rel = sub.relative_to(path).as_posix()
                reason = (
                    "README/LICENSE/hidden"
                    if hidden_folder
                    else _why_ignored(sub, rel, include, exclude)
                    if sub.is_file()
                    else _not_regular(sub)
                )
                if reason:
                    counts[reason] = counts.get(reason, 0) + 1
                else:
                    walked.append(sub)
            for sub in sorted(walked):
                found[sub.resolve()] = None
        elif path.is_file():
            found[path.resolve()] = None
        elif path.exists() or path.is_symlink():  # named directly: say what it is
            raise FileNotFoundError(f"{raw}: {_not_regular(path)}, not a file or folder")
        else:
            raise FileNotFoundError(f"{raw}: no such file or folder")
    return list(found)


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        return path.read_bytes(), None
    except OSError as err:
        return None, f"cannot read file ({err.strerror or err})"


# a file's outcome, waiting for its turn to be stored: (path, analysis, reason, outcome, prepared)
Settled = tuple[str, object | None, str | None, str, object | None]


class Progress(Protocol):
    """What a progress display is told (all optional to act on)."""

    def loading(self, model: str, where: str) -> None: ...
    def started(self, total: int) -> None: ...
    def file_done(
        self, path: str, outcome: str, reason: str | None, pages: int, words: int
    ) -> None: ...


def _engine(
    model: str, workers: int, scheduler: str | None, limits: Limits, in_process: bool, verbose: int
) -> InlineEngine | LocalEngine | DaskEngine:
    if scheduler:
        return DaskEngine(model, scheduler, workers, limits)
    if in_process:
        return InlineEngine(model, limits)
    return LocalEngine(model, workers, limits, verbose=verbose)


def process(
    paths: Iterable[str | Path],
    db: str | Path = "dapipe.sqlite",
    model: str = "embedded",
    force: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
    on_file: Callable[[str, str, str | None], None] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    limits: Limits | None = None,
    in_process: bool | None = None,
    progress: Progress | None = None,
    verbose: int = 0,
    out: str | None = None,
) -> BatchReport:
    """Process files and folders into the database at `db`.

    Analysis runs in this process (`workers` = 1, the default here), in `workers` local
    processes, or on Dask (`scheduler` = "local" starts a LocalCluster of `workers`,
    "tcp://host:8786" uses a running cluster whose workers have dapipe installed and
    the same files at the same paths). `in_process=False` uses a worker process even for
    one worker, so that `limits` (per-file time and memory) are kept and a file that
    breaks them cannot stall or sink the batch. Storing stays here (the one writer), in
    the order of the files, so that persons merge the same way however the work was
    spread, and a run interrupted and resumed ends with the same database.

    `on_file(path, outcome, reason)` is called once per file with outcome "processed",
    "skipped" or "failed". `include`/`exclude` are globs choosing the files in folders
    (see `find_files`); what was left out is counted in `report.ignored`. `out` =
    "parquet://DIR" writes partitioned Parquet there instead of the database.
    """
    report = BatchReport()
    files = find_files(paths, include=include, exclude=exclude, ignored=report.ignored)
    limits = limits or Limits()
    watch = progress
    if in_process is None:
        in_process = workers <= 1 and not scheduler
    if not scheduler:
        workers = max(1, min(workers, len(files) or 1))
    if watch is not None:
        watch.started(len(files))
    ready: dict[int, Settled] = {}  # seq -> outcome
    hashes: dict[str, str] = {}

    def outcome(seq: int, key: str, analysis: object | None, reason: str | None) -> None:
        ready[seq] = (
            key,
            analysis,
            reason,
            "processed" if analysis is not None else "failed",
            None,
        )

    def pending(store: Store) -> Iterator[tuple[int, str, bytes]]:
        """Files to analyse, with their bytes; skipped and unreadable ones are settled here."""
        for seq, path in enumerate(files):
            key = str(path)
            shown = undecodable_name(key)
            if shown is not None:  # listed under its escaped name; the rest go on
                outcome(seq, shown, None, NAME_NOT_UTF8)
                continue
            data, reason = _read(path)
            if data is None:  # recorded too, so the database lists every failure
                outcome(seq, key, None, reason or "cannot read file")
                continue
            hashes[key] = content_hash(data)
            if not force and store.is_current(key, hashes[key]):
                ready[seq] = (key, None, None, "skipped", None)
            else:
                yield seq, key, data

    with _open_output(db, out) as store:
        todo = pending(store)
        first = next(todo, None)
        if first is None:  # nothing to analyse: no model is loaded
            _store_ready(store, ready, 0, len(files), hashes, report, on_file, watch)
            return report
        if watch is not None:
            watch.loading(model, scheduler or ("this process" if in_process else "workers"))
        engine = _engine(model, workers, scheduler, limits, in_process, verbose)
        try:
            began, cpu = time.perf_counter(), time.process_time()
            engine.start()  # an unavailable model is reported here, once
            report.load_seconds = time.perf_counter() - began
            _run(store, engine, workers, first, todo, ready, files, hashes, report, on_file, watch)
            report.analysis_seconds = time.perf_counter() - began - report.load_seconds
            report.writer_cpu_seconds = time.process_time() - cpu
        finally:
            engine.close()
            report.peak_rss_mb = engine.stats.peak_rss_mb
            report.workers_replaced = engine.stats.replaced
            report.worker_cpu_seconds = engine.stats.cpu_seconds
        if report.processed:  # merge the FTS segments the batch's commits added
            store.optimize(full=len(report.processed) >= FULL_OPTIMIZE_AFTER)
    return report


def _open_output(db: str | Path, out: str | None) -> Any:
    """The SQLite store, or with `out` = parquet://DIR the Parquet writer."""
    if not out:
        return open_store(db)
    from pipeline.store.parquet import ParquetStore, parquet_dir

    folder = parquet_dir(out)
    if folder is None:
        raise ValueError(f"--out {out}: expected parquet://FOLDER")
    return ParquetStore(folder)


WINDOW_PER_WORKER = 32  # files analysed ahead of the oldest one not yet stored


def _run(
    store: Store,
    engine: InlineEngine | LocalEngine | DaskEngine,
    workers: int,
    first: tuple[int, str, bytes],
    todo: Iterator[tuple[int, str, bytes]],
    ready: dict[int, Settled],
    files: list[Path],
    hashes: dict[str, str],
    report: BatchReport,
    on_file: Callable[[str, str, str | None], None] | None,
    watch: Progress | None,
) -> None:
    """Feed the engine, and store what it gives back in the files' order as it comes."""
    queue: list[tuple[int, str, bytes]] = [first]
    window = WINDOW_PER_WORKER * max(1, workers)
    stored = 0  # the next seq to store
    exhausted = False
    while True:
        while engine.capacity() > 0 and (queue or not exhausted):
            if not queue:
                task = next(todo, None)
                if task is None:
                    exhausted = True
                    break
                queue.append(task)
            if queue[0][0] - stored >= window:  # store what is settled (skipped files), then
                stored = _store_ready(
                    store, ready, stored, len(files), hashes, report, on_file, watch
                )
                if queue[0][0] - stored >= window:
                    break  # far enough ahead of what can be stored
            seq, key, data = queue.pop(0)
            engine.submit(seq, key, data)
        if exhausted and not queue and engine.busy == 0:
            break
        for done in engine.wait(0.5):
            ready[done.seq] = (
                done.path,
                done.analysis,
                done.reason,
                "processed" if done.analysis is not None else "failed",
                done.prepared,
            )
        stored = _store_ready(store, ready, stored, len(files), hashes, report, on_file, watch)
        if exhausted and not queue and engine.busy == 0:
            break
    _store_ready(store, ready, stored, len(files), hashes, report, on_file, watch)


def _store_ready(
    store: Store,
    ready: dict[int, Settled],
    stored: int,
    total: int,
    hashes: dict[str, str],
    report: BatchReport,
    on_file: Callable[[str, str, str | None], None] | None,
    watch: Progress | None,
) -> int:
    """Store the settled files from `stored` on, in order, up to the first one not settled.

    Documents settled together go in one transaction (each still whole or not at all:
    see `Store.save_many`), which costs the writer about half as much per document.
    """
    settled: list[Settled] = []
    while stored + len(settled) < total and stored + len(settled) in ready:
        settled.append(ready.pop(stored + len(settled)))
    k = 0
    while k < len(settled):
        run = k
        while run < len(settled) and settled[run][3] == "processed":
            run += 1
        if run > k:
            store.save_many(
                (a for _, a, _, _, _ in settled[k:run]),  # type: ignore[misc]
                [p for *_, p in settled[k:run]],  # type: ignore[misc]
            )
        for key, analysis, reason, outcome, _ in settled[k : max(run, k + 1)]:
            pages = words = 0
            if outcome == "processed":
                report.processed.append(key)
                document = analysis.document  # type: ignore[union-attr]
                pages, words = document.page_count or 1, len(document.text.split())
            elif outcome == "failed":
                store.record_failure(key, hashes.get(key, ""), reason or "unknown error")
                report.failed.append((key, reason or "unknown error"))
            else:
                report.skipped.append(key)
            if on_file is not None:
                on_file(key, outcome, reason)
            if watch is not None:
                watch.file_done(key, outcome, reason, pages, words)
        k = max(run, k + 1)
    return stored + len(settled)


@dataclass
class BatchStatus:
    done: int  # documents stored whole
    failed: list[tuple[str, str]]  # (path, reason) of files whose last try failed
    pending: list[str] | None  # of the paths asked about, those a run would analyse


def batch_status(
    db: str | Path,
    paths: Sequence[str | Path] = (),
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> BatchStatus:
    """What a database holds of a batch; with `paths`, which of their files are still to do
    (new, changed, or failed before: what `process` would analyse next)."""
    from pipeline.store import connect_reader

    with connect_reader(db) as conn:
        rows = conn.execute("SELECT path, sha256, status, error FROM documents ORDER BY path")
        state = {path: (sha, status, error) for path, sha, status, error in rows}
    done = sum(status == "ok" for _, status, _ in state.values())
    failed = [(p, error or "unknown error") for p, (_, _, error) in state.items() if error]
    pending = None
    if paths:
        pending = []
        for path in find_files(paths, include=include, exclude=exclude):
            known = state.get(str(path))
            if known is None or known[1] != "ok":
                pending.append(str(path))
                continue
            data, _ = _read(path)
            if data is None or content_hash(data) != known[0]:
                pending.append(str(path))
    return BatchStatus(done, failed, pending)
