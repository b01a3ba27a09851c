"""Processing many files into the database: skip what is done, report what fails, go on.

Each file is extracted and analysed, then stored in one transaction, so a
crash or kill mid-run leaves every stored document whole; a re-run skips
files whose content hash is already stored and finishes the rest.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core import content_hash
from pipeline.ingest import SUPPORTED_SUFFIXES, IngestError, extract
from pipeline.store import Store, open_store

log = logging.getLogger(__name__)
FULL_OPTIMIZE_AFTER = 1_000  # documents; below this an incremental FTS merge is enough


@dataclass
class BatchReport:
    processed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Supported files under the given files and folders (recursively), sorted, absolute.

    A path that does not exist raises FileNotFoundError naming it.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and sub.suffix.lower() in SUPPORTED_SUFFIXES:
                    found[sub.resolve()] = None
        elif path.is_file():
            found[path.resolve()] = None
        else:
            raise FileNotFoundError(f"{raw}: no such file or folder")
    return list(found)


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        return path.read_bytes(), None
    except OSError as err:
        return None, f"cannot read file ({err.strerror or err})"


_worker_nlp = None


def _analyze_file(
    path: str, model: str, data: bytes | None = None
) -> tuple[str, object | None, str | None]:
    """Extract and analyse one file (in this or a worker process); never raises.

    `data` is the file's bytes when the caller has read them already (the hash
    stored is then of exactly the bytes analysed).
    """
    global _worker_nlp
    from pipeline.analysis import analyze_document, build_pipeline

    try:
        document = extract(path, data=data)
    except IngestError as err:
        return path, None, err.reason
    except Exception as err:  # a reader bug must not stop the batch
        log.debug("extract crashed on %s", path, exc_info=True)
        return path, None, f"extraction failed ({type(err).__name__}: {err})"
    try:
        if _worker_nlp is None:
            _worker_nlp = build_pipeline(model)
        return path, analyze_document(document, _worker_nlp), None
    except Exception as err:
        log.debug("analysis crashed on %s", path, exc_info=True)
        return path, None, f"analysis failed ({type(err).__name__}: {err})"


def _analyses(
    pending: Iterable[tuple[str, bytes]], model: str, workers: int, scheduler: str = "local"
) -> Iterator[tuple[str, object | None, str | None]]:
    """Analyses in any order: here, in local worker processes, or on a Dask cluster.

    Only analysis is farmed out; storing stays in this process (the one writer).
    Here, each file's bytes are read once and dropped after its analysis, so
    memory stays flat however many files there are; workers re-read their files.
    """
    if scheduler == "local" and workers <= 1:
        for path, data in pending:
            yield _analyze_file(path, model, data)
        return
    paths = [path for path, _ in pending]
    if scheduler != "local":
        yield from _analyses_on_dask(paths, model, scheduler)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_analyze_file, paths, [model] * len(paths), chunksize=1)


def _analyses_on_dask(
    paths: list[str], model: str, address: str
) -> Iterator[tuple[str, object | None, str | None]]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as err:
        raise ValueError(
            "--scheduler needs Dask: pip install 'dapipe[dask]' (here and on the workers)"
        ) from err
    try:
        client = Client(address, timeout="10s")
    except OSError as err:
        raise ValueError(f"cannot reach the Dask scheduler at {address} ({err})") from err
    with client:
        futures = client.map(_analyze_file, paths, model=model, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()


def process(
    paths: Iterable[str | Path],
    db: str | Path = "dapipe.sqlite",
    model: str = "embedded",
    force: bool = False,
    workers: int = 1,
    scheduler: str = "local",
    on_file: Callable[[str, str, str | None], None] | None = None,
) -> BatchReport:
    """Process files and folders into the database at `db`.

    `workers` > 1 analyses in local processes; `scheduler` = a Dask scheduler
    address ("tcp://host:8786") analyses on that cluster (every worker needs
    dapipe installed and the same files reachable at the same paths).
    `on_file(path, outcome, reason)` is called once per file with outcome
    "processed", "skipped" or "failed" (for progress display).
    """
    report = BatchReport()
    files = find_files(paths)
    notify = on_file or (lambda *_: None)
    hashes: dict[str, str] = {}

    def pending(store: Store) -> Iterator[tuple[str, bytes]]:
        """Files to analyse, with their bytes; skipped and unreadable ones are noted here."""
        for path in files:
            key = str(path)
            data, reason = _read(path)
            if data is None:  # recorded too, so the database lists every failure
                store.record_failure(key, "", reason or "cannot read file")
                report.failed.append((key, reason or "cannot read file"))
                notify(key, "failed", reason)
                continue
            hashes[key] = content_hash(data)
            if not force and store.is_current(key, hashes[key]):
                report.skipped.append(key)
                notify(key, "skipped", None)
            else:
                yield key, data

    workers = max(1, min(workers, os.cpu_count() or 1, len(files) or 1))
    with open_store(db) as store:
        for key, analysis, reason in _analyses(pending(store), model, workers, scheduler):
            if analysis is None:
                store.record_failure(key, hashes[key], reason or "unknown error")
                report.failed.append((key, reason or "unknown error"))
                notify(key, "failed", reason)
                continue
            store.save(analysis)  # type: ignore[arg-type]
            report.processed.append(key)
            notify(key, "processed", None)
        if report.processed:  # merge the FTS segments the batch's commits added
            store.optimize(full=len(report.processed) >= FULL_OPTIMIZE_AFTER)
    return report
