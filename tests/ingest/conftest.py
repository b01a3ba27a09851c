"""Small PDFs built on the fly for the ingest tests (fpdf2, core fonts, latin-1 text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont


def _text_image(lines: list[str]) -> Image.Image:
    """A white 'scan' with black text, large enough for OCR."""
    image = Image.new("L", (1700, 900), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    except OSError:
        font = ImageFont.load_default()
    for k, line in enumerate(lines):
        draw.text((80, 80 + k * 90), line, fill=0, font=font)
    return image


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """make_pdf(pages, name=...) where each page is a list of text lines (or
    (x_mm, y_mm, text) tuples, or ("rule", x0_mm, y_mm, x1_mm) horizontal lines, or
    ("rect", x0_mm, y0_mm, x1_mm, y1_mm) framed rectangles) or
    ("scan", [lines]) for an image-only page."""

    def build(pages: list, name: str = "test.pdf", password: str | None = None) -> Path:
        pdf = FPDF(unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        for page in pages:
            pdf.add_page()
            if isinstance(page, tuple) and page[0] == "scan":
                pdf.image(_text_image(page[1]), x=10, y=10, w=190)
                continue
            pdf.set_font("Helvetica", size=11)
            y = 15.0
            for line in page:
                if isinstance(line, tuple) and line[0] == "rule":  # ("rule", x0, y, x1)
                    pdf.line(line[1], line[2], line[3], line[2])
                    continue
                if isinstance(line, tuple) and line[0] == "rect":  # ("rect", x0, y0, x1, y1)
                    pdf.rect(line[1], line[2], line[3] - line[1], line[4] - line[2])
                    continue
                if isinstance(line, tuple):  # (x_mm, y_mm, text) placed exactly
                    pdf.text(line[0], line[1], line[2])
                    continue
                pdf.text(20, y, line)
                y += 6
        if password:
            pdf.set_encryption(owner_password=password + "-ejer", user_password=password)
        out = tmp_path / name
        pdf.output(str(out))
        return out

    return build
