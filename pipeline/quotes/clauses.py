"""Layer (a) of the quote stage: one document read as paragraphs, their roles and clauses.

`Clauses` holds the text, its paragraphs and their roles ("Det mener X" claims, name lines
that sign a pull quote, whether the text is an interview), the persons the text introduces,
the quotes found so far, and the clause-level questions the later layers ask: is there a
speech verb and a speaker after this comma, who is the subject before this colon, which
mention is nearest. Detection (`detection.py`) and attribution (`attribution.py`) use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.core import Person
from pipeline.core.vocab import BLOCKS_SPAN_KEY, NOT_ARTICLE_SPAN_KEY
from pipeline.quotes import lexicon as lexicon_module
from pipeline.quotes.lexicon import Lexicon, phrases
from pipeline.quotes.mentions import LOWER, UPPER, Mention, parse_mention
from pipeline.quotes.persons import Registry, build_registry
from pipeline.quotes.text import (
    Paragraph,
    sentence_spans,
    split_paragraphs,
)

# opening mark -> closing marks accepted
PAIRS = {
    "»": "«",
    "«": "»",
    "„": "“”",
    "“": "”",
    "”": "”",
    '"': '"',
    "‘": "’",
    "’": "’",
}
CLOSERS = '«»“”"’'
_PERSONS = dict(line.split(maxsplit=1) for line in phrases("person_pronouns.txt"))
_FIRST = _PERSONS["1"].replace(" ", "|")
_SECOND = _PERSONS["2"].replace(" ", "|")
FIRST_PERSON = re.compile(rf"\b(?:{_FIRST})\b", re.IGNORECASE)
SECOND_PERSON = re.compile(rf"(?i:\b(?:{_SECOND})\b)|(?<=\w )I\b")  # "I" only capitalised
FIRST_SECOND_PERSON = re.compile(rf"\b(?:{_FIRST}|{_SECOND})\b", re.IGNORECASE)
_CUE_WORD = re.compile(rf"(?<![{LOWER}])([{LOWER}]+)(?![{LOWER}])")  # a possible speech verb
ATTRIBUTION = re.compile(
    rf"(?P<punct>[,?!…])(?P<close>[{CLOSERS}]?)[ \t]+(?P<verb>[{LOWER}]+)[ \t]+"
)
CLAIM_END = re.compile(
    r"[ \t]*(?:[,.;:]|$|(?:til|i|på|over for|under|efter|via|onsdag|torsdag|fredag)[ \t]"
    r"|(?:sin|sit|sine|deres|hans|hendes)[ \t]+[a-zæøå]+[ \t]*[,.]?)"  # "… begrunder X sit valg"
)
MAX_CLAIMED_SENTENCES = 3
UNQUOTED_BLOCKS = frozenset({"caption", "byline", "menu", "teaser"})  # blocks with no quotes
# a lower-case word in -e after "at" that is no subject: an infinitive ("at udsætte", "at se")
# (plural definite nouns also end in -e: "at kommunerne skal …" has a subject)
INFINITIVE = re.compile(
    r"(?!(?:de|alle|mange|flere|nogle|disse|hele|hverken)\b)(?![a-zæøå]+(?:erne|ene)\b)"
    r"[a-zæøå]+e\b"
)
# a dash opening a quote inside a prose paragraph: after a colon or a finished sentence
INLINE_DASH = re.compile(r":[ \t]+[–—-][ \t]+|(?<=[.!?])[ \t]+[–—-][ \t]+(?=[A-ZÆØÅ»\"„“])")
# a new dash statement inside a quote, maybe introduced ("… godt. Hun siger: – Nej.")
INNER_DASH = re.compile(
    r"(?<=[.!?…])[ \t]+(?:(?P<intro>[A-ZÆØÅ][^.!?:\n]{0,80}:)[ \t]+)?[–—-][ \t]+(?=[A-ZÆØÅ»\"„“])"
)
# "…, siger X og fortsætter:", "…, mens Y afbryder:": who speaks after the colon
HANDOVER = re.compile(r"(?<=[ \t,])(?:og|mens|hvorefter)[ \t]+")
HANDOVER_MENTIONS = frozenset({"name", "surname", "role", "firstname", "pronoun"})
# the opening of a clause that only introduces a quote ("Adspurgt om …, svarede hun:")
INTRO_CLAUSE = re.compile(
    rf"(?:{'|'.join(phrases('intro_openers.txt'))})\b|[^,]*\b(?:spørgsmålet|spurgt)\b"
)
SHORT_INTRO_WORDS = 10
CROSSHEAD_WORDS = 20
# finite verbs that make a name line a sentence ("X, der er formand, er glad")
FINITE_VERBS = frozenset(
    {"er", "var", "har", "havde", "blev", "bliver", "vil", "skal", "kan"}
)  # a dash line this short without final punctuation is a crosshead
AUXILIARY_GAP = (
    r"(?:\([A-ZÆØÅ]{1,3}\)\s*)?,?\s*(?:har|havde|vil|ville|skal|skulle|kan|kunne)"
    r"(?:\s+(?:også|ikke|tidligere|flere gange|nu|efterfølgende|senere|allerede|i dag|i går))?"
)
CLAIM = re.compile(rf"^(?:Det|Dét|Sådan|Så|Dette|Den|Det her)[ \t]+(?P<verb>[{LOWER}]+)[ \t]+")
QUESTION_PREFIX = re.compile(r"^(?:Spørgsmål|Sp\.|Journalist|Interviewer)\s*:", re.IGNORECASE)
ANSWER_PREFIX = re.compile(r"^(?:Svar|Sv\.)\s*:\s*", re.IGNORECASE)
MIN_INLINE_WORDS = 3
SUBORDINATOR = re.compile(rf"(?:{'|'.join(phrases('subordinators.txt'))})\b")
SENTENCE_ADVERBS = frozenset(phrases("sentence_adverbs.txt"))


@dataclass
class Candidate:
    """A quote found by the rules, before its speaker is resolved."""

    start: int
    end: int
    kind: str
    para: int
    cue: str | None = None
    mention: Mention | None = None
    block: bool = False  # a whole-paragraph quote that can continue a run
    attributed: bool = False
    person: Person | None = None
    mention_type: str | None = None
    resolved: bool = False
    inline: bool = False  # in quotation marks inside a prose sentence
    pull: bool = False  # a pull quote signed by a name line: set apart from the running text


def _spans(doc: Doc, key: str, labels: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Character spans of one of ingest's span groups on the Doc (empty for a bare text)."""
    if key not in doc.spans:
        return []
    return [
        (span.start_char, span.end_char)
        for span in doc.spans[key]
        if labels is None or span.label_ in labels
    ]


class Clauses:
    """One document's paragraphs, roles, persons and clause-level queries."""

    def __init__(self, doc: Doc, lex: Lexicon | None = None, text: str | None = None) -> None:
        """`text` is `doc.text` when the caller has read it already."""
        self.doc = doc
        self.text = doc.text if text is None else text
        self.lex = lex or lexicon_module.load()
        self.paragraphs = split_paragraphs(self.text)
        # what ingest knew: bylines, menus and credits are no one's words, captions no quotes
        not_article = _spans(doc, NOT_ARTICLE_SPAN_KEY)
        silent = not_article + _spans(doc, BLOCKS_SPAN_KEY, UNQUOTED_BLOCKS)
        for para in self.paragraphs:
            if any(start <= para.start and para.end <= end for start, end in silent):
                para.kind = "furniture"
        self.registry: Registry = build_registry(doc, self.lex, self.text, not_article)
        self.candidates: list[Candidate] = []
        # an interview: a "Spørgsmål:" line, or two dash paragraphs that only ask
        asking = [p for p in self.paragraphs if p.kind == "dash" and is_question(p.text)]
        self.interview = len(asking) >= 2 or any(
            QUESTION_PREFIX.match(p.text) for p in self.paragraphs
        )
        # paragraph roles: "Det mener X" claims and name lines that sign a pull quote
        self.claims: dict[int, tuple[Mention, str]] = {}
        self.signatures: dict[int, Mention] = {}  # paragraph -> the person it names
        for para in self.paragraphs:
            if para.kind == "prose":
                claim = self.claim_at(para.start, para.end)
                if claim:
                    self.claims[para.index] = claim
            signed = self.signature(para.start, para.end)
            if signed is not None:
                self.signatures[para.index] = signed

    def known(self) -> set[str]:
        return self.registry.known_forms()

    def mention_at(self, pos: int, adverbs: bool = True) -> Mention | None:
        return parse_mention(self.text, pos, self.lex, self.known(), allow_adverbs=adverbs)

    def is_verb(self, word: str) -> bool:
        return word in self.lex.speech_verbs

    def attribution_after(self, pos: int, limit: int) -> tuple[str, Mention] | None:
        """A speech verb + mention or nominal cue starting at `pos` (', siger hun')."""
        text = self.text
        match = re.match(rf"[ \t]*(?P<verb>[{LOWER}]+)[ \t]+", text[pos:limit])
        if not match:
            return None
        verb = match.group("verb")
        after = pos + match.end()
        if verb == "sådan":  # ", sådan lyder det fra X"
            return self.attribution_after(after, limit) if limit > after else None
        if self.is_verb(verb):
            mention = self.mention_at(after)
            if mention and mention.end <= limit:
                return verb, mention
            return None
        if verb in self.lex.particle_verbs:  # ", slår hun fast"
            mention = self.mention_at(after)
            particle = self.lex.particle_verbs[verb]
            if mention and re.match(rf"[ \t]+{particle}\b", self.text[mention.end : limit]):
                return f"{verb} {particle}", mention
            return None
        if verb in self.lex.nominal_verbs:
            return self._nominal(verb, after, limit)
        return None

    def _nominal(self, verb: str, pos: int, limit: int) -> tuple[str, Mention] | None:
        """', lyder det fra X' / ', kommer konklusionen fra X' / ', var X's kommentar'."""
        text = self.text
        nouns = "|".join(sorted(self.lex.nominal_nouns, key=len, reverse=True))
        from_phrase = re.match(
            rf"(?P<noun>det|{nouns})(?:[ \t]+[{LOWER}]+)?[ \t]+(?:fra|hos)[ \t]+", text[pos:limit]
        )
        if from_phrase:
            mention = self.mention_at(pos + from_phrase.end())
            if mention:
                return f"{verb} {from_phrase.group(0).strip()}", mention
            return None
        mention = self.mention_at(pos)
        if mention and mention.type in ("name", "surname", "organisation", "firstname"):
            tail = text[mention.end : min(limit, mention.end + 60)]
            noun = re.match(rf"(?:[ \t]+[{LOWER}]+){{0,2}}?[ \t]+({nouns})\b", tail)
            if noun:
                return f"{verb} … {noun.group(1)}", mention
        return None

    def interviewer(self, body: str) -> bool:
        """Is this dash or answer-less paragraph the interviewer asking?"""
        addressed = SECOND_PERSON.search(body) is not None  # "du", "dig", "I" …
        return is_question(body) or (asks(body) and (self.interview or addressed))

    def first_attribution(
        self, start: int, end: int
    ) -> tuple[re.Match[str], tuple[str, Mention]] | None:
        for match in ATTRIBUTION.finditer(self.text, start, end):
            attribution = self.attribution_after(match.start("verb"), end)
            if attribution:
                return match, attribution
        return None

    def has_attribution(self, start: int, end: int) -> bool:
        return self.first_attribution(start, end) is not None

    def sentence_start(self, para: Paragraph, pos: int) -> int:
        start = para.start
        for sent_start, _sent_end in sentence_spans(self.text, para.start, para.end):
            if sent_start <= pos:
                start = sent_start
        return start

    def speaker_before(self, start: int, end: int) -> tuple[str, Mention] | None:
        """The subject of a speech verb in the clause before a quote or colon."""
        text = self.text
        sentences = sentence_spans(text, start, end)
        clause_start = sentences[-1][0] if sentences else start
        clause = text[clause_start:end]
        verbs = [
            m
            for m in re.finditer(rf"(?<![{LOWER}])([{LOWER}]+)(?![{LOWER}])", clause)
            if self.is_verb(m.group(1))
        ]
        if not verbs:
            return None
        verb = verbs[-1]
        verb_pos = clause_start + verb.start()
        # a clause that opens with its subject has no inverted subject after the verb
        # ("Borgmester X kalder rapporten ’…’": the report is the object)
        first = self.mention_at(clause_start, adverbs=False)
        subject_first = (
            first is not None
            and first.end <= verb_pos
            and first.type not in ("report", "group")
            and is_apposition_gap(text[first.end : verb_pos])
        )
        if subject_first and first is not None:
            return verb.group(1), first
        inverted = self.mention_at(clause_start + verb.end() + 1)
        if inverted and inverted.end <= end:
            return verb.group(1), inverted
        subject = self.nearest_mention(clause_start, verb_pos)
        if subject:
            return verb.group(1), subject
        return None

    def nearest_mention(self, start: int, end: int) -> Mention | None:
        """The speaker reference that ends closest before `end` within [start, end)."""
        text = self.text
        best = None
        known = self.known()
        inside = [(c.start, c.end) for c in self.candidates if c.start < end and start < c.end]
        for match in re.finditer(rf"(?<![\w-])[\w{LOWER}]", text[start:end]):
            pos = start + match.start()
            if any(s <= pos < e for s, e in inside):
                continue  # words inside another quote are not the speaker
            if best is not None and pos < best.end:
                continue  # "Lærerforening" inside "Danmarks Lærerforening"
            mention = self.mention_at(pos, adverbs=False)
            if mention is None or mention.end > end:
                continue
            if mention.type == "surname" and mention.name not in known:
                continue  # a lone capitalised word (a place) is not a speaker
            best = mention
        return best

    def is_medium(self, mention: Mention) -> bool:
        """Is the mention a news medium ("avisen", "TV 2", "Jyllands-Posten")?"""
        ahead = self.text[mention.start : mention.start + 30].lower().replace("\u00a0", " ")
        return any(
            ahead.startswith(name) and not ahead[len(name) : len(name) + 1].isalnum()
            for name in self.lex.media
        )

    def claim_at(self, start: int, end: int) -> tuple[Mention, str] | None:
        """A sentence 'Det mener X …' / 'Sådan lyder det fra X' starting at `start`."""
        text = self.text[start:end]
        lyder = re.match(r"^(?:Sådan|Så|Det)[ \t]+(lyder|lød)[ \t]+det[ \t]+(fra|hos)[ \t]+", text)
        if lyder:
            mention = self.mention_at(start + lyder.end())
            return (mention, lyder.group(0).strip()) if mention else None
        match = CLAIM.match(text)
        if not match:
            return None
        verb = match.group("verb")
        if not self.is_verb(verb):
            return None
        mention = self.mention_at(start + match.end())
        if mention and self.is_medium(mention):
            return None  # "Det skriver avisen": another medium as a source, not speech
        # "Det mener X, der …", "Det skriver X i en pressemeddelelse" — not "Det tror X ikke på"
        if mention and CLAIM_END.match(self.text, mention.end, end):
            return mention, verb
        return None

    def signature(self, start: int, end: int) -> Mention | None:
        """A line that only names someone: "Lene Bro, direktør", "— Ib Holm, Kalvehave"."""
        line = self.text[start:end]
        match = re.match(rf"(?:[–—-][ \t]*)?(?=[{UPPER}])", line)
        if match is None or len(line.split()) > 14 or line.rstrip().endswith((":", "?", "!")):
            return None
        mention = self.mention_at(start + match.end(), adverbs=False)
        if mention is None or mention.type != "name" or len((mention.name or "").split()) < 2:
            return None
        if mention.start != start + match.end():
            return None  # "Drengens far, X, …": a sentence about someone
        rest = self.text[mention.end : end].strip()
        if (rest and not re.fullmatch(r",[^!?:;]*|\.", rest)) or re.search(
            rf"\.\s+[{UPPER}]", rest
        ):
            return None  # a sentence goes on after the name
        if any(w in FINITE_VERBS or self.is_verb(w) for w in re.findall(rf"[{LOWER}]+", rest)):
            return None
        return mention


@lru_cache(maxsize=4)
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Multi-word cues that may hold a sentence adverb after their verb ("peger desuden på")."""
    adverb = r"(?:[ \t]+(?:desuden|også|samtidig|især|derfor|nu|dog|igen|ligeledes))?"
    bodies = []
    for phrase in sorted(phrases, key=len, reverse=True):
        first, *rest = phrase.split()
        tail = "".join(rf"[ \t]+{re.escape(word)}" for word in rest)
        bodies.append(rf"{re.escape(first)}{adverb if rest else ''}{tail}")
    return re.compile(rf"(?<!\w)(?:{'|'.join(bodies)})(?!\w)")


def mention_type_of(mention: Mention) -> str:
    if mention.type in ("report", "organisation", "orgnoun"):
        return "organisation"
    if mention.type in ("group", "anonymous", "partymember"):
        return "role"
    if mention.type == "firstname":
        return "name"
    return mention.type


def unpunctuated(text: str) -> bool:
    """A short line without final punctuation: a crosshead or a bare one-line remark."""
    return text[-1] not in '.!?…:«”"’' and len(text.split()) <= CROSSHEAD_WORDS


def is_question(body: str) -> bool:
    """A paragraph of questions only: the interviewer's, not a quote — unless the speaker
    asks it of themselves ("Hvad ville Hanne have gjort? … spørger vi")."""
    stripped = body.strip().rstrip(CLOSERS).strip()
    if not stripped.endswith("?") or FIRST_PERSON.search(stripped):
        return False
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", stripped) if s]
    return all(s.rstrip(CLOSERS).endswith("?") for s in sentences)


def asks(body: str) -> bool:
    """In an interview, a short paragraph with a question and no first person is the
    interviewer's: "– Du har været her i seks uger. Hvad har overrasket dig mest?"."""
    stripped = body.strip()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", stripped) if s]
    return "?" in stripped and len(sentences) <= 3 and not FIRST_PERSON.search(stripped)


def is_apposition_gap(gap: str) -> bool:
    """Only party letters, adverbs or a comma-delimited apposition between subject and verb."""
    gap = gap.strip()
    if gap in ("", ","):
        return True
    if re.fullmatch(r"(?:\([A-ZÆØÅ]{1,3}\)\s*)?,", gap):
        return True
    if re.fullmatch(r"(?:i|på|fra|hos)\s+[A-ZÆØÅ][\wæøå-]*(?:\s+[A-ZÆØÅ][\wæøå-]*)?,?", gap):
        return True
    if re.fullmatch(r"\([A-ZÆØÅ]{1,3}\)", gap):
        return True
    if re.fullmatch(r"(?:\([A-ZÆØÅ]{1,3}\))?\s*,[^.;:!?]{0,100},", gap):
        return True
    if re.fullmatch(AUXILIARY_GAP, gap):
        return True  # "Lars Gade, har sagt til avisen, at …"
    return re.fullmatch(r"(?:også|nu|dog|derfor|selv|til gengæld|ikke)", gap) is not None
