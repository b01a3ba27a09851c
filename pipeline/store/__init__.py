"""SQLite storage: one writer (`Store`), read-only queries, Danish-aware search."""

from pipeline.store.connection import connect_reader
from pipeline.store.queries import (
    AmbiguousPerson,
    list_persons,
    search_quotes,
    search_sentences,
    stats,
    theme_details,
    theme_summary,
)
from pipeline.store.writer import Store, open_store

__all__ = [
    "AmbiguousPerson",
    "Store",
    "connect_reader",
    "list_persons",
    "open_store",
    "search_quotes",
    "search_sentences",
    "stats",
    "theme_details",
    "theme_summary",
]
