"""One document through the NLP, quote and theme stages, as a single result.

This is where the stages meet: it builds the spaCy pipeline (backend from
`pipeline.nlp`, then the quote and theme components) and turns a `Document`
into an `Analysis` that the store saves and `dapipe analyze` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.language import Language

from pipeline import nlp as nlp_stage
from pipeline import quotes as quotes_stage
from pipeline import themes as themes_stage
from pipeline.ingest.document import Document
from pipeline.nlp.types import Entity
from pipeline.quotes.types import Person, Quote
from pipeline.themes.types import Finding

MAX_CHARS = 10_000_000


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None


@dataclass
class Analysis:
    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON of `dapipe analyze`, as ../shared/contract.md fixes it."""
        doc = self.document
        by_name = {p.name: p for p in self.persons}
        return {
            "document": {
                "title": doc.title,
                "date": doc.date,
                "kind": doc.kind,
                "path": doc.path,
                "municipality": doc.municipality,
                "page_count": doc.page_count,
                "sha256": doc.sha256,
                "chars": len(doc.text),
                "warnings": doc.warnings,
            },
            "entities": [asdict(e) for e in self.entities],
            "persons": [
                {
                    "name": p.name,
                    "aliases": p.aliases,
                    "roles": p.roles,
                    "party": p.party,
                    "kind": p.kind,
                }
                for p in self.persons
            ],
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_aliases": by_name[q.speaker].aliases if q.speaker in by_name else [],
                    "cue": q.cue,
                    "start": q.start,
                    "end": q.end,
                    "kind": q.kind,
                    "mention": q.mention,
                    "mention_type": q.mention_type,
                    "page": doc.page_at(q.start),
                }
                for q in self.quotes
            ],
            "findings": [
                {
                    "text": f.text,
                    "themes": f.themes,
                    "polarity": f.polarity,
                    "start": f.start,
                    "end": f.end,
                    "page": f.page,
                    "section": f.section,
                    "scores": f.scores,
                }
                for f in self.findings
            ],
        }


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
