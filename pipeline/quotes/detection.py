"""Layer (b) of the quote stage: detection — what is a quote, and which clause attributes it.

Dash paragraphs ("– …, siger X."), quotation marks of many kinds, unmarked statements with a
post-posed speech verb, indirect "X mener, at …" and "ifølge X …", pull quotes signed by a
name line, and what is not a quote (headlines, fact-box bullets, titles, scare quotes).
"""

from __future__ import annotations

import re

from pipeline.quotes.clauses import (
    _CUE_WORD,
    ANSWER_PREFIX,
    ATTRIBUTION,
    FIRST_SECOND_PERSON,
    INFINITIVE,
    INLINE_DASH,
    INNER_DASH,
    INTRO_CLAUSE,
    MAX_CLAIMED_SENTENCES,
    MIN_INLINE_WORDS,
    PAIRS,
    QUESTION_PREFIX,
    SECOND_PERSON,
    SENTENCE_ADVERBS,
    SUBORDINATOR,
    Candidate,
    Clauses,
    is_apposition_gap,
    is_question,
    phrase_pattern,
    unpunctuated,
)
from pipeline.quotes.mentions import LOWER, UPPER, Mention
from pipeline.quotes.text import (
    DASH_OPEN,
    Paragraph,
    sentence_spans,
)


class Detector:
    """Finds every quote of a document, before any speaker is resolved."""

    def __init__(self, clauses: Clauses) -> None:
        self.c = clauses

    def run(self) -> list[Candidate]:
        """Candidates in text order."""
        for para in self.c.paragraphs:
            if para.kind == "dash":
                self._dash_paragraph(para)
            elif para.kind == "prose":
                self._prose_paragraph(para)
        self._claimed_prose()
        self._pull_quotes()
        self._drop_bullet_runs()
        self.c.candidates.sort(key=lambda cand: cand.start)
        return self.c.candidates

    def _dash_paragraph(self, para: Paragraph) -> None:
        opener = DASH_OPEN.match(para.text)
        assert opener is not None
        body_start = para.start + opener.end()
        self._block_quote(para, body_start, para.end)

    def _block_quote(self, para: Paragraph, start: int, end: int) -> None:
        """A paragraph-level quote, split where an attribution interrupts it."""
        if self.c.interviewer(self.c.text[start:end]) and not self.c.has_attribution(start, end):
            return
        segment_start, first = start, True
        carry: tuple[str, Mention] | None = None
        while segment_start < end:
            found = self.c.first_attribution(segment_start, end)
            inner = INNER_DASH.search(
                self.c.text, segment_start, found[0].start() if found else end
            )
            if inner is not None:
                # "– Det er godt. – Men …" / "… godt. Hun siger: – Nej.": a new statement
                cand = Candidate(segment_start, inner.start(), "direct", para.index, block=first)
                if carry:
                    cand.cue, cand.mention, cand.attributed = carry[0], carry[1], True
                self.c.candidates.append(cand)
                first, carry = False, None
                if inner.group("intro"):
                    carry = self.c.speaker_before(inner.start("intro"), inner.end("intro"))
                segment_start = inner.end()
                continue
            if found is None:
                cand = Candidate(segment_start, end, "direct", para.index, block=first)
                if carry:
                    cand.cue, cand.mention, cand.attributed = carry[0], carry[1], True
                self.c.candidates.append(cand)
                return
            match, (cue, mention) = found
            if self._resumes(segment_start, match.start(), mention.end, end):
                # "– Vi har, siger hun, ikke tid …": one quote around its attribution
                cand = Candidate(
                    segment_start, end, "direct", para.index, cue, mention, first, True
                )
                self.c.candidates.append(cand)
                return
            quote_end = match.start() + (1 if match.group("punct") in "?!" else 0)
            self.c.candidates.append(
                Candidate(segment_start, quote_end, "direct", para.index, cue, mention, first, True)
            )
            first = False
            self._added_statement(para, cue, mention, end)
            # a new dash after the attribution opens another quote by the same speaker
            rest = re.match(
                r"(?P<gap>[^–—]*?)[ \t]+(?:–|—|-)[ \t]+", self.c.text[mention.end : end]
            )
            if rest is None or re.search(r"[.!?]\s", rest.group("gap")):
                return
            segment_start, carry = mention.end + rest.end(), (cue, mention)

    def _added_statement(self, para: Paragraph, cue: str, mention: Mention, end: int) -> None:
        """', siger hun og tilføjer, at …': the speaker's further, indirect statement."""
        added = re.match(
            rf",?[ \t]+og[ \t]+(?P<verb>[{LOWER}]+)"
            rf"(?P<mid>(?:[ \t]+[{LOWER}]+){{0,2}}?)[ \t]*,?[ \t]+at[ \t]+",
            self.c.text[mention.end : end],
        )
        if added is None or added.group("verb") not in self.c.lex.indirect_verbs:
            return
        if any(word not in SENTENCE_ADVERBS for word in added.group("mid").split()):
            return
        start = mention.end + added.end()
        stop = re.search(r"[.!?](?=\s|$)", self.c.text[start:end])
        cand = Candidate(start, start + stop.start() if stop else end, "indirect", para.index)
        cand.cue, cand.mention, cand.attributed = added.group("verb"), mention, True
        self.c.candidates.append(cand)

    def _resumes(self, start: int, cut: int, after: int, end: int) -> bool:
        """Does the quote go on after an attribution set inside its first sentence?

        Only when the attribution cuts a sentence short (no full stop before it) and the words
        after its comma read as the rest of that sentence, not as narration about the speaker
        (", der …", ", og tilføjer …").
        """
        if re.search(r"[.!?:]", self.c.text[start:cut]):
            return False
        rest = re.match(rf"[ \t]*,[ \t]+([{LOWER}]+)(?:[ \t]+(\w+))?", self.c.text[after:end])
        if rest is None or rest.group(1) in self.c.lex.narrative_connectors:
            return False
        if any(self.c.is_verb(word) for word in rest.groups() if word):
            return False  # ", siger hun, men tilføjer …"
        tail = self.c.text[after:end]
        if tail.rstrip().endswith("?") and SECOND_PERSON.search(tail):
            return False  # ", sagde X, men hvad mener du?": the reporter asks the reader
        return bool(re.search(r"[.!?…]\s*$", self.c.text[after:end]))

    def _prose_paragraph(self, para: Paragraph) -> None:
        text = self.c.text
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
        marked = self._marked_quotes(para)
        inline_dash = INLINE_DASH.search(para.text)
        if inline_dash and not marked:
            pre_end = para.start + inline_dash.start()
            colon = para.text[inline_dash.start()] == ":"
            mention = self.c.speaker_before(para.start, pre_end) if colon else None
            quote_start = para.start + inline_dash.end()
            before = len(self.c.candidates)
            self._block_quote(para, quote_start, para.end)
            for cand in self.c.candidates[before:]:
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
                before = len(self.c.candidates)
                self._indirect(para, sent_start, sent_end)
                added = self.c.candidates[before:]
                if any(c.start < a.end and a.start < c.end for a in added for c in marked):
                    del self.c.candidates[before:]
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
            claim = self.c.claim_at(start, end)
            if claim:
                cand = Candidate(spans[0][0], spans[index - 1][1], "direct", para.index, claim[1])
                cand.mention, cand.attributed = claim[0], True
                self.c.candidates.append(cand)
                return spans[index + 1 :]
        return spans

    def _marked_quotes(self, para: Paragraph) -> list[Candidate]:
        """Quotations in marks inside a prose paragraph, with their attribution."""
        text = self.c.text
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
            titled = bool(before_words) and before_words[-1].endswith(self.c.lex.title_nouns)
            if len(before_words) >= 2 and before_words[-1] in ("var", "er", "hed", "hedder"):
                titled = titled or before_words[-2].endswith(self.c.lex.title_nouns)
            if titled and any(self.c.is_verb(w) for w in before_words[-3:-1]):
                titled = False  # "kalder rapporten ’en øjenåbner’": a verdict, not a title
            if titled:
                continue  # "bogen »Børn i Danmark«", "overskriften var »…«": a title
            whole = open_at == para.start
            cand = Candidate(q_start, q_end, "direct", para.index, block=whole, inline=not whole)
            after = self._attribution_after_mark(close_at + 1, para.end)
            if after:
                cand.cue, cand.mention, cand.attributed = after[0], after[1], True
            elif not whole:
                before = self.c.speaker_before(para.start, open_at)
                if before:
                    cand.cue, cand.mention, cand.attributed = before[0], before[1], True
            if not cand.attributed and not whole:
                # no speech verb: the speaker is the nearest person or body in the sentence
                sentence_start = self.c.sentence_start(para, open_at)
                nearest = self.c.nearest_mention(sentence_start, open_at)
                if nearest is not None and nearest.type != "pronoun":
                    cand.mention, cand.attributed = nearest, True
            if words < MIN_INLINE_WORDS and not (whole and cand.attributed):
                continue  # "kalder det »overraskende stærkt«": a scare quote, even with a cue
            # a question in marks is a quote only within a speaker's run
            follows_quote = whole and any(c.para == para.index - 1 for c in self.c.candidates)
            if is_question(text[q_start:q_end]) and not (cand.attributed or follows_quote):
                continue
            found.append(cand)
        self.c.candidates.extend(found)
        return found

    def _closing(self, pos: int, end: int, closers: str) -> int | None:
        text = self.c.text
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
        match = re.match(r"[ \t]*[,.]?[ \t]*", self.c.text[pos:end])
        start = pos + (match.end() if match else 0)
        return self.c.attribution_after(start, end)

    def _unmarked(self, para: Paragraph, start: int, end: int) -> bool:
        """'Den voldsomme kritik … må stå for deres egen regning, siger borgmesteren.'"""
        text = self.c.text
        for match in ATTRIBUTION.finditer(text, start, end):
            if match.group("close"):
                continue
            attribution = self.c.attribution_after(match.start("verb"), end)
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
            if self.c.is_medium(mention):
                return False  # "…, skriver avisen": another medium as a source, not speech
            quote_start = self._unmarked_start(para, start, match.start())
            self.c.candidates.append(
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

    def _unmarked_start(self, para: Paragraph, start: int, end: int) -> int:
        """Where an unmarked statement begins: its own sentence, or the paragraph's start when
        the paragraph speaks in the first person and names nobody before it
        ("Det er de små ting. Vi tester alt, fortæller X.")."""
        if start == para.start or not FIRST_SECOND_PERSON.search(self.c.text[para.start : end]):
            return start
        named = self.c.nearest_mention(para.start, start)
        if named is not None and named.type != "pronoun":
            return start
        if any(c.para == para.index for c in self.c.candidates):
            return start
        return para.start

    def _indirect(self, para: Paragraph, start: int, end: int) -> None:
        """'X mener, at …', 'I dag konkluderer Task Forcen, at …', 'Ifølge X …'."""
        text = self.c.text
        sentence = text[start:end]
        ifolge = re.search(r"(?:^|(?<=[\s,]))[Ii]følge[ \t]+", sentence)
        mention: Mention | None
        if ifolge:
            mention = self.c.mention_at(start + ifolge.end(), adverbs=False)
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
                    self.c.candidates.append(
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
            inverted = None if relative else self.c.mention_at(cue_end + 1)
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
                mention = self.c.nearest_mention(start, antecedent_end)
                if mention and not is_apposition_gap(text[mention.end : antecedent_end]):
                    mention = None
                if mention is None:
                    return
            elif mention is None:
                if re.search(r"(?:,\s*|\s)(?:og|men)\s+(?:\S+\s+)?$", prefix):
                    mention = self.c.mention_at(start, adverbs=False)  # "X ser …, men påpeger"
                else:
                    mention = self._subject(start, cue_start)
            if mention is None:
                continue
            if len(text[clause_start:end].split()) < 3:
                return
            self.c.candidates.append(
                Candidate(clause_start, end, "indirect", para.index, cue, mention, attributed=True)
            )
            return

    def _indirect_cues(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Speech verbs and phrases ('mener', 'peger på') in a sentence, in text order."""
        sentence = self.c.text[start:end]
        cues = [
            (start + m.start(), start + m.end(), m.group(1))
            for m in _CUE_WORD.finditer(sentence)
            if m.group(1) in self.c.lex.indirect_verbs
        ]
        lower = sentence.lower()
        for m in phrase_pattern(self.c.lex.indirect_phrases).finditer(lower):
            cues.append((start + m.start(), start + m.end(), m.group(0)))
        return sorted(cues)

    def _subject(self, start: int, verb_pos: int) -> Mention | None:
        """The subject before a speech verb: the first mention of the clause or the nearest one."""
        first = self.c.mention_at(start, adverbs=False)
        gap = self.c.text[first.end : verb_pos] if first else ""
        if first and first.end <= verb_pos and is_apposition_gap(gap):
            return first
        nearest = self.c.nearest_mention(start, verb_pos)
        if nearest and is_apposition_gap(self.c.text[nearest.end : verb_pos]):
            return nearest
        return self._body_subject(start, verb_pos)

    def _body_subject(self, start: int, verb_pos: int) -> Mention | None:
        """A subject made only of capitalised words: a body ("Skole og Forældre i Kolding")."""
        phrase = self.c.text[start:verb_pos].strip()
        words = phrase.split()
        if not 1 <= len(words) <= 8 or not phrase[0].isupper():
            return None
        linking = {"og", "i", "for", "af", "&", "på"}
        if not all(w[0].isupper() or w in linking for w in words):
            return None
        if words[0] in self.c.lex.not_names or words[-1] in linking:
            return None
        return Mention(start, start + len(phrase), phrase, "organisation", name=phrase)

    def _claimed_prose(self) -> None:
        """'Det skriver ministeriet …' after a plain paragraph: that paragraph is the statement."""
        quoted = {cand.para for cand in self.c.candidates}
        for index, (mention, cue) in self.c.claims.items():
            prev = self.c.paragraphs[index - 1] if index > 0 else None
            if prev is None or prev.kind != "prose" or prev.index in quoted:
                continue
            if len(sentence_spans(self.c.text, prev.start, prev.end)) <= MAX_CLAIMED_SENTENCES:
                cand = Candidate(prev.start, prev.end, "direct", prev.index, cue, mention)
                cand.attributed = True
                self.c.candidates.append(cand)

    def _pull_quotes(self) -> None:
        """A first-person statement without marks, signed by a name line below it or at its
        end: "Vi gør, hvad vi kan.\n\nLene Bro, direktør, Vejle Kommune"."""
        quoted = {cand.para for cand in self.c.candidates}
        for para in self.c.paragraphs:
            signed = self.c.signatures.get(para.index)
            if signed is not None:  # the name line itself: the paragraph above is the statement
                prev = self.c.paragraphs[para.index - 1] if para.index else None
                if prev is not None and prev.kind in ("prose", "heading"):
                    self._add_pull_quote(prev, prev.start, prev.end, signed)
                self.c.candidates = [c for c in self.c.candidates if c.para != para.index]
                continue
            if para.kind not in ("prose", "heading") or para.index in quoted:
                continue
            spans = sentence_spans(self.c.text, para.start, para.end)
            if len(spans) >= 2:
                signed = self.c.signature(*spans[-1])
                if signed is not None:
                    self._add_pull_quote(para, spans[0][0], spans[-2][1], signed)

    def _add_pull_quote(self, para: Paragraph, start: int, end: int, mention: Mention) -> None:
        if para.index in {cand.para for cand in self.c.candidates}:
            return
        if not FIRST_SECOND_PERSON.search(self.c.text[start:end]):
            return  # a pull quote speaks in the first person; anything else is narrative
        cand = Candidate(start, end, "unmarked", para.index, None, mention, attributed=True)
        cand.pull = True
        self.c.candidates.append(cand)

    def _drop_bullet_runs(self) -> None:
        """Dash paragraphs in a fact box: no attribution, no first or second person."""
        by_para: dict[int, list[Candidate]] = {}
        for cand in self.c.candidates:
            if cand.block and cand.kind == "direct" and self.c.paragraphs[cand.para].kind == "dash":
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
            if any(c.attributed for c in quotes) or run[-1] + 1 in self.c.claims:
                continue
            body = " ".join(self.c.text[c.start : c.end] for c in quotes)
            if FIRST_SECOND_PERSON.search(body):
                continue
            prev = self.c.paragraphs[run[0] - 1] if run[0] > 0 else None
            if prev is not None and prev.kind == "dash" and self.c.interviewer(prev.text):
                continue  # the answer to an interviewer's question
            introduced = prev is not None and (
                prev.kind == "heading"
                or (prev.text.endswith(":") and self.c.speaker_before(prev.start, prev.end) is None)
            )
            short_items = len(run) >= 2 and all(
                len(self.c.paragraphs[i].text.split()) <= 25 for i in run
            )
            if introduced or short_items:
                drop.update(run)
        # single dash lines without final punctuation are list items, not speech
        for index, cands in by_para.items():
            para = self.c.paragraphs[index]
            if unpunctuated(para.text) and not any(c.attributed for c in cands):
                drop.add(index)
        self.c.candidates = [
            c
            for c in self.c.candidates
            if not (c.para in drop and self.c.paragraphs[c.para].kind == "dash")
        ]


def detect(clauses: Clauses) -> list[Candidate]:
    """Layer (b): the quotes of a document in text order, with their attribution clauses."""
    return Detector(clauses).run()
