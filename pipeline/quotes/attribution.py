"""Layer (c) of the quote stage: attribution — who said each quote.

A quote's own clause ("siger hun"), a claim in the next paragraph ("Det mener X"), a colon
that introduces it ("Hun forklarer:", "… og Y supplerer:"), the end of its run, narration that
turns to someone new, or the previous speaker going on; names, roles and pronouns are then
resolved to the document's persons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core import Person, Quote
from pipeline.quotes.clauses import (
    HANDOVER,
    HANDOVER_MENTIONS,
    QUESTION_PREFIX,
    SHORT_INTRO_WORDS,
    Candidate,
    Clauses,
    is_question,
    mention_type_of,
    phrase_pattern,
    unpunctuated,
)
from pipeline.quotes.mentions import UPPER, Mention
from pipeline.quotes.text import (
    DASH_OPEN,
    Paragraph,
    sentence_spans,
    trim,
)


class Attributor:
    """Resolves the speaker of every candidate, in text order (a run needs its predecessor)."""

    def __init__(self, clauses: Clauses, candidates: list[Candidate]) -> None:
        self.c = clauses
        self.candidates = candidates
        self.para_candidates: dict[int, list[Candidate]] = {}
        self.interviewee: Person | None = None  # who answers the questions of an interview

    def run(self) -> Iterator[Quote]:
        self.c.registry.set_excluded([(c.start, c.end) for c in self.candidates])
        self._resolve()
        for cand in self.candidates:
            if cand.mention_type == "drop":
                continue
            # an indirect statement's final full stop belongs to the reporting sentence
            strip = " \t\n,;:." if cand.kind == "indirect" else " \t\n,;:"
            start, end = trim(self.c.text, cand.start, cand.end, strip)
            if end - start < 2:
                continue
            yield Quote(
                text=self.c.text[start:end],
                start=start,
                end=end,
                kind=cand.kind,  # type: ignore[arg-type]
                cue=cand.cue,
                speaker=cand.person.name if cand.person else None,
                mention=cand.mention.text if cand.mention else None,
                mention_type=cand.mention_type,  # type: ignore[arg-type]
                confidence=confidence(cand.mention_type, cand.person is not None),
            )

    def _resolve(self) -> None:
        self.para_candidates = {}
        for cand in self.candidates:
            self.para_candidates.setdefault(cand.para, []).append(cand)
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
                self.c.registry.record(
                    cand.person, cand.mention.start if cand.mention else cand.start
                )
                if self._answers_question(cand):
                    self.interviewee = cand.person
            last = cand
            del index

    def _assign(self, cand: Candidate, mention: Mention) -> None:
        cand.mention = mention
        cand.person = self.c.registry.resolve(mention)
        cand.mention_type = mention_type_of(mention)
        cand.resolved = True

    def _claim_for(self, cand: Candidate) -> tuple[Mention, str] | None:
        """A 'Det mener X' paragraph after this quote, with only unattributed quotes between."""
        index = cand.para + 1
        while index < len(self.c.paragraphs):
            if index in self.c.claims:
                return self.c.claims[index]
            between = [c for c in self.para_candidates.get(index, []) if not c.pull]
            para = self.c.paragraphs[index]
            set_apart = index in self.c.signatures or any(
                c.pull for c in self.para_candidates.get(index, [])
            )
            # an unpunctuated line (a crosshead, a comment quoted bare) does not end the run
            set_apart = set_apart or (not between and unpunctuated(para.text))
            if not set_apart and (not between or any(c.attributed for c in between)):
                return None
            index += 1
        return None

    def _run_attribution(self, cand: Candidate) -> Mention | None:
        """The speaker named at the end of a run, for a dash paragraph that opens the run with no
        attribution of its own ("– Det er for meget.\n\n– Vi gør noget, siger X.")."""
        if self.c.paragraphs[cand.para].kind != "dash":
            return None
        siblings = self.para_candidates.get(cand.para, [])
        later = [c for c in siblings if c.start > cand.start and c.kind == "direct"]
        if later and later[0].attributed and later[0].mention is not None:
            return later[0].mention  # "– A.. – B, siger X": X said both
        if cand.para == 0:
            return None
        if self.para_candidates.get(cand.para - 1) or self._answers_question(cand):
            return None  # inside a run: the previous speaker goes on
        if self._introduced(cand):
            return None  # "Hun siger:" introduces the run; "Og derfor lød budskabet:" does not
        named = ("name", "surname", "role", "firstname")
        index = cand.para + 1
        while index < len(self.c.paragraphs) and self.c.paragraphs[index].kind == "dash":
            after = self.para_candidates.get(index, [])
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
        prev = self.c.paragraphs[cand.para - 1]
        if QUESTION_PREFIX.match(prev.text):
            return True
        opener = DASH_OPEN.match(prev.text) if prev.kind == "dash" else None
        return opener is not None and self.c.interviewer(prev.text[opener.end() :])

    def _narrated_speaker(self, para: Paragraph, last: Candidate | None) -> Mention | None:
        """A narrative paragraph that turns to someone new: "Årets vinder, X, har …" or
        "TV 2 mødte X …" — the unattributed quote after it is that person's."""
        if is_question(para.text):
            return None  # the interviewer's question: the answer is the interviewee's
        for start, end in sentence_spans(self.c.text, para.start, para.end):
            sentence = self.c.text[start:end]
            apposition = re.match(rf"[{UPPER}][^,.;:!?]{{0,40}},[ \t]+(?=[{UPPER}])", sentence)
            at = start + apposition.end() if apposition else start
            mention = self.c.mention_at(at, adverbs=False)
            met = phrase_pattern(self.c.lex.meeting_verbs).search(sentence)
            if met and (mention is None or mention.type not in ("name", "surname")):
                mention = self.c.mention_at(start + met.end() + 1, adverbs=False)
            if mention is None or mention.type not in ("name", "surname"):
                continue
            if mention.type == "surname" and mention.name not in self.c.known():
                continue  # a capitalised word at a sentence start ("Giver …?") is no name
            person = self.c.registry.resolve(mention)
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
        prev = self.c.paragraphs[cand.para - 1]
        if not prev.text.endswith(":"):
            return False
        last_sentence = self.c.sentence_start(prev, prev.end - 1)
        return self.c.nearest_mention(last_sentence, prev.end) is not None

    def _handover(self, para: Paragraph) -> Mention | None:
        """ "…, siger X og fortsætter:", "…, skriver X, mens Y afbryder:", "X og Y supplerer:":
        the person named after the last "og"/"mens" before the colon takes the next quote."""
        if not para.text.endswith(":"):
            return None
        quotes = self.para_candidates.get(para.index, [])
        tail_start = max((c.end for c in quotes if c.end <= para.end), default=para.start)
        handed = None
        for match in HANDOVER.finditer(self.c.text, tail_start, para.end):
            mention = self.c.mention_at(match.end(), adverbs=False)
            if mention is not None and mention.type in HANDOVER_MENTIONS:
                handed = mention
        return handed

    def _continue(self, cand: Candidate, last: Candidate | None) -> None:
        """No attribution of its own: the previous speaker, or one introduced just before."""
        if self._answers_question(cand):
            # an interview answer: whoever answered before, else the person introduced
            cand.person = self.interviewee or self.c.registry.latest_person(cand.start)
            cand.mention = None
            cand.mention_type = "continuation" if cand.person else None
            return
        prev_para = self.c.paragraphs[cand.para - 1] if cand.para > 0 else None
        handed = self._handover(prev_para) if prev_para is not None else None
        if handed is not None:
            self._assign(cand, handed)
            cand.mention_type = "preposed"
            return
        if prev_para is not None and prev_para.kind == "prose":
            prev_quotes = self.para_candidates.get(prev_para.index, [])
            if not prev_quotes or prev_para.text.endswith(":"):
                intro = self.c.speaker_before(prev_para.start, prev_para.end)
                mention = intro[1] if intro else None
                if mention is None and prev_para.text.endswith(":"):
                    mention = self.c.nearest_mention(prev_para.start, prev_para.end)
                if mention is None and len(prev_para.text.split()) <= SHORT_INTRO_WORDS:
                    # "Jessen er enig." / "For Camilla Nissen er der ingen tvivl." then the quote
                    named = self.c.nearest_mention(prev_para.start, prev_para.end)
                    if named is not None and named.type in ("name", "surname", "role"):
                        mention = named
                if mention is None and not prev_para.text.endswith(":"):
                    mention = self._narrated_speaker(prev_para, last)
                if mention is not None:
                    cand.mention = mention
                    cand.person = self.c.registry.resolve(mention)
                    cand.mention_type = mention_type_of(mention)
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
        cand.person = self.c.registry.latest_person(cand.start)
        cand.mention = None
        cand.mention_type = "continuation" if cand.person else None


# How often a speaker found this way is right: an explicit clause naming the person is
# surest, a structure that carries the speaker over from elsewhere least sure. Ordered by
# the errors seen on real news before the structural rules existed (issue 15).
CONFIDENCE = {
    "name": 0.95,
    "surname": 0.9,
    "organisation": 0.9,
    "role": 0.85,
    "pronoun": 0.85,
    "preposed": 0.8,
    "nominal": 0.75,
    "continuation": 0.75,
}
UNNAMED_CONFIDENCE = 0.5  # no speaker: the text may name one the rules missed


def confidence(mention_type: str | None, named: bool) -> float:
    """The speaker's confidence for a quote resolved through `mention_type`."""
    if not named:
        return UNNAMED_CONFIDENCE
    return CONFIDENCE.get(mention_type or "", UNNAMED_CONFIDENCE)


def attribute(clauses: Clauses, candidates: list[Candidate]) -> list[Quote]:
    """Layer (c): each candidate's speaker, resolved against the document's persons."""
    return list(Attributor(clauses, candidates).run())
