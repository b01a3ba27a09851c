"""The public API others integrate against: extract(), SUPPORTED_SUFFIXES, IngestError."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import SUPPORTED_SUFFIXES, Document, IngestError, extract
from pipeline.paths import CORPORA_DIR

REPORTS = CORPORA_DIR / "reports"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".pdf", ".html", ".htm", ".txt", ".md", ".docx")


def test_report_pdf_metadata():
    doc = extract(REPORTS / "faxe-2018-analyse.pdf")
    assert isinstance(doc, Document)
    assert doc.kind == "report"
    assert doc.title == "Task Forcens analyse af Faxe Kommune"
    assert doc.date == "2018-05-14"
    assert doc.municipality == "Faxe"
    assert doc.page_count == 6
    assert len(doc.sha256) == 64
    assert all(b.page is not None and b.bbox is not None for b in doc.blocks)
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text


def test_news_text_file(tmp_path: Path):
    path = tmp_path / "nyhed.txt"
    path.write_text(
        "Udvalget får ny formand\n\n(Last Updated On: 3. marts 2021)\n\n"
        "Lejre: Kommunalbestyrelsen valgte i aftes en ny formand for\nbørne- og ungeudvalget.\n\n"
        "Den nye formand tiltræder straks. (Foto: Lise Berg)\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert doc.title == "Udvalget får ny formand"
    assert doc.date == "2021-03-03"
    assert doc.kind == "news"
    assert doc.municipality == "Lejre"  # from the dateline "Lejre: …"
    assert "Last Updated" not in doc.text
    assert "en ny formand for børne- og ungeudvalget." in doc.text
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "caption"]


def test_missing_file_is_ingest_error(tmp_path: Path):
    with pytest.raises(IngestError) as info:
        extract(tmp_path / "findes-ikke.pdf")
    assert info.value.path.endswith("findes-ikke.pdf")
    assert str(info.value) == "file not found"


def test_extract_from_bytes_already_read(tmp_path: Path):
    data = (REPORTS / "odsherred-2019-analyse.pdf").read_bytes()
    doc = extract(tmp_path / "kopi.pdf", data=data)  # the path need not exist
    assert doc.municipality == "Odsherred"
    assert doc.sha256 == extract(REPORTS / "odsherred-2019-analyse.pdf").sha256
    with pytest.raises(IngestError, match="empty file"):
        extract(tmp_path / "tom.txt", data=b"")
