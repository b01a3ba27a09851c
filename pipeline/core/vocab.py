"""The shared vocabularies: block and document kinds, entity labels, quote and theme ids."""

from __future__ import annotations

from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "caption", "byline", "quote", "box"]
DocKind = Literal["report", "news", "other"]

STANDARD_LABELS = ("PER", "LOC", "ORG", "MISC")
DOMAIN_LABELS = ("KOMMUNE", "LAW", "DATE")

QuoteKind = Literal["direct", "indirect", "unmarked"]
# How a quote's speaker was found: the form of the attribution ("name" … "pronoun"),
# or the structure that carried it ("continuation", "preposed", "nominal"); "none" when
# nothing names a speaker.
MentionType = Literal[
    "name",
    "surname",
    "role",
    "pronoun",
    "continuation",
    "preposed",
    "nominal",
    "organisation",
    "none",
]

THEMES: tuple[str, ...] = (
    "lawfulness",
    "timeliness",
    "leadership",
    "quality",
    "uniformity",
    "child_involvement",
    "resources",
    "organisation",
    "documentation",
    "follow_up",
    "economy",
)
Polarity = Literal["negative", "positive", "neutral"]
