"""Hostile file names in a batch: the rest are processed, the bad one listed readably."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from pipeline.batch import process
from pipeline.cli import main
from pipeline.ingest.errors import NAME_NOT_UTF8, undecodable_name
from pipeline.output import emit
from pipeline.store import connect_reader

GOOD = "Skolen i Nørreby får ny gymnastiksal\n\nByrådet vedtog i går at bygge salen til næste år.\n"


def _folder_with_bad_name(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "arkiv"
    root.mkdir()
    (root / "sal.txt").write_text(GOOD, encoding="utf-8")
    bad = Path(os.fsdecode(os.fsencode(root) + b"/d\xe5rlig\xff.txt"))
    try:
        bad.write_text("Borgmesteren lovede flere cykelstier.\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    return root, bad


def test_escaped_name_only_for_names_that_are_not_utf8():
    assert undecodable_name("/arkiv/sø.txt") is None
    shown = undecodable_name(os.fsdecode(b"/arkiv/s\xf8.txt"))
    assert shown == "/arkiv/s\\xf8.txt"
    assert shown.encode("utf-8")  # printable and storable as it is


def test_a_name_that_is_not_utf8_fails_alone_and_is_listed(tmp_path: Path, capsys):
    root, _ = _folder_with_bad_name(tmp_path)
    db = tmp_path / "t.sqlite"
    assert main(["process", str(root), "--db", str(db)]) == 1  # a failure, not an abort
    captured = capsys.readouterr()
    assert "1 processed" in captured.out and "1 failed" in captured.out
    assert "d\\xe5rlig\\xff.txt" in captured.err and NAME_NOT_UTF8 in captured.err
    with connect_reader(db) as conn:
        rows = {
            Path(p).name: (s, e)
            for p, s, e in conn.execute("SELECT path, status, error FROM documents")
        }
    assert rows["sal.txt"][0] == "ok"
    assert rows["d\\xe5rlig\\xff.txt"][1] == NAME_NOT_UTF8
    again = process([root], db=db)  # a re-run goes on the same way
    assert [Path(p).name for p in again.skipped] == ["sal.txt"]
    assert [Path(p).name for p, _ in again.failed] == ["d\\xe5rlig\\xff.txt"]


def test_analyze_on_such_a_name_is_one_clear_line_and_no_json(tmp_path: Path, capsys):
    _, bad = _folder_with_bad_name(tmp_path)
    assert main(["analyze", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "d\\xe5rlig\\xff.txt" in captured.err and NAME_NOT_UTF8 in captured.err


def test_json_that_cannot_be_encoded_is_not_half_written():
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    rows = [{"title": "Ny sal " * 2000, "path": os.fsdecode(b"/arkiv/s\xf8.txt")}]
    with pytest.raises(UnicodeEncodeError):
        emit(rows, "json", out=out, unwrap=True)
    out.flush()
    assert raw.getvalue() == b""
