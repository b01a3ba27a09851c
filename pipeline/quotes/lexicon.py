"""The Danish word lists the quote rules read, loaded once from `data/`.

Keeping verbs, roles, names and cue nouns as data lets a linguist extend them
without touching the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.nlp import gazetteers

DATA_DIR = Path(__file__).parent / "data"


def phrases(name: str) -> tuple[str, ...]:
    """The lines of a one-phrase-per-line data file, in file order."""
    return tuple(" ".join(row) for row in _lines(name))


def _lines(name: str) -> list[list[str]]:
    """Non-comment, non-blank lines of a data file, split on whitespace."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(line.split())
    return rows


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    indirect_verbs: frozenset[str]  # forms of verbs that take an "at"-clause
    roles: dict[str, str]  # any form (lower case) -> indefinite base form
    definite_roles: frozenset[str]
    pronouns: dict[str, str | None]  # pronoun -> gender
    nominal_nouns: frozenset[str]
    nominal_verbs: frozenset[str]
    first_names: dict[str, str]  # name -> "m"/"f"
    parties: dict[str, str]
    not_names: frozenset[str]
    organisations: dict[str, str] = field(default_factory=dict)  # form -> canonical name
    report_nouns: frozenset[str] = frozenset()
    indirect_phrases: tuple[str, ...] = ()
    organisation_nouns: dict[str, str] = field(default_factory=dict)  # noun -> name head
    surname_endings: tuple[str, ...] = ()
    ambiguous_first_names: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    title_nouns: tuple[str, ...] = ()
    narrative_connectors: frozenset[str] = frozenset()
    organisation_endings: tuple[str, ...] = ()
    description_nouns: dict[str, str] = field(default_factory=dict)  # noun -> "m"/"f"/""
    role_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # towns and municipalities: never a person
    particle_verbs: dict[str, str] = field(default_factory=dict)  # "slår" -> "fast"
    media: frozenset[str] = frozenset()  # lower-cased names of news media ("tv 2", "avisen")
    meeting_verbs: tuple[str, ...] = ()  # "mødte", "har talt med": the reporter meets a speaker


@lru_cache(maxsize=64)
def word_alternation(words: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """One compiled pattern matching any of `words` (longest first), as whole words."""
    body = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Read every data file; cached because the lists never change at run time."""
    verb_rows = _lines("speech_verbs.txt")
    verbs = {form for row in verb_rows for form in row}
    indirect_lemmas = {row[0] for row in _lines("indirect_verbs.txt")}
    indirect = {form for row in verb_rows if row[0] in indirect_lemmas for form in row}
    roles: dict[str, str] = {}
    definite: set[str] = set()
    for line in (DATA_DIR / "roles.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # a role may contain spaces ("børne- og ungedirektør"): the last word is the definite form
        *base_words, definite_form = line.split()
        base = " ".join(base_words)
        roles[base.lower()] = base.lower()
        roles[definite_form.lower()] = base.lower()
        definite.add(definite_form.lower())
    organisations: dict[str, str] = {}
    for line in (DATA_DIR / "organisations.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        forms = [form.strip() for form in line.split("|")]
        for form in forms:
            organisations[form] = forms[0]
    places = {*gazetteers.read_lines("byer.txt"), *gazetteers.read_lines("regioner.txt")}
    places.update(name for pair in gazetteers.municipalities() for name in pair)
    return Lexicon(
        places=frozenset(places),
        speech_verbs=frozenset(verbs),
        media=frozenset(" ".join(row).lower() for row in _lines("media.txt")),
        particle_verbs={form: row[-1] for row in _lines("particle_verbs.txt") for form in row[:-1]},
        indirect_verbs=frozenset(indirect),
        roles=roles,
        definite_roles=frozenset(definite),
        pronouns={row[0]: (None if row[1] == "-" else row[1]) for row in _lines("pronouns.txt")},
        nominal_nouns=frozenset(form for row in _lines("nominal_cues.txt") for form in row),
        nominal_verbs=frozenset(row[0] for row in _lines("nominal_verbs.txt")),
        first_names={
            row[0]: row[1]
            for name in ("first_names_dacy.txt", "first_names.txt")
            for row in _lines(name)
        },
        parties={row[0]: " ".join(row[1:]) for row in _lines("parties.txt")},
        not_names=frozenset(word for row in _lines("not_names.txt") for word in row),
        organisations=organisations,
        report_nouns=frozenset(row[0] for row in _lines("report_nouns.txt")),
        ambiguous_first_names=frozenset(
            word for row in _lines("ambiguous_first_names.txt") for word in row
        ),
        title_nouns=tuple(word for row in _lines("title_nouns.txt") for word in row),
        group_nouns=frozenset(word for row in _lines("group_nouns.txt") for word in row),
        narrative_connectors=frozenset(row[0] for row in _lines("narrative_connectors.txt")),
        role_synonyms={w: tuple(row) for row in _lines("role_synonyms.txt") for w in row},
        description_nouns={
            w.partition(":")[0]: w.partition(":")[2]
            for row in _lines("description_nouns.txt")
            for w in row
        },
        organisation_endings=tuple(row[0].lower() for row in _lines("organisation_endings.txt")),
        surname_endings=tuple(row[0] for row in _lines("surname_endings.txt")),
        indirect_phrases=phrases("indirect_phrases.txt"),
        meeting_verbs=phrases("meeting_verbs.txt"),
        organisation_nouns={
            row[0]: (row[1] if len(row) > 1 else "") for row in _lines("organisation_nouns.txt")
        },
    )
