"""The shared vocabularies: block and document kinds, entity labels, quote and theme ids."""

from __future__ import annotations

from typing import Literal

# "byline": author and dateline lines; "teaser": links to other articles ("Læs også: …");
# "menu": page furniture (buttons, section labels, notices) - none of them article text;
# "box": a fact box or side bar of a PDF page, read after the paragraph it interrupts.
BlockKind = Literal[
    "heading", "paragraph", "list_item", "caption", "byline", "quote", "teaser", "menu", "box"
]
DocKind = Literal["report", "news", "other"]

STANDARD_LABELS = ("PER", "LOC", "ORG", "MISC")
DOMAIN_LABELS = ("KOMMUNE", "BODY", "PARTY", "LAW", "DATE")

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

# Keys of doc.spans that carry ingest's structure into the NLP stages (set in analysis.py)
BLOCKS_SPAN_KEY = "blocks"  # every block, labelled by its BlockKind
NOT_ARTICLE_SPAN_KEY = "not_article"  # bylines, menus, photo credits: no one's words
