"""The persons (and bodies) of one document, and how a mention resolves to one of them.

A person is introduced once with full name, often with role and party
("borgmester Anette Mortensen (V)"), and is later called by surname, genitive,
role ("borgmesteren") or pronoun ("hun"). The registry records every mention
with its position so later references resolve to the nearest fitting person.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH
from spacy.tokens import Doc

from pipeline.core import Person
from pipeline.quotes.lexicon import Lexicon, phrases, word_alternation
from pipeline.quotes.mentions import (
    NAME_SEQ,
    PARTY,
    UPPER,
    Mention,
    RoleWords,
    followed_by_nominal,
    org_shapes,
    parse_mention,
    parse_name,
    role_base,
    role_words,
)

MUNICIPALITY = re.compile(
    rf"\b([{UPPER}][a-zæøå]+(?:-[{UPPER}][a-zæøå]+)?) (?:Kommunes?|Byråd|Kommunalbestyrelse)\b"
)
# words that end a role phrase: what follows them is the sentence going on
_STOPS = dict(line.split() for line in phrases("role_stop_words.txt"))
ROLE_CUT_WORDS = frozenset(word for word, kind in _STOPS.items() if kind == "cut")
ROLE_DANGLING_WORDS = frozenset(word for word, kind in _STOPS.items() if kind == "dangling")
ORGANISATION_WORDS = frozenset(phrases("organisation_words.txt"))  # "Team", "Group"
BODY_LABELS = frozenset({"BODY", "PARTY"})  # domain-layer labels of bodies that speak
# a capitalised phrase after these is a place unless it starts with a first name
LOCATIVE = re.compile(r"(?<![\w])(?:i|på|ved|nær|mellem)[ \t]+$")
MUNICIPAL_NOUNS = ("kommunen", "forvaltningen", "byrådet", "kommunalbestyrelsen")


# "Af Mette Lund" bylines and "(Foto: Klaus Slavensky)" credits
# (also a credit that closes a caption: "… skal lukkes. Foto: Lene Berg - TV 2")
CREDIT = re.compile(
    r"(?m)^(?:Af|Tekst:?|Foto:?)[ \t]+[^\n]{1,80}$|\((?:Foto|Arkivfoto|Illustration)[:/ ][^)\n]*\)"
    r"|(?<=[.!?] )(?:Foto|Arkivfoto|Tekst|Illustration):[ \t]+[^\n.]{1,60}$"
)


@dataclass
class Registry:
    """Persons of one document plus the positions where each is mentioned."""

    lex: Lexicon
    persons: list[Person] = field(default_factory=list)
    mentions: list[tuple[int, Person]] = field(default_factory=list)  # sorted by position
    excluded: list[tuple[int, int]] = field(default_factory=list)  # quote spans
    _positions: list[int] = field(default_factory=list)
    _excluded_starts: list[int] = field(default_factory=list)
    municipality: str | None = None
    sentence_starts: list[int] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    unnamed_subjects: list[tuple[int, str]] = field(default_factory=list)  # (position, gender)
    _known: set[str] | None = None

    # --- building -----------------------------------------------------------
    def known_forms(self) -> set[str]:
        if self._known is None:
            forms: set[str] = set()
            for person in self.persons:
                if person.kind != "person":
                    continue  # bodies are recognised by their own rules
                forms.add(person.name)
                forms.update(person.aliases)
                forms.add(person.name.split()[-1])
            self._known = forms
        return self._known

    def set_excluded(self, spans: list[tuple[int, int]]) -> None:
        """Quote spans: mentions inside them are not antecedents for pronouns."""
        self.excluded = sorted(spans)
        self._excluded_starts = [start for start, _end in self.excluded]

    def sort_mentions(self) -> None:
        self.mentions.sort(key=lambda item: item[0])
        self._positions = [pos for pos, _person in self.mentions]

    def find(self, name: str) -> Person | None:
        """The person whose name or alias is `name`, or who shares first and last name."""
        tokens = name.split()
        for person in self.persons:
            if name == person.name or name in person.aliases:
                return person
        if len(tokens) >= 2:
            for person in self.persons:
                ptokens = person.name.split()
                if (
                    person.kind == "person"
                    and len(ptokens) >= 2
                    and ptokens[0] == tokens[0]
                    and ptokens[-1] == tokens[-1]
                ):
                    return person
            # a double surname alone: "Lykke Thomsen" is "Gitte Lykke Thomsen"
            for person in self.persons:
                ptokens = person.name.split()
                if person.kind == "person" and ptokens[-len(tokens) :] == tokens != ptokens:
                    return person
            # a first name spelled two ways in one article ("Janne"/"Jannie"): the same person
            for person in self.persons:
                ptokens = person.name.split()
                if (
                    person.kind == "person"
                    and len(ptokens) == len(tokens)
                    and ptokens[1:] == tokens[1:]
                    and _spelling_variant(ptokens[0], tokens[0])
                ):
                    return person
        return None

    def add(self, name: str, position: int, kind: str = "person") -> Person:
        person = self.find(name)
        if person is None:
            gender = self.lex.first_names.get(name.split()[0]) if kind == "person" else None
            person = Person(name=name, gender=gender, kind=kind)  # type: ignore[arg-type]
            if kind == "organisation":
                person.aliases.extend(a for a in organisation_aliases(name) if a != name)
            self.persons.append(person)
        elif len(name.split()) > len(person.name.split()) and kind == "person":
            person.aliases.append(person.name)
            person.name = name
        elif name != person.name and name not in person.aliases:
            person.aliases.append(name)
        self._known = None
        self.record(person, position)
        return person

    def add_role(self, person: Person, role: str, phrase: str | None) -> None:
        label = phrase or role
        label = re.sub(r"\s+", " ", label).strip(" ,")
        label = label[:1].lower() + label[1:]
        # "familierådgiver i X Kommune, valgte …", "borgmester i X istemmer": the clause after
        # the role is narration, not part of it
        label = trim_role(label, self.lex)
        if label and label not in person.roles:
            person.roles.append(label)
        if role and role not in person.roles:
            person.roles.append(role)
        # "formand for udvalget …" is also "udvalgsformanden"
        if phrase and re.search(r"\bfor (det |de )?(udvalget|[a-zæøå]*udvalg)", phrase):
            compound = "udvalgs" + role
            if compound not in person.roles and role in ("formand", "næstformand"):
                person.roles.append(compound)

    # --- resolving ------------------------------------------------------------
    def _outside_quotes(self, position: int) -> bool:
        if not self.excluded:
            return True
        index = bisect.bisect_right(self._excluded_starts, position) - 1
        # spans may nest (an inline quote inside a longer one): look back a little
        for start, end in self.excluded[max(0, index - 3) : index + 1]:
            if start <= position < end:
                return False
        return True

    def _before(self, position: int) -> Iterator[tuple[int, Person]]:
        """Mentions before `position`, nearest first."""
        index = bisect.bisect_left(self._positions, position)
        for i in range(index - 1, -1, -1):
            yield self.mentions[i]

    def by_surname(self, name: str, position: int) -> Person | None:
        candidates = [
            p
            for p in self.persons
            if p.kind == "person" and (p.name.split()[-1] == name or name in p.aliases)
        ]
        return self._latest(candidates, position)

    def by_first_name(self, name: str, position: int) -> Person | None:
        candidates = [p for p in self.persons if p.kind == "person" and p.name.split()[0] == name]
        return self._latest(candidates, position)

    def by_role(self, base: str, position: int) -> Person | None:
        exact, partial = [], []
        for person in self.persons:
            bases = [r for r in person.roles if " " not in r]
            if base in bases:
                exact.append(person)
            elif any(_role_compatible(base, r) for r in bases):
                partial.append(person)
        found = self._latest(exact, position) or self._latest(partial, position)
        if found is None:
            synonyms = self.lex.role_synonyms.get(base, ())
            found = self._latest(
                [p for p in self.persons if any(r in synonyms for r in p.roles)], position
            )
        return found

    def by_pronoun(self, gender: str | None, position: int) -> Person | None:
        """The subject of the latest sentence that names a person of this gender.

        "Anna Holm (S) er uenig med Mette Frost (V). – …, siger hun": "hun" is Anna Holm,
        the sentence's first person of that gender, not the nearest one.
        """
        if gender is None:
            return None
        fallback: Person | None = None
        fallback_pos = position
        for pos, person in self._before(position):
            if person.kind != "person" or not self._outside_quotes(pos):
                continue
            if person.gender == gender:
                if self._unnamed_subject_between(pos, position, gender):
                    return None  # "Tiltalte fik det sidste ord. „…,“ sagde hun"
                if fallback is not None and self._paragraphs_between(pos, fallback_pos) > 0:
                    # "12-årige Kim Lund …\n\n– …, siger han": a name of unknown gender in a
                    # later paragraph is nearer than the last name known to be his
                    return fallback
                return self._sentence_subject(pos, gender) or person
            if person.gender is None and fallback is None:
                fallback, fallback_pos = person, pos
        return fallback

    def _paragraphs_between(self, start: int, end: int) -> int:
        """How many paragraph breaks lie between two positions."""
        lo = bisect.bisect_right(self.paragraph_starts, start)
        hi = bisect.bisect_right(self.paragraph_starts, end)
        return hi - lo

    def _unnamed_subject_between(self, start: int, end: int, gender: str | None) -> bool:
        """A sentence about someone unnamed ("Hundens ejer …") after the named candidate."""
        index = bisect.bisect_right(self.unnamed_subjects, (start, "~"))
        for pos, noun_gender in self.unnamed_subjects[index:]:
            if pos >= end:
                break
            if noun_gender in ("", gender) and self._outside_quotes(pos):
                return True
        return False

    def _sentence_subject(self, position: int, gender: str | None) -> Person | None:
        sentence = bisect.bisect_right(self.sentence_starts, position) - 1
        start = self.sentence_starts[sentence] if sentence >= 0 else 0
        first = bisect.bisect_left(self._positions, start)
        for pos, person in self.mentions[first:]:
            if pos >= position:
                break
            if person.kind == "person" and person.gender == gender and self._outside_quotes(pos):
                return person
        return None

    def by_organisation(self, position: int) -> Person | None:
        """The body most recently mentioned before `position` (for 'rapporten')."""
        orgs = [p for p in self.persons if p.kind == "organisation"]
        # bodies that write reports (Task Forcen, Ankestyrelsen) before municipalities
        authors = [p for p in orgs if p.name in self.lex.organisations.values()]
        return self._latest(authors or orgs, position) or (orgs[0] if orgs else None)

    def by_organisation_head(self, head: str, position: int) -> Person | None:
        """'regionen' -> 'Region Sjælland': the latest body whose name contains the head word."""
        if not head:
            return self.by_organisation(position)
        head = head.lower()
        orgs = [
            p
            for p in self.persons
            if p.kind == "organisation"
            and (head in p.name.lower().split() or p.name.lower().endswith(head))
        ]
        return self._latest(orgs, position)

    def _latest(self, candidates: list[Person], position: int) -> Person | None:
        if not candidates:
            return None
        wanted = {id(person) for person in candidates}
        for _pos, person in self._before(position):
            if id(person) in wanted:
                return person
        # mentioned only later in the text: the first of them
        for _pos, person in self.mentions:
            if id(person) in wanted:
                return person
        return candidates[0]

    def resolve(self, mention: Mention) -> Person | None:
        """The person a mention at its position refers to (adding new names on the fly)."""
        if mention.type == "pronoun":
            return self.by_pronoun(mention.gender, mention.start)
        if mention.type in ("group", "anonymous"):
            return None
        if mention.type == "partymember":
            party = self.lex.parties.get(mention.party or "")
            members = [
                p for p in self.persons if p.party and self.lex.parties.get(p.party) == party
            ]
            return self._latest(members, mention.start)
        if mention.type == "organisation" and mention.name:
            return self.add(mention.name, mention.start, kind="organisation")
        if mention.type == "report":
            return self.by_organisation(mention.start)
        if mention.type == "orgnoun":
            body = self.by_organisation_head(mention.role or "", mention.start)
            if body is None and mention.text.lower() in MUNICIPAL_NOUNS and self.municipality:
                # "ifølge forvaltningen" in a paper about one municipality
                body = self.add(f"{self.municipality} Kommune", mention.start, kind="organisation")
            return body
        if mention.type == "role" and mention.role:
            by_role = self.by_role(mention.role, mention.start)
            if by_role is None and mention.role not in self.lex.description_nouns:
                # nobody introduced with this role: the latest person without any role
                roleless = [p for p in self.persons if p.kind == "person" and not p.roles]
                by_role = self._latest(roleless, mention.start) if roleless else None
            return by_role
        if mention.name is None:
            return None
        if mention.type == "surname":
            person = self.by_surname(mention.name, mention.start)
            if person is None:
                person = self.find(mention.name) or self.add(mention.name, mention.start)
            return person
        if mention.type == "firstname":
            return self.by_first_name(mention.name, mention.start) or self.add(
                mention.name, mention.start
            )
        person = self.find(mention.name)
        if person is None:
            # a name-shaped body met only here ("Team Vejle", "Byens Festspillene")
            shaped = _organisation_like(mention.name.split(), "", self.lex)
            person = self.add(mention.name, mention.start, "organisation" if shaped else "person")
        if mention.role:
            self.add_role(person, mention.role, mention.role_phrase)
        if mention.party and not person.party:
            person.party = mention.party
        return person

    def latest_person(self, position: int) -> Person | None:
        """The person mentioned last before `position`, outside quotes."""
        for pos, person in self._before(position):
            if person.kind == "person" and self._outside_quotes(pos):
                return person
        return None

    def record(self, person: Person, position: int) -> None:
        index = bisect.bisect_right(self._positions, position)
        self._positions.insert(index, position)
        self.mentions.insert(index, (position, person))


def _spelling_variant(first: str, other: str) -> bool:
    """One letter added, dropped or changed in a first name of five letters or more."""
    if first == other or min(len(first), len(other)) < 5 or first[:3] != other[:3]:
        return False
    if len(first) == len(other):
        return sum(a != b for a, b in zip(first, other, strict=True)) == 1
    short, long = sorted((first, other), key=len)
    return len(long) - len(short) == 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def organisation_aliases(name: str) -> list[str]:
    """Shorter forms of a body's name: without a local suffix ("… i Kolding") or a
    descriptive head noun ("Forældreforeningen Skole og Forældre")."""
    variants = [name]
    local = re.sub(r"\s+(?:i|på)\s+[A-ZÆØÅ][\wæøå-]*$", "", name)
    if local != name:
        variants.append(local)
    for variant in list(variants):
        words = variant.split()
        if len(words) >= 2 and re.search(r"(?:en|et|erne)$", words[0]) and words[1][0].isupper():
            variants.append(" ".join(words[1:]))
    return variants


def _role_compatible(mention_role: str, person_role: str) -> bool:
    """'formand' ~ 'udvalgsformand', but never 'borgmester' ~ 'viceborgmester'."""
    longer, shorter = sorted((mention_role, person_role), key=len, reverse=True)
    if not longer.endswith(shorter):
        return False
    prefix = longer[: -len(shorter)]
    return prefix not in ("vice", "næst", "under", "ex", "tidligere ")


def build_registry(
    doc: Doc, lex: Lexicon, text: str | None = None, silent: list[tuple[int, int]] | None = None
) -> Registry:
    """Scan the whole text for introduced persons and bodies, with roles and parties.
    `text` is `doc.text` when the caller has it already (reading it joins every token);
    names inside `silent` spans (bylines, photo credits) are reporters, not persons."""
    text = doc.text if text is None else text
    registry = Registry(lex)
    ents = entity_offsets(doc)
    per_spans = [(start, end) for start, end, label in ents if label == "PER"]
    roles = role_words(lex)
    credits = [m.span() for m in CREDIT.finditer(text)] + list(silent or [])
    for match in NAME_SEQ.finditer(text):
        start = match.start()
        if any(s <= start < e for s, e in credits):
            continue  # the reporter or photographer is never a speaker
        first_word = match.group(0).split()[0]
        if role_base(first_word, lex) is not None and " " in match.group(0):
            # "Borgmester Lise Holm" at a sentence start: the role is not part of the name
            start = text.index(match.group(0).split()[1], start + len(first_word))
        parsed = parse_name(text, start, lex)
        if not parsed:
            continue
        name, end = parsed
        tokens = name.split()
        if len(tokens) < 2:
            continue
        if len(tokens) >= 3 and tokens[0].endswith("s") and tokens[0] not in lex.first_names:
            # "Venstres Gunver Lindberg": a genitive party or body before the name
            tokens = tokens[1:]
            name = " ".join(tokens)
            start = text.index(tokens[0], start)
        start = text.index(tokens[0], start)
        if _organisation_like(tokens, text[end : end + 6], lex):
            continue  # "Struer Håndboldklub", "Nordpak A/S": a body, not a person
        in_ent = any(s <= start < e for s, e in per_spans)
        first_known = tokens[0] in lex.first_names
        if not first_known and LOCATIVE.search(text, max(0, start - 8), start):
            continue  # "drab i Ruds Vedby": a place after a locative preposition

        surname_like = len(tokens) <= 3 and tokens[-1].lower().endswith(lex.surname_endings)
        party = PARTY.match(text, end)
        before = text[max(0, start - 120) : start]
        role_before = _role_before(before, roles, lex)
        if not (first_known or in_ent or party or role_before or surname_like):
            continue
        if name.endswith("s"):
            stem_known = registry.find(name[:-1]) is not None
            after_party = party.end() if party else end
            if stem_known or followed_by_nominal(text, after_party, lex):
                name = name[:-1]
        person = registry.add(name, start)
        if party and party.group(1) in lex.parties and not person.party:
            person.party = party.group(1)
        if role_before:
            registry.add_role(person, *role_before)
            for role in _chained_roles(before, roles, lex):
                registry.add_role(person, role, None)
        after_end = party.end() if party else end
        role_after = _role_after(text[after_end : after_end + 120], roles, lex)
        if role_after:
            registry.add_role(person, *role_after)
    # bodies named in the text
    for match in word_alternation(tuple(lex.organisations)).finditer(text):
        form = match.group(0)
        canonical = lex.organisations[form]
        person = registry.add(canonical, match.start(), kind="organisation")
        if form != canonical and form not in person.aliases and not form.endswith("s"):
            person.aliases.append(form)
    # bodies by the shape of their names: "Køge Kommune", "Region Sjælland", "Østjyllands Politi"
    shaped = []
    for match in org_shapes(lex).finditer(text):
        shaped.append(match.span())
        registry.add(match.group(0), match.start(), kind="organisation")
    # ORG entities and the domain layer's bodies and parties (which `doc.ents` leaves out)
    domain = doc.spans.get("domain", ())
    bodies = [(s.start_char, s.end_char, "ORG") for s in domain if s.label_ in BODY_LABELS]
    for ent_start, ent_end, label in sorted(ents + bodies):
        if any(s <= ent_start < e for s, e in shaped):
            continue  # part of a body's name found by its shape
        ent_text = text[ent_start:ent_end]
        if label == "ORG" and len(ent_text) > 2 and role_base(ent_text, lex) is None:
            registry.add(ent_text, ent_start, kind="organisation")
    _register_first_names(registry, text)
    # later references by surname or first name alone, for pronoun antecedents
    taken_positions = set(registry._positions)
    by_surname: dict[str, list[Person]] = {}
    for person in registry.persons:
        if person.kind == "person":
            by_surname.setdefault(person.name.split()[-1], []).append(person)
    if by_surname:
        # one pattern for all surnames: a pattern per person would be compiled per document
        surnames = "|".join(map(re.escape, sorted(by_surname, key=len, reverse=True)))
        for match in re.finditer(rf"(?<![\w.])(?:{surnames})s?(?!\w)", text):
            if match.start() not in taken_positions:
                name = match.group(0)
                for person in by_surname.get(name) or by_surname[name[:-1]]:
                    registry.record(person, match.start())
    _merge_genitives(registry)
    registry.sort_mentions()
    registry.sentence_starts = _sentence_starts(doc)
    registry.paragraph_starts = [m.end() for m in re.finditer(r"\n", text)]
    for start in registry.sentence_starts:
        start += len(text[start : start + 8]) - len(text[start : start + 8].lstrip())
        subject = parse_mention(text, start, lex, allow_adverbs=False)
        if (
            subject is not None
            and subject.role in lex.description_nouns
            and not any(subject.role in person.roles for person in registry.persons)
        ):
            registry.unnamed_subjects.append((start, lex.description_nouns.get(subject.role, "")))
    municipality = _main_municipality(text)
    registry.municipality = municipality
    for person in registry.persons:
        if person.kind == "person":
            _add_name_variants(person)
    for person in registry.persons:
        if person.kind == "person" and person.roles and municipality:
            person.municipality = municipality
    return registry


def entity_offsets(doc: Doc) -> list[tuple[int, int, str]]:
    """(start_char, end_char, label) of every entity, read from the token arrays: `doc.ents`
    makes a Python object of every token of the document, a fifth of this stage's time."""
    if not len(doc):
        return []
    columns = doc.to_array([ENT_IOB, ENT_TYPE, IDX, LENGTH])
    iob, labels, idx, length = (columns[:, i] for i in range(4))
    inside = (iob == 1) | (iob == 3)  # I or B
    starts = numpy.flatnonzero(iob == 3)
    # an entity ends where the next token is not its continuation (I)
    follows = numpy.append(iob[1:] == 1, False)
    ends = numpy.flatnonzero(inside & ~follows)
    strings = doc.vocab.strings
    return [
        (int(idx[b]), int(idx[e] + length[e]), strings[int(labels[b])])
        for b, e in zip(starts, ends, strict=True)
    ]


def _sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start; paragraphs stand in when nothing set them."""
    if doc.has_annotation("SENT_START"):
        return [sent.start_char for sent in doc.sents]
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc.text)]


def _organisation_like(tokens: list[str], after: str, lex: Lexicon) -> bool:
    """A capitalised sequence that names a body or a place: an organisation ending, a company
    form, a town ("Nykøbing Mors")."""
    if " ".join(tokens) in lex.places:
        return True
    if re.match(r"[ \t]+(?:A/S|ApS|I/S|P/S)\b", after):
        return True
    if tokens[0] in ORGANISATION_WORDS or tokens[-1] in ORGANISATION_WORDS:
        return True  # "Team Esbjerg", "Firtal Group"
    if re.search(r"(?:ene|erne)$", tokens[-1]) and tokens[-1] not in lex.first_names:
        return True  # a definite plural: "Andersen Festspillene", "Sagsbehandlerne"
    return any(token.lower().endswith(lex.organisation_endings) for token in tokens)


def _register_first_names(registry: Registry, text: str) -> None:
    """Persons called by first name only ("17-årige Mathias", "Sara på 19 nikkede")."""
    lex = registry.lex
    taken = [(pos, pos + len(p.name)) for pos, p in registry.mentions]
    for match in re.finditer(rf"(?<![\w.-])([{UPPER}][a-zæøå]+)(?![\w-])", text):
        word = match.group(1)
        if word not in lex.first_names or any(s <= match.start() < e for s, e in taken):
            continue
        nxt = text[match.end() : match.end() + 2]
        if re.match(rf"[ \t][{UPPER}]", nxt):
            continue  # part of a longer name the scan above decided about
        known = registry.by_first_name(word, match.start())
        if known is not None:
            registry.record(known, match.start())
            continue
        before = text[max(0, match.start() - 2) : match.start()]
        sentence_initial = not before.strip() or before.strip()[-1] in '.!?»«"–—:'
        if sentence_initial and (word in lex.ambiguous_first_names or len(word) < 4):
            continue
        registry.add(word, match.start())


def _add_name_variants(person: Person) -> None:
    """'Steen S. Hansen' is also 'Steen Hansen' — but never just 'Hansen', which would
    let the store merge two different people who share a surname."""
    tokens = person.name.split()
    if len(tokens) >= 3:
        # without initials ("Steen Hansen"), and first plus last name ("Ralf Jensen")
        for short in (
            " ".join(t for t in tokens if not re.fullmatch(r"[A-ZÆØÅ]\.", t)),
            f"{tokens[0]} {tokens[-1]}",
        ):
            if short != person.name and short not in person.aliases:
                person.aliases.append(short)


def trim_role(label: str, lex: Lexicon) -> str:
    """A role phrase without the sentence that goes on after it: "familierådgiver i X
    Kommune, valgte …" -> "familierådgiver i X Kommune", "overlæge på" -> "overlæge"."""
    # a comma before a lower-case word ends it ("…, valgte"), not one in a list of names
    # ("for Børn, Unge og Læring")
    words = re.split(r",[ \t]*(?=[a-zæøå])", label)[0].replace(",", " ,").split()
    for index in range(1, len(words)):
        word = words[index]
        nxt = words[index + 1] if index + 1 < len(words) else ""
        joins_names = word == "og" and (words[index - 1].endswith("-") or nxt[:1].isupper())
        if (word in ROLE_CUT_WORDS and not joins_names) or word in lex.speech_verbs:
            words = words[:index]
            break
    while len(words) > 1 and words[-1] in ROLE_DANGLING_WORDS:
        words.pop()
    return " ".join(words).replace(" ,", ",")


def add_role_aliases(person: Person) -> None:
    """'borgmester Anette Mortensen': a role plus the name finds the person too."""
    for role in person.roles:
        if " " in role:
            continue
        alias = f"{role} {person.name}"
        if alias not in person.aliases:
            person.aliases.append(alias)


def _merge_genitives(registry: Registry) -> None:
    """'Søren Østergaards' seen before 'Søren Østergaard': one person, not two."""
    for person in list(registry.persons):
        if person.kind != "person" or not person.name.endswith("s"):
            continue
        target = registry.find(person.name[:-1])
        if target is None or target is person:
            continue
        registry.persons = [p for p in registry.persons if p is not person]
        for role in person.roles:
            if role not in target.roles:
                target.roles.append(role)
        target.party = target.party or person.party
        registry.mentions = [(pos, target if p is person else p) for pos, p in registry.mentions]
        registry._known = None


def _role_before(before: str, roles: RoleWords, lex: Lexicon) -> tuple[str, str] | None:
    """A role phrase ending right before a name: 'borgmester ', 'formand for udvalget X, '."""
    sentence = re.split(r"[.!?:;]\s|\n", before)[-1]
    last = None
    for match in roles.finditer(sentence):
        last = match
    if last is None:
        return None
    tail = sentence[last.end() :]
    if tail.strip() and not re.match(r",?\s*$|\s+(for|i|på|ved|af|hos|under)\s", tail):
        return None
    if len(tail) > 90:
        return None
    base = role_base(last.group(1), lex)
    if base is None:
        return None
    phrase = (last.group(1) + tail).strip().rstrip(",").strip()
    return base[0], phrase


def _chained_roles(before: str, roles: RoleWords, lex: Lexicon) -> list[str]:
    """Roles joined to the one before a name: 'Forsvarer, advokat X', 'Socialrådgiver og
    tillidsrepræsentant X' give 'forsvarer' and 'socialrådgiver' too."""
    sentence = re.split(r"[.!?:;]\s|\n", before)[-1]
    matches = list(roles.finditer(sentence))
    found: list[str] = []
    for earlier, later in zip(matches[-2::-1], matches[:0:-1], strict=True):
        if not re.fullmatch(r",?\s*|\s+og\s+", sentence[earlier.end() : later.start()]):
            break
        base = role_base(earlier.group(1), lex)
        if base is not None:
            found.append(base[0])
    return found


def _role_after(after: str, roles: RoleWords, lex: Lexicon) -> tuple[str, str] | None:
    """An apposition right after a name: ', der er borgmester', ', formand for …,'."""
    match = re.match(r",\s+(?:der|som)\s+(?:er|var|er blevet)\s+(?:ny\s+)?(\S+)", after)
    if not match:
        match = re.match(r",\s+(\S+)", after)
    if not match:
        return None
    word = match.group(1).rstrip(",.")
    if not roles.fullmatch(word):
        return None
    base = role_base(word, lex)
    if base is None:
        return None
    # "formand for H.C. Andersen Festspillene": a capital's full stop does not end the phrase
    phrase = re.match(r"(?:[^,.;:]|(?<=\b[A-ZÆØÅ])\.)*", after[match.start(1) :])
    return base[0], phrase.group(0).strip() if phrase else word


def _main_municipality(text: str) -> str | None:
    counts = Counter(match.group(1) for match in MUNICIPALITY.finditer(text))
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def resolve_at(registry: Registry, text: str, pos: int) -> tuple[Mention, Person | None] | None:
    """Parse a mention at `pos` and resolve it against the registry."""
    mention = parse_mention(text, pos, registry.lex, registry.known_forms())
    if mention is None:
        return None
    return mention, registry.resolve(mention)
