"""Read-only queries behind `dapipe quotes|persons|themes` and the web app."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from pipeline.store.fold import fold, stem, words
from pipeline.store.persons import find_persons

MAX_RANKED = 2_000  # bm25 ranks at most this many newest matches: bounded latency on huge stores


class AmbiguousPerson(LookupError):
    """A person query matched several people; the caller should list them, not guess."""

    def __init__(self, query: str, candidates: list[dict[str, Any]]) -> None:
        names = "; ".join(c["label"] for c in candidates)
        super().__init__(f"{query!r} matches {len(candidates)} persons: {names}")
        self.query = query
        self.candidates = candidates


@dataclass(frozen=True)
class FtsQuery:
    """A user's search turned into an FTS5 expression over folded stems, plus the words to mark."""

    expression: str
    marks: frozenset[str]
    prefixes: tuple[str, ...]


_TOKEN = re.compile(r'"([^"]+)"|(\S+)')


def parse_query(text: str) -> FtsQuery:
    """`word` matches its stem, `pref*` a prefix, `"two words"` a phrase; all parts must match."""
    parts: list[str] = []
    marks: set[str] = set()
    prefixes: list[str] = []
    for phrase, token in _TOKEN.findall(text):
        if phrase:
            stems = [stem(w) for w in words(phrase)]
            if stems:
                parts.append('"' + " ".join(stems) + '"')
                marks.update(stems)
        elif token.endswith("*") and words(token):
            prefix = fold("".join(words(token)))
            parts.append(f'"{prefix}" *')
            prefixes.append(prefix)
        else:
            for w in words(token):
                parts.append(f'"{stem(w)}"')
                marks.add(stem(w))
    if not parts:
        raise ValueError(f"empty search: {text!r}")
    return FtsQuery(" AND ".join(parts), frozenset(marks), tuple(prefixes))


def highlight(text: str, query: FtsQuery, left: str = "[", right: str = "]") -> str:
    """Mark the words of `text` that the query matched."""

    def mark(m: re.Match[str]) -> str:
        word = m.group(0)
        s = stem(word.lower())
        if s in query.marks or any(s.startswith(p) for p in query.prefixes):
            return f"{left}{word}{right}"
        return word

    return re.sub(r"\w+(?:[-']\w+)*", mark, text)


def person_label(conn: sqlite3.Connection, person_id: int) -> dict[str, Any]:
    row = conn.execute(
        "SELECT id, name, party, municipality, kind FROM persons WHERE id = ?", (person_id,)
    ).fetchone()
    roles = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT role FROM roles WHERE person_id = ? ORDER BY role", (person_id,)
        )
    ]
    label = row["name"] + (f" ({row['party']})" if row["party"] else "")
    extra = ", ".join([*roles, row["municipality"] or ""]).strip(", ")
    return {"id": row["id"], "name": row["name"], "label": label + (f" — {extra}" if extra else "")}


def resolve_person(conn: sqlite3.Connection, query: str) -> list[int]:
    """Person ids for a query; raises AmbiguousPerson when different people match."""
    ids = find_persons(conn, query)
    if len(ids) > 1:
        raise AmbiguousPerson(query, [person_label(conn, i) for i in ids])
    return ids


_QUOTE_COLUMNS = """
    q.id, q.text AS quote, q.speaker, q.kind, q.cue, q.mention, q.mention_type, q.page,
    q.start, q.end, q.date, d.path AS document, d.title, p.name AS person,
    (SELECT s.text FROM sentences s WHERE s.document_id = q.document_id AND s.start <= q.start
     ORDER BY s.start DESC LIMIT 1) AS sentence
"""


def search_quotes(
    conn: sqlite3.Connection,
    person: str | None = None,
    text: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Quotes by a person (any alias) and/or words in the quote; newest first, or by rank."""
    where, params = [], []
    if person:
        ids = resolve_person(conn, person)
        if not ids:
            return []
        where.append(f"q.person_id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    if text:
        fts = parse_query(text)
        sql = (
            f"WITH hits AS (SELECT rowid AS id, rank FROM quotes_fts WHERE quotes_fts MATCH ? "
            f"ORDER BY rowid DESC LIMIT {MAX_RANKED}) "
            f"SELECT {_QUOTE_COLUMNS} FROM hits JOIN quotes q ON q.id = hits.id "
            "JOIN documents d ON d.id = q.document_id LEFT JOIN persons p ON p.id = q.person_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY hits.rank, q.date DESC LIMIT ?"
        )
        rows = conn.execute(sql, [fts.expression, *params, limit]).fetchall()
        return [{**dict(r), "highlight": highlight(r["quote"], fts)} for r in rows]
    sql = (
        f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.document_id "
        "LEFT JOIN persons p ON p.id = q.person_id "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY q.date DESC, q.document_id, q.start LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, [*params, limit])]


def search_sentences(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search over all sentences, ranked by bm25, with highlights."""
    fts = parse_query(text)
    rows = conn.execute(
        f"WITH hits AS (SELECT rowid AS id, rank FROM sentences_fts WHERE sentences_fts MATCH ? "
        f"ORDER BY rowid DESC LIMIT {MAX_RANKED}) "
        "SELECT s.text, s.page, s.section, d.path AS document, d.title, d.date "
        "FROM hits JOIN sentences s ON s.id = hits.id JOIN documents d ON d.id = s.document_id "
        "ORDER BY hits.rank LIMIT ?",
        (fts.expression, limit),
    ).fetchall()
    return [{**dict(r), "highlight": highlight(r["text"], fts)} for r in rows]


def list_persons(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Persons with aliases, roles, party and how many quotes and documents they have."""
    rows = conn.execute(
        "SELECT p.id, p.name, p.kind, p.party, p.municipality, "
        "(SELECT COUNT(*) FROM quotes q WHERE q.person_id = p.id) AS quotes, "
        "(SELECT COUNT(*) FROM person_documents pd WHERE pd.person_id = p.id) AS documents, "
        "(SELECT group_concat(alias, ' | ') FROM (SELECT alias FROM aliases a "
        " WHERE a.person_id = p.id ORDER BY alias)) AS aliases, "
        "(SELECT group_concat(role, ' | ') FROM (SELECT DISTINCT role FROM roles r "
        " WHERE r.person_id = p.id ORDER BY role)) AS roles "
        "FROM persons p ORDER BY quotes DESC, p.name" + (f" LIMIT {int(limit)}" if limit else "")
    ).fetchall()
    out = []
    for r in rows:
        item = dict(r)
        item["aliases"] = item["aliases"].split(" | ") if item["aliases"] else []
        item["roles"] = item["roles"].split(" | ") if item["roles"] else []
        out.append(item)
    return out


GROUPINGS = {
    "document": "coalesce(d.title, d.path)",
    "municipality": "coalesce(d.municipality, '(unknown)')",
    "year": "coalesce(substr(d.date, 1, 4), '(unknown)')",
}


def theme_summary(conn: sqlite3.Connection, by: str = "document") -> list[dict[str, Any]]:
    """Findings counted by group, theme and polarity."""
    group = GROUPINGS[by]
    rows = conn.execute(
        f"SELECT {group} AS grp, ft.theme, "
        "SUM(f.polarity = 'negative') AS negative, SUM(f.polarity = 'positive') AS positive, "
        "SUM(f.polarity IS NULL OR f.polarity = 'neutral') AS neutral, COUNT(*) AS total "
        "FROM finding_themes ft JOIN findings f ON f.id = ft.finding_id "
        "JOIN documents d ON d.id = f.document_id "
        "GROUP BY grp, ft.theme ORDER BY grp, total DESC, ft.theme"
    ).fetchall()
    out = []
    for r in rows:
        item = dict(r)
        out.append({by: item.pop("grp"), **item})
    return out


def theme_details(
    conn: sqlite3.Connection, theme: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """The finding sentences behind the counts, with document and page."""
    rows = conn.execute(
        "SELECT f.text, group_concat(ft.theme, ',') AS themes, f.polarity, f.page, f.section, "
        "d.path AS document, d.title, d.municipality, d.date FROM findings f "
        "JOIN finding_themes ft ON ft.finding_id = f.id JOIN documents d ON d.id = f.document_id "
        + ("WHERE f.id IN (SELECT finding_id FROM finding_themes WHERE theme = ?) " * bool(theme))
        + "GROUP BY f.id ORDER BY d.date, d.path, f.start LIMIT ?",
        ((theme, limit) if theme else (limit,)),
    ).fetchall()
    return [{**dict(r), "themes": r["themes"].split(",")} for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Totals for the summary the main job prints."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    by_theme = dict(
        conn.execute(
            "SELECT theme, COUNT(*) FROM finding_themes GROUP BY theme ORDER BY COUNT(*) DESC"
        ).fetchall()
    )
    return {
        "documents": one("SELECT COUNT(*) FROM documents WHERE status = 'ok'"),
        "failed": one("SELECT COUNT(*) FROM documents WHERE status = 'failed'"),
        "sentences": one("SELECT COUNT(*) FROM sentences"),
        "entities": one("SELECT COUNT(*) FROM entities"),
        "persons": one("SELECT COUNT(*) FROM persons WHERE kind = 'person'"),
        "quotes": one("SELECT COUNT(*) FROM quotes"),
        "findings": one("SELECT COUNT(*) FROM findings"),
        "findings_by_theme": by_theme,
    }
