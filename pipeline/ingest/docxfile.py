"""Word documents: paragraphs with their style (headings, list items) and tables."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.core import Block, Table
from pipeline.ingest.errors import IngestError
from pipeline.ingest.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_UNPACKED_BYTES,
    RATIO_CHECKED_FROM_BYTES,
    megabytes,
)
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.normalize import normalize_inline

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph


def check_unpacked_size(
    path: Path,
    data: bytes,
    max_total: int = MAX_UNPACKED_BYTES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
    ratio_from: int = RATIO_CHECKED_FROM_BYTES,
) -> None:
    """IngestError for a zip that would unpack too large, from the sizes it declares
    (a member is never unpacked past its declared size), before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IngestError(path, "not a valid .docx file (corrupt or not a Word document)") from exc
    total = sum(m.file_size for m in members)
    if total > max_total:
        raise IngestError(
            path,
            f"too large when unpacked ({megabytes(total)} in {len(members)} parts, "
            f"limit {megabytes(max_total)})",
        )
    for m in members:
        ratio = m.file_size / max(1, m.compress_size)
        if m.file_size >= ratio_from and ratio > max_ratio:
            raise IngestError(
                path,
                f"too large when unpacked ({m.filename}: {megabytes(m.file_size)} "
                f"packed {ratio:,.0f}:1, limit {max_ratio:,.0f}:1)",
            )


class StyleNames:
    """A paragraph's style name, resolved once per style id.

    python-docx resolves `paragraph.style` by searching the styles part on every call
    (about a millisecond each), which made long documents take minutes.
    """

    def __init__(self) -> None:
        self._names: dict[str | None, str] = {}

    def __call__(self, para: Paragraph) -> str:
        style_id = para._p.style  # the w:pStyle value, None for the default style
        name = self._names.get(style_id)
        if name is None:
            style = para.style
            name = self._names[style_id] = (style.name if style is not None else "") or ""
        return name


# What python-docx raises on parts that are there but do not fit together (a relationship
# without its target, an element where another was expected): the file is broken.
_BROKEN_PARTS = (KeyError, ValueError, AttributeError, TypeError, IndexError)


def read_docx_file(path: Path, data: bytes) -> dict[str, object]:
    """Fields for Document.from_blocks from a .docx file's bytes."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_unpacked_size(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        return _fields(document)
    except (PackageNotFoundError, zipfile.BadZipFile, *_BROKEN_PARTS) as exc:
        raise IngestError(path, "not a valid .docx file (corrupt or not a Word document)") from exc
    except etree.XMLSyntaxError as exc:  # lxml's own wording is about its C API
        why = "expands entities past lxml's limit" if "amplification" in str(exc) else "is broken"
        raise IngestError(path, f"not a valid .docx file (its XML {why})") from exc


def _fields(document: DocxDocument) -> dict[str, object]:
    blocks: list[Block] = []
    section: str | None = None
    style_of = StyleNames()
    for para in document.paragraphs:
        text = normalize_inline(para.text)
        if not text:
            continue
        style = style_of(para)
        if style.startswith("Heading") or style.startswith("Overskrift") or style == "Title":
            section = text
            blocks.append(Block(text, kind="heading", section=section))
        elif "List" in style or "Liste" in style:
            blocks.append(Block(text, kind="list_item", section=section))
        elif style.startswith("Caption") or style.startswith("Billedtekst"):
            blocks.append(Block(text, kind="caption", section=section))
        else:
            blocks.append(Block(text, kind="paragraph", section=section))
    tables = [
        Table(rows=[[normalize_inline(cell.text) for cell in row.cells] for row in table.rows])
        for table in document.tables
    ]
    props = document.core_properties
    title = normalize_inline(props.title or "") or next(
        (b.text for b in blocks if b.kind == "heading"), None
    )
    # a date written near the top beats the file's creation date (often the template's)
    opening = " ".join(b.text for b in blocks[:8])
    found_date = parse_date(opening) or (
        props.created.date().isoformat() if props.created else None
    )
    return {"blocks": blocks, "title": title, "date": found_date, "tables": tables}
