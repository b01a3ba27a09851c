"""Every kind of bad input in `fault_corpus.py`, in one batch with good files: each gets the
outcome it should (stored, stored with a warning, failed with a reason, or not read), the
batch never aborts, and a re-run adds nothing."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

from pipeline.batch import process

_spec = importlib.util.spec_from_file_location(
    "fault_corpus", Path(__file__).with_name("fault_corpus.py")
)
assert _spec and _spec.loader
fault_corpus = importlib.util.module_from_spec(_spec)
sys.modules["fault_corpus"] = fault_corpus  # dataclasses look their module up
_spec.loader.exec_module(fault_corpus)

FAULTS = fault_corpus.FAULTS


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("fejl")
    folder = root / "filer"
    written = fault_corpus.build(folder)
    db = root / "fejl.sqlite"
    report = process([folder], db=db)
    return folder, db, report, {f.name for f in written}


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_each_fault_has_its_outcome(batch, fault):
    _, db, report, written = batch
    if fault.name not in written:
        pytest.skip(f"needs {fault.needs}")
    got = fault_corpus.outcomes(db)
    if fault.expect == "ignored":
        assert fault.filename not in got
        assert report.ignored.get(fault.reason, 0) >= 1, report.ignored
        return
    status, why = got[fault.filename]
    assert (status, fault.reason in why) == (fault.expect, True), why


def test_the_batch_went_on_and_a_rerun_adds_nothing(batch):
    folder, db, report, written = batch
    stored = [f for f in FAULTS if f.name in written and f.expect != "ignored"]
    assert len(report.processed) + len(report.failed) == len(stored)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT count(*), max(id) FROM documents").fetchone()
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = process([folder], db=db)
    assert again.processed == []
    assert sorted(again.skipped) == sorted(report.processed)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), max(id) FROM documents").fetchone() == before


def test_a_docx_cannot_make_dapipe_read_another_file(batch):
    _, db, _, _ = batch
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute(
            "SELECT text FROM documents WHERE path LIKE '%docx-xxe.docx'"
        ).fetchone()
    assert "Kommunen har styr på fristerne" in text
    assert fault_corpus.SECRET not in text
