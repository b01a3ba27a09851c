"""Find quotes in a Danish news text and attribute them to speakers.

The stage is three layers, each over one document: `Clauses` reads paragraphs, their roles
and clauses (a), `detect` finds the quotes (b), `attribute` resolves their speakers (c).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from pipeline.core import Person, Quote
from pipeline.quotes.attribution import attribute
from pipeline.quotes.clauses import Clauses
from pipeline.quotes.detection import detect
from pipeline.quotes.lexicon import Lexicon


def find_quotes_and_persons(
    doc: Doc, lex: Lexicon | None = None, text: str | None = None
) -> tuple[list[Quote], list[Person]]:
    """Quotes plus the document's persons (every quote speaker is one of them)."""
    clauses = Clauses(doc, lex, text)
    quotes = attribute(clauses, detect(clauses))
    return quotes, clauses.registry.persons


def find_quotes(doc: Doc) -> Iterator[Quote]:
    """Quotes in `doc`, each with kind, cue, offsets of the text without marks, and speaker."""
    yield from find_quotes_and_persons(doc)[0]
