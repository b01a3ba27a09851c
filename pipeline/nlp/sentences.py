"""Danish sentence boundaries that respect the document's paragraph structure.

Any backend's own segmenter may run a sentence across a blank line (a heading and the
paragraph under it), which the quote and theme stages must never see. This component
runs last among the segmenters and overrides: a sentence always starts after "\\n\\n",
and a single-line title followed by a blank line is its own sentence.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "dapipe_sentences"
_END = {".", "!", "?", "…", "?!", "!?", "..."}
_CLOSERS = {'"', "”", "’", "»", "«", ")", "'"}
_OPENERS = {'"', "“", "„", "«", "»", "–", "—", "-", "(", "‘", "'"}


def _starts_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or text in _OPENERS


@Language.factory(FACTORY, assigns=["token.is_sent_start"], default_config={"punctuation": True})
def make_sentences(nlp: Language, name: str, punctuation: bool) -> ParagraphSentencizer:
    return ParagraphSentencizer(punctuation)


class ParagraphSentencizer:
    """Sets sentence starts from paragraph breaks and (optionally) end punctuation.

    `punctuation=False` only marks paragraph starts and leaves every other token
    undecided, for a backend whose parser or senter runs next and sets the rest
    (a parsed doc's boundaries can no longer be changed).
    """

    def __init__(self, punctuation: bool = True) -> None:
        self.punctuation = punctuation

    @staticmethod
    def _ends_sentence(doc: Doc, i: int) -> bool:
        text = doc[i].text
        if text in _END:
            return True
        return text in _CLOSERS and i >= 1 and doc[i - 1].text in _END

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        starts: list[bool | None] = [None] * len(doc)
        prev_word = -1  # index of the last non-space token
        gap_newlines = 0  # newlines in the space tokens since then
        for i, token in enumerate(doc):
            if token.is_space:
                starts[i] = i == 0 if self.punctuation or i == 0 else None
                gap_newlines += token.text.count("\n")
                continue
            if prev_word < 0:
                starts[i] = i == 0
            else:
                gap_newlines += doc[prev_word].whitespace_.count("\n")
                if gap_newlines >= 2:
                    starts[i] = True
                elif self.punctuation:
                    closes = token.text in _CLOSERS and not doc[prev_word].whitespace_
                    starts[i] = (
                        not closes
                        and self._ends_sentence(doc, prev_word)
                        and _starts_sentence(token.text)
                    )
            prev_word, gap_newlines = i, 0
        # One array write: setting token.is_sent_start one by one is quadratic in spaCy.
        values = [0 if x is None else (1 if x else -1) for x in starts]
        if not self.punctuation and doc.has_annotation("SENT_START"):
            old = doc.to_array([SENT_START]).astype("int64").tolist()
            values = [o if v == 0 else v for v, o in zip(values, old, strict=True)]
        array = numpy.array(values, dtype="int64").astype("uint64")
        doc.from_array([SENT_START], array)  # type: ignore[arg-type]
        return doc
