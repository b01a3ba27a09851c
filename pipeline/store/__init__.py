"""SQLite storage: one writer (`Store`), read-only queries, Danish-aware search."""

from pipeline.store.connection import connect_reader
from pipeline.store.person_search import PersonMatch, match_persons, suggest
from pipeline.store.queries import (
    QuoteSearch,
    list_persons,
    quote_search,
    search_quotes,
    search_sentences,
    stats,
    theme_details,
    theme_summary,
)
from pipeline.store.writer import Store, open_store

__all__ = [
    "PersonMatch",
    "QuoteSearch",
    "Store",
    "connect_reader",
    "list_persons",
    "match_persons",
    "open_store",
    "quote_search",
    "search_quotes",
    "search_sentences",
    "stats",
    "suggest",
    "theme_details",
    "theme_summary",
]
