"""The one document model every reader produces and every later stage consumes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "caption", "byline", "quote"]
DocKind = Literal["report", "news", "other"]

BLOCK_SEPARATOR = "\n\n"


@dataclass
class Block:
    """A unit of running text (paragraph, heading, list item…) with where it came from.

    `start`/`end` are character offsets into `Document.text`; they are set by
    `Document.from_blocks`, so readers only fill in text, kind, page and bbox.
    """

    text: str
    kind: BlockKind = "paragraph"
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    section: str | None = None
    start: int = 0
    end: int = 0


@dataclass
class Table:
    """A table kept out of the running text: rows of cell strings."""

    rows: list[list[str]]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class Document:
    """Extracted text plus structure and metadata.

    `text` is the canonical text: every offset anywhere in the project (entities,
    quotes, findings) indexes into it, and `dapipe extract` prints exactly it.
    """

    path: str
    text: str
    blocks: list[Block]
    kind: DocKind = "other"
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    municipality: str | None = None
    page_count: int = 0
    sha256: str = ""
    tables: list[Table] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_blocks(cls, path: str, blocks: list[Block], **kwargs: object) -> Document:
        """Join blocks into the canonical text and record each block's offsets."""
        parts: list[str] = []
        offset = 0
        kept: list[Block] = []
        for block in blocks:
            text = block.text.strip()
            if not text:
                continue
            if parts:
                offset += len(BLOCK_SEPARATOR)
            block.text, block.start, block.end = text, offset, offset + len(text)
            parts.append(text)
            kept.append(block)
            offset += len(text)
        return cls(path=path, text=BLOCK_SEPARATOR.join(parts), blocks=kept, **kwargs)  # type: ignore[arg-type]

    def block_at(self, offset: int) -> Block | None:
        """The block containing a character offset (None between blocks)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            block = self.blocks[mid]
            if offset < block.start:
                hi = mid - 1
            elif offset >= block.end:
                lo = mid + 1
            else:
                return block
        return None

    def page_at(self, offset: int) -> int | None:
        block = self.block_at(offset)
        return block.page if block else None


def content_hash(data: bytes) -> str:
    """SHA-256 of the raw file bytes: the key for incremental processing."""
    return hashlib.sha256(data).hexdigest()
