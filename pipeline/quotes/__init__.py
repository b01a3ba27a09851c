"""Quotes and who said them: rules for Danish news, as a spaCy component and plain functions."""

from __future__ import annotations

from pipeline.core import Person, Quote
from pipeline.quotes.component import add_pipe
from pipeline.quotes.rules import find_quotes

__all__ = ["Person", "Quote", "add_pipe", "find_quotes"]
