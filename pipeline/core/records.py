"""The records every stage hands on: plain dataclasses, no heavy imports.

Ingest makes a `Document`; the NLP, quote and theme stages add `Entity`,
`Person`, `Quote` and `Finding`; `Analysis` bundles one document's results for
the store and `dapipe analyze`. The store, the search commands and the web app
import only this module and the store, so they never load spaCy or a model.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pipeline.core.vocab import BlockKind, DocKind, MentionType, Polarity, QuoteKind

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
    # News citation data: who published it, who wrote it, where it lives, when it changed;
    # `field_sources` says where each of title/date/updated/outlet/authors/url came from
    # ("og:site_name", "json-ld", "dateline", "byline", "sidecar", "url", …).
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    updated: str | None = None  # ISO date of the last update when the page gives one
    field_sources: dict[str, str] = field(default_factory=dict)

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


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int  # character offsets into Document.text
    end: int
    # "ner": doc.ents (PER/LOC/ORG/MISC); "domain": doc.spans["domain"] (KOMMUNE, BODY, ...)
    layer: str = "ner"


@dataclass
class Person:
    """A speaker within one document; merged across documents by the store.

    `kind` is "organisation" for statements made by a report or a body
    ("Task Forcen konkluderer …").
    """

    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    party: str | None = None
    gender: Literal["m", "f"] | None = None
    kind: Literal["person", "organisation"] = "person"
    municipality: str | None = None


@dataclass
class Quote:
    text: str  # without the quotation marks or dash
    start: int  # character offsets of `text` in Document.text
    end: int
    kind: QuoteKind = "direct"
    cue: str | None = None  # the speech verb or phrase ("siger", "lyder det fra")
    speaker: str | None = None  # resolved Person.name, None when unknown
    mention: str | None = None  # the words that point at the speaker ("borgmesteren", "hun")
    mention_type: MentionType | None = None
    confidence: float | None = None  # how surely the speaker is right (0-1), by mention type


@dataclass
class Finding:
    text: str
    start: int  # character offsets into Document.text
    end: int
    themes: list[str]
    polarity: Polarity | None = None
    scores: dict[str, float] = field(default_factory=dict)  # theme -> calibrated probability
    evidence: list[str] = field(default_factory=list)  # words that drove the prediction
    page: int | None = None
    section: str | None = None


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None


@dataclass
class Analysis:
    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON of `dapipe analyze`, as ../shared/contract.md fixes it."""
        doc = self.document
        by_name = {p.name: p for p in self.persons}
        return {
            "document": {
                "title": doc.title,
                "date": doc.date,
                "kind": doc.kind,
                "path": doc.path,
                "municipality": doc.municipality,
                "page_count": doc.page_count,
                "sha256": doc.sha256,
                "chars": len(doc.text),
                "warnings": doc.warnings,
                "outlet": doc.outlet,
                "authors": doc.authors,
                "url": doc.url,
                "updated": doc.updated,
                "field_sources": doc.field_sources,
            },
            "entities": [asdict(e) for e in self.entities],
            "persons": [
                {
                    "name": p.name,
                    "aliases": p.aliases,
                    "roles": p.roles,
                    "party": p.party,
                    "kind": p.kind,
                }
                for p in self.persons
            ],
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_aliases": by_name[q.speaker].aliases if q.speaker in by_name else [],
                    "cue": q.cue,
                    "start": q.start,
                    "end": q.end,
                    "kind": q.kind,
                    "mention": q.mention,
                    "mention_type": q.mention_type,
                    "confidence": q.confidence,
                    "page": doc.page_at(q.start),
                }
                for q in self.quotes
            ],
            "findings": [
                {
                    "text": f.text,
                    "themes": f.themes,
                    "polarity": f.polarity,
                    "start": f.start,
                    "end": f.end,
                    "page": f.page,
                    "section": f.section,
                    "scores": f.scores,
                }
                for f in self.findings
            ],
        }
