"""The two real articles in ../shared/examples, annotated by us (speakers in text order only;
their text stays out of the project). Skipped where ../shared is not beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.ingest import extract

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "examples"

MAYOR, CHAIR, DIRECTOR, TASK_FORCE = (
    "Anette Mortensen",
    "Steen S. Hansen",
    "Ralf Klitgaard Jensen",
    "Task Forcen",
)
SPEAKERS = {
    # seven dash paragraphs: by name, role, pronoun, continuation and nominal cues
    "stevns-2018-genopretningsplan.txt": [MAYOR] * 7,
    # the report's wording in ‘…’, then the mayor, the committee chair and the director; the
    # joint promise of mayor and chair ("lover såvel borgmesteren som udvalgsformanden, at …")
    # counts for the first named
    "stevns-2020-statusrapport.txt": [TASK_FORCE] * 5
    + [MAYOR, CHAIR, TASK_FORCE, DIRECTOR, DIRECTOR, CHAIR, MAYOR, MAYOR, CHAIR],
}


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="../shared/examples is not beside the repo")
@pytest.mark.parametrize("name", sorted(SPEAKERS))
def test_real_articles_give_every_quote_its_speaker(full_nlp: Language, name: str) -> None:
    doc = full_nlp(extract(EXAMPLES / name).text)
    assert [quote.speaker for quote in doc._.quotes] == SPEAKERS[name]
