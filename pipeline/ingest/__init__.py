"""Text extraction: any supported file to one `Document` (text, blocks, tables, metadata).

`extract(path)` is the only entry point; every failure is an `IngestError` with a
one-line reason, so a batch can record it and go on.

Readers, one module each: `pdf` (pdfium words via `pdf_chars`, geometry in `layout`,
ruled tables in `pdf_tables`, scans via `ocr`), `htmlfile`, `textfile` (.txt/.md and
encoding detection), `docxfile`; shared clean-up in `normalize`, metadata rules
(dates, the 98 municipalities in `data/municipalities.txt`, kind) in `metadata`.
PDF blocks carry `page` (1-based) and `bbox` (x0, top, x1, bottom in PDF points,
top-down); running headers/footers are in `metadata["running_lines"]`, bylines and
datelines of news in `metadata["bylines"]` / `metadata["dateline"]`. News citation data
(outlet, authors, url, published and updated dates, headline, each with its source in
`field_sources`) comes from the page (`news`), or from a sidecar `NAME.json` / folder
`manifest.csv` beside the file, which wins.
"""

from __future__ import annotations

import stat
from pathlib import Path

from pipeline.core import Block, Document, Table, content_hash
from pipeline.ingest.errors import IngestError
from pipeline.ingest.limits import MAX_TEXT_CHARS

SUPPORTED_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md", ".docx")

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Block",
    "Document",
    "IngestError",
    "Table",
    "extract",
]


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise IngestError(path, "is a directory, not a file")
        if not stat.S_ISREG(path.stat().st_mode):  # reading a FIFO or device would block
            raise IngestError(path, "not a regular file (a pipe, socket or device)")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(path, "file not found") from exc
    except PermissionError as exc:
        raise IngestError(path, "permission denied") from exc
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not data:
        raise IngestError(path, "empty file (0 bytes)")
    return data


def _dispatch(path: Path, suffix: str, data: bytes) -> dict[str, object]:
    if suffix == ".pdf":
        from pipeline.ingest.pdf import read_pdf_file

        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise IngestError(path, "not a PDF file (no %PDF header)")
        return read_pdf_file(path, data)
    if suffix in {".html", ".htm"}:
        from pipeline.ingest.htmlfile import read_html_file

        return read_html_file(path, data)
    if suffix in {".txt", ".md"}:
        from pipeline.ingest.textfile import read_text_file

        return read_text_file(path, data)
    if suffix == ".docx":
        from pipeline.ingest.docxfile import read_docx_file

        return read_docx_file(path, data)
    raise IngestError(path, f"unsupported file type {suffix or '(no suffix)'}")


def extract(path: str | Path, data: bytes | None = None) -> Document:
    """Read one file into a Document; raises IngestError (never anything else) on bad input.

    `data`, when given, is the file's content already read (a batch that hashed the
    bytes need not read them twice); the suffix of `path` still picks the reader.
    """
    from pipeline.ingest.metadata import find_municipality, looks_like_news, looks_like_report
    from pipeline.ingest.news import apply_sidecar

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {suffix or '(no suffix)'}")
    if data is None:
        data = _read_bytes(path)
    elif not data:
        raise IngestError(path, "empty file (0 bytes)")
    try:
        fields = _dispatch(path, suffix, data)
    except IngestError:
        raise
    except MemoryError as exc:
        raise IngestError(path, "file too large to read into memory") from exc
    except FileNotFoundError as exc:
        raise IngestError(path, "file disappeared while being read") from exc
    except Exception as exc:  # a library failure on odd input must not escape as a traceback
        raise IngestError(path, f"cannot extract text ({type(exc).__name__}: {exc})") from exc

    blocks: list[Block] = fields.pop("blocks")  # type: ignore[assignment]
    first_page_text = str(fields.pop("first_page_text", "") or "")
    doc = Document.from_blocks(str(path), blocks, sha256=content_hash(data), **fields)
    if not doc.text.strip() and not any(any(row) for t in doc.tables for row in t.rows):
        raise IngestError(path, "no text found in the file")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise IngestError(
            path, f"text of {len(doc.text):,} characters (limit {MAX_TEXT_CHARS:,}; split the file)"
        )
    apply_sidecar(doc, path)
    if not first_page_text:
        first_page_text = doc.text[:3000]
    first_paragraph = next((b.text for b in doc.blocks if b.kind == "paragraph"), None)
    dateline = str(doc.metadata.get("dateline") or "") or first_paragraph
    doc.municipality = find_municipality(doc.title, first_page_text, dateline)
    if suffix == ".pdf":
        doc.kind = "report" if looks_like_report(doc.title, first_page_text) else "other"
    elif suffix in {".html", ".htm"}:
        doc.kind = "news"
    elif suffix in {".txt", ".md"}:
        doc.kind = "news" if doc.date or looks_like_news(doc.text[:3000]) else "other"
    else:
        doc.kind = "report" if looks_like_report(doc.title, doc.text[:3000]) else "other"
    if not doc.page_count:
        doc.page_count = 1
    return doc
