"""Findings: sentences that assess a municipality's work, with themes and polarity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
