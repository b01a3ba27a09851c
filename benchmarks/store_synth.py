"""Synthetic analyses for store benchmarks: invented Danish names, roles, quotes and findings.

Everything here is generated (no real article text): invented persons built
from common Danish first names and surnames, a small list of municipalities,
and quote texts drawn word by word from a vocabulary of Danish report/news
words with a Zipf-like distribution (function words most frequent, long
compounds rare), so that FTS doclists have realistic lengths.

The word lists below are written by us for this benchmark only; they are not
Danish knowledge the pipeline uses.

    from benchmarks.store_synth import generate
    for analysis in generate(n_quotes=100_000): store.save(analysis)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from pipeline.core import THEMES, Block, Document, Entity, Finding, Person, Quote

try:  # the real types; the NLP stack they sit next to is not needed to build them
    from pipeline.core import Analysis, Sentence
except Exception:  # pragma: no cover - only while the NLP stage does not import

    @dataclass
    class Sentence:  # type: ignore[no-redef]
        text: str
        start: int
        end: int
        page: int | None = None
        section: str | None = None

    @dataclass
    class Analysis:  # type: ignore[no-redef]
        document: Document
        sentences: list[Sentence] = field(default_factory=list)
        entities: list[Entity] = field(default_factory=list)
        persons: list[Person] = field(default_factory=list)
        quotes: list[Quote] = field(default_factory=list)
        findings: list[Finding] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
Anette Anne Birgitte Bente Camilla Dorte Eva Hanne Helle Inge Jette Karen Kirsten Lene Lis Lise
Louise Maja Mette Mia Nanna Pia Rikke Sanne Signe Susanne Tina Trine Ulla Vibeke Åse Sørine
Anders Bent Bjørn Carsten Christian Erik Finn Flemming Frederik Hans Henrik Jakob Jens Jesper
Johan Jørgen Kasper Kim Klaus Lars Mads Martin Michael Mikkel Morten Niels Ole Peter Poul
Rasmus Søren Steen Stig Thomas Torben Troels Ulrik Villads Aage Knud Preben
""")

SURNAMES = _words("""
Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen
Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Knudsen Jakobsen
Mikkelsen Frederiksen Laursen Henriksen Lund Schmidt Eriksen Holm Kristiansen Clausen Simonsen
Svendsen Andreasen Iversen Østergaard Jeppesen Vestergaard Nissen Lauridsen Kjær Jepsen Mogensen
Nørgaard Bertelsen Jessen Søndergaard Frandsen Nørskov Bækgaard Dalsgård Ålund Høj Bach Kjærsgaard
Lindholm Gregersen Toft Winther Brodersen Damgaard Dahl Overgaard Skov Hviid Aagaard Fogh Bisgaard
Krogh Lykke Munk Friis Bang Borup Stenholt Kragelund Vinkel Rønnow Hedegaard Thygesen Juhl
""")

MUNICIPALITIES = _words("""
Stevns Køge Faxe Næstved Holbæk Roskilde Greve Solrød Ringsted Slagelse Sorø Lolland Guldborgsund
Vordingborg Odense Svendborg Esbjerg Vejle Kolding Horsens Aarhus Randers Viborg Herning Silkeborg
Aalborg Hjørring Frederikshavn Thisted Helsingør
""")

ROLES = [
    "borgmester",
    "rådmand",
    "udvalgsformand",
    "byrådsmedlem",
    "socialchef",
    "direktør",
    "afdelingsleder",
    "familiechef",
    "sagsbehandler",
    "konsulent",
    "chefkonsulent",
    "formand",
    "næstformand",
    "leder",
    "jurist",
]
POLITICAL = {"borgmester", "rådmand", "udvalgsformand", "byrådsmedlem", "formand", "næstformand"}
PARTIES = ["A", "V", "C", "F", "O", "B", "Ø", "I", "Æ"]

# Most frequent first: function words, then everyday report/news words, then compounds.
FUNCTION_WORDS = _words("""
og i at det er en til på vi har som for med de ikke der af skal kan den et om men så være
blive også meget nu her når var bliver få alle have hvor sig mere skulle kunne eller efter
""")

CONTENT_WORDS = _words("""
kommune sag barn børn familie borger indsats forvaltning udvalg byråd økonomi budget tilsyn
handleplan underretning anbringelse afgørelse lov krav år tid arbejde område ansvar ledelse
kvalitet opgave problem løsning ressource medarbejder leder rapport undersøgelse vurdering
plan politik aftale beslutning forslag penge million skole dagtilbud plejefamilie institution
opfølgning dokumentation praksis regel vejledning samarbejde dialog forløb fokus udvikling
behov hjælp støtte tilbud netværk forælder mor far ung sagsbehandler socialrådgiver
myndighed afdeling direktør borgmester rådmand styrelse ministerium minister regering
folketing paragraf servicelov klage ankestyrelse task force kontrol niveau resultat tal
procent stigning fald mangel fejl risiko trivsel skolegang sundhed misbrug vold omsorg
hjem bolig job uddannelse fritid aktivitet forebyggelse tidlig indsats samtale børnesamtale
frist svar henvendelse tilbagemelding gennemgang stikprøve journal notat dokument system
""")

COMPOUND_HEADS = [
    "behandling",
    "tid",
    "arbejde",
    "område",
    "indsats",
    "tilsyn",
    "plan",
    "afdeling",
    "niveau",
    "praksis",
    "forløb",
    "møde",
    "grundlag",
    "pres",
]
COMPOUND_PREFIXES = [
    "sags",
    "børne",
    "familie",
    "social",
    "myndigheds",
    "ledelses",
    "kvalitets",
    "handle",
    "opfølgnings",
    "budget",
    "udvalgs",
    "forebyggelses",
    "anbringelses",
    "tilsyns",
]
COMPOUND_MIDDLES = [
    "behandlings",
    "planlægnings",
    "udrednings",
    "visiterings",
    "godkendelses",
    "vurderings",
    "bevillings",
    "samarbejds",
    "klage",
    "journal",
    "registrerings",
    "tilbuds",
]
VERBS = _words("""
siger mener understreger vurderer tilføjer forklarer erkender lover forventer håber
arbejder sikrer styrker forbedrer ændrer prioriterer følger undersøger
""")
CUES = ["siger", "mener", "understreger", "fortæller", "vurderer", "tilføjer", "forklarer"]


def _noun_forms(word: str) -> list[str]:
    """Danish-looking inflections of a noun: indefinite, definite, plural, definite plural."""
    if word.endswith("e"):
        return [word, word + "n", word + "r", word + "rne"]
    return [word, word + "en", word + "er", word + "erne"]


def vocabulary(rng: random.Random) -> list[str]:
    """Word types in frequency rank order (rank 1 = most frequent)."""
    content: list[str] = []
    for word in CONTENT_WORDS:
        forms = _noun_forms(word)
        content.append(forms[0])
        content.extend(forms[1:])
    compounds = [p + h for p in COMPOUND_PREFIXES for h in COMPOUND_HEADS]
    uncommon = [form for c in compounds for form in _noun_forms(c)]
    # three-part compounds make the long tail of words that occur only a few times
    triples = [
        p + m + h for p in COMPOUND_PREFIXES for m in COMPOUND_MIDDLES for h in COMPOUND_HEADS
    ]
    rare = [form for c in triples for form in _noun_forms(c)]
    head = content[: len(content) // 4]
    tail = content[len(content) // 4 :]
    rng.shuffle(tail)
    rng.shuffle(uncommon)
    rng.shuffle(rare)
    return [*FUNCTION_WORDS, *VERBS, *head, *tail, *uncommon, *rare]


def zipf_cumulative(n: int, exponent: float = 1.0, offset: float = 2.7) -> list[float]:
    """Cumulative Zipf–Mandelbrot weights for ranks 1..n (for random.choices)."""
    return list(accumulate(1.0 / (rank + offset) ** exponent for rank in range(1, n + 1)))


@dataclass
class SynthPerson:
    name: str
    first: str
    surname: str
    role: str
    municipality: str
    party: str | None
    gender: str

    def as_person(self) -> Person:
        aliases = [self.surname, f"{self.role} {self.name}", _definite(self.role)]
        return Person(
            self.name,
            aliases=aliases,
            roles=[self.role],
            party=self.party,
            gender=self.gender,  # type: ignore[arg-type]
            municipality=self.municipality,
        )


def _definite(role: str) -> str:
    return role + ("n" if role.endswith("e") else "en")


FEMALE = set(FIRST_NAMES[: FIRST_NAMES.index("Anders")])


def make_persons(n: int, rng: random.Random) -> list[SynthPerson]:
    """`n` persons with distinct full names; one mayor per municipality."""
    surname_cum = zipf_cumulative(len(SURNAMES), exponent=0.9)
    seen: set[str] = set()
    persons: list[SynthPerson] = []
    while len(persons) < n:
        first = rng.choice(FIRST_NAMES)
        surname = rng.choices(SURNAMES, cum_weights=surname_cum)[0]
        if rng.random() < 0.15:
            surname = f"{rng.choice(SURNAMES)}-{surname}"
        middle = f" {rng.choice('ABCDEFGHIJKLMNOPRSTV')}." if rng.random() < 0.2 else ""
        name = f"{first}{middle} {surname}"
        key = f"{first} {surname}".lower()
        if key in seen:
            continue
        seen.add(key)
        index = len(persons)
        if index < len(MUNICIPALITIES):
            role, municipality = "borgmester", MUNICIPALITIES[index]
        else:
            role = rng.choice(ROLES[1:])
            municipality = rng.choice(MUNICIPALITIES)
        party = rng.choice(PARTIES) if role in POLITICAL else None
        gender = "f" if first in FEMALE else "m"
        persons.append(SynthPerson(name, first, surname, role, municipality, party, gender))
    return persons


class Generator:
    """Deterministic stream of synthetic analyses (same seed, same data)."""

    def __init__(self, n_quotes: int, seed: int = 7, quotes_per_doc: int = 5) -> None:
        self.rng = random.Random(seed)
        self.n_quotes = n_quotes
        self.n_docs = max(1, n_quotes // quotes_per_doc)
        self.persons = make_persons(max(len(MUNICIPALITIES), n_quotes // 20), self.rng)
        self.words = vocabulary(self.rng)
        self.word_cum = zipf_cumulative(len(self.words))
        self.by_municipality: dict[str, list[SynthPerson]] = {m: [] for m in MUNICIPALITIES}
        for p in self.persons:
            self.by_municipality[p.municipality].append(p)
        # within a municipality, a few people (the mayor first) are quoted far more often
        self.person_cum = {
            m: zipf_cumulative(len(ps), exponent=0.8, offset=1.0)
            for m, ps in self.by_municipality.items()
        }
        self.municipality_cum = zipf_cumulative(len(MUNICIPALITIES), exponent=0.6, offset=3.0)

    def sentence(self, low: int, high: int) -> str:
        words = self.rng.choices(
            self.words, cum_weights=self.word_cum, k=self.rng.randint(low, high)
        )
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def __iter__(self) -> Iterator[Analysis]:
        quotes_left = self.n_quotes
        for i in range(self.n_docs):
            docs_left = self.n_docs - i
            mean = quotes_left / docs_left
            n = quotes_left if docs_left == 1 else max(1, round(self.rng.gauss(mean, 1.5)))
            n = min(n, quotes_left - (docs_left - 1)) if docs_left > 1 else n
            quotes_left -= n
            yield self.document(i, n)

    def document(self, i: int, n_quotes: int) -> Analysis:
        rng = self.rng
        municipality = rng.choices(MUNICIPALITIES, cum_weights=self.municipality_cum)[0]
        pool = self.by_municipality[municipality]
        speakers = {
            p.name: p
            for p in rng.choices(
                pool, cum_weights=self.person_cum[municipality], k=rng.randint(1, 3)
            )
        }
        is_report = rng.random() < 0.3
        year = rng.randint(2012, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = self.sentence(4, 9)
        blocks = [Block(title, kind="heading", page=1), Block(self.sentence(12, 30) + ".", page=1)]
        quote_blocks: list[tuple[Block, str, SynthPerson, str, str]] = []
        for q in range(n_quotes):
            person = rng.choice(list(speakers.values()))
            text = self.sentence(6, 28)
            cue = rng.choice(CUES)
            mention = person.name if q == 0 or rng.random() < 0.5 else person.surname
            block = Block(f"– {text}, {cue} {mention}.", page=1 + q // 3)
            blocks.append(block)
            quote_blocks.append((block, text, person, cue, mention))
            if rng.random() < 0.5:
                blocks.append(Block(self.sentence(10, 25) + ".", page=1 + q // 3))
        finding_blocks = []
        for _ in range(rng.randint(3, 6) if is_report else rng.randint(0, 1)):
            block = Block(self.sentence(10, 25) + ".", page=2 + len(finding_blocks) // 2)
            blocks.append(block)
            finding_blocks.append(block)
        doc = Document.from_blocks(
            f"/synthetic/{municipality.lower()}/{year}/doc-{i:07d}.{'pdf' if is_report else 'htm'}",
            blocks,
            kind="report" if is_report else "news",
            title=title,
            date=date,
            municipality=municipality,
            page_count=max(b.page or 1 for b in blocks),
            sha256=f"{rng.getrandbits(256):064x}",
        )
        sentences = [Sentence(b.text, b.start, b.end, page=b.page) for b in doc.blocks]
        quotes, entities = [], []
        for block, text, person, cue, mention in quote_blocks:
            start = block.start + 2
            quotes.append(
                Quote(
                    text,
                    start,
                    start + len(text),
                    cue=cue,
                    speaker=person.name,
                    mention=mention,
                    mention_type="name" if " " in mention else "surname",
                )
            )
            m_start = block.start + len(block.text) - 1 - len(mention)
            entities.append(Entity(mention, "PER", m_start, m_start + len(mention)))
        findings = []
        for block in finding_blocks:
            themes = rng.sample(THEMES, k=rng.choice((1, 1, 1, 2, 2, 3)))
            polarity = rng.choice(("negative", "negative", "positive", "neutral"))
            findings.append(
                Finding(
                    block.text,
                    block.start,
                    block.end,
                    themes,
                    polarity,  # type: ignore[arg-type]
                    scores={t: round(rng.uniform(0.5, 1.0), 3) for t in themes},
                    page=block.page,
                )
            )
        persons = [p.as_person() for p in speakers.values()]
        return Analysis(doc, sentences, entities, persons, quotes, findings)


def generate(n_quotes: int, seed: int = 7) -> Generator:
    """An iterable of about n_quotes / 5 analyses holding exactly n_quotes quotes."""
    return Generator(n_quotes, seed)
