"""Who a `--person` search means: names, surnames, roles, typos — as a journalist types them.

`match_persons(conn, query)` returns every person the query names, best first:

1. a full name or alias ("Steen Hansen" finds "Steen S. Hansen");
2. name words: "Holm" finds the persons whose surname is Holm, then those whose
   hyphenated surname has a part Holm ("Holm-Kjærgaard"), then those with Holm
   as a middle name, then as a first name; "Lise Jensen" finds "Lise Holm Jensen";
3. generic role words before a name are ignored ("minister Anne Berg");
4. a role phrase — "borgmesteren i Stevns", "borgmester i Stevns Kommune",
   "ministeren", "socialministeren", "formanden for teknik- og miljøudvalget":
   a role word finds its role and the more specific roles ending in it
   ("ministeren" finds the social minister), and the place is the role's own
   ("direktør i Tårnby Kommune") before the municipalities of the documents;
5. any other words, each matching a name, role, party or municipality word.

When nothing matches, `suggest` lists the names within a small edit distance.
Every comparison is on folded words (æ/ø/å as ae/oe/aa, or typed as a/o).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from pipeline.store.fold import fold, name_key, stem, words
from pipeline.store.persons import STOPWORDS, loose, term_variants

PLACE_PREPOSITIONS = frozenset({"i", "på", "paa"})
BODY_PREPOSITIONS = frozenset({"for", "hos", "fra", "ved"})
MUNICIPALITY_WORDS = frozenset({"kommune", "kommunes", "kommunen", "kommunens"})
MAX_SUGGESTIONS = 5

# how a person matched, best first (the order of the groups in a result)
HOW = ("name", "surname", "part of surname", "middle name", "first name", "role", "words")


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    name: str
    how: str  # one of HOW
    quotes: int

    @property
    def order(self) -> tuple[int, int, str, int]:
        return (HOW.index(self.how), -self.quotes, self.name, self.person_id)


# Longer than any name with a role and place ("formanden for børne- og ungeudvalget i
# Vesthimmerlands Kommune, Anne-Marie Berg Holm" is 12); each word is a term of one query.
MAX_QUERY_WORDS = 20


def match_persons(conn: sqlite3.Connection, query: str) -> list[PersonMatch]:
    """Every person `query` names, best match first (see the module docstring)."""
    query_words = [w for w in words(query) if len(w.rstrip(".")) > 0]
    if not query_words:
        return []
    if len(query_words) > MAX_QUERY_WORDS:
        raise ValueError(
            f"a person of {len(query_words)} words: names and roles have at most "
            f"{MAX_QUERY_WORDS} (use --text to search quotes for words)"
        )
    found = _by_full_name(conn, query) if len(query_words) > 1 else []
    # "i", "for", "på" …: a role phrase ("borgmesteren i Faxe"), not a name
    phrase = any(w in PLACE_PREPOSITIONS or w in BODY_PREPOSITIONS for w in query_words)
    if not found and not phrase:
        found = _by_name_words(conn, _name_words(query))
    heads = _role_words(conn) if not found else {}
    if not found and not phrase and len(query_words) > 1:
        found = _after_role_words(conn, query_words, heads)
    if not found:
        found = _by_role(conn, query_words, heads)
    if not found:
        found = _by_any_words(conn, query_words)
    return sorted(found, key=lambda m: m.order)


def _name_words(text: str) -> list[str]:
    """The words of a name as written, without middle initials ("Steen S. Hansen")."""
    parts = re.findall(r"[\w-]+", text)
    return [w for w in parts if len(w) > 1] or parts


def _persons(conn: sqlite3.Connection, ids: set[int]) -> dict[int, tuple[str, int]]:
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT id, name, quotes FROM persons WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def _by_full_name(conn: sqlite3.Connection, query: str) -> list[PersonMatch]:
    key = name_key(query)
    rows = conn.execute(
        "SELECT p.id, p.name, p.quotes FROM persons p WHERE p.key = ? OR p.id IN "
        "(SELECT person_id FROM aliases WHERE key = ?)",
        (key, key),
    )
    return [PersonMatch(r[0], r[1], "name", r[2]) for r in rows]


def _forms(word: str) -> set[str]:
    word = word.lower()
    return {fold(word), loose(word)}


@lru_cache(maxsize=100_000)
def _part_forms(part: str, stems: bool) -> frozenset[str]:
    part = part.lower()
    return frozenset({stem(part), stem(loose(part))} if stems else _forms(part))


def _classify(name: str, query: list[str], stems: bool) -> str | None:
    """How the query's name words match `name`, None when one does not.

    The words must appear in the name in order; the kind of match is where the
    last one landed: the surname, a part of a hyphenated surname, a middle name
    or the first name.
    """
    parts = [w for w in re.findall(r"[\w-]+", name) if len(w) > 1]
    if not parts:
        return None
    at, how = 0, None
    for word in query:
        target = _part_forms(word, stems)
        for i in range(at, len(parts)):
            part = parts[i]
            if target & _part_forms(part, stems):
                how = _position(i, len(parts), whole=True)
            elif "-" in part and any(target & _part_forms(p, stems) for p in part.split("-")):
                how = _position(i, len(parts), whole=False)
            else:
                continue
            at = i + 1
            break
        else:
            return None
    return how


def _position(i: int, n: int, whole: bool) -> str:
    """What the i-th of a name's n words is, matched whole or as a part of a hyphenated
    word ("Holm" in "Holm-Kjærgaard", "Marie" in "Anne-Marie")."""
    if i == n - 1:
        return "surname" if whole else "part of surname"
    return "first name" if i == 0 else "middle name"


def _by_name_words(conn: sqlite3.Connection, query: list[str]) -> list[PersonMatch]:
    """Persons whose name has every query word (words as written first, else stems)."""
    if not query:
        return []
    aliased = {  # a name the person is known by ("Lotte"), not a role word ("borgmesteren")
        person_id
        for person_id, alias in conn.execute(
            "SELECT person_id, alias FROM aliases WHERE key = ?", (name_key(" ".join(query)),)
        )
        if alias[:1].isupper()
    }
    for stems in (False, True):
        candidates = _term_candidates(conn, query, stems) | aliased
        candidates |= _hyphenated(conn, query[0], stems)
        found = []
        for person_id, (name, quotes) in _persons(conn, candidates).items():
            how = _classify(name, query, stems)
            if how is None and person_id in aliased:
                how = "surname" if len(query) == 1 else "name"  # known by this alias
            if how is not None:
                if len(query) > 1 and how == "surname":
                    how = "name"
                found.append(PersonMatch(person_id, name, how, quotes))
        if found:
            return found
    return []


def _term_candidates(conn: sqlite3.Connection, query: list[str], stems: bool) -> set[int]:
    """Persons with the query's first word among their indexed terms (a superset)."""
    variants = sorted(term_variants(query[0]) if stems else _forms(query[0]))
    return {
        r[0]
        for r in conn.execute(
            f"SELECT person_id FROM person_terms WHERE term IN ({','.join('?' * len(variants))})",
            variants,
        )
    }


def _hyphenated(conn: sqlite3.Connection, word: str, stems: bool) -> set[int]:
    """Persons with `word` as part of a hyphenated name (parts are not indexed alone)."""
    target = _part_forms(word, stems)
    return {
        person_id
        for person_id, name in conn.execute("SELECT id, name FROM persons WHERE key LIKE '%-%'")
        if any(
            target & _part_forms(part, stems)
            for compound in name.split()
            if "-" in compound
            for part in compound.split("-")
        )
    }


# --- roles ----------------------------------------------------------------------------------


def _role_words(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Stored roles by the stem of their head word ("formand for X" → "formand")."""
    heads: dict[str, list[str]] = {}
    for (role,) in conn.execute("SELECT DISTINCT role FROM person_roles"):
        head = _role_head(role)
        if head:
            heads.setdefault(stem(head), []).append(role)
    return heads


@lru_cache(maxsize=100_000)
def _role_head(role: str) -> str | None:
    """The role word of a role: the last word before any preposition."""
    head = None
    for word in words(role):
        if word in PLACE_PREPOSITIONS or word in BODY_PREPOSITIONS:
            break
        head = word
    return head


def _is_role_word(word: str, heads: dict[str, list[str]]) -> bool:
    s = stem(word)
    return any(h.endswith(s) or s.endswith(h) for h in heads)


def _after_role_words(
    conn: sqlite3.Connection, query: list[str], heads: dict[str, list[str]]
) -> list[PersonMatch]:
    """'minister Anne Berg', 'socialdirektør Ib Holm': role words before a name are ignored."""
    for cut in range(1, len(query)):
        if not _is_role_word(query[cut - 1], heads) and query[cut - 1] not in STOPWORDS:
            return []
        rest = query[cut:]
        found = _by_full_name(conn, " ".join(rest)) or _by_name_words(conn, rest)
        if found:
            return found
    return []


@dataclass(frozen=True)
class RolePhrase:
    head: str  # the role word as typed ("borgmesteren")
    body: tuple[str, ...]  # what the role is of ("teknik", "miljøudvalget")
    place: tuple[str, ...]  # where ("stevns"), municipality words dropped


def parse_role(query_words: list[str]) -> RolePhrase:
    """'borgmester i Vesterå Kommune' → head borgmester, place (vesterå)."""
    head_words: list[str] = []
    body: list[str] = []
    place: list[str] = []
    target = head_words
    for word in query_words:
        if word in PLACE_PREPOSITIONS:
            target = place
        elif word in BODY_PREPOSITIONS:
            target = body
        elif word not in STOPWORDS and word not in MUNICIPALITY_WORDS:
            target.append(word)
    head = head_words[-1] if head_words else ""
    return RolePhrase(head, tuple(body), tuple(place))


_OWN_PLACE = re.compile(r"\b(?:i|på)\s+((?:[A-ZÆØÅ][\w-]*\s*)+)")


@lru_cache(maxsize=100_000)
def _role_place(role: str) -> tuple[str, ...]:
    """The place a role names itself: 'direktør i Tårnby Kommune' → (tårnby).

    Only a proper noun is a place: "konsulent i organisationen" names none.
    """
    match = _OWN_PLACE.search(role)
    if not match:
        return ()
    return tuple(w for w in words(match.group(1)) if w not in MUNICIPALITY_WORDS)


def _same_words(typed: tuple[str, ...], stored: tuple[str, ...] | list[str]) -> bool:
    """Every typed word among the stored words (stems, either spelling of æ/ø/å)."""
    have = {f for w in stored for f in (stem(w), stem(loose(w)))}
    return bool(typed) and all({stem(w), stem(loose(w))} & have for w in typed)


def _by_role(
    conn: sqlite3.Connection, query_words: list[str], heads: dict[str, list[str]]
) -> list[PersonMatch]:
    phrase = parse_role(query_words)
    if not phrase.head:
        return []
    wanted = stem(phrase.head)
    # the role itself first; a generic word also finds the roles ending in it
    exact = heads.get(wanted, [])
    generic = [r for h, roles in heads.items() if h != wanted and h.endswith(wanted) for r in roles]
    if not exact and not generic:
        return []
    if phrase.body:
        exact, generic = (
            [r for r in roles if _same_words(phrase.body, words(r)[1:])]
            for roles in (exact, generic)
        )
    found: dict[int, PersonMatch] = {}
    for roles in (exact, generic):
        held: dict[int, list[str]] = {}
        for person_id, role in conn.execute(
            "SELECT person_id, role FROM person_roles WHERE role IN "
            "(SELECT value FROM json_each(?))",
            (json.dumps(roles),),
        ):
            held.setdefault(person_id, []).append(role)
        places = _places(conn, held) if phrase.place else {}
        for person_id, (name, quotes) in _persons(conn, set(held) - set(found)).items():
            if phrase.place and not _same_words(phrase.place, places.get(person_id, [])):
                continue
            found[person_id] = PersonMatch(person_id, name, "role", quotes)
        if found:
            break
    return list(found.values())


def _places(conn: sqlite3.Connection, held: dict[int, list[str]]) -> dict[int, list[str]]:
    """Where each person held these roles: the roles' own places, else their documents'.

    The municipality of a role row is the person's own as the quote stage found
    it, else the document's (see `persons.upsert_person`).
    """
    places: dict[int, list[str]] = {}
    rest: dict[int, list[str]] = {}
    for person_id, roles in held.items():
        own = [w for role in roles for w in _role_place(role)]
        if own:
            places[person_id] = own
        else:
            rest[person_id] = roles
    if rest:
        rows = conn.execute(
            "SELECT DISTINCT person_id, role, municipality FROM roles "
            "WHERE person_id IN (SELECT value FROM json_each(?)) "
            "AND role IN (SELECT value FROM json_each(?)) AND municipality IS NOT NULL",
            (json.dumps(sorted(rest)), json.dumps(sorted({r for v in rest.values() for r in v}))),
        )
        for person_id, role, place in rows:
            if role in rest[person_id]:
                places.setdefault(person_id, []).extend(_place_words(place))
    return places


@lru_cache(maxsize=10_000)
def _place_words(place: str) -> tuple[str, ...]:
    return tuple(words(place))


def _by_any_words(conn: sqlite3.Connection, query_words: list[str]) -> list[PersonMatch]:
    """Every word matches one of a person's terms (name, role, party, municipality)."""
    kept = [w for w in query_words if w not in STOPWORDS and len(w.rstrip(".")) > 1]
    if not kept:
        return []
    # Words as written (folded) first: "Rasmussen" must not find "Rasmus" through a
    # shared stem. Stems only when that finds nobody ("Mortensens", "borgmesteren").
    for forms in (_forms, term_variants):
        clauses, params = [], []
        for word in kept:
            variants = sorted(forms(word))
            clauses.append(
                "SELECT person_id FROM person_terms "
                f"WHERE term IN ({','.join('?' * len(variants))})"
            )
            params.extend(variants)
        ids = {r[0] for r in conn.execute(" INTERSECT ".join(clauses), params)}
        found = [
            PersonMatch(person_id, name, "words", quotes)
            for person_id, (name, quotes) in _persons(conn, ids).items()
        ]
        if found:
            return found
    return []


# --- did you mean ---------------------------------------------------------------------------


def suggest(conn: sqlite3.Connection, query: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Names close to a query that found nobody ("Tonny" → "Tonni Hansen"), most quoted first.

    A name is close when its folded full name, or for a one-word query one of
    its name words, is within an edit distance of 1 (2 from eight letters on).
    """
    key = name_key(query)
    if not key:
        return []
    parts = key.split()
    # persons with a name word near the query's first or last word (a superset) ...
    near_words: dict[str, int] = {}
    for word in {parts[0], parts[-1]}:
        near_words.update(_close_terms(conn, word))
    if not near_words:
        return []
    rows = conn.execute(
        "SELECT p.key, p.name, p.quotes FROM persons p WHERE p.kind = 'person' AND p.id IN "
        "(SELECT person_id FROM person_terms WHERE term IN (SELECT value FROM json_each(?)))",
        (json.dumps(sorted(near_words)),),
    ).fetchall()
    # ... then a word of the name near the one word, or the full name near the full name
    budget = _budget(key)
    close: list[tuple[int, int, str]] = []
    for person_key, name, quotes in rows:
        if len(parts) == 1:
            distance = min(near_words.get(w, budget + 1) for w in person_key.split())
        else:
            distance = edit_distance(key, person_key, budget)
        if distance <= budget:
            close.append((distance, -quotes, name))
    return list(dict.fromkeys(name for _, _, name in sorted(close)))[:limit]


def _budget(text: str) -> int:
    """The edit distance a near miss may have: 1, or 2 from eight letters on."""
    return 1 if len(text) < 8 else 2


def _close_terms(conn: sqlite3.Connection, word: str) -> dict[str, int]:
    """Indexed person words within the edit budget of `word`, with their distance."""
    budget = _budget(word)
    terms = conn.execute(
        "SELECT DISTINCT term FROM person_terms WHERE length(term) BETWEEN ? AND ?",
        (len(word) - budget, len(word) + budget),
    )
    return {t: d for (t,) in terms if (d := edit_distance(word, t, budget)) <= budget}


def edit_distance(a: str, b: str, cutoff: int) -> int:
    """Levenshtein distance of a and b, or cutoff + 1 once it must exceed cutoff."""
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > cutoff:
            return cutoff + 1
        previous = current
    return previous[-1]
