"""Processing many files into the database: skip what is done, report what fails, go on.

Each file is extracted and analysed, then stored in one transaction, so a
crash or kill mid-run leaves every stored document whole; a re-run skips
files whose content hash is already stored and finishes the rest.
"""

from __future__ import annotations

import ctypes
import fnmatch
import logging
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core import content_hash
from pipeline.ingest import SUPPORTED_SUFFIXES, IngestError, extract
from pipeline.ingest.errors import NAME_NOT_UTF8, undecodable_name
from pipeline.ingest.news import MANIFEST
from pipeline.store import Store, open_store

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
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


def _walk(folder: Path) -> Iterator[tuple[Path, bool]]:
    """(path, is_hidden_folder) under `folder`; hidden folders are reported, not entered."""
    for root, dirs, files in os.walk(folder):
        hidden = sorted(d for d in dirs if d.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in hidden:
            yield Path(root) / d, True
        for name in files:
            yield Path(root) / name, False


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
            for sub, hidden_folder in _walk(path):
                rel = sub.relative_to(path).as_posix()
                reason = (
                    "README/LICENSE/hidden"
                    if hidden_folder
                    else _why_ignored(sub, rel, include, exclude)
                    if sub.is_file()
                    else "not a file"
                )
                if reason:
                    counts[reason] = counts.get(reason, 0) + 1
                else:
                    walked.append(sub)
            for sub in sorted(walked):
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
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    with pool:
        yield from pool.map(_analyze_file, paths, [model] * len(paths), chunksize=1)


def _die_with_parent(parent: int) -> None:
    """In a worker: end when the run that started it ends, even by SIGKILL (else each worker,
    a loaded model of some 375 MB, lives on). Linux says so through prctl; elsewhere nothing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


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
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> BatchReport:
    """Process files and folders into the database at `db`.

    `workers` > 1 analyses in local processes; `scheduler` = a Dask scheduler
    address ("tcp://host:8786") analyses on that cluster (every worker needs
    dapipe installed and the same files reachable at the same paths).
    `on_file(path, outcome, reason)` is called once per file with outcome
    "processed", "skipped" or "failed" (for progress display). `include`/`exclude` are
    globs choosing the files in folders (see `find_files`; README*, LICENSE* and hidden
    files are left out by default); what was left out is counted in `report.ignored`.
    """
    report = BatchReport()
    files = find_files(paths, include=include, exclude=exclude, ignored=report.ignored)
    notify = on_file or (lambda *_: None)
    hashes: dict[str, str] = {}

    def pending(store: Store) -> Iterator[tuple[str, bytes]]:
        """Files to analyse, with their bytes; skipped and unreadable ones are noted here."""
        for path in files:
            key = str(path)
            shown = undecodable_name(key)
            if shown is not None:  # listed under its escaped name; the rest go on
                store.record_failure(shown, "", NAME_NOT_UTF8)
                report.failed.append((shown, NAME_NOT_UTF8))
                notify(shown, "failed", NAME_NOT_UTF8)
                continue
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
