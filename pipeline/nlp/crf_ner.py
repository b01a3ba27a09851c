"""The embedded model's entity recogniser: a linear-chain CRF over rich Danish features.

Chosen over spaCy's CNN by measurement on the DDT dev split (see meta.json): with
~20k training tokens and no pretrained vectors a CRF with gazetteer, capitalisation
and word-frequency features generalises better, and it tags far faster than 10k
words/s on one core. Saved inside the spaCy pipeline folder (`crf_ner/`), so
`spacy.load` restores it once this module has registered the factory.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycrfsuite
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.conll import spans_from_tags
from pipeline.nlp.entity_rules import apply_rules
from pipeline.nlp.features import Resources, sentence_features

FACTORY = "dapipe_crf_ner"
MODEL_FILE = "model.crfsuite"
RESOURCES_FILE = "resources.json"


def check_model_bytes(data: bytes) -> None:
    """Refuse a model file that is not whole: crfsuite trusts its header and reads past the end of
    a truncated file (a segmentation fault, no message). The header holds magic and total size."""
    if len(data) < 12 or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError("the CRF model file is not a crfsuite model (damaged or another format)")
    declared = struct.unpack("<I", data[4:8])[0]
    if declared != len(data):
        raise ValueError(
            f"the CRF model file is damaged: {len(data)} bytes where its header says {declared}"
            " (retrain with `dapipe train ner` or reinstall dapipe)"
        )


class CrfTagger:
    """A trained CRF plus the word lists its features were built with."""

    def __init__(self, model_bytes: bytes, resources: Resources) -> None:
        check_model_bytes(model_bytes)
        self.model_bytes = model_bytes
        self.resources = resources
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model_bytes)
        self._kommuner: frozenset[str] | None = None

    def tag(self, words: list[str]) -> list[str]:
        """IOB2 tags for one sentence of words, as the CRF alone predicts them."""
        if not words:
            return []
        return list(self._tagger.tag(sentence_features(words, self.resources)))

    def spans(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Entity spans of one sentence: the CRF's, corrected by the Danish rules."""
        res = self.resources
        if self._kommuner is None:
            self._kommuner = frozenset(res.lists.get("kommune", []))
        spans = spans_from_tags(self.tag(words))
        spans = drop_party_letters(words, spans, res.party_letters)
        spans = join_name_particles(words, spans)
        return apply_rules(words, spans, res, self._kommuner)

    @classmethod
    def load(cls, path: Path) -> CrfTagger:
        data = json.loads((path / RESOURCES_FILE).read_text(encoding="utf-8"))
        resources = Resources(data["lists"], data["freq"], data.get("freq_en", {}))
        return cls((path / MODEL_FILE).read_bytes(), resources)

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / MODEL_FILE).write_bytes(self.model_bytes)
        res = self.resources
        data = {"lists": res.lists, "freq": res.freq, "freq_en": res.freq_en}
        (path / RESOURCES_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def propagate_names(
    words: list[str], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Tag later bare mentions of a surname already seen in a full PER name ("Mortensen").

    News refers to people by surname after the first mention; the CRF sees one sentence
    at a time and misses some of them, the document does not.
    """
    taken = [False] * len(words)
    for start, end, _ in spans:
        for i in range(start, end):
            taken[i] = True
    surnames = {
        words[end - 1] for start, end, label in spans if label == "PER" and end - start >= 2
    }
    surnames = {s for s in surnames if s[:1].isupper() and len(s) > 2}
    added = []
    for i, w in enumerate(words):
        if taken[i]:
            continue
        base = w[:-1] if w.endswith("s") and w[:-1] in surnames else w
        if base in surnames:
            added.append((i, i + 1, "PER"))
    return sorted(spans + added)


def lexicon_of(nlp: Language, pipe: str) -> Any:
    """The lookup lemmatizer's table of Danish word forms, shared instead of stored twice."""
    if pipe not in nlp.pipe_names:
        raise ValueError(f"the CRF NER needs the lookup lemmatizer {pipe!r} in the same pipeline")
    lemmatizer: Any = nlp.get_pipe(pipe)
    return lemmatizer.lookups.get_table("lemma_lookup")


def drop_party_letters(
    words: list[str], spans: list[tuple[int, int, str]], letters: frozenset[str]
) -> list[tuple[int, int, str]]:
    """Remove a party letter in brackets tagged as an entity: "Per Juhl (S)" has one name."""

    def is_letter(start: int, end: int) -> bool:
        return (
            end - start == 1
            and words[start] in letters
            and start > 0
            and words[start - 1] == "("
            and end < len(words)
            and words[end] == ")"
        )

    return [s for s in spans if not is_letter(s[0], s[1])]


# Lower-case particles inside personal names: "Malene von Bülow", "Peter de Neef".
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "de", "du", "da", "di", "dos", "das", "del", "della", "ter", "ten", "zu"}
)


def join_name_particles(
    words: list[str], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """One PER where the CRF split a name at its particle: "Malene" + "von" + "Bülow"."""
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if out:
            start, end, label = out[-1]
            joins = (
                label == span[2] == "PER"
                and span[0] == end + 1
                and words[end] in NAME_PARTICLES
                and words[span[0]][:1].isupper()
            )
            if joins:
                out[-1] = (start, span[1], "PER")
                continue
        out.append(span)
    return out


class CrfEntityRecognizer:
    """spaCy component: sets `doc.ents` (PER/LOC/ORG/MISC) sentence by sentence."""

    def __init__(self, nlp: Language, name: str, lexicon_pipe: str = "lemmatizer") -> None:
        self.name = name
        self.nlp = nlp
        self.lexicon_pipe = lexicon_pipe
        self.tagger: CrfTagger | None = None
        self._has_lexicon = False

    def __call__(self, doc: Doc) -> Doc:
        if self.tagger is None:
            raise ValueError(f"{self.name}: no CRF model loaded (train it with `dapipe train ner`)")
        if not self._has_lexicon:
            self.tagger.resources.lexicon = lexicon_of(self.nlp, self.lexicon_pipe)
            self._has_lexicon = True
        sents: Iterable[Span] = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        words: list[str] = []
        index: list[int] = []  # position in `words` -> token index in doc
        spans: list[tuple[int, int, str]] = []
        for sent in sents:
            sent_words = [t.text for t in sent if not t.is_space]
            sent_index = [t.i for t in sent if not t.is_space]
            offset = len(words)
            for start, end, label in self.tagger.spans(sent_words):
                spans.append((offset + start, offset + end, label))
            words.extend(sent_words)
            index.extend(sent_index)
        spans = propagate_names(words, spans)
        ents = [Span(doc, index[s], index[e - 1] + 1, label=label) for s, e, label in spans]
        doc.ents = filter_spans(ents)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.tagger is not None:
            self.tagger.save(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CrfEntityRecognizer:
        self.tagger = CrfTagger.load(Path(path))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        raise NotImplementedError("the CRF entity recogniser is saved with to_disk")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> Any:
        raise NotImplementedError("the CRF entity recogniser is loaded with from_disk")


@Language.factory(
    FACTORY,
    assigns=["doc.ents"],
    requires=["token.is_sent_start"],
    default_config={"lexicon_pipe": "lemmatizer"},
)
def make_crf_ner(nlp: Language, name: str, lexicon_pipe: str) -> CrfEntityRecognizer:
    return CrfEntityRecognizer(nlp, name, lexicon_pipe)
