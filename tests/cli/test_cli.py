"""The command line as ../shared/contract.md fixes it: help, usage errors, clean failures."""

import subprocess
import sys

import pytest

from pipeline.cli import main

COMMANDS = [
    "process",
    "analyze",
    "extract",
    "quotes",
    "persons",
    "themes",
    "evaluate",
    "train",
    "serve",
    "prune",
    "export",
    "search",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert command in capsys.readouterr().out


def test_usage_error_is_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["themes", "--by", "colour"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--by" in err


def test_unknown_command_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "no/such/file.pdf"],
        ["analyze", "no/such/file.txt"],
        ["process", "no/such/folder"],
        ["evaluate", "themes", "no/such/gold.jsonl"],
    ],
)
def test_missing_input_names_the_path(argv, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "no/such/" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_search_commands_refuse_a_missing_database(tmp_path, capsys):
    for argv in (["quotes", "--person", "X"], ["persons"], ["themes"]):
        assert main([*argv, "--db", str(tmp_path / "none.sqlite")]) == 1
        assert "no such database" in capsys.readouterr().err


def test_serve_refuses_a_missing_database(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "no such database" in capsys.readouterr().err  # the web app: tests/web


def test_python_dash_m_is_the_same_program():
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "process" in out and "quotes" in out


def test_broken_input_names_path_and_reason(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty)]) == 1
    err = capsys.readouterr().err.strip()
    assert "empty.txt" in err and "empty" in err.split("empty.txt", 1)[1]
    assert len(err.splitlines()) == 1


def test_evaluate_quotes_without_docs_is_a_usage_error(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"document": "a", "quote": "Hej", "speaker": null}\n', encoding="utf-8")
    assert main(["evaluate", "quotes", str(gold)]) == 2
    assert "--docs" in capsys.readouterr().err


def test_html_without_article_gives_exactly_one_line(tmp_path):
    page = tmp_path / "tom.html"
    page.write_text("<html><body><nav>Forside</nav></body></html>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(page)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"dapipe: error: {page}: no article text found in HTML"
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["quotes", "--text", "   "],
        ["quotes", "--text", '""'],
        ["quotes", "--person", "–"],
        ["search", "*"],
        ["search", "___"],
    ],
)
def test_an_empty_search_is_a_usage_error(argv, tmp_path, capsys):
    assert main([*argv, "--db", str(tmp_path / "none.sqlite")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "empty" in err


def test_a_person_longer_than_any_name_is_a_usage_error_not_sqlites(tmp_path, capsys):
    from pipeline.store import open_store

    db = tmp_path / "t.sqlite"
    open_store(db).close()
    person = " ".join(f"ord{k}" for k in range(600))  # one SQL term each, past SQLite's 500
    assert main(["quotes", "--person", person, "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("dapipe quotes: error: a person of 600 words")
    assert "SELECT" not in err and len(err.splitlines()) == 1


def test_a_newer_database_is_one_clear_line(tmp_path, capsys):
    import sqlite3

    from pipeline.store.schema import SCHEMA_VERSION

    path = tmp_path / "ny.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for argv in (["quotes", "--person", "Holm"], ["prune"]):
        assert main([*argv, "--db", str(path)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "newer" in err and "Traceback" not in err


@pytest.mark.parametrize("module", ["pipeline", "pipeline.cli"])
def test_both_module_forms_run_the_program(module):
    done = subprocess.run(
        [sys.executable, "-m", module, "prune", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "usage: dapipe prune" in done.stdout
