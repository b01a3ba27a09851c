"""Fixtures of the NLP stage's tests: the embedded pipeline, loaded once."""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp() -> Language:
    from pipeline.nlp import load

    return load("embedded")
