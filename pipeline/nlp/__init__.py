"""The NLP stage: a Danish spaCy pipeline (tokens, sentences, lemmas, entities).

`load(model)` returns the backend's pipeline with the project's own components
added the same way for every backend; `entities(doc)` flattens the standard
entities and the domain entities into `Entity` records.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core import Entity
from pipeline.nlp.backends import REGISTRY, known_names, load_backend
from pipeline.nlp.errors import NlpLoadError
from pipeline.nlp.pipes import finish_pipeline

__all__ = ["REGISTRY", "Entity", "NlpLoadError", "entities", "known_names", "load"]


def load(model: str = "embedded") -> Language:
    """A ready Danish pipeline for `model` (see `REGISTRY`, `auto`, or a folder path).

    Raises NlpLoadError, with a message fit for users, when the model cannot be loaded.
    """
    return finish_pipeline(load_backend(model))


def entities(doc: Doc) -> list[Entity]:
    """All entities of a processed doc, both layers, by offset: `doc.ents` (PER/LOC/ORG/MISC,
    layer "ner") and `doc.spans["domain"]` (KOMMUNE/BODY/PARTY/LAW/DATE, layer "domain")."""
    found = {Entity(s.text, s.label_, s.start_char, s.end_char) for s in doc.ents}
    if "domain" in doc.spans:
        found.update(
            Entity(s.text, s.label_, s.start_char, s.end_char, "domain")
            for s in doc.spans["domain"]
        )
    return sorted(found, key=lambda e: (e.start, e.end, e.label))
