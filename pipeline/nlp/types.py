"""Plain records the NLP stage hands downstream."""

from __future__ import annotations

from dataclasses import dataclass

STANDARD_LABELS = ("PER", "LOC", "ORG", "MISC")
DOMAIN_LABELS = ("KOMMUNE", "LAW", "DATE")


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int  # character offsets into Document.text
    end: int
