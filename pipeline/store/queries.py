"""Read-only queries behind `dapipe quotes|persons|themes` and the web app."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from pipeline.store.fts import FtsQuery, match_spans, parse_query
from pipeline.store.person_search import PersonMatch, match_persons, suggest

MAX_RANKED = 2_000  # bm25 ranks at most this many newest matches: bounded latency on huge stores
MAX_SCANNED = 10_000  # a broad long prefix reads at most this many newest superset rows


def person_labels(conn: sqlite3.Connection, person_ids: list[int]) -> list[dict[str, Any]]:
    """How to show persons in a list: name (party) — roles, municipality."""
    labels = {}
    for chunk in _chunks(person_ids):
        rows = conn.execute(
            "SELECT p.id, p.name, p.party, p.municipality, p.quotes, "
            "(SELECT group_concat(role, ', ') FROM (SELECT role FROM person_roles r "
            " WHERE r.person_id = p.id ORDER BY role)) AS roles "
            f"FROM persons p WHERE p.id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for row in rows:
            label = row["name"] + (f" ({row['party']})" if row["party"] else "")
            extra = ", ".join([row["roles"] or "", row["municipality"] or ""]).strip(", ")
            labels[row["id"]] = {
                "id": row["id"],
                "name": row["name"],
                "quotes": row["quotes"],
                "label": label + (f" — {extra}" if extra else ""),
            }
    return [labels[i] for i in person_ids if i in labels]


@dataclass
class QuoteSearch:
    """The quotes found, and for a person search whom it matched or what was meant."""

    rows: list[dict[str, Any]]
    persons: list[PersonMatch] = field(default_factory=list)  # in the order of the rows
    suggestions: list[str] = field(default_factory=list)  # when the name matched nobody


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


_QUOTE_COLUMNS = """
    q.id, q.person_id, q.text AS quote, q.speaker, q.kind, q.cue, q.mention, q.mention_type, q.page,
    q.start, q.end, q.date, d.path AS document, d.title, p.name AS person,
    (SELECT s.text FROM sentences s WHERE s.document_id = q.document_id AND s.start <= q.start
     ORDER BY s.start DESC LIMIT 1) AS sentence
"""


def _quotes_by_id(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Full rows for the chosen quote ids, in the order given.

    Choosing ids first and fetching columns after keeps the per-row work (the
    joins, the sentence around the quote) to the rows actually returned.
    """
    rows: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.document_id "
            f"LEFT JOIN persons p ON p.id = q.person_id WHERE q.id IN ({marks})",
            chunk,
        ):
            rows[r["id"]] = dict(r)
    return [rows[i] for i in ids if i in rows]


def ranked_rowids(
    conn: sqlite3.Connection, table: str, fts: FtsQuery, limit: int
) -> list[tuple[int, float]]:
    """(rowid, rank) of the best bm25 matches in `table`_fts among its newest matches.

    Ranking every match of a common word costs time in proportion to the
    store, so only the newest `MAX_RANKED` matches (by rowid: as stored) are
    ranked. A broad long prefix is searched by a superset and checked row by
    row; there at most `MAX_SCANNED` newest superset rows are read.
    """
    expression, exact = fts.plan(conn, f"{table}_vocab")
    if exact:
        sql = (
            f"SELECT id, rank FROM (SELECT rowid AS id, rank FROM {table}_fts "
            f"WHERE {table}_fts MATCH ? ORDER BY rowid DESC LIMIT {MAX_RANKED}) "
            "ORDER BY rank LIMIT ?"
        )
        return [(r[0], r[1]) for r in conn.execute(sql, (expression, limit))]
    cursor = conn.execute(
        f"SELECT rowid, rank, terms FROM {table}_fts WHERE {table}_fts MATCH ? "
        f"ORDER BY rowid DESC LIMIT {MAX_SCANNED}",
        (expression,),
    )
    hits: list[tuple[int, float]] = []
    for rowid, rank, terms in cursor:
        if fts.matches(terms):
            hits.append((rowid, rank))
            if len(hits) >= MAX_RANKED:
                break
    cursor.close()
    return sorted(hits, key=lambda h: h[1])[:limit]


def _person_quote_ids(
    conn: sqlite3.Connection, person_ids: list[int], fts: FtsQuery | None, limit: int
) -> list[int]:
    """A person's quotes, newest first; with a search, only those that match it.

    Whichever side is smaller does the work: when the search has no more hits
    than the person has quotes, FTS5 lists them all and the person filters
    them; otherwise the person's quotes are checked one by one against their
    stored terms (`FtsQuery.matches`), newest first, until `limit` are found.
    Either way the work is bounded by the person's quotes, and nothing is cut
    off by a ranking bound.
    """
    marks = ",".join("?" * len(person_ids))
    order = "ORDER BY date DESC, document_id, start"
    if fts is None:
        sql = f"SELECT id FROM quotes WHERE person_id IN ({marks}) {order} LIMIT ?"
        return [r[0] for r in conn.execute(sql, [*person_ids, limit])]
    (own,) = conn.execute(
        f"SELECT coalesce(SUM(quotes), 0) FROM persons WHERE id IN ({marks})", person_ids
    ).fetchone()
    expression, exact = fts.plan(conn, "quotes_vocab")
    if exact:  # all hits, if there are no more than the person's quotes
        hits = [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT ?",
                (expression, own + 1),
            )
        ]
        if len(hits) <= own:
            sql = (
                f"SELECT id FROM quotes WHERE person_id IN ({marks}) AND id IN "
                f"(SELECT value FROM json_each(?)) {order} LIMIT ?"
            )
            return [r[0] for r in conn.execute(sql, [*person_ids, json.dumps(hits), limit])]
    ordered = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM quotes WHERE person_id IN ({marks}) {order}", person_ids
        )
    ]
    found: list[int] = []
    for chunk in _chunks(ordered, max(limit, 200)):
        in_chunk = ",".join("?" * len(chunk))
        terms = dict(
            conn.execute(
                f"SELECT rowid, terms FROM quotes_fts WHERE rowid IN ({in_chunk})", chunk
            ).fetchall()
        )
        found.extend(i for i in chunk if fts.matches(terms.get(i, "")))
        if len(found) >= limit:
            break
    return found[:limit]


def quote_search(
    conn: sqlite3.Connection,
    person: str | None = None,
    text: str | None = None,
    limit: int = 100,
) -> QuoteSearch:
    """Quotes by a person (any alias, surname or role) and/or with words in the quote.

    A name that fits several persons returns all their quotes grouped by person,
    the best match first (the surname before a middle name, see `person_search`),
    each person's newest first; with `text`, only the matching ones. A search
    without a person comes best bm25 rank first. Rows with a search carry
    `matches`: the (start, end) spans of the quote's matched words.
    """
    fts = parse_query(text) if text else None
    persons: list[PersonMatch] = []
    if person:
        persons = match_persons(conn, person)
        if not persons:
            return QuoteSearch([], [], suggest(conn, person))
        ids: list[int] = []
        for match in persons:
            if len(ids) >= limit:
                break
            ids += _person_quote_ids(conn, [match.person_id], fts, limit - len(ids))
    elif fts is not None:
        ids = [rowid for rowid, _ in ranked_rowids(conn, "quotes", fts, limit)]
    else:
        sql = "SELECT id FROM quotes ORDER BY date DESC, document_id, start LIMIT ?"
        ids = [r[0] for r in conn.execute(sql, [limit])]
    rows = _quotes_by_id(conn, ids)
    if fts is not None:
        rows = [{**r, "matches": match_spans(r["quote"], fts)} for r in rows]
    return QuoteSearch(rows, persons)


def search_quotes(
    conn: sqlite3.Connection,
    person: str | None = None,
    text: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """The rows of `quote_search`."""
    return quote_search(conn, person, text, limit).rows


def search_sentences(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search over all sentences, ranked by bm25 (newest `MAX_RANKED` matches)."""
    fts = parse_query(text)
    hits = ranked_rowids(conn, "sentences", fts, limit)
    rows: dict[int, dict[str, Any]] = {}
    for chunk in _chunks([rowid for rowid, _ in hits]):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            "SELECT s.id, s.text, s.page, s.section, d.path AS document, d.title, d.date "
            f"FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id IN ({marks})",
            chunk,
        ):
            item = dict(r)
            rows[item.pop("id")] = item
    return [
        {**rows[rowid], "matches": match_spans(rows[rowid]["text"], fts)}
        for rowid, _ in hits
        if rowid in rows
    ]


def list_persons(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Persons with aliases, roles, party and how many quotes and documents they have."""
    rows = conn.execute(
        "SELECT p.id, p.name, p.kind, p.party, p.municipality, p.quotes, p.documents, "
        "(SELECT group_concat(alias, ' | ') FROM (SELECT alias FROM aliases a "
        " WHERE a.person_id = p.id ORDER BY alias)) AS aliases, "
        "(SELECT group_concat(role, ' | ') FROM (SELECT role FROM person_roles r "
        " WHERE r.person_id = p.id ORDER BY role)) AS roles "
        "FROM persons p ORDER BY p.quotes DESC, p.name" + (f" LIMIT {int(limit)}" if limit else "")
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


_SUMMARY_GROUPS = {
    "municipality": "CASE municipality WHEN '' THEN '(unknown)' ELSE municipality END",
    "year": "CASE year WHEN '' THEN '(unknown)' ELSE year END",
}


def theme_summary(conn: sqlite3.Connection, by: str = "document") -> list[dict[str, Any]]:
    """Findings counted by group, theme and polarity.

    By municipality or year this reads the `theme_counts` table the writer
    keeps up to date (a few rows per municipality and year), not the findings.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}: choose one of {', '.join(GROUPINGS)}")
    if by in _SUMMARY_GROUPS:
        sql = (
            f"SELECT {_SUMMARY_GROUPS[by]} AS grp, theme, SUM(negative) AS negative, "
            "SUM(positive) AS positive, SUM(neutral) AS neutral, "
            "SUM(negative + positive + neutral) AS total "
            "FROM theme_counts GROUP BY grp, theme ORDER BY grp, total DESC, theme"
        )
    else:
        sql = (
            f"SELECT {GROUPINGS[by]} AS grp, ft.theme, "
            "SUM(f.polarity = 'negative') AS negative, SUM(f.polarity = 'positive') AS positive, "
            "SUM(f.polarity IS NULL OR f.polarity = 'neutral') AS neutral, COUNT(*) AS total "
            "FROM finding_themes ft JOIN findings f ON f.id = ft.finding_id "
            "JOIN documents d ON d.id = f.document_id "
            "GROUP BY grp, ft.theme ORDER BY grp, total DESC, ft.theme"
        )
    out = []
    for r in conn.execute(sql).fetchall():
        item = dict(r)
        out.append({by: item.pop("grp"), **item})
    return out


def theme_details(
    conn: sqlite3.Connection, theme: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """The finding sentences behind the counts, with document and page."""
    rows = conn.execute(
        "SELECT f.text, group_concat(ft.theme, ',') AS themes, f.polarity, f.page, f.section, "
        "d.path AS document, d.kind, d.title, d.municipality, d.date FROM findings f "
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
