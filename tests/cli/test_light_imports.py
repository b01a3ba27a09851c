"""The store stands alone: searching loads neither spaCy nor the NLP, quote or theme stages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.core import Analysis, Block, Document, Finding, Person, Quote, Sentence
from pipeline.store import Store

HEAVY = ("spacy", "thinc", "sklearn", "pipeline.nlp", "pipeline.quotes", "pipeline.themes")
HEAVY += ("pipeline.ingest", "pipeline.analysis", "pipeline.batch")

# Runs a command in a fresh interpreter and prints the heavy modules it loaded.
PROBE = """
import json, sys
from pipeline.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.startswith({heavy!r}))
print(json.dumps({{"code": code, "heavy": heavy}}), file=sys.stderr)
"""


def _loaded(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_importing_the_store_and_the_cli_loads_no_spacy():
    code = (
        "import sys, pipeline.store, pipeline.cli, pipeline.output\n"
        f"heavy = [m for m in sys.modules if m.startswith({HEAVY!r})]\n"
        "assert 'spacy' not in sys.modules, heavy\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    text = "Vi skal bruge færre vikarer i hjemmeplejen"
    blocks = [Block(f"– {text}, siger ældrechef Grethe Dam."), Block("Ledelsen svigter.")]
    doc = Document.from_blocks(
        "/stevns-hjemmepleje.txt", blocks, sha256="f" * 64, date="2024-01-09"
    )
    doc.municipality = "Stevns"
    person = Person("Grethe Dam", aliases=["Dam"], roles=["ældrechef"])
    quote = Quote(text, 2, 2 + len(text), speaker="Grethe Dam")
    finding = Finding(blocks[1].text, blocks[1].start, blocks[1].end, ["leadership"], "negative")
    sentences = [Sentence(b.text, b.start, b.end) for b in doc.blocks]
    path = tmp_path_factory.mktemp("light") / "l.sqlite"
    with Store(path) as store:
        store.save(Analysis(doc, sentences, [], [person], [quote], [finding]))
    return str(path)


@pytest.mark.parametrize(
    "argv",
    [
        ["quotes", "--person", "Dam"],
        ["quotes", "--person", "ældrechefen i Stevns", "--text", "vikar*", "--format", "json"],
        ["quotes", "--person", "Dan"],  # no such person: a suggestion, still nothing heavy
        ["persons"],
        ["themes", "--by", "municipality"],
        ["themes", "--details"],
        ["search", "hjemmepleje"],
        ["export", "--table", "quotes", "--format", "csv", "--out", "-"],
    ],
)
def test_search_commands_load_nothing_heavy(db, argv, tmp_path):
    if argv[-1] == "-":
        argv = [*argv[:-1], str(tmp_path / "quotes.csv")]
    result = _loaded(*argv, "--db", db)
    assert result == {"code": 0, "heavy": []}


def test_an_error_in_a_search_command_loads_nothing_heavy(tmp_path):
    probe = PROBE.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe, "quotes", "--person", "X", "--db", str(tmp_path / "no.db")],
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result == {"code": 1, "heavy": []}
    assert "no such database" in done.stderr
