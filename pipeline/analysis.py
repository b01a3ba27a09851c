"""One document through the NLP, quote and theme stages, as a single result.

This is where the stages meet: it builds the spaCy pipeline (backend from
`pipeline.nlp`, then the quote and theme components) and turns a `Document`
into an `Analysis` that the store saves and `dapipe analyze` prints.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import nlp as nlp_stage
from pipeline import quotes as quotes_stage
from pipeline import themes as themes_stage
from pipeline.core import Analysis, Document, Sentence
from pipeline.core.vocab import BLOCKS_SPAN_KEY, NOT_ARTICLE_SPAN_KEY
from pipeline.ingest.limits import MAX_TEXT_CHARS
from pipeline.ingest.news import not_article_spans

if not Doc.has_extension("document"):
    Doc.set_extension("document", default=None)  # the Document's metadata (title, date, …)


def build_pipeline(model: str = "embedded") -> Language:
    """The backend named by `model` plus the project's own components."""
    nlp = nlp_stage.load(model)
    nlp.max_length = MAX_TEXT_CHARS  # extract refuses longer texts with a reason
    quotes_stage.add_pipe(nlp)
    themes_stage.add_pipe(nlp)
    return nlp


def document_doc(document: Document, nlp: Language) -> Doc:
    """A tokenised Doc that carries what ingest knew: blocks in `doc.spans["blocks"]` (label
    = block kind), spans that are no one's words in `doc.spans["not_article"]`, metadata in
    `doc._.document` — so later stages read structure instead of guessing it again."""
    doc = nlp.make_doc(document.text)
    doc.spans[BLOCKS_SPAN_KEY] = _char_spans(
        doc, [(b.start, b.end, b.kind) for b in document.blocks]
    )
    doc.spans[NOT_ARTICLE_SPAN_KEY] = _char_spans(
        doc, [(start, end, "not_article") for start, end in not_article_spans(document)]
    )
    doc._.document = {
        "title": document.title,
        "date": document.date,
        "kind": document.kind,
        "municipality": document.municipality,
        "outlet": document.outlet,
        "authors": list(document.authors),
    }
    return doc


def _char_spans(doc: Doc, spans: list[tuple[int, int, str]]) -> list[Span]:
    found = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            found.append(span)
    return found


def analyze_document(document: Document, nlp: Language) -> Analysis:
    """Run the full pipeline over one document's canonical text, its structure on the Doc."""
    doc = nlp(document_doc(document, nlp))
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
