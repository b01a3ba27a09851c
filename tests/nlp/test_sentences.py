"""Sentence boundaries: never across a paragraph break, titles on their own."""

from __future__ import annotations

import spacy

from pipeline.nlp import sentences


def _sents(text: str, punctuation: bool = True) -> list[str]:
    nlp = spacy.blank("da")
    nlp.add_pipe(sentences.FACTORY, config={"punctuation": punctuation})
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_title_before_blank_line_is_its_own_sentence():
    text = "Ny handleplan for udsatte børn\n\nKommunen har fået kritik. Den tager den alvorligt."
    assert _sents(text) == [
        "Ny handleplan for udsatte børn",
        "Kommunen har fået kritik.",
        "Den tager den alvorligt.",
    ]


def test_paragraph_break_splits_even_without_punctuation():
    text = "Der mangler opfølgning på sagerne\n\nog det har stået på i flere år"
    assert _sents(text) == ["Der mangler opfølgning på sagerne", "og det har stået på i flere år"]


def test_abbreviations_ordinals_and_single_newline_do_not_split():
    text = "Mødet er den 7. juli kl. 10 hos hr. Jensen, bl.a. om\nsagsbehandling f.eks. i Faxe."
    assert _sents(text) == [text]


def test_quote_paragraphs_and_closing_quotes():
    text = (
        "– Vi er ikke i mål. Men vi er godt på vej, siger hun.\n\n"
        "Han svarede: »Det er for sent.« Så gik han."
    )
    assert _sents(text) == [
        "– Vi er ikke i mål.",
        "Men vi er godt på vej, siger hun.",
        "Han svarede: »Det er for sent.«",
        "Så gik han.",
    ]


def test_paragraph_mode_only_marks_paragraph_starts():
    nlp = spacy.blank("da")
    nlp.add_pipe(sentences.FACTORY, config={"punctuation": False})
    doc = nlp("Overskrift\n\nFørste sætning. Anden sætning.")
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Første"] is True
    assert starts["Anden"] is None  # left to the backend's parser


def test_empty_and_whitespace_text():
    assert _sents("") == []
    assert _sents("  \n\n ") == []
