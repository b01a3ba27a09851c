"""Batch processing at scale: workers, Dask, limits, interruption and the same database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import batch_status, process
from pipeline.cli import main
from pipeline.store.snapshot import contents
from pipeline.workers import Limits

ARTICLES = [
    (
        "Ny cykelsti i Vesterå",
        "Kommunen bygger en cykelsti langs landevejen til næste sommer.",
        "- Vi har ventet længe på den, siger formand for skolebestyrelsen Rikke Vad.",
    ),
    (
        "Plejehjemmet mangler vikarer",
        "Personalet på plejehjemmet i Nørreby løber stærkt, viser en ny opgørelse.",
        "- Det går ud over de ældre, siger ældrechef Grethe Dam til avisen.",
    ),
    (
        "Byrådet vedtager budget",
        "Byrådet i Vesterå vedtog i aftes budgettet med et stort flertal.",
        "- Vi prioriterer skolerne, siger borgmester Anders Krog.",
    ),
    (
        "Borgmester Krog besøger skolen",
        "Borgmester Anders Krog så i går den nye gymnastiksal på Vesterå Skole.",
        "- Salen er blevet flot, siger Krog, som selv har gået på skolen.",
    ),
]


def _corpus(folder: Path, n: int) -> list[Path]:
    """`n` small articles of our own, persons recurring so that they must merge."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        title, lead, quote = ARTICLES[i % len(ARTICLES)]
        path = folder / f"artikel-{i:03d}.txt"
        path.write_text(f"{title} ({i})\n\n{lead}\n\n{quote}\n", encoding="utf-8")
        files.append(path)
    return files


def test_second_model_in_one_process_is_not_the_first_one(tmp_path):
    spacy = pytest.importorskip("spacy")
    blank = tmp_path / "blank-da"
    spacy.blank("da").to_disk(blank)
    files = _corpus(tmp_path / "news", 1)
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    process(files, db=first)
    process(files, db=second, model=str(blank))
    entities = [len(contents(db)["entities"]) for db in (first, second)]
    assert entities[0] > 0  # the embedded model finds the persons
    assert entities[1] == 0  # a blank pipeline has no NER: it was really used


def test_unavailable_model_is_reported_once_and_no_file_recorded(tmp_path, capsys):
    from pipeline.nlp import NlpLoadError

    files = _corpus(tmp_path / "news", 3)
    db = tmp_path / "t.sqlite"
    with pytest.raises(NlpLoadError):
        process(files, db=db, model="nosuch")
    assert batch_status(db, files).failed == []
    # through the CLI the worker processes load it, and it is said once, not once a file
    argv = ["process", str(tmp_path / "news"), "--db", str(db), "--model", "nosuch"]
    assert main([*argv, "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("nosuch") == 1, err
    status = batch_status(db, files)
    assert status.done == 0 and status.failed == [] and len(status.pending or []) == 3


def test_file_over_the_time_limit_fails_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "arkiv"
    long_text = " ".join(
        f"Udvalget drøftede punkt {i} om skolernes økonomi og besluttede at vente."
        for i in range(9000)
    )
    (folder).mkdir()
    (folder / "a-lang.txt").write_text(f"Referat\n\n{long_text}\n", encoding="utf-8")
    small = _corpus(folder, 2)
    report = process(
        [folder], db=tmp_path / "t.sqlite", in_process=False, limits=Limits(timeout=2.0)
    )
    assert report.failed == [(str(folder / "a-lang.txt"), "took longer than 2 s (--file-timeout)")]
    assert report.processed == [str(p) for p in small]
    assert report.workers_replaced == 1
    status = batch_status(tmp_path / "t.sqlite")
    assert status.done == 2 and status.failed == report.failed


def test_file_over_the_memory_limit_fails_and_its_worker_is_replaced(tmp_path):
    folder = tmp_path / "arkiv"
    folder.mkdir()
    words = " ".join(f"ord{i} og" for i in range(150_000))  # some 300,000 tokens at once
    (folder / "a-stor.txt").write_text(f"Bilag\n\n{words}\n", encoding="utf-8")
    small = _corpus(folder, 1)
    report = process(
        [folder],
        db=tmp_path / "t.sqlite",
        in_process=False,
        limits=Limits(timeout=None, memory_mb=60),
    )
    assert report.failed == [
        (str(folder / "a-stor.txt"), "needed more than 60 MB of memory (--file-memory)")
    ]
    assert report.processed == [str(p) for p in small]
    assert report.workers_replaced == 1


def test_local_workers_and_a_dask_cluster_give_the_same_database(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    files = _corpus(tmp_path / "news", 6)
    local, dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    one = process(files, db=tmp_path / "one.sqlite")
    two = process(files, db=local, workers=2, in_process=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = process(files, db=dask, scheduler=cluster.scheduler_address)
    assert one.processed == two.processed == on_dask.processed == [str(f) for f in files]
    assert len(two.peak_rss_mb) == 2 and len(on_dask.peak_rss_mb) == 2
    assert contents(local)["quotes"] and contents(local)["persons"]
    assert contents(dask) == contents(local) == contents(tmp_path / "one.sqlite")


@pytest.mark.slow
def test_scheduler_local_starts_a_dask_cluster_of_the_workers_asked_for(tmp_path):
    pytest.importorskip("dask.distributed")
    files = _corpus(tmp_path / "news", 4)
    process(files, db=tmp_path / "one.sqlite")
    report = process(files, db=tmp_path / "dask.sqlite", workers=2, scheduler="local")
    assert report.processed == [str(f) for f in files]
    assert len(report.peak_rss_mb) == 2
    assert contents(tmp_path / "dask.sqlite") == contents(tmp_path / "one.sqlite")


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killed_run_leaves_no_workers_and_resumes_to_the_same_database(tmp_path, children_of):
    folder = tmp_path / "news"
    files = _corpus(folder, 36)  # enough that the kill lands mid-run on a loaded machine too
    clean = tmp_path / "clean.sqlite"
    process(files, db=clean)
    db = tmp_path / "killed.sqlite"
    argv = [sys.executable, "-m", "pipeline", "process", str(folder), "--db", str(db)]
    run = subprocess.Popen([*argv, "--workers", "2"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    workers: set[int] = set()
    while time.monotonic() < deadline and run.poll() is None and _stored(db) < 1:
        workers |= children_of(run.pid)
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed"
    workers |= children_of(run.pid)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert 1 <= _stored(db) < len(files)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived the killed run"
    resumed = process([folder], db=db)
    assert resumed.skipped and resumed.processed and not resumed.failed
    assert contents(db) == contents(clean)


def test_parquet_output_has_the_database_rows_and_resumes(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    files = _corpus(tmp_path / "news", 5)
    db, folder = tmp_path / "t.sqlite", tmp_path / "parts"
    process(files, db=db)
    report = process(files, out=f"parquet://{folder}")
    assert report.processed == [str(f) for f in files]
    quotes = pq.read_table(folder / "quotes").to_pylist()
    stored = contents(db)
    assert sorted(q["text"] for q in quotes) == sorted(
        r[4]
        for r in stored["quotes"]  # (id, document_id, person_id, speaker, text, ...)
    )
    documents = pq.read_table(folder / "documents").to_pylist()
    assert sorted(d["path"] for d in documents) == [str(f) for f in files]
    # a part a killed run left without its documents part is dropped; done files are skipped
    stray = folder / "quotes" / "part-99999999999999999999-1.parquet"
    stray.write_bytes((folder / "quotes").glob("*.parquet").__next__().read_bytes())
    again = process(files, out=f"parquet://{folder}")
    assert again.skipped == report.processed and not again.processed
    assert not stray.exists()
    assert len(pq.read_table(folder / "quotes").to_pylist()) == len(quotes)
