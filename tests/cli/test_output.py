"""Output never changes the text: brackets and markup print as written, terminals stay inert."""

from __future__ import annotations

import io
import json

import pytest

from pipeline.cli import main
from pipeline.core import Analysis, Block, Document, Person, Quote, Sentence
from pipeline.output import emit, inert, styled
from pipeline.store import Store

QUOTES = [
    "Vi har [red.: kommunen] ikke haft styr på sagerne",
    "Det var [kommunens] ansvar, ikke vores",
    "Sagsbehandlingstiden er [/] alt for lang",
    "Skriv [bold]fedt[/bold] og [link=x]her[/link]",
]
HOSTILE = "Rådhuset\x1b]0;hacked\x07 lukker\x1b[2J nu \u202eoverride\u202c slut\x9b31m"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _db(tmp_path):
    blocks = [Block(f"– {q}, siger Bent Ravn.") for q in [*QUOTES, HOSTILE]]
    doc = Document.from_blocks(
        str(tmp_path / "ravn\x1b[31m-2024.txt"),
        blocks,
        kind="news",
        date="2024-05-02",
        sha256="e" * 64,
    )
    quotes = [Quote(b.text[2:].split(", siger")[0], b.start + 2, 0) for b in doc.blocks]
    for q in quotes:
        q.end, q.speaker = q.start + len(q.text), "Bent Ravn"
    sentences = [Sentence(b.text, b.start, b.end) for b in doc.blocks]
    analysis = Analysis(doc, sentences, [], [Person("Bent Ravn", aliases=["Ravn"])], quotes, [])
    path = tmp_path / "o.sqlite"
    with Store(path) as store:
        store.save(analysis)
    return path


def test_inert_removes_escapes_controls_and_bidi_but_keeps_text():
    assert inert(HOSTILE) == "Rådhuset lukker nu override slut"
    for quote in QUOTES:
        assert inert(quote) == quote
    assert inert("to\tfelter\nog linjer") == "to\tfelter\nog linjer"
    assert inert("\u2066isolat\u2069 \u202aindlejret\u202c") == "isolat indlejret"


def test_styled_keeps_the_text_and_moves_spans_past_removed_characters():
    assert styled("Sagsbehandlingstiden er [/] lang", [(0, 20)]) == (
        "Sagsbehandlingstiden er [/] lang",
        [(0, 20)],
    )
    text, spans = styled("a\x1b[1mb sag", [(7, 10)])  # the removed escape shifts the span
    assert text == "ab sag" and [text[s:e] for s, e in spans] == ["sag"]


def test_hits_are_styled_on_a_terminal_and_plain_in_a_pipe():
    rows = [{"quote": "Sagsbehandlingstiden er [/] for lang", "matches": [(0, 20)]}]
    tty, pipe = Tty(), io.StringIO()
    for out in (tty, pipe):
        emit(rows, "table", ["quote"], out=out, marks={"quote": "matches"})
    assert "\x1b[1;7mSagsbehandlingstiden\x1b[0m er [/] for lang" in tty.getvalue()
    assert "Sagsbehandlingstiden er [/] for lang" in pipe.getvalue()
    assert "\x1b" not in pipe.getvalue()


def test_long_cells_wrap_at_spaces_and_groups_get_a_rule():
    long = " ".join(["sagsbehandlingen"] * 30)
    rows = [
        {"who": "Ib", "quote": long},
        {"who": "Ib", "quote": "kort"},
        {"who": "Bo", "quote": "x"},
    ]
    out = io.StringIO()
    emit(rows, "table", ["who", "quote"], out=out, group="who")
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 160 for line in lines)
    assert len({len(line) for line in lines}) == 1  # every line of the box is as wide
    body = [line.strip("│ ").split("│")[-1].strip() for line in lines if line.startswith("│")]
    assert " ".join(w for line in body[:-2] for w in line.split()) == long  # nothing lost
    assert sum(line.startswith("├") for line in lines) == 1  # one rule: between Ib and Bo


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_table_and_csv_print_brackets_as_written(fmt):
    out = io.StringIO()
    emit([{"quote": q} for q in QUOTES], fmt, ["quote"], out=out)
    printed = out.getvalue()
    for quote in QUOTES:
        assert quote in printed


def test_quotes_command_keeps_every_word_and_stays_inert(tmp_path, capsys):
    db = str(_db(tmp_path))
    assert main(["quotes", "--text", "sagsbehandlingstid", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Sagsbehandlingstiden er [/] alt for lang" in out  # the hit itself is not lost
    assert main(["quotes", "--person", "Ravn", "--db", db, "--limit", "0"]) == 0
    out = capsys.readouterr().out
    for quote in QUOTES:
        assert quote in out
    assert "Rådhuset lukker nu override slut" in out
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
    assert main(["search", "sagsbehandlingstid", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "[/]" in out and "\x1b" not in out


def test_json_to_a_pipe_is_exact_and_to_a_terminal_inert(tmp_path, capsys):
    db = str(_db(tmp_path))
    assert main(["quotes", "--person", "Ravn", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["quote"] for r in rows} == {*QUOTES, HOSTILE}
    tty = Tty()
    emit([{"quote": HOSTILE, "n": 1}], "json", out=tty)
    assert json.loads(tty.getvalue()) == [{"quote": inert(HOSTILE), "n": 1}]
    tty = Tty()
    emit([{"quote": HOSTILE}], "csv", ["quote"], out=tty)
    assert tty.getvalue() == f"quote\n{inert(HOSTILE)}\n"


def test_error_messages_with_hostile_file_names_are_inert(tmp_path, capsys):
    name = tmp_path / "tom\x1b]0;titel\x07.txt"
    name.write_bytes(b"")
    assert main(["extract", str(name)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "tom.txt" in err


def test_extract_is_exact_to_a_pipe_and_inert_on_a_terminal(tmp_path, capsys, monkeypatch):
    import sys

    page = tmp_path / "notat.txt"
    page.write_text(f"Referat fra mødet i udvalget.\n\n{HOSTILE}\n", encoding="utf-8")
    assert main(["extract", str(page)]) == 0
    exact = capsys.readouterr().out
    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["extract", str(page)]) == 0
    assert tty.getvalue() == inert(exact)
    assert "Referat fra mødet i udvalget." in tty.getvalue()
    assert "\x1b" not in tty.getvalue() and "\u202e" not in tty.getvalue()


def test_wide_and_combining_characters_keep_the_box_aligned():
    rows = [
        {"who": "Åse", "quote": "Bo\u0308rn i Tōkyō og 東京都 får hjælp"},  # a combining mark
        {"who": "Ib", "quote": "東京" * 50},  # wide characters, wrapped
    ]
    out = io.StringIO()
    emit(rows, "table", ["who", "quote"], out=out)
    lines = out.getvalue().splitlines()
    from pipeline.output import _width

    assert len({_width(line) for line in lines}) == 1
    assert "Bo\u0308rn i Tōkyō og 東京都 får hjælp" in out.getvalue()
    assert (
        "".join(line.split("│")[2].strip() for line in lines if line.startswith("│"))[-100:]
        == "東京" * 50
    )
