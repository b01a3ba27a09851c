"""DOCX readers under strain: style names cached per style id, unpacked-size limits."""

from __future__ import annotations

from pathlib import Path

import docx

from pipeline.ingest import extract
from pipeline.ingest.docxfile import StyleNames


def _write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Trafikplan for Vestby", level=1)
    document.add_paragraph("Kommunen vil sænke farten på Skolevej.")
    document.add_paragraph("Nye fodgængerfelter", style="List Bullet")
    document.add_heading("Økonomi", level=2)
    document.add_paragraph("Planen koster to millioner kroner.")
    document.add_paragraph("Flere cykelstier", style="List Bullet")
    document.save(str(path))


def test_cached_style_names_are_python_docx_names(tmp_path: Path):
    path = tmp_path / "plan.docx"
    _write_docx(path)
    paragraphs = docx.Document(str(path)).paragraphs
    style_of = StyleNames()
    names = [style_of(p) for p in paragraphs]
    assert names == [p.style.name for p in paragraphs]
    assert names == ["Heading 1", "Normal", "List Bullet", "Heading 2", "Normal", "List Bullet"]
    doc = extract(path)
    kinds = [(b.kind, b.section) for b in doc.blocks]
    assert kinds == [
        ("heading", "Trafikplan for Vestby"),
        ("paragraph", "Trafikplan for Vestby"),
        ("list_item", "Trafikplan for Vestby"),
        ("heading", "Økonomi"),
        ("paragraph", "Økonomi"),
        ("list_item", "Økonomi"),
    ]
