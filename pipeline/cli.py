"""The `dapipe` command: a thin shell over the library (see ../shared/contract.md).

Exit codes: 0 success, 1 when an input failed (each named with its reason),
2 on usage errors (one line on stderr).
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from pipeline.output import FORMATS, emit, inert
from pipeline.workers import DEFAULT_FILE_MEMORY, DEFAULT_FILE_TIMEOUT

log = logging.getLogger("pipeline")
DEFAULT_DB = "dapipe.sqlite"
NO_LIMIT = 1_000_000_000  # --limit 0
MAX_LISTED = 50  # persons listed on stderr when a name matches several
QUOTE_KINDS = frozenset({"direct", "unmarked", "indirect"})


class CliError(Exception):
    """An expected failure: printed as one line, exit code 1."""


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error (contract: exit 2, one line on stderr)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database (default {DEFAULT_DB})")


def _add_model(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        default="embedded",
        help="embedded (default), dacy-small|medium|large, auto, a spaCy package name, or a path",
    )


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")


# --- commands ---------------------------------------------------------------------------


def cmd_process(args: argparse.Namespace) -> int:
    from pipeline.batch import process
    from pipeline.store import connect_reader, stats
    from pipeline.workers import Limits

    if args.out and not args.out.startswith("parquet://"):
        return _usage("process", f"--out {args.out}: expected parquet://FOLDER")
    if args.workers is not None and args.workers < 1:
        return _usage("process", f"--workers {args.workers}: at least 1")
    for name in ("file_timeout", "file_memory"):
        if getattr(args, name) < 0:
            return _usage("process", f"--{name.replace('_', '-')} must not be negative")
    workers = args.workers or _cores()
    progress = _Progress(verbose=args.verbose > 0, every=args.log_every)
    try:
        report = process(
            args.paths,
            db=args.db,
            model=args.model,
            force=args.force,
            workers=workers,
            scheduler=args.scheduler,
            include=args.include,
            exclude=args.exclude,
            limits=Limits(timeout=args.file_timeout or None, memory_mb=args.file_memory or None),
            in_process=False,
            progress=progress,
            verbose=args.verbose,
            out=args.out,
        )
    except KeyboardInterrupt:
        progress.close()
        c = progress.counts
        _say(
            f"dapipe: interrupted; {c['processed']} processed, {c['failed']} failed so far are "
            f"stored in {args.out or args.db}; the same command again goes on from there"
        )
        return 130
    finally:
        progress.close()
    for path, reason in report.failed:
        _say(f"failed: {_short(path)}: {reason}")
    print(
        f"{len(report.processed)} processed, {len(report.skipped)} skipped (unchanged), "
        f"{len(report.failed)} failed -> {args.out or args.db}"
    )
    if report.ignored:
        print("not read: " + ", ".join(f"{n} {why}" for why, n in sorted(report.ignored.items())))
    if args.out:
        return 0 if report.ok else 1
    with connect_reader(args.db) as conn:
        totals = stats(conn)
    print(
        f"database: {totals['documents']} documents, {totals['sentences']} sentences, "
        f"{totals['entities']} entities, {totals['persons']} persons, "
        f"{totals['quotes']} quotes, {totals['findings']} findings"
    )
    if totals["findings_by_theme"]:
        themes = ", ".join(f"{t} {n}" for t, n in totals["findings_by_theme"].items())
        print(f"findings by theme: {themes}")
    return 0 if report.ok else 1


def cmd_status(args: argparse.Namespace) -> int:
    from pipeline.batch import batch_status

    if not Path(args.db).is_file():
        raise CliError(f"{args.db}: no such database")
    status = batch_status(args.db, args.paths, include=args.include, exclude=args.exclude)
    if args.format == "json":
        emit(
            [
                {
                    "done": status.done,
                    "failed": [{"path": p, "reason": r} for p, r in status.failed],
                    "pending": None if status.pending is None else len(status.pending),
                }
            ],
            "json",
            unwrap=True,
        )
        return 0
    print(f"done: {status.done}")
    print(f"failed: {len(status.failed)}")
    for path, reason in status.failed:
        print(inert(f"  {_short(path)}: {reason}"))
    if status.pending is not None:
        print(f"pending: {len(status.pending)}")
        for path in status.pending[: args.limit or None]:
            print(inert(f"  {_short(path)}"))
        if args.limit and len(status.pending) > args.limit:
            print(f"  … and {len(status.pending) - args.limit} more (--limit 0 for all)")
    return 0


def _cores() -> int:
    """The cores this process may use (its affinity, not the machine's count)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def cmd_analyze(args: argparse.Namespace) -> int:
    from pipeline.analysis import analyze_document, build_pipeline
    from pipeline.ingest import extract

    document = extract(_existing(args.file))
    result = analyze_document(document, build_pipeline(args.model))
    emit([result.to_json()], "json", unwrap=True)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.ingest import extract

    document = extract(_existing(args.file))
    # exact to a pipe or file (offsets index into it); inert on a terminal
    sys.stdout.write(inert(document.text) if sys.stdout.isatty() else document.text)
    sys.stdout.write("\n")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from pipeline.store import connect_reader, quote_search
    from pipeline.store.queries import person_labels

    if args.text is not None and not _searchable(args.text):
        return _usage("quotes", f"empty search --text {args.text!r}")
    if args.person is not None and not _searchable(args.person):
        return _usage("quotes", f"empty name --person {args.person!r}")
    if not 0.0 <= args.min_confidence <= 1.0:
        return _usage("quotes", f"--min-confidence {args.min_confidence} is not between 0 and 1")
    limit = args.limit or NO_LIMIT
    with connect_reader(args.db) as conn:
        try:
            found = quote_search(conn, person=args.person, text=args.text, limit=limit)
        except ValueError as err:  # a query no person or text can match (too long)
            return _usage("quotes", str(err))
        rows = [r for r in found.rows if (r["confidence"] or 0.0) >= args.min_confidence]
        if len(found.persons) > 1:
            labels = person_labels(conn, [m.person_id for m in found.persons[:MAX_LISTED]])
    if args.person and not found.persons:
        meant = found.suggestions
        hint = f"; did you mean {' or '.join(repr(n) for n in meant)}?" if meant else ""
        _say(f"no person {args.person!r}{hint}")
    elif len(found.persons) > 1:
        _say(
            f"{args.person!r} matches {len(found.persons)} persons; "
            "their quotes are grouped by person, in this order:"
        )
        for label, match in zip(labels, found.persons, strict=False):
            n = label["quotes"]
            _say(f"  {label['label']} [{match.how}, {n} quote{'s' * (n != 1)}]")
        if len(found.persons) > MAX_LISTED:
            _say(f"  … and {len(found.persons) - MAX_LISTED} more")
    elif args.person and not rows:
        _say(f"no quotes found for {args.person!r}")
    if len(rows) == limit:
        _say(f"showing the first {limit} quotes; --limit N for more, 0 for all")
    for row in rows:
        row["document"] = _short(row["document"])
    columns = ["date", "speaker", "quote", "document", "page"]
    emit(
        rows,
        args.format,
        columns if args.format != "json" else None,
        title="Quotes",
        marks={"quote": "matches"},
        group="person_id" if len(found.persons) > 1 else None,
    )
    return 0


def cmd_persons(args: argparse.Namespace) -> int:
    from pipeline.store import connect_reader, list_persons

    with connect_reader(args.db) as conn:
        rows = list_persons(conn, limit=args.limit)
    columns = ["name", "party", "roles", "aliases", "quotes", "documents", "kind"]
    emit(rows, args.format, columns if args.format != "json" else None, title="Persons")
    return 0


def cmd_themes(args: argparse.Namespace) -> int:
    from pipeline.store import connect_reader, theme_details, theme_summary

    with connect_reader(args.db) as conn:
        if args.trend:
            return _themes_trend(conn, args)
        if args.details:
            rows = theme_details(conn, theme=args.theme)
            for row in rows:
                row["document"] = _short(row["document"])
            columns = ["themes", "polarity", "text", "document", "page"]
        else:
            rows = theme_summary(conn, by=args.by)
            if args.theme:
                rows = [r for r in rows if r["theme"] == args.theme]
            columns = [args.by, "theme", "negative", "positive", "neutral", "total"]
    emit(rows, args.format, columns if args.format != "json" else None, title="Findings")
    return 0


def _themes_trend(conn: sqlite3.Connection, args: argparse.Namespace) -> int:
    """Per municipality and theme: the first report's findings against the last one's."""
    from pipeline.store import theme_details
    from pipeline.themes.trend import FindingRecord, theme_trends

    records = [
        FindingRecord(
            r["document"], r["municipality"], r["date"], tuple(r["themes"]), r["polarity"]
        )
        for r in theme_details(conn, theme=args.theme, limit=NO_LIMIT)
        if r["kind"] == "report"
    ]
    rows = []
    for t in theme_trends(records):
        counts = [
            ", ".join(f"{n} {p}" for p, n in sorted(c.items()) if n) or "none"
            for c in (t.earlier_counts, t.later_counts)
        ]
        rows.append(
            {
                "municipality": t.municipality,
                "theme": t.theme,
                "first": f"{_short(t.earlier)}: {counts[0]}",
                "last": f"{_short(t.later)}: {counts[1]}",
                "verdict": t.verdict,
            }
        )
    columns = ["municipality", "theme", "first", "last", "verdict"]
    emit(rows, args.format, columns, title="Criticism over time (reports)")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from pipeline.store import connect_reader, search_sentences

    if not _searchable(args.query):
        return _usage("search", f"empty search {args.query!r}")
    with connect_reader(args.db) as conn:
        rows = search_sentences(conn, args.query, limit=args.limit or NO_LIMIT)
    for row in rows:
        row["document"] = _short(row["document"])
    columns = ["text", "document", "page", "date"]
    emit(rows, args.format, columns if args.format != "json" else None, marks={"text": "matches"})
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from pipeline.store import open_store

    with open_store(args.db) as store:
        gone = store.prune()
    for path in gone:
        print(inert(f"pruned: {_short(path)}"))
    print(f"{len(gone)} document(s) removed")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.store import connect_reader
    from pipeline.store.export import export_table

    with connect_reader(args.db) as conn:
        n = export_table(conn, args.table, args.format, Path(args.out))
    print(f"{n} rows of {args.table} -> {args.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port <= 65535:
        print(f"dapipe serve: error: bad port {args.port} (see --help)", file=sys.stderr)
        return 2
    try:
        from pipeline.web import serve
    except ImportError as err:  # pragma: no cover - installed without the web extra
        raise CliError(f"the web app needs {err.name}: pip install 'dapipe[web]'") from err
    serve(args.db, host=args.host, port=args.port)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.what == "ner":
        from pipeline.nlp.evaluate import evaluate_ner

        out = Path(args.output) if args.output else None
        print(inert(evaluate_ner(_existing(args.file), model=args.model, output=out).report()))
    elif args.what == "quotes":
        from pipeline.quotes.evaluate import evaluate_quotes

        if not args.docs:
            print("dapipe evaluate: error: quotes needs --docs DIR (see --help)", file=sys.stderr)
            return 2
        docs = Path(args.docs)
        if not docs.is_dir():
            raise CliError(f"{docs}: no such folder")
        result = evaluate_quotes(_existing(args.file), docs, model=args.model, kinds=args.kinds)
        print(inert(result.report(verbose=args.errors)))  # --errors quotes document text
    else:
        from pipeline.themes.evaluate import evaluate_themes

        out = Path(args.output) if args.output else None
        print(inert(evaluate_themes(_existing(args.file), output=out).report()))
    return 0


def _quote_kinds(value: str) -> frozenset[str]:
    """`--kinds direct,unmarked` as a set (an argparse type: errors exit 2)."""
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = kinds - QUOTE_KINDS
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(sorted(unknown)) or repr(value)} "
            f"(choose from {', '.join(sorted(QUOTE_KINDS))})"
        )
    return kinds


def cmd_train(args: argparse.Namespace) -> int:
    if args.what == "ner":
        from pipeline.nlp.train import train_ner

        path = train_ner(
            output=Path(args.output) if args.output else None,
            data_dir=Path(args.data) if args.data else None,
            seed=args.seed,
        )
    else:
        from pipeline.themes.train import train_themes

        path = train_themes(
            data=Path(args.data) if args.data else None,
            output=Path(args.output) if args.output else None,
            seed=args.seed,
        )
    print(f"model written to {path}")
    return 0


# --- plumbing ---------------------------------------------------------------------------


def _existing(path: str) -> Path:
    from pipeline.ingest.errors import NAME_NOT_UTF8, undecodable_name

    p = Path(path)
    shown = undecodable_name(path)
    if shown is not None and p.exists():
        raise CliError(f"{shown}: {NAME_NOT_UTF8}")
    if not p.exists():
        raise CliError(f"{path}: no such file")
    if p.is_dir():
        raise CliError(f"{path}: is a folder, expected a file")
    return p


def _searchable(text: str) -> bool:
    """Whether a search has a word to look for ("", "*", '""' and "___" have none)."""
    from pipeline.store.fts import parse_query

    try:
        parse_query(text)
    except ValueError:
        return False
    return True


def _usage(command: str, message: str) -> int:
    """A usage error found after parsing: one line, exit 2 (as argparse's own)."""
    _say(f"dapipe {command}: error: {message} (see --help)")
    return 2


def _say(message: str) -> None:
    """One line on stderr; names and paths from documents made inert first."""
    print(inert(message), file=sys.stderr)


def _short(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


class _Progress:
    """A progress bar on an interactive stderr (files, pages, words/s, ETA); on anything
    else a line every `every` files, and with -v a line per file."""

    def __init__(self, verbose: bool, every: int = 100) -> None:
        self.counts = {"processed": 0, "skipped": 0, "failed": 0}
        self.verbose, self.every = verbose, max(1, every)
        self.total = 0
        self.pages = self.words = 0
        self._t0: float | None = None  # when the first file was analysed
        self._bar: Any = None
        self._task: Any = None
        self._status: Any = None
        self._tty = sys.stderr.isatty()

    def started(self, total: int) -> None:
        self.total = total
        if not self._tty:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[pages]} pages · {task.fields[rate]} words/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("reading", total=total, pages=0, rate="–")
        self._bar.start()

    def loading(self, model: str, where: str) -> None:
        message = f"loading model {model} ({where})…"
        if self._bar is not None:
            self._bar.update(self._task, description=inert(message))
        elif self.verbose:
            log.info("%s", inert(message))

    def file_done(
        self, path: str, outcome: str, reason: str | None, pages: int, words: int
    ) -> None:
        import time

        self.counts[outcome] += 1
        self.pages += pages
        self.words += words
        if outcome != "skipped" and self._t0 is None:
            self._t0 = time.monotonic()
        log.info("%s", inert(f"{outcome} {_short(path)}" + (f": {reason}" if reason else "")))
        done = sum(self.counts.values())
        if self._bar is not None:
            self._bar.update(
                self._task,
                completed=done,
                description="processing",
                pages=f"{self.pages:,}",
                rate=f"{self.rate():,.0f}",
            )
        elif done % self.every == 0 or done == self.total:
            c = self.counts
            print(
                f"dapipe: {done}/{self.total} files ({c['processed']} processed, "
                f"{c['skipped']} skipped, {c['failed']} failed), {self.pages:,} pages, "
                f"{self.rate():,.0f} words/s",
                file=sys.stderr,
                flush=True,
            )

    def rate(self) -> float:
        import time

        if self._t0 is None:
            return 0.0
        return self.words / max(1e-6, time.monotonic() - self._t0)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dapipe",
        description="Danish reports and news into a searchable database of entities, "
        "quotes and findings.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> Any:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
        p.set_defaults(func=func)
        return p

    p = command("process", cmd_process, "process files and folders into the database")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    _add_db(p)
    _add_model(p)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes, each with its own model (default: one per core)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        help="analyse on Dask: 'local' starts a LocalCluster of --workers workers here; "
        "an address such as tcp://10.0.0.5:8786 uses a running cluster",
    )
    p.add_argument(
        "--out",
        metavar="parquet://DIR",
        help="write partitioned Parquet (a folder per table) instead of the database",
    )
    p.add_argument(
        "--file-timeout",
        type=float,
        default=DEFAULT_FILE_TIMEOUT,
        metavar="SECONDS",
        help=f"fail a file that takes longer, and replace its worker (default "
        f"{DEFAULT_FILE_TIMEOUT:g}; 0: no limit)",
    )
    p.add_argument(
        "--file-memory",
        type=int,
        default=DEFAULT_FILE_MEMORY,
        metavar="MB",
        help=f"fail a file for which a worker grows by more, and replace the worker "
        f"(default {DEFAULT_FILE_MEMORY}; 0: no limit)",
    )
    p.add_argument(
        "--log-every",
        type=int,
        default=100,
        metavar="N",
        help="when stderr is no terminal, a progress line every N files (default 100)",
    )
    p.add_argument("--force", action="store_true", help="re-process unchanged files")
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, read only files matching GLOB (name or path; repeatable)",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, skip files matching GLOB (name or path; repeatable); README*, "
        "LICENSE* and hidden files are skipped by default (name one directly to read it)",
    )

    p = command("status", cmd_status, "what is done and failed, and with PATHs what is pending")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to compare with")
    p.add_argument("--include", action="append", default=[], metavar="GLOB")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    p.add_argument("--limit", type=int, default=20, help="pending files listed (0: all)")
    _add_db(p)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("analyze", cmd_analyze, "print one document's analysis as JSON")
    p.add_argument("file", metavar="FILE")
    _add_model(p)

    p = command("extract", cmd_extract, "print a document's extracted text")
    p.add_argument("file", metavar="FILE")

    p = command("quotes", cmd_quotes, "search quotes by person and/or words")
    p.add_argument("--person", help="name, surname, alias or role ('borgmesteren i Stevns')")
    p.add_argument("--text", help='words in the quote: word, prefix*, "a phrase"')
    p.add_argument("--limit", type=int, default=100, help="most quotes to show (0: all)")
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="only quotes whose speaker is at least this sure (0-1; 0.9: named in the clause)",
    )
    _add_db(p)
    _add_format(p)

    p = command("persons", cmd_persons, "list persons with aliases, roles, party and quotes")
    p.add_argument("--limit", type=int, default=None)
    _add_db(p)
    _add_format(p)

    p = command("themes", cmd_themes, "count findings by theme and polarity")
    p.add_argument("--by", choices=("document", "municipality", "year"), default="document")
    p.add_argument("--details", action="store_true", help="list the finding sentences")
    p.add_argument(
        "--trend",
        action="store_true",
        help="per municipality and theme: did criticism persist or improve between reports",
    )
    p.add_argument("--theme", help="only this theme")
    _add_db(p)
    _add_format(p)

    p = command("search", cmd_search, "full-text search over all sentences")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=50, help="most sentences to show (0: all)")
    _add_db(p)
    _add_format(p)

    p = command("prune", cmd_prune, "remove documents whose files are gone")
    _add_db(p)

    p = command("export", cmd_export, "export a table for pandas/R")
    p.add_argument(
        "--table", choices=("quotes", "findings", "entities", "documents", "persons"), required=True
    )
    p.add_argument("--format", choices=("csv", "jsonl", "parquet"), default="csv")
    p.add_argument("--out", required=True, metavar="PATH")
    _add_db(p)

    p = command("serve", cmd_serve, "the web app")
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    p = command("evaluate", cmd_evaluate, "score a model against gold data")
    p.add_argument("what", choices=("ner", "quotes", "themes"))
    p.add_argument("file", metavar="FILE", help="gold file (.conll or .jsonl)")
    p.add_argument("--docs", metavar="DIR", help="(quotes) folder with the documents' ID.txt")
    p.add_argument(
        "--kinds",
        type=_quote_kinds,
        metavar="K[,K]",
        help="(quotes) score only these gold kinds: direct, unmarked, indirect (default: all)",
    )
    p.add_argument(
        "--errors", action="store_true", help="(quotes) list missed, spurious and wrong speakers"
    )
    p.add_argument("--output", metavar="PRED", help="(ner, themes) write predictions here")
    _add_model(p)

    p = command("train", cmd_train, "rebuild a shipped model from its data")
    p.add_argument("what", choices=("ner", "themes"))
    p.add_argument("--data", help="data folder or file (default: the shipped sources)")
    p.add_argument("--output", help="model folder (default: models/)")
    p.add_argument("--seed", type=int, default=0)
    return parser


def _expected_errors() -> tuple[type[BaseException], ...]:
    """The errors printed as one line. A stage's own error class counts only once the
    stage is loaded (an error cannot come from a stage never imported), so that a
    search command's error path does not load the NLP stack either."""
    errors: list[type[BaseException]] = [
        CliError,
        FileNotFoundError,
        ValueError,
        sqlite3.Error,
        OSError,
    ]
    for module, name in (("pipeline.ingest", "IngestError"), ("pipeline.nlp", "NlpLoadError")):
        error = getattr(sys.modules.get(module), name, None)
        if isinstance(error, type) and issubclass(error, BaseException):
            errors.append(error)
    return tuple(errors)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:  # its warnings restate what our one-line error already says
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("dapipe: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        if isinstance(err, _expected_errors()):
            path = getattr(err, "path", None)  # IngestError keeps the path apart from the reason
            where = f"{_short(path)}: " if isinstance(path, str) and path not in str(err) else ""
            _say(f"dapipe: error: {where}{err}")
            log.debug("details", exc_info=True)
            return 1
        raise


if __name__ == "__main__":  # python -m pipeline.cli, as python -m pipeline
    raise SystemExit(main())
