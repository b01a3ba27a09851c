"""Persons across documents: merge on strong evidence only, index every alias.

A person from one document joins an existing person only when (a) the full
names agree once folded and stripped of middle initials — unless both are known
in different municipalities with no role in common (two namesakes) — or (b) only
a surname is known and it agrees with a person of the same municipality who
held the same role. Two different first names are never merged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.store.fold import fold, name_key, stem, words

if TYPE_CHECKING:  # searching needs no records: only the writer's callers build them
    from pipeline.core import Person

STOPWORDS = frozenset({"i", "for", "fra", "af", "og", "den", "det", "de", "til", "på", "paa"})


def loose(word: str) -> str:
    """Fold for people who type without Danish letters: ø→o, å→a, æ→ae."""
    return fold(word.replace("ø", "o").replace("å", "a").replace("Ø", "o").replace("Å", "a"))


def term_variants(word: str) -> set[str]:
    """Every form under which a word of a name or role is findable."""
    word = word.lower()
    return {fold(word), stem(word), loose(word)}


def person_terms(person: Person, municipality: str | None) -> set[str]:
    texts = [person.name, *person.aliases, *person.roles]
    if person.party:
        texts.append(person.party)
    if municipality:
        texts.append(municipality)
    return {t for text in texts for w in words(text) for t in term_variants(w)}


def _find_match(conn: sqlite3.Connection, person: Person, municipality: str | None) -> int | None:
    key = fold(person.name) if person.kind == "organisation" else name_key(person.name)
    if person.kind == "organisation" or len(key.split()) >= 2:
        for person_id, stored_municipality in conn.execute(
            "SELECT id, municipality FROM persons WHERE key = ? AND kind = ? ORDER BY id",
            (key, person.kind),
        ):
            if person.kind == "person" and _namesakes(
                conn, person_id, stored_municipality, person, municipality
            ):
                continue
            return int(person_id)
        return None
    if not municipality or not person.roles:
        return None
    roles = [r.lower() for r in person.roles]
    for row in conn.execute(
        "SELECT DISTINCT p.id FROM persons p JOIN person_roles r ON r.person_id = p.id "
        "WHERE p.kind = 'person' AND p.municipality = ? AND lower(r.role) IN "
        f"({','.join('?' * len(roles))})",
        (municipality, *roles),
    ):
        surname = conn.execute("SELECT key FROM persons WHERE id = ?", (row[0],)).fetchone()[0]
        if surname.split()[-1] == key:
            return int(row[0])
    return None


def _namesakes(
    conn: sqlite3.Connection,
    person_id: int,
    stored_municipality: str | None,
    person: Person,
    municipality: str | None,
) -> bool:
    """Two people who share a name: known in different municipalities with no role in common.

    A director in Herning and a mayor in Skive who are both "Ole Thybo" stay apart;
    a minister quoted about many municipalities keeps one entry (the same role).
    """
    if not (municipality and stored_municipality and person.roles):
        return False
    if municipality == stored_municipality:
        return False
    stored = {
        r[0].lower()
        for r in conn.execute("SELECT role FROM person_roles WHERE person_id = ?", (person_id,))
    }
    return bool(stored) and not stored & {r.lower() for r in person.roles}


def upsert_person(
    conn: sqlite3.Connection,
    person: Person,
    document_id: int,
    municipality: str | None,
    date: str | None,
    terms: set[str] | None = None,
) -> int:
    """Store a document's person, merged into an existing one on strong evidence; returns its id.

    `terms` are its `person_terms` when a worker has computed them already."""
    person_id = _find_match(conn, person, municipality)
    if person_id is None:
        key = fold(person.name) if person.kind == "organisation" else name_key(person.name)
        person_id = conn.execute(
            "INSERT INTO persons (name, key, kind, party, gender, municipality) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (person.name, key, person.kind, person.party, person.gender, municipality),
        ).lastrowid
    else:
        conn.execute(
            "UPDATE persons SET party = coalesce(party, ?), gender = coalesce(gender, ?), "
            "municipality = coalesce(municipality, ?) WHERE id = ?",
            (person.party, person.gender, municipality, person_id),
        )
    assert person_id is not None
    conn.executemany(  # in a fixed order: the same rows whatever the hash seed
        "INSERT OR IGNORE INTO aliases (person_id, alias, key) VALUES (?, ?, ?)",
        [(person_id, a, name_key(a)) for a in dict.fromkeys((person.name, *person.aliases))],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO person_terms (person_id, term) VALUES (?, ?)",
        [
            (person_id, t)
            for t in (terms if terms is not None else person_terms(person, municipality))
        ],
    )
    conn.execute(
        "INSERT OR IGNORE INTO person_documents (person_id, document_id) VALUES (?, ?)",
        (person_id, document_id),
    )
    conn.executemany(  # where the role is held: the person's own municipality first
        "INSERT INTO roles (person_id, document_id, role, municipality, date) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (person_id, document_id, role, person.municipality or municipality, date)
            for role in dict.fromkeys(person.roles)
        ],
    )
    return int(person_id)


def prune_orphans(conn: sqlite3.Connection, candidates: Iterable[int] | None = None) -> None:
    """Drop persons no stored document mentions any more.

    With `candidates` (the persons of documents just deleted) only those are
    checked, which keeps saving a document independent of the store's size.
    """
    if candidates is None:
        conn.execute("DELETE FROM persons WHERE id NOT IN (SELECT person_id FROM person_documents)")
        return
    conn.executemany(
        "DELETE FROM persons WHERE id = ? "
        "AND NOT EXISTS (SELECT 1 FROM person_documents WHERE person_id = ?)",
        [(i, i) for i in set(candidates)],
    )


def find_persons(conn: sqlite3.Connection, query: str) -> list[int]:
    """Ids of the persons a search names, best match first (see `person_search`)."""
    from pipeline.store.person_search import match_persons  # it builds on this module

    return [m.person_id for m in match_persons(conn, query)]
