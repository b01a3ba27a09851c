"""Batch processing: skip unchanged, replace changed, report broken, scale out on Dask."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.batch import find_files, process
from pipeline.paths import CORPORA_DIR
from pipeline.store import connect_reader


def _news(n: int) -> list:
    return sorted((CORPORA_DIR / "news").glob("*.txt"))[:n]


def _quote_rows(db):
    with connect_reader(db) as conn:
        return conn.execute(
            "SELECT d.path, q.text, q.speaker FROM quotes q "
            "JOIN documents d ON d.id = q.document_id "
            "ORDER BY d.path, q.start"
        ).fetchall()


def test_find_files_walks_folders_and_filters_suffixes(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "b.PDF").write_bytes(b"%PDF")
    (tmp_path / "c.png").write_bytes(b"png")
    found = [p.name for p in find_files([tmp_path])]
    assert found == ["b.PDF", "a.txt"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        find_files([tmp_path / "nowhere"])


def test_changed_file_is_replaced_not_duplicated(tmp_path):
    src = _news(1)[0]
    article = tmp_path / src.name
    shutil.copy(src, article)
    db = tmp_path / "t.sqlite"
    first = process([article], db=db)
    assert first.processed == [str(article)]
    n_quotes = len(_quote_rows(db))
    assert n_quotes > 0
    article.write_text(
        src.read_text(encoding="utf-8") + "\n\n– Det her er en ny sætning, siger Ulla Bak.\n",
        encoding="utf-8",
    )
    second = process([tmp_path], db=db)
    assert second.processed == [str(article)] and not second.skipped
    rows = _quote_rows(db)
    assert len(rows) == n_quotes + 1
    assert len(set(rows)) == len(rows)
    assert process([tmp_path], db=db).skipped == [str(article)]


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("dask.distributed")
    with pytest.raises(ValueError, match="cannot reach the Dask scheduler"):
        process(_news(1), db=tmp_path / "t.sqlite", scheduler="tcp://127.0.0.1:1")


def test_file_that_disappears_mid_run_is_recorded_and_the_rest_processed(tmp_path):
    files = []
    for src in _news(3):
        shutil.copy(src, tmp_path / src.name)
        files.append(tmp_path / src.name)
    doomed = files[1]

    def delete_after_first(path, outcome, reason):
        if path == str(files[0]) and doomed.exists():
            doomed.unlink()

    db = tmp_path / "t.sqlite"
    report = process([tmp_path], db=db, on_file=delete_after_first)
    assert report.processed == [str(files[0]), str(files[2])]
    assert [p for p, _ in report.failed] == [str(doomed)]
    assert "cannot read file" in report.failed[0][1]
    with connect_reader(db) as conn:
        row = conn.execute("SELECT status, error FROM documents WHERE path = ?", (str(doomed),))
        status, error = row.fetchone()
    assert status == "failed" and "cannot read file" in error


def test_unusable_database_path_is_named(tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_bytes(b"\x00\x01 this is not sqlite " * 200)
    with pytest.raises(ValueError, match=r"notes\.txt: cannot open database"):
        process(_news(1), db=not_db)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killed_worker_run_leaves_no_workers_behind(tmp_path, children_of):
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(40):
        text = f"- Vi åbner skole nummer {i} til august, siger borgmester Lise Holm.\n\nSlut."
        (folder / f"n{i}.txt").write_text(text, encoding="utf-8")
    argv = [sys.executable, "-m", "pipeline", "process", str(folder), "--workers", "2"]
    run = subprocess.Popen([*argv, "--db", str(tmp_path / "k.sqlite")], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and run.poll() is None:
        workers = children_of(run.pid)
        time.sleep(0.05)
    assert workers, "the run started no worker processes"
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived the killed run"
