"""PDF reports: text page by page through pdfium, tables through pdfplumber, scans through OCR.

Streaming: each page is opened, reduced to a list of light `Line` records and closed
before the next, so memory grows with the text, not with pages or glyphs. pdfplumber
(slow, pure Python) is opened only for pages whose drawings look like a ruled table.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from pipeline.core import Block, Table
from pipeline.ingest.errors import IngestError
from pipeline.ingest.layout import (
    BlockBuilder,
    Line,
    find_running_lines,
    layout_stats,
    margin_key,
    page_lines,
)
from pipeline.ingest.limits import MAX_PDF_PAGES
from pipeline.ingest.metadata import parse_date, parse_month_year, parse_pdf_date
from pipeline.ingest.normalize import join_lines, normalize_inline
from pipeline.ingest.ocr import OcrUnavailable, PageTooLarge, ocr_page
from pipeline.ingest.pdf_chars import Word, page_words
from pipeline.ingest.pdf_tables import find_tables, page_edges

log = logging.getLogger(__name__)

# A page mostly covered by an image with fewer words than this is a scan (the words are
# a stamp or page number added later) and is OCR'd; more words is a designed page (a
# cover photo with its title set in real text), which must keep its text.
SCAN_MAX_WORDS = 4
BATCH_PAGES = 32  # pages laid out together; bounds the lines held in memory


def _open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise IngestError(path, "encrypted PDF (password required)") from exc
        raise IngestError(path, "truncated or corrupt PDF") from exc
    except (OSError, ValueError) as exc:
        raise IngestError(path, f"cannot open PDF ({exc})") from exc


class _TableReader:
    """pdfplumber, opened lazily and only for pages that may hold ruled tables."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._pdf: Any = None

    def tables(self, index: int) -> list[Table]:
        import pdfplumber

        if self._pdf is None:
            self._pdf = pdfplumber.open(io.BytesIO(self.data))
        page = self._pdf.pages[index]
        try:
            found = []
            for table in page.find_tables():
                rows = []
                for row in table.extract():
                    cells = [join_lines((cell or "").split("\n")) for cell in row]
                    if any(cells):
                        rows.append(cells)
                if rows:
                    found.append(Table(rows=rows, page=index + 1, bbox=tuple(table.bbox)))
            return found
        finally:
            page.close()

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _outside(word: Word, tables: list[Table]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    for t in tables:
        if t.bbox and t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3]:
            return False
    return True


def _overlaps_table(box: tuple[float, float, float, float], tables: list[Table]) -> bool:
    return any(
        t.bbox
        and box[0] < t.bbox[2]
        and t.bbox[0] < box[2]
        and box[1] < t.bbox[3]
        and t.bbox[1] < box[3]
        for t in tables
    )


def _page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "pages 1–3, 7"; [4] -> "page 4"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return ("pages " if len(numbers) > 1 else "page ") + ", ".join(parts)


def _ocr_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    """A scanned page as one pseudo-line per OCR'd paragraph (full width, body size)."""
    text = ocr_page(page)
    lines: list[Line] = []
    width, height = page.get_width(), page.get_height()
    y = height * 0.15
    for para in re.split(r"\n\s*\n", text):
        joined = join_lines(para.splitlines())
        if joined:
            lines.append(Line(joined, 0, width, y, y + 10, y + 8, 10.0, False, number, -1,
                              height, width))  # fmt: skip
            y += 30
    return lines


def read_pdf_file(path: Path, data: bytes, table_engine: str = "grid") -> dict[str, object]:
    """Fields for Document.from_blocks from a PDF, read one page at a time.

    table_engine: "grid" (our ruling-grid reader, fast) or "pdfplumber" (its table finder,
    ~150 ms a table page); benchmarks/extract_accuracy.py compares them.
    The bytes already read are parsed (not the path again), so a file that disappears
    mid-run cannot fail half-way.
    """
    pdf = _open_pdf(path, data)
    tables_reader = _TableReader(data)
    pages = _StreamingLayout()
    tables: list[Table] = []
    warnings: list[str] = []
    ocr_pages: list[int] = []
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise IngestError(path, "PDF has no pages")
        if n_pages > MAX_PDF_PAGES:
            raise IngestError(path, f"PDF of {n_pages:,} pages (limit {MAX_PDF_PAGES:,})")
        meta = pdf.get_metadata_dict()
        for index in range(n_pages):
            number = index + 1
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                warnings.append(f"page {number}: unreadable, skipped ({exc})")
                pages.append([])
                continue
            try:
                textpage = page.get_textpage()
                try:
                    words = page_words(page, textpage)
                finally:
                    textpage.close()
                graphics = page_edges(page)
                scanned = graphics.images and (
                    not words or (len(words) < SCAN_MAX_WORDS and graphics.image_cover > 0.5)
                )
                if scanned:
                    try:
                        pages.append(_ocr_lines(page, number))
                        ocr_pages.append(number)
                        continue
                    except OcrUnavailable as exc:
                        warnings.append(f"page {number}: scanned page skipped ({exc})")
                    except PageTooLarge as exc:
                        raise IngestError(path, f"page {number}: {exc}") from exc
                if not words:
                    pages.append([])
                    continue
                page_tables: list[Table] = []
                if graphics.may_have_table:
                    if table_engine == "pdfplumber":
                        page_tables = tables_reader.tables(index)
                    else:
                        page_tables = find_tables(graphics, words, number)
                    tables.extend(page_tables)
                    words = [w for w in words if _outside(w, page_tables)]
                boxes = [b for b in graphics.boxes if not _overlaps_table(b, page_tables)]
                width, height = page.get_width(), page.get_height()
                separators = [t.bbox for t in page_tables if t.bbox]
                pages.append(page_lines(words, number, width, height, boxes, separators))
            except pdfium.PdfiumError as exc:  # one broken page must not lose the others
                warnings.append(f"page {number}: unreadable, skipped ({exc})")
                pages.append([])
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(path, "truncated or corrupt PDF") from exc
    finally:
        tables_reader.close()
        pdf.close()

    blocks = pages.finish()
    if not blocks and not tables:
        reason = "no text layer"
        if warnings:
            reason = warnings[0]
        raise IngestError(path, f"no extractable text ({reason})")
    if ocr_pages:  # recognised text has errors a text layer has not: searches may miss
        warnings.append(f"{_page_list(ocr_pages)} read by OCR (recognition errors possible)")

    title = usable_title(str(meta.get("Title") or "")) or pages.title
    first_page_text = " ".join(b.text for b in blocks if b.page == 1)
    found_date = report_date(first_page_text, str(meta.get("CreationDate") or ""))
    return {
        "blocks": blocks,
        "title": title,
        "date": found_date,
        "page_count": n_pages,
        "tables": tables,
        "metadata": {
            "running_lines": list(pages.headers.values()),
            "pdf_info": {k: v for k, v in meta.items() if v},
        },
        "warnings": warnings,
        "first_page_text": first_page_text,
    }


_JUNK_TITLE = re.compile(
    r"^(?:Microsoft (?:Word|PowerPoint) - |untitled|unavngivet|dokument\d*$|layout \d)"
    r"|\.(?:docx?|pdf|indd|pptx?|xlsx?)$",
    re.IGNORECASE,
)


def usable_title(raw: str) -> str | None:
    """The PDF's Title field unless it is a file name or a tool's placeholder."""
    title = normalize_inline(raw)
    if len(title) < 4 or _JUNK_TITLE.search(title):
        return None
    return title


def report_date(first_page: str, creation: str) -> str | None:
    """A full date on the first page; else the file's creation date when it agrees with a
    "maj 2018" on the first page (or there is none); else the first of that month."""
    full = parse_date(first_page)
    if full:
        return full
    created = parse_pdf_date(creation)
    month = parse_month_year(first_page)
    if month is None or (created and created.startswith(month)):
        return created
    return f"{month}-01"


class _StreamingLayout:
    """Pages of lines laid out into blocks in batches, so memory stays flat in page count.

    Running headers/footers are detected per batch (and remembered for later batches);
    font statistics come from the first batch with text.
    """

    def __init__(self, batch_pages: int = BATCH_PAGES) -> None:
        self.batch_pages = batch_pages
        self.headers: dict[str, str] = {}  # digits-masked key -> one example
        self.title: str | None = None
        self._pending: list[list[Line]] = []
        self._known: set[str] = set()
        self._builder: BlockBuilder | None = None

    def append(self, lines: list[Line]) -> None:
        self._pending.append(lines)
        if len(self._pending) >= self.batch_pages:
            self._flush()

    def _flush(self) -> None:
        running = find_running_lines(self._pending, known=self._known)
        body_pages: list[list[Line]] = []
        for p, lines in enumerate(self._pending):
            kept = []
            for k, line in enumerate(lines):
                if (p, k) in running:
                    self.headers.setdefault(margin_key(line.text), normalize_inline(line.text))
                else:
                    kept.append(line)
            body_pages.append(kept)
        self._pending = []
        if not any(body_pages):
            return
        if self._builder is None:
            self.title = _title_from_first_page(body_pages)
            self._builder = BlockBuilder(layout_stats(body_pages))
        self._builder.feed(body_pages)

    def finish(self) -> list[Block]:
        self._flush()
        return self._builder.finish() if self._builder is not None else []


# A title without a larger size to tell it is a short first line that is no sentence.
MAX_PLAIN_TITLE_WORDS = 14


def _title_from_first_page(pages: list[list[Line]]) -> str | None:
    """The largest text on the first page with text: the title page's title.

    On a page set in one size throughout the largest text is the whole page; the title
    is then its bold lines at the top, or its first line when that is short and does not
    end a sentence, or none at all."""
    for lines in pages:
        if not lines:
            continue
        biggest = max(line.size for line in lines)
        parts = [line for line in lines if line.size >= biggest - 0.5]
        if len(parts) == len(lines) > 1:
            parts = _plain_title(lines)
        return join_lines([line.text for line in parts]) or None
    return None


def _plain_title(lines: list[Line]) -> list[Line]:
    top = sorted(lines, key=lambda line: (line.top, line.x0))
    bold = list(itertools.takewhile(lambda line: line.bold, top))
    if bold and len(bold) < len(top):
        return bold
    first = top[0].text.strip()
    if len(first.split()) <= MAX_PLAIN_TITLE_WORDS and not first.endswith((".", ",", ";")):
        return [top[0]]
    return []


def first_blocks(blocks: list[Block], page: int = 1) -> str:
    return " ".join(b.text for b in blocks if b.page == page)
