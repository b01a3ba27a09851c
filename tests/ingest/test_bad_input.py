"""Every bad input gives an IngestError with a one-line reason, never a library traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import pipeline.ingest as ingest
from pipeline.ingest import IngestError, extract
from pipeline.ingest import ocr as ocr_module
from pipeline.paths import CORPORA_DIR

REPORT = CORPORA_DIR / "reports" / "faxe-2018-analyse.pdf"


def reason(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        extract(path)
    err = info.value
    assert err.path == str(path)
    assert "\n" not in str(err) and str(err) == err.reason
    return str(err)


def test_encrypted_pdf(make_pdf):
    path = make_pdf([["Fortrolig sagsgennemgang"]], password="hemmelig")
    assert reason(path) == "encrypted PDF (password required)"


def test_truncated_pdf(tmp_path: Path):
    data = REPORT.read_bytes()
    path = tmp_path / "afbrudt.pdf"
    path.write_bytes(data[: len(data) // 3])
    assert reason(path) == "truncated or corrupt PDF"


def test_corrupt_pdf(tmp_path: Path):
    path = tmp_path / "ødelagt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert reason(path) == "truncated or corrupt PDF"


def test_pdf_suffix_on_other_content(tmp_path: Path):
    path = tmp_path / "notat.pdf"
    path.write_text("Dette er ikke en PDF, men et tekstnotat.", encoding="utf-8")
    assert reason(path) == "not a PDF file (no %PDF header)"


@pytest.mark.parametrize("suffix", [".pdf", ".txt", ".html", ".md", ".docx"])
def test_zero_byte_file(tmp_path: Path, suffix: str):
    path = tmp_path / f"tom{suffix}"
    path.write_bytes(b"")
    assert reason(path) == "empty file (0 bytes)"


def test_binary_file_named_txt(tmp_path: Path):
    path = tmp_path / "billede.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert reason(path) == "binary file, not text"


def test_html_without_article(tmp_path: Path):
    path = tmp_path / "forside.html"
    path.write_text(
        "<html><body><nav><a href='/'>Forside</a> <a href='/sport'>Sport</a></nav>"
        "<footer>Kontakt redaktionen · Cookiepolitik</footer></body></html>",
        encoding="utf-8",
    )
    assert reason(path) == "no article text found in HTML"


def test_unsupported_suffix(tmp_path: Path):
    path = tmp_path / "regneark.xlsx"
    path.write_bytes(b"PK\x03\x04")
    assert reason(path) == "unsupported file type .xlsx"


def test_missing_file_and_directory(tmp_path: Path):
    assert reason(tmp_path / "væk.txt") == "file not found"
    folder = tmp_path / "mappe.pdf"
    folder.mkdir()
    assert reason(folder) == "is a directory, not a file"


def test_corrupt_docx(tmp_path: Path):
    path = tmp_path / "referat.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    assert "not a valid .docx file" in reason(path)


def test_file_disappearing_after_read_does_not_matter(tmp_path: Path, monkeypatch):
    """The bytes are read once; a file deleted mid-run is still extracted from them."""
    path = tmp_path / "rapport.pdf"
    path.write_bytes(REPORT.read_bytes())
    original = ingest._read_bytes

    def read_then_delete(p: Path) -> bytes:
        data = original(p)
        p.unlink()
        return data

    monkeypatch.setattr(ingest, "_read_bytes", read_then_delete)
    doc = extract(path)
    assert not path.exists()
    assert "Task Forcen vurderer" in doc.text


def test_image_only_pdf_without_tesseract(make_pdf, monkeypatch):
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    path = make_pdf([("scan", ["Task Forcen vurderer"])], name="scannet.pdf")
    assert reason(path) == (
        "no extractable text (page 1: scanned page skipped (Tesseract OCR is not installed))"
    )


def test_scanned_page_among_text_pages_is_a_warning(make_pdf, monkeypatch):
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    path = make_pdf(
        [["Indledning", "Kommunen har bedt om en analyse."], ("scan", ["Bilag"])],
        name="blandet.pdf",
    )
    doc = extract(path)
    assert doc.page_count == 2
    assert doc.warnings == ["page 2: scanned page skipped (Tesseract OCR is not installed)"]
    assert "Kommunen har bedt om en analyse." in doc.text


def test_pdf_with_no_text_at_all(tmp_path: Path):
    pdf = pdfium.PdfDocument.new()
    for _ in range(3):
        pdf.new_page(200, 200)
    path = tmp_path / "blank.pdf"
    pdf.save(str(path))
    pdf.close()
    assert reason(path) == "no extractable text (no text layer)"


def test_pdf_with_ten_thousand_tiny_pages(tmp_path: Path):
    pdf = pdfium.PdfDocument.new()
    for _ in range(10_000):
        pdf.new_page(10, 10)
    path = tmp_path / "mange-sider.pdf"
    pdf.save(str(path))
    pdf.close()
    assert reason(path) == "no extractable text (no text layer)"


def test_cover_photo_with_real_title_text_is_not_ocrd(tmp_path: Path, monkeypatch):
    from fpdf import FPDF
    from PIL import Image

    def no_ocr(page):
        raise AssertionError("a page with a real text layer must not be OCR'd")

    monkeypatch.setattr("pipeline.ingest.pdf.ocr_page", no_ocr)
    photo = tmp_path / "foto.png"
    Image.new("RGB", (200, 280), (120, 160, 200)).save(photo)
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.image(str(photo), x=0, y=0, w=210, h=297)  # full-bleed cover photo
    pdf.set_font("Helvetica", size=20)
    pdf.text(20, 120, "Task Forcens analyse af Lolland Kommune")
    cover = tmp_path / "forside.pdf"
    pdf.output(str(cover))
    d = extract(cover)
    assert d.text == "Task Forcens analyse af Lolland Kommune"
    assert d.municipality == "Lolland" and d.warnings == []


def test_ocr_pages_are_named_in_one_warning():
    from pipeline.ingest.pdf import _page_list

    assert _page_list([4]) == "page 4"
    assert _page_list([1, 2, 3, 7, 9, 10]) == "pages 1–3, 7, 9–10"


def test_reading_a_fifo_fails_at_once_instead_of_waiting(tmp_path: Path):
    fifo = tmp_path / "rør.txt"
    os.mkfifo(fifo)
    assert reason(fifo) == "not a regular file (a pipe, socket or device)"


def test_a_pdf_over_the_page_limit_fails_before_any_page_is_read(tmp_path: Path, monkeypatch):
    import pipeline.ingest.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 5)
    pdf = pdfium.PdfDocument.new()
    for _ in range(6):
        pdf.new_page(100, 100)
    path = tmp_path / "lang.pdf"
    pdf.save(str(path))
    pdf.close()
    assert reason(path) == "PDF of 6 pages (limit 5)"
