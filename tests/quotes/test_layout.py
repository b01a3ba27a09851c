"""Paragraph units: blank-line blocks, single-line pages, lists (texts written for these tests)."""

from __future__ import annotations

from pipeline.quotes.text import split_paragraphs


def test_single_line_breaks_separate_paragraphs_when_no_list() -> None:
    text = (
        "Korte nyheder\n"
        "Vandværket lukker\n"
        "Karen Lind fra Tarm har skrevet under på protesten.\n"
        "- Vi har brug for vores eget vand, siger hun.\n"
        "Byrådet behandler sagen i maj."
    )
    kinds = [p.kind for p in split_paragraphs(text)]
    assert kinds == ["heading", "heading", "prose", "dash", "prose"]


def test_a_list_under_a_title_stays_one_block() -> None:
    text = "Fakta om sagen\n- 40 boliger\n- Åbner i 2025\n\n- Vi glæder os, siger hun."
    paragraphs = split_paragraphs(text)
    assert [p.kind for p in paragraphs] == ["bullets", "dash"]


def test_hard_wrapped_prose_stays_one_paragraph() -> None:
    text = (
        "Kommunen har i flere år forsøgt at finde en løsning på\n"
        "problemerne med trafikken omkring skolen, men uden at det\n"
        "er lykkedes at blive enige."
    )
    [paragraph] = split_paragraphs(text)
    assert paragraph.kind == "prose"
