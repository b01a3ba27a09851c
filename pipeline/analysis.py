"""One document through the NLP, quote and theme stages, as a single result.

This is where the stages meet: it builds the spaCy pipeline (backend from
`pipeline.nlp`, then the quote and theme components) and turns a `Document`
into an `Analysis` that the store saves and `dapipe analyze` prints.
"""

from __future__ import annotations

from spacy.language import Language

from pipeline import nlp as nlp_stage
from pipeline import quotes as quotes_stage
from pipeline import themes as themes_stage
from pipeline.core import Analysis, Document, Sentence

MAX_CHARS = 10_000_000


def build_pipeline(model: str = "embedded") -> Language:
    """The backend named by `model` plus the project's own components."""
    nlp = nlp_stage.load(model)
    nlp.max_length = MAX_CHARS
    quotes_stage.add_pipe(nlp)
    themes_stage.add_pipe(nlp)
    return nlp


def analyze_document(document: Document, nlp: Language) -> Analysis:
    """Run the full pipeline over one document's canonical text."""
    doc = nlp(document.text)
    sentences = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        block = document.block_at(start)
        sentences.append(
            Sentence(
                text=text,
                start=start,
                end=start + len(text),
                page=block.page if block else None,
                section=block.section if block else None,
            )
        )
    findings = list(doc._.findings)
    for finding in findings:
        block = document.block_at(finding.start)
        if block is not None:
            finding.page = block.page if finding.page is None else finding.page
            finding.section = block.section if finding.section is None else finding.section
    return Analysis(
        document=document,
        sentences=sentences,
        entities=nlp_stage.entities(doc),
        persons=list(doc._.persons),
        quotes=list(doc._.quotes),
        findings=findings,
    )
