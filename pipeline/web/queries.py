"""Read-only queries the web pages need beyond `pipeline.store.queries`.

Every list is paged by a keyset cursor (the sort key of the last row shown), not
by OFFSET, so page 500 costs what page 1 costs. Cursors are opaque strings in
the URL (`after=`); a malformed one is a usage error (ValueError).
SQL takes values only as parameters.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from pipeline.store.fold import fold, words
from pipeline.store.fts import FtsQuery, match_spans, parse_query
from pipeline.store.person_search import match_persons, suggest
from pipeline.store.persons import STOPWORDS, loose
from pipeline.store.queries import MAX_RANKED, person_labels, ranked_rowids

PAGE_SIZE = 50
MAX_PAGE = 1000
MAX_LISTED = 50  # persons listed by name when a name matches several (as the CLI)


@dataclass
class QuoteFilters:
    """Filters of the quote search; every field is a URL parameter of the same name."""

    since: str | None = None  # ISO date, inclusive
    until: str | None = None
    municipality: str | None = None
    kind: str | None = None  # direct | indirect | unmarked
    mention_type: str | None = None  # name | surname | role | pronoun | …
    document: int | None = None  # document id

    def sql(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.since:
            clauses.append("q.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("q.date <= ?")
            params.append(self.until + "\U0010ffff")  # "2020" and "2020-05" include all of it
        if self.municipality:
            clauses.append(
                "q.document_id IN (SELECT id FROM documents WHERE municipality = ? COLLATE NOCASE)"
            )
            params.append(self.municipality)
        if self.kind:
            clauses.append("q.kind = ?")
            params.append(self.kind)
        if self.mention_type:
            clauses.append("q.mention_type = ?")
            params.append(self.mention_type)
        if self.document is not None:
            clauses.append("q.document_id = ?")
            params.append(self.document)
        return clauses, params

    def active(self) -> bool:
        return any(v not in (None, "") for v in vars(self).values())


@dataclass
class QuotePage:
    rows: list[dict[str, Any]]
    next_cursor: str | None = None
    ranked: bool = False  # ordered by bm25 rank (a search without a person), else newest first
    # the persons searched, best match first (at most MAX_LISTED; `matched` counts them all)
    persons: list[dict[str, Any]] = field(default_factory=list)
    matched: int = 0
    suggestions: list[str] = field(default_factory=list)  # names near one that matched nobody


_QUOTE_ROW = """
    q.id, q.text AS quote, q.speaker, q.kind, q.cue, q.mention, q.mention_type, q.confidence,
    q.page, q.start, q.end, q.date, q.document_id, q.person_id, d.path AS document, d.title,
    d.municipality, p.name AS person, p.party,
    (SELECT group_concat(role, ', ') FROM (SELECT role FROM person_roles r
     WHERE r.person_id = q.person_id ORDER BY role)) AS roles,
    (SELECT s.text FROM sentences s WHERE s.document_id = q.document_id AND s.start <= q.start
     ORDER BY s.start DESC LIMIT 1) AS sentence
"""
_NEWEST_KEYS = "q.date DESC, q.document_id, q.start, q.id"
_NEWEST = f"ORDER BY {_NEWEST_KEYS}"


def _rows_by_id(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    found = {
        r["id"]: dict(r)
        for r in conn.execute(
            f"SELECT {_QUOTE_ROW} FROM quotes q JOIN documents d ON d.id = q.document_id "
            "LEFT JOIN persons p ON p.id = q.person_id "
            "WHERE q.id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
    }
    return [found[i] for i in ids if i in found]


def _newest_cursor(row: sqlite3.Row | dict[str, Any]) -> str:
    return json.dumps([row["date"] or "", row["document_id"], row["start"], row["id"]])


def _parse_cursor(after: str, size: int) -> list[Any]:
    try:
        value = json.loads(after)
    except ValueError as err:
        raise ValueError(f"bad cursor {after!r}") from err
    if not isinstance(value, list) or len(value) != size:
        raise ValueError(f"bad cursor {after!r}")
    return value


def search_quote_page(
    conn: sqlite3.Connection,
    person: str | None = None,
    text: str | None = None,
    person_id: int | None = None,
    filters: QuoteFilters | None = None,
    after: str | None = None,
    limit: int = PAGE_SIZE,
) -> QuotePage:
    """One page of `dapipe quotes --person/--text`, with filters and a cursor.

    As `pipeline.store.quote_search`: a name that fits several persons gives
    all their quotes grouped by person, best match first (`match_persons`),
    each person's newest first; a search without a person comes best bm25 rank
    first among the newest `MAX_RANKED` matches. A name that fits nobody gives
    no rows and the names near it (`suggestions`). A `person_id` picks one
    person. Rows of a word search carry `matches`, the (start, end) spans of
    the matched words in the quote.
    """
    filters = filters or QuoteFilters()
    limit = max(1, min(limit, MAX_PAGE))
    fts = parse_query(text) if text and text.strip() else None
    person_ids: list[int] | None = None
    if person_id is not None:
        person_ids = [person_id]
    elif person and person.strip():
        found = match_persons(conn, person)
        if not found:
            return QuotePage([], suggestions=suggest(conn, person))
        person_ids = list(dict.fromkeys(m.person_id for m in found))
    persons = person_labels(conn, person_ids[:MAX_LISTED]) if person_ids else []
    clauses, params = filters.sql()
    if fts is not None and person_ids is None:
        page = _ranked_page(conn, fts, clauses, params, after, limit)
    else:
        page = _newest_page(conn, person_ids, fts, clauses, params, after, limit)
    page.persons = persons
    page.matched = len(person_ids or [])
    if fts is not None:
        for row in page.rows:
            row["matches"] = match_spans(row["quote"], fts)
    return page


def _newest_page(
    conn: sqlite3.Connection,
    person_ids: list[int] | None,
    fts: FtsQuery | None,
    clauses: list[str],
    params: list[Any],
    after: str | None,
    limit: int,
) -> QuotePage:
    """Newest first; with persons, grouped by person in the order given.

    The cursor is the last row's sort key: (date, document, start, id), after
    the person's place in `person_ids` when persons are given.
    """
    clauses, params = list(clauses), list(params)
    join, group = "", ""
    if person_ids is not None:
        # g.key: the person's place in the list, the first sort key
        join = " JOIN json_each(?) g ON g.value = q.person_id"
        group = "g.key, "
    if after:
        key = _parse_cursor(after, 5 if person_ids is not None else 4)
        date, doc, start, qid = key[-4:]
        # (date DESC, document_id, start, id) after the cursor's row; undated rows come last
        rest = (
            "(q.document_id > ? OR (q.document_id = ? AND "
            "(q.start > ? OR (q.start = ? AND q.id > ?))))"
        )
        if date:
            newer = f"(q.date < ? OR q.date IS NULL OR (q.date = ? AND {rest}))"
            newer_params = [date, date, doc, doc, start, start, qid]
        else:
            newer = f"(q.date IS NULL AND {rest})"
            newer_params = [doc, doc, start, start, qid]
        if person_ids is not None:
            clauses.append(f"(g.key > ? OR (g.key = ? AND {newer}))")
            params.extend([key[0], key[0], *newer_params])
        else:
            clauses.append(newer)
            params.extend(newer_params)
    # Rows are checked one by one against their stored terms (`FtsQuery.matches`) when a
    # person is given (their quotes are few, a common word's matches many) or when FTS can
    # only find a superset (a broad long prefix); otherwise FTS5 selects them.
    check = False
    if fts is not None:
        expression, exact = fts.plan(conn, "quotes_vocab")
        check = person_ids is not None or not exact
        if person_ids is None:
            clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(expression)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    columns = "q.id, q.date, q.document_id, q.start" + (", g.key AS grp" if group else "")
    if check:
        columns += ", t.terms"
        join += " LEFT JOIN quotes_fts t ON t.rowid = q.id"
    sql = f"SELECT {columns} FROM quotes q{join} {where} ORDER BY {group}{_NEWEST_KEYS}"
    head = [json.dumps(person_ids)] if person_ids is not None else []
    keys: list[sqlite3.Row] = []
    if not check:
        keys = conn.execute(sql + " LIMIT ?", [*head, *params, limit + 1]).fetchall()
    else:
        assert fts is not None
        for row in conn.execute(sql, [*head, *params]):
            if fts.matches(row["terms"] or ""):
                keys.append(row)
                if len(keys) > limit:
                    break
    more = len(keys) > limit
    keys = keys[:limit]
    rows = _rows_by_id(conn, [k["id"] for k in keys])
    cursor = None
    if more:
        last = keys[-1]
        cursor = _newest_cursor(last)
        if group:
            cursor = json.dumps([last["grp"], *json.loads(cursor)])
    return QuotePage(rows, cursor)


def _ranked_page(
    conn: sqlite3.Connection,
    fts: FtsQuery,
    clauses: list[str],
    params: list[Any],
    after: str | None,
    limit: int,
) -> QuotePage:
    """Ranked matches; the cursor is the (rank, id) of the last row shown."""
    hits = ranked_rowids(conn, "quotes", fts, MAX_RANKED)
    if clauses:
        allowed = {
            r[0]
            for r in conn.execute(
                f"SELECT q.id FROM quotes q WHERE q.id IN (SELECT value FROM json_each(?)) "
                f"AND {' AND '.join(clauses)}",
                [json.dumps([h[0] for h in hits]), *params],
            )
        }
        hits = [h for h in hits if h[0] in allowed]
    hits.sort(key=lambda h: (h[1], h[0]))
    if after:
        rank, qid = _parse_cursor(after, 2)
        hits = [h for h in hits if (h[1], h[0]) > (float(rank), int(qid))]
    more = len(hits) > limit
    hits = hits[:limit]
    rows = _rows_by_id(conn, [h[0] for h in hits])
    cursor = json.dumps([hits[-1][1], hits[-1][0]]) if more else None
    return QuotePage(rows, cursor, ranked=True)


def suggest_persons(conn: sqlite3.Connection, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Persons whose names, aliases or roles start with the words typed (folded: "Soren").

    Every word but the last must be a whole term; the last may be a prefix.
    The most quoted come first.
    """
    typed = [w for w in words(text) if w not in STOPWORDS]
    if not typed:
        return []
    clauses, params = [], []
    for i, word in enumerate(typed):
        variants = sorted({fold(word), loose(word)})
        if i == len(typed) - 1:
            ors = " OR ".join("(term >= ? AND term < ?)" for _ in variants)
            for v in variants:
                params += [v, v + "\U0010ffff"]
        else:
            ors = f"term IN ({','.join('?' * len(variants))})"
            params += variants
        clauses.append(f"SELECT person_id FROM person_terms WHERE {ors}")
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM persons WHERE id IN ({' INTERSECT '.join(clauses)}) "
            "ORDER BY quotes DESC, name, id LIMIT ?",
            [*params, limit],
        )
    ]
    return person_labels(conn, ids)


def list_persons_page(
    conn: sqlite3.Connection, after: str | None = None, limit: int = PAGE_SIZE
) -> tuple[list[dict[str, Any]], str | None]:
    """Persons, the most quoted first (index persons_by_quotes), a page at a time."""
    clauses, params = [], []
    if after:
        quotes, name, pid = _parse_cursor(after, 3)
        clauses.append("(quotes < ? OR (quotes = ? AND (name > ? OR (name = ? AND id > ?))))")
        params = [quotes, quotes, name, name, pid]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = [
        dict(r)
        for r in conn.execute(
            "SELECT id, name, kind, party, municipality, quotes, documents, "
            "(SELECT group_concat(role, ', ') FROM (SELECT role FROM person_roles r "
            " WHERE r.person_id = persons.id ORDER BY role)) AS roles "
            f"FROM persons {where} ORDER BY quotes DESC, name, id LIMIT ?",
            [*params, limit + 1],
        )
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    cursor = json.dumps([last["quotes"], last["name"], last["id"]]) if more and last else None
    return rows, cursor


def person_detail(conn: sqlite3.Connection, person_id: int) -> dict[str, Any] | None:
    """A person with aliases, roles over time, and the themes of the findings their quotes touch."""
    row = conn.execute(
        "SELECT id, name, kind, party, gender, municipality, quotes, documents "
        "FROM persons WHERE id = ?",
        (person_id,),
    ).fetchone()
    if row is None:
        return None
    person = dict(row)
    person["aliases"] = [
        r[0]
        for r in conn.execute(
            "SELECT alias FROM aliases WHERE person_id = ? ORDER BY alias", (person_id,)
        )
    ]
    person["roles"] = [
        dict(r)
        for r in conn.execute(
            "SELECT r.role, coalesce(r.municipality, d.municipality) AS municipality, "
            "MIN(coalesce(r.date, d.date)) AS first, MAX(coalesce(r.date, d.date)) AS last, "
            "COUNT(DISTINCT r.document_id) AS documents "
            "FROM roles r JOIN documents d ON d.id = r.document_id WHERE r.person_id = ? "
            "GROUP BY r.role, 2 ORDER BY first, r.role",
            (person_id,),
        )
    ]
    person["themes"] = [
        dict(r)
        for r in conn.execute(
            "SELECT ft.theme, COUNT(DISTINCT q.id) AS quotes FROM quotes q "
            "JOIN findings f ON f.document_id = q.document_id AND f.start < q.end "
            "AND q.start < f.end JOIN finding_themes ft ON ft.finding_id = f.id "
            "WHERE q.person_id = ? GROUP BY ft.theme ORDER BY quotes DESC, ft.theme",
            (person_id,),
        )
    ]
    return person


def list_documents_page(
    conn: sqlite3.Connection, after: str | None = None, limit: int = PAGE_SIZE
) -> tuple[list[dict[str, Any]], str | None]:
    """Documents, newest first, a page at a time."""
    clauses, params = [], []
    if after:
        date, did = _parse_cursor(after, 2)
        clauses.append("(coalesce(date, '') < ? OR (coalesce(date, '') = ? AND id > ?))")
        params = [date, date, did]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = [
        dict(r)
        for r in conn.execute(
            "SELECT id, path, status, error, kind, title, date, municipality, page_count, "
            "(SELECT COUNT(*) FROM quotes q WHERE q.document_id = documents.id) AS quotes, "
            "(SELECT COUNT(*) FROM findings f WHERE f.document_id = documents.id) AS findings "
            f"FROM documents {where} ORDER BY coalesce(date, '') DESC, id LIMIT ?",
            [*params, limit + 1],
        )
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = json.dumps([rows[-1]["date"] or "", rows[-1]["id"]]) if more else None
    return rows, cursor


def document_detail(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    """A document with its text and everything marked in it (offsets into `text`)."""
    row = conn.execute(
        "SELECT id, path, status, error, kind, title, date, municipality, page_count, text "
        "FROM documents WHERE id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        return None
    doc = dict(row)
    doc["text"] = doc["text"] or ""
    doc["entities"] = [
        dict(r)
        for r in conn.execute(
            "SELECT id, text, label, start, end FROM entities WHERE document_id = ? ORDER BY start",
            (document_id,),
        )
    ]
    doc["quotes"] = [
        dict(r)
        for r in conn.execute(
            "SELECT q.id, q.text, q.start, q.end, q.kind, q.speaker, q.person_id, q.page, "
            "q.mention, q.mention_type FROM quotes q WHERE q.document_id = ? ORDER BY q.start",
            (document_id,),
        )
    ]
    doc["findings"] = [
        {**dict(r), "themes": (r["themes"] or "").split(",") if r["themes"] else []}
        for r in conn.execute(
            "SELECT f.id, f.text, f.start, f.end, f.polarity, f.page, f.section, "
            "(SELECT group_concat(theme, ',') FROM finding_themes ft WHERE ft.finding_id = f.id)"
            " AS themes FROM findings f WHERE f.document_id = ? ORDER BY f.start",
            (document_id,),
        )
    ]
    doc["pages"] = [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT start, page FROM sentences WHERE document_id = ? AND page IS NOT NULL "
            "ORDER BY start",
            (document_id,),
        )
    ]
    return doc


@dataclass
class FindingFilters:
    theme: str | None = None
    polarity: str | None = None  # negative | positive | neutral
    municipality: str | None = None
    year: str | None = None
    kind: str | None = None  # report | news
    document: int | None = None


def findings_page(
    conn: sqlite3.Connection,
    filters: FindingFilters,
    after: str | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[dict[str, Any]], str | None]:
    """The finding sentences behind a count of the dashboard, oldest document first."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.theme:
        clauses.append("f.id IN (SELECT finding_id FROM finding_themes WHERE theme = ?)")
        params.append(filters.theme)
    if filters.polarity == "neutral":
        clauses.append("(f.polarity IS NULL OR f.polarity = 'neutral')")
    elif filters.polarity:
        clauses.append("f.polarity = ?")
        params.append(filters.polarity)
    if filters.municipality:
        if filters.municipality == "(unknown)":
            clauses.append("coalesce(d.municipality, '') = ''")
        else:
            clauses.append("d.municipality = ?")
            params.append(filters.municipality)
    if filters.year:
        if filters.year == "(unknown)":
            clauses.append("coalesce(d.date, '') = ''")
        else:
            clauses.append("substr(d.date, 1, 4) = ?")
            params.append(filters.year)
    if filters.kind:
        clauses.append("d.kind = ?")
        params.append(filters.kind)
    if filters.document is not None:
        clauses.append("f.document_id = ?")
        params.append(filters.document)
    if after:
        date, fid = _parse_cursor(after, 2)
        clauses.append("(coalesce(d.date, '') > ? OR (coalesce(d.date, '') = ? AND f.id > ?))")
        params += [date, date, fid]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = [
        {**dict(r), "themes": r["themes"].split(",") if r["themes"] else []}
        for r in conn.execute(
            "SELECT f.id, f.text, f.polarity, f.page, f.section, f.start, f.end, f.document_id, "
            "(SELECT group_concat(theme, ',') FROM finding_themes ft WHERE ft.finding_id = f.id)"
            " AS themes, d.path AS document, d.title, d.kind, d.municipality, d.date "
            f"FROM findings f JOIN documents d ON d.id = f.document_id {where} "
            "ORDER BY coalesce(d.date, ''), f.id LIMIT ?",
            [*params, limit + 1],
        )
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = json.dumps([rows[-1]["date"] or "", rows[-1]["id"]]) if more else None
    return rows, cursor


def municipalities(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT municipality FROM documents WHERE coalesce(municipality, '') != '' "
            "ORDER BY municipality"
        )
    ]


def first_and_last_reports(conn: sqlite3.Connection) -> list[int]:
    """Per municipality, its first and last dated report with findings (by date, then path).

    These are the only documents `theme_trends` compares, so the dashboard reads
    their findings alone, not every report's.
    """
    first: dict[str, tuple[str, str, int]] = {}
    last: dict[str, tuple[str, str, int]] = {}
    for doc_id, path, municipality, date in conn.execute(
        "SELECT d.id, d.path, d.municipality, d.date FROM documents d "
        "WHERE d.kind = 'report' AND coalesce(d.municipality, '') != '' "
        "AND coalesce(d.date, '') != '' AND EXISTS (SELECT 1 FROM findings f "
        "JOIN finding_themes ft ON ft.finding_id = f.id WHERE f.document_id = d.id)"
    ):
        key = (date, path, doc_id)
        first[municipality] = min(first.get(municipality, key), key)
        last[municipality] = max(last.get(municipality, key), key)
    return sorted({k[2] for k in (*first.values(), *last.values())})


def report_findings(
    conn: sqlite3.Connection,
    municipality: str | None = None,
    theme: str | None = None,
    documents: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Findings of reports, optionally for one municipality, theme or some documents."""
    clauses, params = ["d.kind = 'report'"], []
    if documents is not None:
        clauses.append("d.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(documents))
    if municipality:
        clauses.append("d.municipality = ?")
        params.append(municipality)
    if theme:
        clauses.append("f.id IN (SELECT finding_id FROM finding_themes WHERE theme = ?)")
        params.append(theme)
    return [
        {**dict(r), "themes": r["themes"].split(",") if r["themes"] else []}
        for r in conn.execute(
            "SELECT f.id, f.text, f.polarity, f.page, f.document_id, d.path AS document, "
            "d.title, d.municipality, d.date, "
            "(SELECT group_concat(theme, ',') FROM finding_themes ft WHERE ft.finding_id = f.id)"
            " AS themes FROM findings f JOIN documents d ON d.id = f.document_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY d.date, f.start",
            params,
        )
    ]


def theme_quotes(
    conn: sqlite3.Connection, municipality: str, theme: str, limit: int = 200
) -> list[dict[str, Any]]:
    """Quotes of a municipality's people on a theme, newest first.

    The store keeps no theme per quote; a quote is on a theme when a finding
    the theme model marked in the same (non-report) document overlaps it. Its
    people are those whose municipality it is, or who are quoted in a document
    about it.
    """
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT q.id FROM quotes q JOIN documents d ON d.id = q.document_id "
            "LEFT JOIN persons p ON p.id = q.person_id "
            "JOIN findings f ON f.document_id = q.document_id AND f.start < q.end "
            "AND q.start < f.end JOIN finding_themes ft ON ft.finding_id = f.id "
            "WHERE ft.theme = ? AND d.kind != 'report' "
            "AND (d.municipality = ? OR p.municipality = ?) "
            f"{_NEWEST} LIMIT ?",
            (theme, municipality, municipality, limit),
        )
    ]
    return _rows_by_id(conn, ids)
