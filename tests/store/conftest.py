"""Literal analyses for store tests: no NLP needed, so the store is tested on its own."""

from __future__ import annotations

import pytest

from pipeline.core import Analysis, Block, Document, Entity, Finding, Person, Quote, Sentence


def make_analysis(
    path: str = "/data/stevns-2020.txt",
    sha: str = "a" * 64,
    date: str = "2020-07-07",
    municipality: str | None = "Stevns",
    quotes: list[tuple[str, str | None]] | None = None,
    persons: list[Person] | None = None,
) -> Analysis:
    """A news article with quotes given as (text, speaker) pairs, one paragraph each."""
    quotes = quotes or [
        ("Vi har lagt et godt fundament for sagsbehandlingen", "Anette Mortensen"),
        ("Sagsbehandlingstiden er stadig for lang", "Steen S. Hansen"),
    ]
    persons = persons or [
        Person(
            "Anette Mortensen",
            aliases=["Mortensen", "borgmester Anette Mortensen", "borgmesteren"],
            roles=["borgmester"],
            party="V",
            gender="f",
        ),
        Person(
            "Steen S. Hansen",
            aliases=["Steen Hansen", "Hansen", "udvalgsformanden"],
            roles=["udvalgsformand"],
            party="S",
            gender="m",
        ),
    ]
    blocks = [Block("Kommunen får ros og ris", kind="heading", page=1)]
    blocks += [Block(f"– {text}, siger {speaker}.", page=1) for text, speaker in quotes]
    blocks.append(
        Block("Task Forcen vurderer, at ledelsestilsynet ikke er tilstrækkeligt.", page=2)
    )
    doc = Document.from_blocks(
        path,
        blocks,
        kind="news",
        title="Kommunen får ros og ris",
        date=date,
        municipality=municipality,
        page_count=2,
        sha256=sha,
    )
    sentences = [Sentence(b.text, b.start, b.end, page=b.page) for b in doc.blocks]
    qs = []
    for (text, speaker), block in zip(quotes, doc.blocks[1:], strict=False):
        start = block.start + 2
        qs.append(Quote(text, start, start + len(text), cue="siger", speaker=speaker))
    last = doc.blocks[-1]
    findings = [
        Finding(
            last.text,
            last.start,
            last.end,
            ["leadership"],
            "negative",
            scores={"leadership": 0.9},
            page=2,
        )
    ]
    entities = [Entity(municipality or "Stevns", "KOMMUNE", 0, 6)]
    return Analysis(doc, sentences, entities, persons, qs, findings)


@pytest.fixture
def analysis_factory():
    return make_analysis
