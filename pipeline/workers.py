"""Where files are analysed: in this process, in local worker processes, or on Dask.

Every engine takes (seq, path, bytes) tasks and gives back `Done` results in the
order they finish; the caller, the one writer, stores them. Workers load their model
once and return results, never database handles. A local worker that takes longer
than the per-file time limit, or grows by more than the per-file memory limit, is
killed and replaced and its file failed with that reason; a worker that dies on its
own has its file retried once on a fresh worker, then failed.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.abc
import logging
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
POLL_SECONDS = 0.1  # how often a busy local worker's clock and memory are looked at
DEFAULT_FILE_TIMEOUT = 600.0  # seconds; a 100-page report takes about 10
DEFAULT_FILE_MEMORY = 2048  # MB a worker may grow by on one file (a loaded model is ~500)
MB = 1024 * 1024
# models whose pipelines run without torch (the embedded CRF; spaCy's CNN packages)
TORCH_FREE = frozenset({"embedded", "da_core_news_sm", "da_core_news_md", "da_core_news_lg"})


@dataclass(frozen=True)
class Limits:
    """Per-file limits; 0 or None switches one off."""

    timeout: float | None = DEFAULT_FILE_TIMEOUT  # seconds of wall time
    memory_mb: int | None = DEFAULT_FILE_MEMORY  # growth of the worker's resident memory


@dataclass
class Done:
    seq: int
    path: str
    analysis: Any = None  # an Analysis; None when the file failed
    reason: str | None = None
    prepared: Any = None  # its index terms (`store.writer.Prepared`), computed by the worker


@dataclass
class EngineStats:
    peak_rss_mb: list[float] = field(default_factory=list)  # per worker, when known
    replaced: int = 0  # local workers killed (over a limit) or dead and started again
    cpu_seconds: float = 0.0  # the workers' CPU time once they had their model, when known


# --- analysis of one file (runs in whichever process does the work) ----------------------

_pipelines: dict[str, Any] = {}  # model name -> its loaded pipeline, in this process


def pipeline_for(model: str) -> Any:
    """The pipeline for `model`, loaded once per process and kept by name."""
    if model not in _pipelines:
        from pipeline.analysis import build_pipeline

        _pipelines[model] = build_pipeline(model)
    return _pipelines[model]


def analyze_file(path: str, model: str, data: bytes | None = None) -> tuple[Any, str | None]:
    """(analysis, None) or (None, reason) for one file; never raises but NlpLoadError.

    `data` is the file's bytes when the caller has read them already (the hash
    stored is then of exactly the bytes analysed).
    """
    from pipeline.ingest import IngestError, extract

    try:
        document = extract(path, data=data)
    except IngestError as err:
        return None, err.reason
    except Exception as err:  # a reader bug must not stop the batch
        log.debug("extract crashed on %s", path, exc_info=True)
        return None, f"extraction failed ({type(err).__name__}: {err})"
    nlp = pipeline_for(model)
    from pipeline.analysis import analyze_document

    try:
        return analyze_document(document, nlp), None
    except Exception as err:
        log.debug("analysis crashed on %s", path, exc_info=True)
        return None, f"analysis failed ({type(err).__name__}: {err})"


def analyze_and_prepare(
    path: str, model: str, data: bytes | None = None
) -> tuple[Any, str | None, Any]:
    """`analyze_file`, plus what the writer would compute without the database."""
    from pipeline.store.writer import prepare

    analysis, reason = analyze_file(path, model, data)
    return analysis, reason, prepare(analysis) if analysis is not None else None


def _on_dask(path: str, model: str) -> tuple[Any, str | None, Any]:
    """The task a Dask worker runs: it reads the file itself (same path on every machine)."""
    from pipeline.nlp import NlpLoadError

    try:
        return analyze_and_prepare(path, model)
    except NlpLoadError as err:
        return None, f"model unavailable on the worker ({err})", None


def timeout_reason(seconds: float) -> str:
    return f"took longer than {seconds:g} s (--file-timeout)"


def memory_reason(mb: float) -> str:
    return f"needed more than {mb:,.0f} MB of memory (--file-memory)"


# --- in this process -------------------------------------------------------------------


class _Timeout(Exception):
    pass


class InlineEngine:
    """Analyses in the calling process, one file at a time (the library's default).

    The time limit is kept with SIGALRM when called from the main thread; the memory
    limit needs a worker process to be enforceable and is not kept here.
    """

    def __init__(self, model: str, limits: Limits) -> None:
        self.model, self.limits = model, limits
        self.stats = EngineStats()
        self._tasks: deque[tuple[int, str, bytes | None]] = deque()

    def start(self) -> None:
        pipeline_for(self.model)  # an unavailable model fails here, once, before any file

    def capacity(self) -> int:
        return 0 if self._tasks else 1

    @property
    def busy(self) -> int:
        return len(self._tasks)

    def submit(self, seq: int, path: str, data: bytes | None) -> None:
        self._tasks.append((seq, path, data))

    def wait(self, timeout: float) -> list[Done]:
        if not self._tasks:
            return []
        seq, path, data = self._tasks.popleft()
        with self._alarm():
            try:
                analysis, reason = analyze_file(path, self.model, data)
            except _Timeout:
                analysis, reason = None, timeout_reason(self.limits.timeout or 0)
        return [Done(seq, path, analysis, reason)]

    @contextlib.contextmanager
    def _alarm(self) -> Iterator[None]:
        seconds = self.limits.timeout
        if not seconds or threading.current_thread() is not threading.main_thread():
            yield
            return

        def expired(*_: object) -> None:
            raise _Timeout

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def close(self) -> None:
        self._tasks.clear()


# --- local worker processes -------------------------------------------------------------


class _NoTorch(importlib.abc.MetaPathFinder):
    """Refuses `import torch`: thinc imports it when installed (the DaCy extra), which costs
    a worker of the embedded model some 3 s and 230 MB for nothing it uses."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"{name} is not used by this worker", name=name)
        return None


def _die_with_parent(parent: int) -> None:
    """End when the run that started this worker ends, even by SIGKILL (else each worker,
    a loaded model of some 500 MB, lives on). Linux says so through prctl; elsewhere nothing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _worker_main(conn: Connection, model: str, parent: int, verbose: int) -> None:
    """A worker's life: load the model, then analyse what the parent sends until None."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2))
    logging.getLogger("trafilatura").setLevel(logging.ERROR if not verbose else logging.WARNING)
    if model in TORCH_FREE:  # before anything imports spaCy (and so thinc)
        sys.meta_path.insert(0, _NoTorch())
    try:
        pipeline_for(model)
    except Exception as err:  # NlpLoadError above all: the parent reports it once
        conn.send(("error", str(err)))
        return
    _trim()
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        seq, path, data = task
        try:
            conn.send(("done", (seq, *analyze_and_prepare(path, model, data))))
        except Exception as err:  # an analysis that cannot be pickled, say
            why = f"analysis failed ({type(err).__name__}: {err})"
            conn.send(("done", (seq, None, why, None)))


def _child_main(argv: list[str]) -> None:
    """Entry of a fresh worker interpreter: fd of its socket, model, parent pid, verbosity."""
    fd, model, parent, verbose = argv
    _worker_main(Connection(int(fd)), model, int(parent), int(verbose))


class _Child:
    """A worker started with subprocess, with the few Process methods the engine uses."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        self.pid = popen.pid
        self.sentinel: int | None = None
        with contextlib.suppress(AttributeError, OSError):  # Linux: readable once it ends
            self.sentinel = os.pidfd_open(popen.pid)

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)
        if self.popen.poll() is not None and self.sentinel is not None:
            os.close(self.sentinel)
            self.sentinel = None


def _trim() -> None:
    """Give the heap freed while loading back to the system (some 40 MB per worker)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: tuple[int, str, bytes | None] | None = None
    started: float = 0.0
    baseline_rss: float = 0.0
    cpu_at_ready: float = 0.0


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except (OSError, ValueError, IndexError):
        return 0.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a live process (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _peak_rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


class LocalEngine:
    """N worker processes. They are spawned fresh (a CLI run: the parent holds no model, and
    a fresh worker keeps torch out), or forked when this process has the model loaded
    already (a notebook, the tests): a forked worker starts at once, sharing its pages."""

    def __init__(self, model: str, workers: int, limits: Limits, verbose: int = 0) -> None:
        self.model, self.n, self.limits, self.verbose = model, workers, limits, verbose
        self.stats = EngineStats()
        forkable = model in _pipelines and "fork" in multiprocessing.get_all_start_methods()
        self._ctx: Any = multiprocessing.get_context("fork") if forkable else None
        self._workers: list[_Worker] = []
        self._retried: set[int] = set()
        self._again: deque[tuple[int, str, bytes | None]] = deque()  # to retry first
        self._out: list[Done] = []

    def _spawn(self) -> _Worker:
        if self._ctx is None:
            return self._start_fresh()
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(theirs, self.model, os.getpid(), self.verbose),
            daemon=True,
            name="dapipe-worker",
        )
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def _start_fresh(self) -> _Worker:
        """A new interpreter that imports only the worker (multiprocessing's spawn would run
        the caller's main script again in it, unguarded scripts and all)."""
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # what this process sees
        code = "import sys; from pipeline.workers import _child_main; _child_main(sys.argv[1:])"
        argv = [str(theirs.fileno()), self.model, str(os.getpid()), str(self.verbose)]
        process = subprocess.Popen(
            [sys.executable, "-c", code, *argv], pass_fds=[theirs.fileno()], env=env
        )
        theirs.close()
        conn = Connection(ours.detach())
        return _Worker(_Child(process), conn)

    def start(self) -> None:
        """Start the workers and wait until each has its model (or one says why it cannot)."""
        self._workers = [self._spawn() for _ in range(self.n)]
        while not all(w.ready for w in self._workers):
            self._receive(1.0)
            if self.stats.replaced > 2 * self.n:
                self._stop_all()
                raise RuntimeError("the worker processes keep dying while loading the model")

    @property
    def busy(self) -> int:
        return sum(w.task is not None for w in self._workers) + len(self._again)

    def capacity(self) -> int:
        idle = sum(w.ready and w.task is None for w in self._workers)
        return max(0, idle - len(self._again))

    def submit(self, seq: int, path: str, data: bytes | None) -> None:
        self._again.append((seq, path, data))
        self._dispatch()

    def _dispatch(self) -> None:
        for w in self._workers:
            if not self._again:
                return
            if w.ready and w.task is None:
                task = self._again.popleft()
                w.task, w.started, w.baseline_rss = task, time.monotonic(), _rss_mb(w.process.pid)
                with contextlib.suppress(OSError, ValueError):  # died: _receive notices
                    w.conn.send(task)

    def wait(self, timeout: float) -> list[Done]:
        deadline = time.monotonic() + timeout
        while not self._out:
            self._receive(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))
            self._check_limits()
            self._dispatch()
            if time.monotonic() >= deadline:
                break
        out, self._out = self._out, []
        return out

    def _receive(self, timeout: float) -> None:
        by_handle: dict[Any, _Worker] = {}
        for w in self._workers:
            by_handle[w.conn] = w
            if w.process.sentinel is not None:
                by_handle[w.process.sentinel] = w
        for handle in wait(list(by_handle), timeout):
            w = by_handle[handle]
            if w not in self._workers:
                continue
            if handle is w.conn:
                try:
                    kind, payload = w.conn.recv()
                except (EOFError, OSError):
                    self._died(w)
                    continue
                if kind == "ready":
                    w.ready = True
                    w.cpu_at_ready = _cpu_seconds(w.process.pid)
                elif kind == "error":
                    self._stop_all()
                    from pipeline.nlp import NlpLoadError

                    raise NlpLoadError(payload)
                elif kind == "done" and w.task is not None:
                    seq, analysis, reason, prepared = payload
                    self._out.append(Done(seq, w.task[1], analysis, reason, prepared))
                    w.task = None
            elif not w.process.is_alive():
                self._died(w)

    def _died(self, w: _Worker) -> None:
        """A worker ended by itself (a crash, the OOM killer): retry its file once."""
        code = w.process.exitcode
        task = w.task
        self._replace(w)
        if task is None:
            return
        seq, path, _ = task
        if seq in self._retried:
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            self._out.append(Done(seq, path, None, f"the worker died twice on it ({how})"))
        else:
            self._retried.add(seq)
            self._again.appendleft(task)

    def _check_limits(self) -> None:
        now = time.monotonic()
        for w in list(self._workers):
            if w.task is None:
                continue
            reason = None
            if self.limits.timeout and now - w.started > self.limits.timeout:
                reason = timeout_reason(self.limits.timeout)
            elif self.limits.memory_mb:
                grown = _rss_mb(w.process.pid) - w.baseline_rss
                if grown > self.limits.memory_mb:
                    reason = memory_reason(self.limits.memory_mb)
            if reason is not None:
                seq, path, _ = w.task
                log.info("worker %s over a limit on %s: %s", w.process.pid, path, reason)
                self._out.append(Done(seq, path, None, reason))
                w.task = None
                self._replace(w)

    def _replace(self, w: _Worker) -> None:
        self._kill(w)
        self._workers.remove(w)
        self._workers.append(self._spawn())
        self.stats.replaced += 1

    def _account(self, w: _Worker) -> None:
        """Note a worker's peak memory and CPU time before it goes."""
        self.stats.peak_rss_mb.append(_peak_rss_mb(w.process.pid))
        if w.ready:
            self.stats.cpu_seconds += max(0.0, _cpu_seconds(w.process.pid) - w.cpu_at_ready)

    def _kill(self, w: _Worker) -> None:
        self._account(w)
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()

    def _stop_all(self) -> None:
        for w in self._workers:
            self._kill(w)
        self._workers = []

    def close(self) -> None:
        for w in self._workers:
            if w.ready and w.task is None:
                with contextlib.suppress(OSError, ValueError):
                    w.conn.send(None)
        for w in self._workers:
            self._account(w)
            w.process.join(2 if w.ready and w.task is None else 0)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(5)
            w.conn.close()
        self._workers = []


# --- Dask ---------------------------------------------------------------------------------


class DaskEngine:
    """Files analysed on a Dask cluster: `local` starts a LocalCluster here, else an address.

    A task whose worker dies is submitted once more, then failed (the LocalCluster lets the
    scheduler give up on the first death, so that the retry is ours and happens once).
    """

    def __init__(self, model: str, address: str, workers: int, limits: Limits) -> None:
        self.model, self.address, self.n, self.limits = model, address, workers, limits
        self.stats = EngineStats()
        self._client: Any = None
        self._cluster: Any = None
        self._running: dict[Any, tuple[int, str]] = {}
        self._retried: set[int] = set()
        self._slots = workers
        self._cpu_at_ready = 0.0

    def start(self) -> None:
        try:
            import dask
            from dask.distributed import Client, LocalCluster
        except ImportError as err:
            raise ValueError(
                "--scheduler needs Dask: pip install 'dapipe[dask]' (here and on the workers)"
            ) from err
        if self.address == "local":
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                self._cluster = LocalCluster(
                    n_workers=self.n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard": False},
                    memory_limit=_dask_memory(self.limits),
                )
                self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(self.address, timeout="10s")
            except OSError as err:
                raise ValueError(
                    f"cannot reach the Dask scheduler at {self.address} ({err})"
                ) from err
        self._slots = 2 * max(1, sum(self._client.nthreads().values()))
        # load the model everywhere first: an unavailable model is reported once, here
        errors = self._client.run(_dask_load, self.model)
        failed = {why for why, _ in errors.values() if why}
        self._cpu_at_ready = sum(cpu for _, cpu in errors.values())
        if failed:
            self.close()
            from pipeline.nlp import NlpLoadError

            raise NlpLoadError(sorted(failed)[0])

    @property
    def busy(self) -> int:
        return len(self._running)

    def capacity(self) -> int:
        return max(0, self._slots - len(self._running))

    def submit(self, seq: int, path: str, data: bytes | None) -> None:
        future = self._client.submit(_on_dask, path, self.model, pure=False)
        self._running[future] = (seq, path)

    def wait(self, timeout: float) -> list[Done]:
        from dask.distributed import wait as dask_wait

        if not self._running:
            return []
        try:
            finished, _ = dask_wait(
                list(self._running), timeout=timeout, return_when="FIRST_COMPLETED"
            )
        except TimeoutError:
            return []
        out: list[Done] = []
        for future in finished:
            seq, path = self._running.pop(future)
            if future.status == "error":
                err = future.exception()
                died = type(err).__name__ == "KilledWorker"
                if died and seq not in self._retried:
                    self._retried.add(seq)
                    self.submit(seq, path, None)
                else:
                    why = "the worker died twice on it" if died else f"failed on Dask ({err})"
                    out.append(Done(seq, path, None, why))
            else:
                analysis, reason, prepared = future.result()
                out.append(Done(seq, path, analysis, reason, prepared))
            future.release()
        return out

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                usage = self._client.run(_dask_usage)
                self.stats.peak_rss_mb.extend(peak for peak, _ in usage.values())
                cpu = sum(cpu for _, cpu in usage.values())
                self.stats.cpu_seconds = max(0.0, cpu - self._cpu_at_ready)
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _dask_memory(limits: Limits) -> str | int:
    """A LocalCluster worker's memory limit: the loaded model plus one file's allowance."""
    return f"{600 + limits.memory_mb}MB" if limits.memory_mb else 0


def _dask_load(model: str) -> tuple[str | None, float]:
    """On each Dask worker: load the model once (kept by name); (why not, if it cannot;
    the worker's CPU seconds so far)."""
    fresh = "thinc" not in sys.modules and not any(isinstance(f, _NoTorch) for f in sys.meta_path)
    if fresh and model in TORCH_FREE:  # as in local workers
        sys.meta_path.insert(0, _NoTorch())
    try:
        pipeline_for(model)
    except Exception as err:
        return str(err), 0.0
    return None, _dask_usage()[1]


def _dask_usage() -> tuple[float, float]:
    """(peak resident MB, CPU seconds) of this Dask worker process."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
