"""Find quotes in a Danish news text and attribute them to speakers.

The rules follow how Danish papers print speech: dash paragraphs ("– …, siger
X."), quotation marks of many kinds, unmarked statements with a post-posed
speech verb, indirect "X mener, at …" and "ifølge X …", runs of paragraphs
that continue the previous speaker, and a speaker named in the following
paragraph ("Det mener X, der …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.core import Person, Quote
from pipeline.quotes import lexicon as lexicon_module
from pipeline.quotes.lexicon import Lexicon
from pipeline.quotes.mentions import LOWER, UPPER, Mention, parse_mention
from pipeline.quotes.persons import Registry, build_registry
from pipeline.quotes.text import (
    DASH_OPEN,
    Paragraph,
    sentence_spans,
    split_paragraphs,
    trim,
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
_FIRST = "jeg|vi|mig|os|min|mit|mine|vores|vor"
_SECOND = "du|dig|din|dit|dine|jer|jeres"
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
    r"(?:Adspurgt|Spurgt|Om|Hvis|Da|Når|Efter|Til|På|Som|Men|Og)\b|[^,]*\b(?:spørgsmålet|spurgt)\b"
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
SUBORDINATOR = re.compile(
    r"(?:Selvom|Selv om|Når|Hvis|Da|Fordi|Mens|Efter at|Før|Inden|Siden|Skønt|Idet|Som)\b"
)
SENTENCE_ADVERBS = frozenset(
    [
        "ikke",
        "også",
        "dog",
        "samtidig",
        "selv",
        "nu",
        "derfor",
        "klart",
        "blot",
        "bare",
        "heller",
        "stadig",
        "fortsat",
        "gerne",
        "desuden",
        "tydeligt",
        "helt",
        "bestemt",
        "kun",
        "netop",
        "ellers",
        "faktisk",
        "altså",
        "jo",
        "vel",
        "endnu",
        "igen",
    ]
)


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


class QuoteFinder:
    """All rules over one document; `run()` yields resolved `Quote`s in text order."""

    def __init__(self, doc: Doc, lex: Lexicon | None = None, text: str | None = None) -> None:
        """`text` is `doc.text` when the caller has read it already."""
        self.doc = doc
        self.text = doc.text if text is None else text
        self.lex = lex or lexicon_module.load()
        self.paragraphs = split_paragraphs(self.text)
        self.registry: Registry = build_registry(doc, self.lex, self.text)
        self.candidates: list[Candidate] = []
        self.claims: dict[int, tuple[Mention, str]] = {}  # paragraph -> speaker claim
        self.signatures: set[int] = set()  # paragraphs that only sign a pull quote
        self._para_candidates: dict[int, list[Candidate]] = {}
        self.interviewee: Person | None = None  # who answers the questions of an interview
        # an interview: a "Spørgsmål:" line, or two dash paragraphs that only ask
        asking = [p for p in self.paragraphs if p.kind == "dash" and _is_question(p.text)]
        self.interview = len(asking) >= 2 or any(
            QUESTION_PREFIX.match(p.text) for p in self.paragraphs
        )

    # --- helpers --------------------------------------------------------------
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

    # --- detection --------------------------------------------------------------
    def run(self) -> Iterator[Quote]:
        for para in self.paragraphs:
            if para.kind == "dash":
                self._dash_paragraph(para)
            elif para.kind == "prose":
                self._prose_paragraph(para)
        self._claimed_prose()
        self._pull_quotes()
        self._drop_bullet_runs()
        self.candidates.sort(key=lambda c: c.start)
        self.registry.set_excluded([(c.start, c.end) for c in self.candidates])
        self._resolve()
        for cand in self.candidates:
            if cand.mention_type == "drop":
                continue
            # an indirect statement's final full stop belongs to the reporting sentence
            strip = " \t\n,;:." if cand.kind == "indirect" else " \t\n,;:"
            start, end = trim(self.text, cand.start, cand.end, strip)
            if end - start < 2:
                continue
            yield Quote(
                text=self.text[start:end],
                start=start,
                end=end,
                kind=cand.kind,  # type: ignore[arg-type]
                cue=cand.cue,
                speaker=cand.person.name if cand.person else None,
                mention=cand.mention.text if cand.mention else None,
                mention_type=cand.mention_type,  # type: ignore[arg-type]
            )

    def _dash_paragraph(self, para: Paragraph) -> None:
        opener = DASH_OPEN.match(para.text)
        assert opener is not None
        body_start = para.start + opener.end()
        self._block_quote(para, body_start, para.end)

    def _interviewer(self, body: str) -> bool:
        """Is this dash or answer-less paragraph the interviewer asking?"""
        addressed = SECOND_PERSON.search(body) is not None  # "du", "dig", "I" …
        return _is_question(body) or (_asks(body) and (self.interview or addressed))

    def _block_quote(self, para: Paragraph, start: int, end: int) -> None:
        """A paragraph-level quote, split where an attribution interrupts it."""
        if self._interviewer(self.text[start:end]) and not self._has_attribution(start, end):
            return
        segment_start, first = start, True
        carry: tuple[str, Mention] | None = None
        while segment_start < end:
            found = self._first_attribution(segment_start, end)
            inner = INNER_DASH.search(self.text, segment_start, found[0].start() if found else end)
            if inner is not None:
                # "– Det er godt. – Men …" / "… godt. Hun siger: – Nej.": a new statement
                cand = Candidate(segment_start, inner.start(), "direct", para.index, block=first)
                if carry:
                    cand.cue, cand.mention, cand.attributed = carry[0], carry[1], True
                self.candidates.append(cand)
                first, carry = False, None
                if inner.group("intro"):
                    carry = self._speaker_before(inner.start("intro"), inner.end("intro"))
                segment_start = inner.end()
                continue
            if found is None:
                cand = Candidate(segment_start, end, "direct", para.index, block=first)
                if carry:
                    cand.cue, cand.mention, cand.attributed = carry[0], carry[1], True
                self.candidates.append(cand)
                return
            match, (cue, mention) = found
            if self._resumes(segment_start, match.start(), mention.end, end):
                # "– Vi har, siger hun, ikke tid …": one quote around its attribution
                cand = Candidate(
                    segment_start, end, "direct", para.index, cue, mention, first, True
                )
                self.candidates.append(cand)
                return
            quote_end = match.start() + (1 if match.group("punct") in "?!" else 0)
            self.candidates.append(
                Candidate(segment_start, quote_end, "direct", para.index, cue, mention, first, True)
            )
            first = False
            self._added_statement(para, cue, mention, end)
            # a new dash after the attribution opens another quote by the same speaker
            rest = re.match(r"(?P<gap>[^–—]*?)[ \t]+(?:–|—|-)[ \t]+", self.text[mention.end : end])
            if rest is None or re.search(r"[.!?]\s", rest.group("gap")):
                return
            segment_start, carry = mention.end + rest.end(), (cue, mention)

    def _added_statement(self, para: Paragraph, cue: str, mention: Mention, end: int) -> None:
        """', siger hun og tilføjer, at …': the speaker's further, indirect statement."""
        added = re.match(
            rf",?[ \t]+og[ \t]+(?P<verb>[{LOWER}]+)"
            rf"(?P<mid>(?:[ \t]+[{LOWER}]+){{0,2}}?)[ \t]*,?[ \t]+at[ \t]+",
            self.text[mention.end : end],
        )
        if added is None or added.group("verb") not in self.lex.indirect_verbs:
            return
        if any(word not in SENTENCE_ADVERBS for word in added.group("mid").split()):
            return
        start = mention.end + added.end()
        stop = re.search(r"[.!?](?=\s|$)", self.text[start:end])
        cand = Candidate(start, start + stop.start() if stop else end, "indirect", para.index)
        cand.cue, cand.mention, cand.attributed = added.group("verb"), mention, True
        self.candidates.append(cand)

    def _resumes(self, start: int, cut: int, after: int, end: int) -> bool:
        """Does the quote go on after an attribution set inside its first sentence?

        Only when the attribution cuts a sentence short (no full stop before it) and the words
        after its comma read as the rest of that sentence, not as narration about the speaker
        (", der …", ", og tilføjer …").
        """
        if re.search(r"[.!?:]", self.text[start:cut]):
            return False
        rest = re.match(rf"[ \t]*,[ \t]+([{LOWER}]+)(?:[ \t]+(\w+))?", self.text[after:end])
        if rest is None or rest.group(1) in self.lex.narrative_connectors:
            return False
        if any(self.is_verb(word) for word in rest.groups() if word):
            return False  # ", siger hun, men tilføjer …"
        tail = self.text[after:end]
        if tail.rstrip().endswith("?") and SECOND_PERSON.search(tail):
            return False  # ", sagde X, men hvad mener du?": the reporter asks the reader
        return bool(re.search(r"[.!?…]\s*$", self.text[after:end]))

    def _first_attribution(
        self, start: int, end: int
    ) -> tuple[re.Match[str], tuple[str, Mention]] | None:
        for match in ATTRIBUTION.finditer(self.text, start, end):
            attribution = self.attribution_after(match.start("verb"), end)
            if attribution:
                return match, attribution
        return None

    def _has_attribution(self, start: int, end: int) -> bool:
        return self._first_attribution(start, end) is not None

    def _prose_paragraph(self, para: Paragraph) -> None:
        text = self.text
        if QUESTION_PREFIX.match(para.text):
            return
        answer = ANSWER_PREFIX.match(para.text)
        if answer:
            self._block_quote(para, para.start + answer.end(), para.end)
            return
        # a paragraph that is one quotation in marks, possibly unclosed (continues below)
        if para.text[0] in '»„“"' and (
            para.text.count(para.text[0]) == 1
            or para.text.rstrip(".").endswith(tuple(PAIRS[para.text[0]]))
        ):
            closer = PAIRS[para.text[0]]
            close_at = max(para.text.rfind(c) for c in closer) if para.text[0] != '"' else -1
            if para.text[0] == '"':
                close_at = para.text.rfind('"')
                close_at = close_at if close_at > 0 else -1
            nested = para.text[0] != '"' and para.text.count(para.text[0]) > 1
            if close_at <= 0 or (nested and close_at >= len(para.text.rstrip(".")) - 1):
                # unclosed (it continues below), or marks nested inside ("»Vi er de »nye«.«")
                close = para.end if close_at <= 0 else para.start + close_at
                self._block_quote(para, para.start + 1, close)
                return
        self._claim(para)
        marked = self._marked_quotes(para)
        inline_dash = INLINE_DASH.search(para.text)
        if inline_dash and not marked:
            pre_end = para.start + inline_dash.start()
            colon = para.text[inline_dash.start()] == ":"
            mention = self._speaker_before(para.start, pre_end) if colon else None
            quote_start = para.start + inline_dash.end()
            before = len(self.candidates)
            self._block_quote(para, quote_start, para.end)
            for cand in self.candidates[before:]:
                cand.block = False
                if cand.mention is None and mention is not None:
                    cand.mention, cand.attributed = mention[1], True
                    cand.cue = mention[0]
            return
        spans = sentence_spans(text, para.start, para.end)
        if not marked:
            spans = self._claimed_sentences(para, spans)
        for sent_start, sent_end in spans:
            if any(c.start < sent_end and sent_start < c.end for c in marked):
                before = len(self.candidates)
                self._indirect(para, sent_start, sent_end)
                added = self.candidates[before:]
                if any(c.start < a.end and a.start < c.end for a in added for c in marked):
                    del self.candidates[before:]
                continue
            if self._unmarked(para, sent_start, sent_end):
                continue
            self._indirect(para, sent_start, sent_end)

    def _claimed_sentences(
        self, para: Paragraph, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """'Det er et godt tegn. Det fortæller X til TV Syd.': the sentences before the claim
        are X's statement; returns the sentences left for the other rules."""
        for index, (start, end) in enumerate(spans[1 : MAX_CLAIMED_SENTENCES + 1], 1):
            claim = self._claim_at(start, end)
            if claim:
                cand = Candidate(spans[0][0], spans[index - 1][1], "direct", para.index, claim[1])
                cand.mention, cand.attributed = claim[0], True
                self.candidates.append(cand)
                return spans[index + 1 :]
        return spans

    def _marked_quotes(self, para: Paragraph) -> list[Candidate]:
        """Quotations in marks inside a prose paragraph, with their attribution."""
        text = self.text
        found: list[Candidate] = []
        pos = para.start
        while pos < para.end:
            opener_match = re.compile(r"[»«„“”\"‘’]").search(text, pos, para.end)
            if not opener_match:
                break
            open_at = opener_match.start()
            mark = opener_match.group(0)
            prev = text[open_at - 1] if open_at > para.start else " "
            nxt = text[open_at + 1] if open_at + 1 < para.end else " "
            if not (prev.isspace() or prev in "([–—-:") or nxt.isspace():
                pos = open_at + 1
                continue
            close_at = self._closing(open_at + 1, para.end, PAIRS[mark])
            if close_at is None:
                pos = open_at + 1
                continue
            q_start, q_end = open_at + 1, close_at
            words = len(text[q_start:q_end].split())
            pos = close_at + 1
            before_words = [
                w.lower()
                for w in re.findall(
                    rf"[{LOWER}{UPPER}]+", text[max(para.start, open_at - 40) : open_at]
                )
            ]
            titled = bool(before_words) and before_words[-1].endswith(self.lex.title_nouns)
            if len(before_words) >= 2 and before_words[-1] in ("var", "er", "hed", "hedder"):
                titled = titled or before_words[-2].endswith(self.lex.title_nouns)
            if titled and any(self.is_verb(w) for w in before_words[-3:-1]):
                titled = False  # "kalder rapporten ’en øjenåbner’": a verdict, not a title
            if titled:
                continue  # "bogen »Børn i Danmark«", "overskriften var »…«": a title
            whole = open_at == para.start
            cand = Candidate(q_start, q_end, "direct", para.index, block=whole, inline=not whole)
            after = self._attribution_after_mark(close_at + 1, para.end)
            if after:
                cand.cue, cand.mention, cand.attributed = after[0], after[1], True
            elif not whole:
                before = self._speaker_before(para.start, open_at)
                if before:
                    cand.cue, cand.mention, cand.attributed = before[0], before[1], True
            if not cand.attributed and not whole:
                # no speech verb: the speaker is the nearest person or body in the sentence
                sentence_start = self._sentence_start(para, open_at)
                nearest = self._nearest_mention(sentence_start, open_at)
                if nearest is not None and nearest.type != "pronoun":
                    cand.mention, cand.attributed = nearest, True
            if words < MIN_INLINE_WORDS and not (whole and cand.attributed):
                continue  # "kalder det »overraskende stærkt«": a scare quote, even with a cue
            # a question in marks is a quote only within a speaker's run
            follows_quote = whole and any(c.para == para.index - 1 for c in self.candidates)
            if _is_question(text[q_start:q_end]) and not (cand.attributed or follows_quote):
                continue
            found.append(cand)
        self.candidates.extend(found)
        return found

    def _sentence_start(self, para: Paragraph, pos: int) -> int:
        start = para.start
        for sent_start, _sent_end in sentence_spans(self.text, para.start, para.end):
            if sent_start <= pos:
                start = sent_start
        return start

    def _closing(self, pos: int, end: int, closers: str) -> int | None:
        text = self.text
        for index in range(pos, end):
            char = text[index]
            if char in closers:
                nxt = text[index + 1] if index + 1 < end else " "
                prev = text[index - 1]
                if prev.isspace():
                    continue
                if char == "’" and prev.isalpha() and nxt.isalpha():
                    continue  # an elision inside a word
                if nxt.isspace() or nxt in ",.;:!?)–—-" or index + 1 >= end:
                    return index
        return None

    def _attribution_after_mark(self, pos: int, end: int) -> tuple[str, Mention] | None:
        match = re.match(r"[ \t]*[,.]?[ \t]*", self.text[pos:end])
        start = pos + (match.end() if match else 0)
        return self.attribution_after(start, end)

    def _speaker_before(self, start: int, end: int) -> tuple[str, Mention] | None:
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
            and _is_apposition_gap(text[first.end : verb_pos])
        )
        if subject_first and first is not None:
            return verb.group(1), first
        inverted = self.mention_at(clause_start + verb.end() + 1)
        if inverted and inverted.end <= end:
            return verb.group(1), inverted
        subject = self._nearest_mention(clause_start, verb_pos)
        if subject:
            return verb.group(1), subject
        return None

    def _nearest_mention(self, start: int, end: int) -> Mention | None:
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

    def _unmarked(self, para: Paragraph, start: int, end: int) -> bool:
        """'Den voldsomme kritik … må stå for deres egen regning, siger borgmesteren.'"""
        text = self.text
        for match in ATTRIBUTION.finditer(text, start, end):
            if match.group("close"):
                continue
            attribution = self.attribution_after(match.start("verb"), end)
            if not attribution:
                continue
            cue, mention = attribution
            if len(text[start : match.start()].split()) < 4:
                return False
            if re.match(r"[^.!?]{0,60}?,?[ \t]+at[ \t]", text[mention.end : end]):
                return False  # "…, lover såvel X som Y, at …" is indirect speech
            if SUBORDINATOR.match(text[start:end]) and "," not in text[start : match.start()]:
                return False  # "Selvom …, lover X": an inverted main clause, not a quote
            if re.match(r"[^.!?]*:\s*$", text[mention.end : end]) and INTRO_CLAUSE.match(
                text, start
            ):
                return False  # "Adspurgt om …, svarede hun:": it introduces the quote below
            if self._is_medium(mention):
                return False  # "…, skriver avisen": another medium as a source, not speech
            quote_start = self._unmarked_start(para, start, match.start())
            self.candidates.append(
                Candidate(
                    quote_start,
                    match.start(),
                    "unmarked",
                    para.index,
                    cue,
                    mention,
                    attributed=True,
                )
            )
            return True
        return False

    def _is_medium(self, mention: Mention) -> bool:
        """Is the mention a news medium ("avisen", "TV 2", "Jyllands-Posten")?"""
        ahead = self.text[mention.start : mention.start + 30].lower().replace("\u00a0", " ")
        return any(
            ahead.startswith(name) and not ahead[len(name) : len(name) + 1].isalnum()
            for name in self.lex.media
        )

    def _unmarked_start(self, para: Paragraph, start: int, end: int) -> int:
        """Where an unmarked statement begins: its own sentence, or the paragraph's start when
        the paragraph speaks in the first person and names nobody before it
        ("Det er de små ting. Vi tester alt, fortæller X.")."""
        if start == para.start or not FIRST_SECOND_PERSON.search(self.text[para.start : end]):
            return start
        named = self._nearest_mention(para.start, start)
        if named is not None and named.type != "pronoun":
            return start
        if any(c.para == para.index for c in self.candidates):
            return start
        return para.start

    def _indirect(self, para: Paragraph, start: int, end: int) -> None:
        """'X mener, at …', 'I dag konkluderer Task Forcen, at …', 'Ifølge X …'."""
        text = self.text
        sentence = text[start:end]
        ifolge = re.search(r"(?:^|(?<=[\s,]))[Ii]følge[ \t]+", sentence)
        mention: Mention | None
        if ifolge:
            mention = self.mention_at(start + ifolge.end(), adverbs=False)
            if mention and mention.type != "pronoun":
                prefix = sentence[: ifolge.start()].rstrip()
                rest = text[mention.end : end].strip(" .,")
                relative = re.match(r",[ \t]+(?:der|som)[ \t][^,.;:!?]*,", text[mention.end : end])
                after_mention = mention.end + (relative.end() if relative else 0)
                if ifolge.start() == 0 or re.search(r"(?:,|\bog|\bmen|;|\bder|\bsom)$", prefix):
                    q_start, q_end = after_mention, end  # "ifølge X" opens the clause
                elif not rest and prefix.endswith(","):
                    q_start, q_end = start, start + len(prefix) - 1  # "…, ifølge X."
                else:
                    q_start, q_end = start, end
                if len(text[q_start:q_end].split()) >= 3:
                    self.candidates.append(
                        Candidate(
                            q_start,
                            q_end,
                            "indirect",
                            para.index,
                            "ifølge",
                            mention,
                            attributed=True,
                        )
                    )
                return
        for cue_start, cue_end, cue in self._indirect_cues(start, end):
            tail = text[cue_end:end]
            at = re.match(
                r"(?P<mid>(?:[ \t]+[^\s,.;:!?]+){0,7}?)[ \t]*(?P<comma>,)?[ \t]+at[ \t]+", tail
            )
            if not at:
                continue
            clause_start = cue_end + at.end()
            mid_end = cue_end + at.end("mid")
            prefix = text[start:cue_start]
            relative = re.search(r"(?:^|[\s,])(?:der|som)\s+(?:\S+\s+){0,3}$", prefix)
            inverted = None if relative else self.mention_at(cue_end + 1)
            if inverted and inverted.end <= mid_end:
                mention = inverted
                mid = text[inverted.end : mid_end]
            else:
                mention = None
                mid = at.group("mid")
            comma = at.group("comma")
            if not comma and any(word not in SENTENCE_ADVERBS for word in mid.lower().split()):
                continue  # "afviser kravet om at …": an infinitive, not reported speech
            if not comma and INFINITIVE.match(text, clause_start):
                continue  # "foreslog at udsætte sagen", "lovede at se på reglerne"
            if relative:
                # "…, som i 2019 lovede borgerne, at …": the subject is the antecedent
                antecedent_end = start + relative.start()
                mention = self._nearest_mention(start, antecedent_end)
                if mention and not _is_apposition_gap(text[mention.end : antecedent_end]):
                    mention = None
                if mention is None:
                    return
            elif mention is None:
                if re.search(r"(?:,\s*|\s)(?:og|men)\s+(?:\S+\s+)?$", prefix):
                    mention = self.mention_at(start, adverbs=False)  # "X ser …, men påpeger"
                else:
                    mention = self._subject(start, cue_start)
            if mention is None:
                continue
            if len(text[clause_start:end].split()) < 3:
                return
            self.candidates.append(
                Candidate(clause_start, end, "indirect", para.index, cue, mention, attributed=True)
            )
            return

    def _indirect_cues(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Speech verbs and phrases ('mener', 'peger på') in a sentence, in text order."""
        sentence = self.text[start:end]
        cues = [
            (start + m.start(), start + m.end(), m.group(1))
            for m in _CUE_WORD.finditer(sentence)
            if m.group(1) in self.lex.indirect_verbs
        ]
        lower = sentence.lower()
        for m in _phrase_pattern(self.lex.indirect_phrases).finditer(lower):
            cues.append((start + m.start(), start + m.end(), m.group(0)))
        return sorted(cues)

    def _subject(self, start: int, verb_pos: int) -> Mention | None:
        """The subject before a speech verb: the first mention of the clause or the nearest one."""
        first = self.mention_at(start, adverbs=False)
        gap = self.text[first.end : verb_pos] if first else ""
        if first and first.end <= verb_pos and _is_apposition_gap(gap):
            return first
        nearest = self._nearest_mention(start, verb_pos)
        if nearest and _is_apposition_gap(self.text[nearest.end : verb_pos]):
            return nearest
        return self._body_subject(start, verb_pos)

    def _body_subject(self, start: int, verb_pos: int) -> Mention | None:
        """A subject made only of capitalised words: a body ("Skole og Forældre i Kolding")."""
        phrase = self.text[start:verb_pos].strip()
        words = phrase.split()
        if not 1 <= len(words) <= 8 or not phrase[0].isupper():
            return None
        linking = {"og", "i", "for", "af", "&", "på"}
        if not all(w[0].isupper() or w in linking for w in words):
            return None
        if words[0] in self.lex.not_names or words[-1] in linking:
            return None
        return Mention(start, start + len(phrase), phrase, "organisation", name=phrase)

    def _claim(self, para: Paragraph) -> None:
        """'Det mener X, der …' names the speaker of the quote paragraph(s) just above."""
        claim = self._claim_at(para.start, para.end)
        if claim:
            self.claims[para.index] = claim

    def _claim_at(self, start: int, end: int) -> tuple[Mention, str] | None:
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
        if mention and self._is_medium(mention):
            return None  # "Det skriver avisen": another medium as a source, not speech
        # "Det mener X, der …", "Det skriver X i en pressemeddelelse" — not "Det tror X ikke på"
        if mention and CLAIM_END.match(self.text, mention.end, end):
            return mention, verb
        return None

    def _claimed_prose(self) -> None:
        """'Det skriver ministeriet …' after a plain paragraph: that paragraph is the statement."""
        quoted = {cand.para for cand in self.candidates}
        for index, (mention, cue) in self.claims.items():
            prev = self.paragraphs[index - 1] if index > 0 else None
            if prev is None or prev.kind != "prose" or prev.index in quoted:
                continue
            if len(sentence_spans(self.text, prev.start, prev.end)) <= MAX_CLAIMED_SENTENCES:
                cand = Candidate(prev.start, prev.end, "direct", prev.index, cue, mention)
                cand.attributed = True
                self.candidates.append(cand)

    def _pull_quotes(self) -> None:
        """A first-person statement without marks, signed by a name line below it or at its
        end: "Vi gør, hvad vi kan.\n\nLene Bro, direktør, Vejle Kommune"."""
        quoted = {cand.para for cand in self.candidates}
        for para in self.paragraphs:
            signed = self._signature(para.start, para.end)
            if signed is not None:  # the name line itself: the paragraph above is the statement
                prev = self.paragraphs[para.index - 1] if para.index else None
                if prev is not None and prev.kind in ("prose", "heading"):
                    self._add_pull_quote(prev, prev.start, prev.end, signed)
                self.candidates = [c for c in self.candidates if c.para != para.index]
                self.signatures.add(para.index)
                continue
            if para.kind not in ("prose", "heading") or para.index in quoted:
                continue
            spans = sentence_spans(self.text, para.start, para.end)
            if len(spans) >= 2:
                signed = self._signature(*spans[-1])
                if signed is not None:
                    self._add_pull_quote(para, spans[0][0], spans[-2][1], signed)

    def _signature(self, start: int, end: int) -> Mention | None:
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

    def _add_pull_quote(self, para: Paragraph, start: int, end: int, mention: Mention) -> None:
        if para.index in {cand.para for cand in self.candidates}:
            return
        if not FIRST_SECOND_PERSON.search(self.text[start:end]):
            return  # a pull quote speaks in the first person; anything else is narrative
        cand = Candidate(start, end, "unmarked", para.index, None, mention, attributed=True)
        cand.pull = True
        self.candidates.append(cand)

    def _drop_bullet_runs(self) -> None:
        """Dash paragraphs in a fact box: no attribution, no first or second person."""
        by_para: dict[int, list[Candidate]] = {}
        for cand in self.candidates:
            if cand.block and cand.kind == "direct" and self.paragraphs[cand.para].kind == "dash":
                by_para.setdefault(cand.para, []).append(cand)
        runs: list[list[int]] = []
        for index in sorted(by_para):
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        drop: set[int] = set()
        for run in runs:
            quotes = [c for i in run for c in by_para[i]]
            if any(c.attributed for c in quotes) or run[-1] + 1 in self.claims:
                continue
            body = " ".join(self.text[c.start : c.end] for c in quotes)
            if FIRST_SECOND_PERSON.search(body):
                continue
            prev = self.paragraphs[run[0] - 1] if run[0] > 0 else None
            if prev is not None and prev.kind == "dash" and self._interviewer(prev.text):
                continue  # the answer to an interviewer's question
            introduced = prev is not None and (
                prev.kind == "heading"
                or (prev.text.endswith(":") and self._speaker_before(prev.start, prev.end) is None)
            )
            short_items = len(run) >= 2 and all(
                len(self.paragraphs[i].text.split()) <= 25 for i in run
            )
            if introduced or short_items:
                drop.update(run)
        # single dash lines without final punctuation are list items, not speech
        for index, cands in by_para.items():
            para = self.paragraphs[index]
            if _unpunctuated(para.text) and not any(c.attributed for c in cands):
                drop.add(index)
        self.candidates = [
            c
            for c in self.candidates
            if not (c.para in drop and self.paragraphs[c.para].kind == "dash")
        ]

    # --- attribution ----------------------------------------------------------
    def _resolve(self) -> None:
        self._para_candidates = {}
        for cand in self.candidates:
            self._para_candidates.setdefault(cand.para, []).append(cand)
        last: Candidate | None = None
        for index, cand in enumerate(self.candidates):
            if cand.attributed and cand.mention is not None:
                self._assign(cand, cand.mention)
            elif cand.block:
                claim = None if self._introduced(cand) else self._claim_for(cand)
                opened = self._run_attribution(cand)
                if claim:
                    mention, cue = claim
                    cand.cue = cue
                    self._assign(cand, mention)
                elif opened is not None:
                    self._assign(cand, opened)
                    cand.mention_type = "nominal"
                else:
                    self._continue(cand, last)
            else:
                self._continue(cand, last)
            if cand.person is not None:
                self.registry.record(
                    cand.person, cand.mention.start if cand.mention else cand.start
                )
                if self._answers_question(cand):
                    self.interviewee = cand.person
            last = cand
            del index

    def _assign(self, cand: Candidate, mention: Mention) -> None:
        cand.mention = mention
        cand.person = self.registry.resolve(mention)
        cand.mention_type = _mention_type(mention)
        cand.resolved = True

    def _claim_for(self, cand: Candidate) -> tuple[Mention, str] | None:
        """A 'Det mener X' paragraph after this quote, with only unattributed quotes between."""
        index = cand.para + 1
        while index < len(self.paragraphs):
            if index in self.claims:
                return self.claims[index]
            between = [c for c in self._para_candidates.get(index, []) if not c.pull]
            para = self.paragraphs[index]
            set_apart = index in self.signatures or any(
                c.pull for c in self._para_candidates.get(index, [])
            )
            # an unpunctuated line (a crosshead, a comment quoted bare) does not end the run
            set_apart = set_apart or (not between and _unpunctuated(para.text))
            if not set_apart and (not between or any(c.attributed for c in between)):
                return None
            index += 1
        return None

    def _run_attribution(self, cand: Candidate) -> Mention | None:
        """The speaker named at the end of a run, for a dash paragraph that opens the run with no
        attribution of its own ("– Det er for meget.\n\n– Vi gør noget, siger X.")."""
        if self.paragraphs[cand.para].kind != "dash":
            return None
        siblings = self._para_candidates.get(cand.para, [])
        later = [c for c in siblings if c.start > cand.start and c.kind == "direct"]
        if later and later[0].attributed and later[0].mention is not None:
            return later[0].mention  # "– A.. – B, siger X": X said both
        if cand.para == 0:
            return None
        if self._para_candidates.get(cand.para - 1) or self._answers_question(cand):
            return None  # inside a run: the previous speaker goes on
        if self._introduced(cand):
            return None  # "Hun siger:" introduces the run; "Og derfor lød budskabet:" does not
        named = ("name", "surname", "role", "firstname")
        index = cand.para + 1
        while index < len(self.paragraphs) and self.paragraphs[index].kind == "dash":
            after = self._para_candidates.get(index, [])
            if not after:
                return None
            first = after[0]
            if first.attributed:
                if first.mention is not None and first.mention.type in named:
                    return first.mention  # "– A.\n\n– B.\n\n– C, siger X.": all X's
                return None
            index += 1
        return None

    def _answers_question(self, cand: Candidate) -> bool:
        """Does the candidate's paragraph follow an interviewer's question?"""
        if cand.para == 0 or not cand.block:
            return False
        prev = self.paragraphs[cand.para - 1]
        if QUESTION_PREFIX.match(prev.text):
            return True
        opener = DASH_OPEN.match(prev.text) if prev.kind == "dash" else None
        return opener is not None and self._interviewer(prev.text[opener.end() :])

    def _narrated_speaker(self, para: Paragraph, last: Candidate | None) -> Mention | None:
        """A narrative paragraph that turns to someone new: "Årets vinder, X, har …" or
        "TV 2 mødte X …" — the unattributed quote after it is that person's."""
        if _is_question(para.text):
            return None  # the interviewer's question: the answer is the interviewee's
        for start, end in sentence_spans(self.text, para.start, para.end):
            sentence = self.text[start:end]
            apposition = re.match(rf"[{UPPER}][^,.;:!?]{{0,40}},[ \t]+(?=[{UPPER}])", sentence)
            at = start + apposition.end() if apposition else start
            mention = self.mention_at(at, adverbs=False)
            met = _phrase_pattern(self.lex.meeting_verbs).search(sentence)
            if met and (mention is None or mention.type not in ("name", "surname")):
                mention = self.mention_at(start + met.end() + 1, adverbs=False)
            if mention is None or mention.type not in ("name", "surname"):
                continue
            if mention.type == "surname" and mention.name not in self.known():
                continue  # a capitalised word at a sentence start ("Giver …?") is no name
            person = self.registry.resolve(mention)
            if person is None or person.kind != "person":
                continue
            if last is not None and last.person is person:
                return None  # the speaker goes on
            return mention
        return None

    def _introduced(self, cand: Candidate) -> bool:
        """Is the quote's paragraph introduced by a colon naming its speaker ("Hun forklarer:")?"""
        if cand.para == 0:
            return False
        prev = self.paragraphs[cand.para - 1]
        if not prev.text.endswith(":"):
            return False
        last_sentence = self._sentence_start(prev, prev.end - 1)
        return self._nearest_mention(last_sentence, prev.end) is not None

    def _handover(self, para: Paragraph) -> Mention | None:
        """ "…, siger X og fortsætter:", "…, skriver X, mens Y afbryder:", "X og Y supplerer:":
        the person named after the last "og"/"mens" before the colon takes the next quote."""
        if not para.text.endswith(":"):
            return None
        quotes = self._para_candidates.get(para.index, [])
        tail_start = max((c.end for c in quotes if c.end <= para.end), default=para.start)
        handed = None
        for match in HANDOVER.finditer(self.text, tail_start, para.end):
            mention = self.mention_at(match.end(), adverbs=False)
            if mention is not None and mention.type in HANDOVER_MENTIONS:
                handed = mention
        return handed

    def _continue(self, cand: Candidate, last: Candidate | None) -> None:
        """No attribution of its own: the previous speaker, or one introduced just before."""
        if self._answers_question(cand):
            # an interview answer: whoever answered before, else the person introduced
            cand.person = self.interviewee or self.registry.latest_person(cand.start)
            cand.mention = None
            cand.mention_type = "continuation" if cand.person else None
            return
        prev_para = self.paragraphs[cand.para - 1] if cand.para > 0 else None
        handed = self._handover(prev_para) if prev_para is not None else None
        if handed is not None:
            self._assign(cand, handed)
            cand.mention_type = "preposed"
            return
        if prev_para is not None and prev_para.kind == "prose":
            prev_quotes = self._para_candidates.get(prev_para.index, [])
            if not prev_quotes or prev_para.text.endswith(":"):
                intro = self._speaker_before(prev_para.start, prev_para.end)
                mention = intro[1] if intro else None
                if mention is None and prev_para.text.endswith(":"):
                    mention = self._nearest_mention(prev_para.start, prev_para.end)
                if mention is None and len(prev_para.text.split()) <= SHORT_INTRO_WORDS:
                    # "Jessen er enig." / "For Camilla Nissen er der ingen tvivl." then the quote
                    named = self._nearest_mention(prev_para.start, prev_para.end)
                    if named is not None and named.type in ("name", "surname", "role"):
                        mention = named
                if mention is None and not prev_para.text.endswith(":"):
                    mention = self._narrated_speaker(prev_para, last)
                if mention is not None:
                    cand.mention = mention
                    cand.person = self.registry.resolve(mention)
                    cand.mention_type = _mention_type(mention)
                    return
        if cand.inline and (last is None or cand.para - last.para > 1):
            cand.mention_type = "drop"  # a title or scare quote: nobody says it
            return
        if last is not None and last.person is not None and cand.para - last.para <= 3:
            cand.person = last.person
            cand.mention_type = "continuation"
            cand.mention = None
            return
        if last is not None and last.resolved and cand.para - last.para == 1:
            # the previous paragraph's speaker is someone unnamed ("en lærer"): still them
            cand.mention_type = "continuation"
            return
        # an interview: the person the article has just introduced
        cand.person = self.registry.latest_person(cand.start)
        cand.mention = None
        cand.mention_type = "continuation" if cand.person else None


@lru_cache(maxsize=4)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Multi-word cues that may hold a sentence adverb after their verb ("peger desuden på")."""
    adverb = r"(?:[ \t]+(?:desuden|også|samtidig|især|derfor|nu|dog|igen|ligeledes))?"
    bodies = []
    for phrase in sorted(phrases, key=len, reverse=True):
        first, *rest = phrase.split()
        tail = "".join(rf"[ \t]+{re.escape(word)}" for word in rest)
        bodies.append(rf"{re.escape(first)}{adverb if rest else ''}{tail}")
    return re.compile(rf"(?<!\w)(?:{'|'.join(bodies)})(?!\w)")


def _mention_type(mention: Mention) -> str:
    if mention.type in ("report", "organisation", "orgnoun"):
        return "organisation"
    if mention.type in ("group", "anonymous", "partymember"):
        return "role"
    if mention.type == "firstname":
        return "name"
    return mention.type


def _unpunctuated(text: str) -> bool:
    """A short line without final punctuation: a crosshead or a bare one-line remark."""
    return text[-1] not in '.!?…:«”"’' and len(text.split()) <= CROSSHEAD_WORDS


def _is_question(body: str) -> bool:
    """A paragraph of questions only: the interviewer's, not a quote — unless the speaker
    asks it of themselves ("Hvad ville Hanne have gjort? … spørger vi")."""
    stripped = body.strip().rstrip(CLOSERS).strip()
    if not stripped.endswith("?") or FIRST_PERSON.search(stripped):
        return False
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", stripped) if s]
    return all(s.rstrip(CLOSERS).endswith("?") for s in sentences)


def _asks(body: str) -> bool:
    """In an interview, a short paragraph with a question and no first person is the
    interviewer's: "– Du har været her i seks uger. Hvad har overrasket dig mest?"."""
    stripped = body.strip()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", stripped) if s]
    return "?" in stripped and len(sentences) <= 3 and not FIRST_PERSON.search(stripped)


def _is_apposition_gap(gap: str) -> bool:
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


def find_quotes(doc: Doc) -> Iterator[Quote]:
    """Quotes in `doc`, each with kind, cue, offsets of the text without marks, and speaker."""
    yield from QuoteFinder(doc).run()


def find_quotes_and_persons(doc: Doc) -> tuple[list[Quote], list[Person]]:
    """Quotes plus the document's persons (every quote speaker is one of them)."""
    finder = QuoteFinder(doc)
    quotes = list(finder.run())
    return quotes, finder.registry.persons
