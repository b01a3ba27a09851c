"""The one error the NLP stage raises to users: a backend that cannot be loaded."""

from __future__ import annotations


class NlpLoadError(Exception):
    """A model backend could not be loaded; the message says which, why and how to get it."""
