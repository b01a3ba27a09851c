"""Shared fixtures: the full default pipeline is loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from spacy.language import Language

from pipeline.paths import CORPORA_DIR, REPO_ROOT

# `HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py` runs the property tests long (on demand)
settings.register_profile("fuzz", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def full_nlp() -> Language:
    """The embedded backend plus the quote and theme components, as `dapipe` runs it."""
    from pipeline.analysis import build_pipeline

    return build_pipeline("embedded")


@pytest.fixture(scope="session")
def corpora_dir():
    return CORPORA_DIR


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def children_of() -> Callable[[int], set[int]]:
    """children_of(pid): the ids of a process's children, read from Linux /proc (the kill
    tests check that no worker outlives its run)."""

    def children(pid: int) -> set[int]:
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
        return found

    return children
