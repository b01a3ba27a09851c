"""Size limits that keep a hostile file from taking the machine's memory.

A small file can unpack or render to gigabytes (a zip bomb, a PDF page of 5 × 5 m);
these are checked from the sizes a file declares, before anything is unpacked or
rendered, and a file over a limit fails with an `IngestError` naming the limit.
"""

from __future__ import annotations

MB = 1024 * 1024

# PDF: pages in one file (the longest Task Force reports have a few hundred)
MAX_PDF_PAGES = 20_000

# DOCX (zip): the uncompressed members together, and one big member's compression ratio
MAX_UNPACKED_BYTES = 200 * MB
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 10 * MB  # small members compress well legitimately (XML)

# PDF pages rendered for OCR: the bitmap (4 bytes a pixel) one page may need.
# An A4 page at 300 dpi takes 33 MB; an A0 poster 530 MB.
MAX_RENDER_BYTES = 600 * MB
RENDER_BYTES_PER_PIXEL = 4


# HTML: the page's size, and the size up to which trafilatura (boilerplate removal and
# metadata, about 2 s a megabyte of markup) is also asked; bigger pages are read by our
# rules only. lxml itself stops reading elements nested deeper than this.
MAX_HTML_BYTES = 50 * MB
TRAFILATURA_MAX_BYTES = 2 * MB
HTML_MAX_DEPTH = 255


# The text of one document: spaCy holds its whole Doc in memory (about 250 MB a million
# characters through dapipe's pipeline); a longer file is refused, not half-analysed.
MAX_TEXT_CHARS = 10_000_000


def megabytes(n: float) -> str:
    return f"{n / MB:,.0f} MB"
