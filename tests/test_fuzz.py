"""Hypothesis over the text stages: no input may raise, and every offset a stage reports
must point at the text it claims (sentences, entities, quotes, findings, dates).

Inputs are drawn from Danish news pieces (speech verbs, pronouns, quote marks, dashes,
dates, captions) mixed with arbitrary characters, so the rules' branches are reached
rather than only their early exits.
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.analysis import analyze_document
from pipeline.core import Block, Document
from pipeline.ingest.metadata import find_dates
from pipeline.ingest.normalize import normalize_chars, normalize_inline

PIECES = [
    "Borgmester", "Anne", "Holm", "Jens", "Æbelø", "siger", "sagde", "fortæller", "hun",
    "han", "de", "borgmesteren", "direktøren", "at", "kommunen", "det", "er", "ikke", "godt",
    "–", "-", "—", "»", "«", '"', "“", "”", "„", "'", "‘", "’", ":", ".", "?", "!", ",", ";",
    "\n", "\n\n", "i", "går", "mandag", "3.", "marts", "2022", "kl.", "14:02", "31.02.2021",
    "for", "99999999999", "dage", "timer", "siden", "(Foto:", ")", "[red.:", "]", "(", "/",
    "Af", "Opdateret", "Sagsbehandlingstiden", "fristerne", "overholdes", "børnesamtaler",
    "\u00ad", "\u202e", "\x1b[2J", "\ufffd", "ﬁ", " ", "\t", "A/S", "FC", "Nørreby Kommune",
]  # fmt: skip
danish_ish = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), min_size=0, max_size=80).map(
    " ".join
)


@given(danish_ish | st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_chars(text)
    assert normalize_chars(once) == once
    inline = normalize_inline(text)
    assert normalize_inline(inline) == inline and "\n" not in inline


@given(danish_ish | st.text(max_size=300), st.dates(date(1900, 1, 1), date(2100, 1, 1)))
def test_dates_never_raise_and_point_into_the_text(text: str, reference: date) -> None:
    for found in find_dates(text, reference):
        assert 0 <= found.start < found.end <= len(text)
        assert date.fromisoformat(found.date).isoformat() == found.date


def _document(paragraphs: list[str]) -> Document:
    blocks = [Block(normalize_inline(p)) for p in paragraphs if normalize_inline(p)]
    return Document.from_blocks("fuzz.txt", blocks or [Block("Tom.")], kind="news")


@settings(  # 60 in the suite; DAPIPE_FUZZ_ANALYSES=2000 for a long run
    max_examples=int(os.environ.get("DAPIPE_FUZZ_ANALYSES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(danish_ish, min_size=1, max_size=8))
def test_analysis_never_raises_and_its_offsets_hold(full_nlp, paragraphs: list[str]) -> None:
    document = _document(paragraphs)
    text = document.text
    analysis = analyze_document(document, full_nlp)
    previous_end = 0
    for sentence in analysis.sentences:  # in order, not overlapping, each its own text
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        previous_end = sentence.end
    spans = [*analysis.entities, *analysis.quotes, *analysis.findings]
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    names = {p.name for p in analysis.persons}
    assert {q.speaker for q in analysis.quotes if q.speaker} <= names
