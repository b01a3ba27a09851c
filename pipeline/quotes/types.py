"""Quotes and the persons (or bodies) who said them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect"]
MentionType = Literal["name", "surname", "role", "pronoun", "continuation", "organisation"]


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
