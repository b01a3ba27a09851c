"""Adds the project's own components to any backend's pipeline, the same way every time."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from pipeline.nlp import domain, sentences

LEMMATIZER_FACTORIES = {"lemmatizer", "trainable_lemmatizer", "edit_tree_lemmatizer"}


def add_lookup_lemmatizer(nlp: Language, name: str = "lemmatizer") -> None:
    """spaCy's Danish lookup lemmatizer, its table read from spacy-lookups-data.

    A model saved afterwards (the embedded one) carries the table inside it, so it
    needs no network and no spacy-lookups-data at load time.
    """
    lemmatizer: Any = nlp.add_pipe("lemmatizer", name=name, config={"mode": "lookup"})
    lemmatizer.initialize()


def has_lemmatizer(nlp: Language) -> bool:
    return any(
        nlp.get_pipe_meta(name).factory in LEMMATIZER_FACTORIES or "lemmatizer" in name
        for name in nlp.pipe_names
    )


def add_sentences(nlp: Language) -> None:
    """Paragraph-aware sentence boundaries; a parser or senter decides the rest."""
    if sentences.FACTORY in nlp.pipe_names:
        return
    segmenters = [n for n in nlp.pipe_names if nlp.get_pipe_meta(n).factory in {"parser", "senter"}]
    if segmenters:
        nlp.add_pipe(sentences.FACTORY, before=segmenters[0], config={"punctuation": False})
    else:
        nlp.add_pipe(sentences.FACTORY, first=True, config={"punctuation": True})


def finish_pipeline(nlp: Language) -> Language:
    """Sentences, lemmas and domain entities on top of whatever the backend brings."""
    add_sentences(nlp)
    if not has_lemmatizer(nlp):
        name = "lemmatizer" if "lemmatizer" not in nlp.pipe_names else "dapipe_lemmatizer"
        add_lookup_lemmatizer(nlp, name)
    if domain.FACTORY not in nlp.pipe_names:
        nlp.add_pipe(domain.FACTORY, last=True)
    return nlp
