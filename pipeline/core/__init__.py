"""Core records and vocabularies shared by every stage (no spaCy, no models)."""

from pipeline.core.records import (
    BLOCK_SEPARATOR,
    Analysis,
    Block,
    Document,
    Entity,
    Finding,
    Person,
    Quote,
    Sentence,
    Table,
    content_hash,
)
from pipeline.core.vocab import DOMAIN_LABELS, STANDARD_LABELS, THEMES

__all__ = [
    "BLOCK_SEPARATOR",
    "DOMAIN_LABELS",
    "STANDARD_LABELS",
    "THEMES",
    "Analysis",
    "Block",
    "Document",
    "Entity",
    "Finding",
    "Person",
    "Quote",
    "Sentence",
    "Table",
    "content_hash",
]
