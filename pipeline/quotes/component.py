"""The spaCy component "dapipe_quotes": quotes, speakers and persons on every Doc."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.quotes import lexicon as lexicon_module
from pipeline.quotes.lexicon import Lexicon
from pipeline.quotes.persons import add_role_aliases
from pipeline.quotes.rules import find_quotes_and_persons

COMPONENT_NAME = "dapipe_quotes"
SPAN_KEY = "quotes"

for _name in ("quotes", "persons"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class QuoteComponent:
    """Runs the quote rules; data (word lists) is loaded in `initialize`."""

    def __init__(self, nlp: Language, name: str, span_key: str, max_chars: int) -> None:
        self.name = name
        self.span_key = span_key
        self.max_chars = max_chars
        self.lexicon: Lexicon | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """Load the Danish word lists (verbs, roles, names) once."""
        self.lexicon = lexicon_module.load()

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            self.initialize()
        text = doc.text  # joins every token: read it once
        if len(text) > self.max_chars:
            doc._.quotes, doc._.persons = [], []
            doc.spans[self.span_key] = []
            return doc
        quotes, found = find_quotes_and_persons(doc, self.lexicon, text)
        speakers = {quote.speaker for quote in quotes}
        for person in found:
            if person.kind == "person":
                add_role_aliases(person)
        # every named person, but bodies only when they say something
        persons = [p for p in found if p.kind == "person" or p.name in speakers]
        spans: list[Span] = []
        for quote in quotes:
            span = doc.char_span(quote.start, quote.end, label=quote.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.span_key] = spans
        doc._.quotes = quotes
        doc._.persons = persons
        return doc


@Language.factory(
    COMPONENT_NAME,
    default_config={"span_key": SPAN_KEY, "max_chars": 2_000_000},
    requires=["doc.ents"],
    assigns=["doc.spans", "doc._.quotes", "doc._.persons"],
)
def make_quote_component(nlp: Language, name: str, span_key: str, max_chars: int) -> QuoteComponent:
    return QuoteComponent(nlp, name, span_key, max_chars)


def add_pipe(nlp: Language) -> None:
    """Add and initialise the quote component without re-initialising the trained model."""
    if COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT_NAME, last=True)
    component = nlp.get_pipe(COMPONENT_NAME)
    assert isinstance(component, QuoteComponent)
    component.initialize(lambda: [], nlp=nlp)
