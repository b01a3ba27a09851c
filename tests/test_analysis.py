"""What ingest knew rides on the Doc: bylines and captions never reach persons or quotes."""

from __future__ import annotations

from pathlib import Path

import pipeline
from pipeline.analysis import build_pipeline, document_doc
from pipeline.core.vocab import BLOCKS_SPAN_KEY, NOT_ARTICLE_SPAN_KEY
from pipeline.ingest import extract

ARTICLE = (
    "Ny bro over åen bliver dyrere\n\n"
    "Vesterå - 3. marts 2022 kl. 09:15 Af Pia Lund Kontakt redaktionen\n\n"
    "Broen over åen ved Vesterå bliver to millioner kroner dyrere end ventet. "
    "Foto: Ole Bak - TV2 ØST\n\n"
    "- Vi må finde pengene et andet sted, siger borgmester Karen Vinther.\n\n"
    "Byrådet skal tage stilling til sagen i april."
)


def test_blocks_and_metadata_ride_on_the_doc(tmp_path: Path) -> None:
    path = tmp_path / "bro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    document = extract(path)
    doc = document_doc(document, build_pipeline())
    labels = {span.label_ for span in doc.spans[BLOCKS_SPAN_KEY]}
    assert {"byline", "caption"} <= labels
    silent = [span.text for span in doc.spans[NOT_ARTICLE_SPAN_KEY]]
    assert any("Pia Lund" in text for text in silent)
    assert any(text.startswith("Foto: Ole Bak") for text in silent)
    assert doc._.document["authors"] == ["Pia Lund"]


def test_reporters_and_photographers_are_no_persons(tmp_path: Path) -> None:
    path = tmp_path / "bro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = pipeline.analyze(path)
    names = {person.name for person in result.persons}
    assert "Karen Vinther" in names
    assert not [name for name in names if "Pia" in name or "Ole Bak" in name]
    assert [quote.speaker for quote in result.quotes] == ["Karen Vinther"]
