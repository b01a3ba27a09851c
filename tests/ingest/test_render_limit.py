"""A PDF page too big to render for OCR fails with the reason, before any bitmap exists."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from pipeline.ingest import IngestError, extract
from pipeline.ingest.ocr import PageTooLarge, check_render_size


def _image_only_pdf(path: Path, width_mm: float, height_mm: float) -> None:
    pdf = FPDF(unit="mm", format=(width_mm, height_mm))
    pdf.add_page()
    pdf.image(Image.new("L", (40, 40), 200), x=0, y=0, w=width_mm, h=height_mm)
    pdf.output(str(path))


def test_a_huge_scanned_page_is_refused_with_its_size(tmp_path: Path):
    path = tmp_path / "plakat.pdf"
    _image_only_pdf(path, 5000, 5000)  # 5 × 5 m: ~14 GB as a 300 dpi bitmap
    assert path.stat().st_size < 10_000
    with pytest.raises(IngestError) as caught:
        extract(path)
    reason = caught.value.reason
    assert reason.startswith("page 1: page of 500 × 500 cm would need ")
    assert "to render for OCR (limit 600 MB)" in reason


def test_an_a3_scan_is_under_the_limit_and_an_a0_poster_over_it(tmp_path: Path):
    sizes = {"a3.pdf": (297, 420), "a0.pdf": (841, 1189), "plakat.pdf": (2000, 2000)}
    verdicts = {}
    for name, (w, h) in sizes.items():
        _image_only_pdf(tmp_path / name, w, h)
        pdf = pdfium.PdfDocument(str(tmp_path / name))
        try:
            check_render_size(pdf[0])
            verdicts[name] = "ok"
        except PageTooLarge:
            verdicts[name] = "too large"
        finally:
            pdf.close()
    assert verdicts == {"a3.pdf": "ok", "a0.pdf": "ok", "plakat.pdf": "too large"}
