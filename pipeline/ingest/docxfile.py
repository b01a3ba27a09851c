"""Word documents: paragraphs with their style (headings, list items) and tables."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core import Block, Table
from pipeline.ingest.errors import IngestError
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.normalize import normalize_inline

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph


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


def read_docx_file(path: Path, data: bytes) -> dict[str, object]:
    """Fields for Document.from_blocks from a .docx file's bytes."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(path, "not a valid .docx file (corrupt or not a Word document)") from exc
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
