"""OCR for scanned pages with the Tesseract binary (Danish model when installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache

import pypdfium2 as pdfium

from pipeline.ingest.limits import MAX_RENDER_BYTES, RENDER_BYTES_PER_PIXEL, megabytes

OCR_DPI = 300
OCR_TIMEOUT_S = 120


class OcrUnavailable(Exception):
    """Tesseract is missing or failed; the message says which, for the page warning."""


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


class PageTooLarge(Exception):
    """A page whose bitmap for OCR would exceed `MAX_RENDER_BYTES`; the message says how big."""


def check_render_size(page: pdfium.PdfPage) -> None:
    """Raise PageTooLarge before rendering a page that would need too much memory."""
    width, height = page.get_size()  # PDF points, 1/72 inch
    scale = OCR_DPI / 72
    need = (width * scale) * (height * scale) * RENDER_BYTES_PER_PIXEL
    if need > MAX_RENDER_BYTES:
        cm = 2.54 / 72
        raise PageTooLarge(
            f"page of {width * cm:,.0f} × {height * cm:,.0f} cm would need {megabytes(need)} "
            f"to render for OCR (limit {megabytes(MAX_RENDER_BYTES)})"
        )


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_page(page: pdfium.PdfPage) -> str:
    """Text of one rendered page; raises OcrUnavailable without Tesseract, PageTooLarge
    (before rendering) for a page over the memory limit."""
    check_render_size(page)
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable("Tesseract OCR is not installed")
    lang = "dan" if "dan" in _languages() else "eng"
    image = page.render(scale=OCR_DPI / 72).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        done = subprocess.run(
            [exe, "stdin", "stdout", "-l", lang, "--psm", "3"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=OCR_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrUnavailable("Tesseract timed out") from exc
    if done.returncode != 0:
        raise OcrUnavailable(f"Tesseract failed: {done.stderr.decode(errors='replace')[:200]}")
    return done.stdout.decode("utf-8", errors="replace")
