"""Findings by theme: which sentences assess a municipality's work, about what, in which direction.

`add_pipe(nlp)` adds the spaCy component "dapipe_themes", which sets
`Doc._.findings`; `ThemeClassifier` works on plain sentences without spaCy.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from spacy.language import Language

from pipeline.core import THEMES, Finding
from pipeline.themes.classifier import ModelError, Prediction, ThemeClassifier
from pipeline.themes.component import COMPONENT, ThemeFinder

__all__ = [
    "COMPONENT",
    "THEMES",
    "Finding",
    "ModelError",
    "Prediction",
    "ThemeClassifier",
    "add_pipe",
]


def add_pipe(nlp: Language, model_dir: Path | None = None) -> None:
    """Add and initialise the theme component (last in the pipeline), loading the model."""
    config = {"model_dir": str(model_dir) if model_dir else None}
    if COMPONENT in nlp.pipe_names:
        finder = cast(ThemeFinder, nlp.get_pipe(COMPONENT))
        same_model = model_dir is None or Path(model_dir) == finder.model_dir
        if finder.classifier is not None and same_model:
            return  # already added and loaded: loading again would only cost time
        nlp.remove_pipe(COMPONENT)
    nlp.add_pipe(COMPONENT, config=config)
    cast(ThemeFinder, nlp.get_pipe(COMPONENT)).initialize(lambda: [], nlp=nlp)
