"""Search syntax: a user's query as FTS5 expressions over folded stems.

`word` matches its stem, `pref*` a prefix, `"two words"` a phrase; all parts
must match. The FTS tables keep prefix indexes for prefixes of up to
`PREFIX_INDEX` characters. A longer prefix is expanded into the indexed terms
it covers when they are few, or else searched by its first `PREFIX_INDEX`
letters (a superset) and checked row by row — FTS5 would otherwise merge the
doclists of every term with that prefix before returning anything, which is
what makes a plain "familie*" slow on a million quotes. The same check
(`matches`) serves searches limited to a person's few quotes.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from pipeline.store.fold import stem, words

PREFIX_INDEX = 6  # FTS tables are created with prefix='1 2 3 4 5 6' (schema v2)
MAX_EXPANSION = 16  # a longer prefix covering more terms is searched by its first 6 letters
_TOKEN = re.compile(r'"([^"]+)"|(\S+)')
_FTS_TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer calls a token


@dataclass(frozen=True)
class Part:
    """One AND-ed part: a phrase of tokens (one token = a word), the last maybe a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def expression(self) -> str:
        return '"' + " ".join(self.tokens) + '"' + (" *" if self.prefix else "")


@dataclass(frozen=True)
class FtsQuery:
    """A parsed search: its parts, the stems to mark and the prefixes to mark."""

    parts: tuple[Part, ...]
    marks: frozenset[str]
    prefixes: tuple[str, ...]

    @property
    def expression(self) -> str:
        """The FTS5 MATCH expression, prefixes left to FTS5."""
        return " AND ".join(p.expression() for p in self.parts)

    def plan(self, conn: sqlite3.Connection, vocab: str) -> tuple[str, bool]:
        """The MATCH expression to run, and whether it is exact.

        A prefix longer than `PREFIX_INDEX` is expanded into the terms of the
        `vocab` table it covers when there are few (exact). When there are
        many, it is cut to `PREFIX_INDEX` letters, which the prefix index
        answers at once: the expression then finds a superset, and each row
        must still pass `matches` (not exact).
        """
        out, exact = [], True
        for part in self.parts:
            terms = _expansion(conn, vocab, part)
            if terms is None:
                out.append(part.expression())
            elif terms == "many":
                cut = Part((*part.tokens[:-1], part.tokens[-1][:PREFIX_INDEX]), prefix=True)
                out.append(cut.expression())
                exact = False
            elif not terms:
                out.append('"' + " ".join(part.tokens) + '"')  # nothing starts so: matches nothing
            else:
                phrases = ('"' + " ".join((*part.tokens[:-1], t)) + '"' for t in terms)
                out.append("(" + " OR ".join(phrases) + ")")
        return " AND ".join(out), exact

    def matches(self, terms: str) -> bool:
        """Whether a row whose FTS column holds `terms` matches (same rules as FTS5)."""
        tokens = _FTS_TOKEN.findall(terms)
        return all(_part_matches(part, tokens) for part in self.parts)


def _expansion(conn: sqlite3.Connection, vocab: str, part: Part) -> list[str] | str | None:
    """Indexed terms a long prefix covers, "many" when too many, None when not a long prefix."""
    if not part.prefix or len(part.tokens[-1]) <= PREFIX_INDEX:
        return None
    prefix = part.tokens[-1]
    rows = conn.execute(
        f"SELECT term FROM {vocab} WHERE term >= ? AND term < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", MAX_EXPANSION + 1),
    ).fetchall()
    if len(rows) > MAX_EXPANSION:
        return "many"
    return [r[0] for r in rows]


def _part_matches(part: Part, tokens: list[str]) -> bool:
    n = len(part.tokens)
    for i in range(len(tokens) - n + 1):
        if all(tokens[i + j] == part.tokens[j] for j in range(n - 1)) and (
            tokens[i + n - 1].startswith(part.tokens[-1])
            if part.prefix
            else tokens[i + n - 1] == part.tokens[-1]
        ):
            return True
    return False


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_FTS_TOKEN.findall(text))


def parse_query(text: str) -> FtsQuery:
    """`word` matches its stem, `pref*` a prefix, `"two words"` a phrase; all parts must match."""
    parts: list[Part] = []
    marks: set[str] = set()
    prefixes: list[str] = []
    for phrase, token in _TOKEN.findall(text):
        if phrase:
            stems = [stem(w) for w in words(phrase)]
            tokens = _tokens(" ".join(stems))
            if tokens:
                parts.append(Part(tokens))
                marks.update(stems)
        elif token.endswith("*") and words(token):
            # the index holds stems, so the prefix is stemmed too: "familie*" must find
            # "familien" (stem "famili"); a Danish stem is always a prefix of its word
            prefix = stem("".join(words(token)))
            tokens = _tokens(prefix)
            if tokens:
                parts.append(Part(tokens, prefix=True))
                prefixes.append(prefix)
        else:
            for w in words(token):
                tokens = _tokens(stem(w))
                if tokens:
                    parts.append(Part(tokens))
                    marks.add(stem(w))
    if not parts:
        raise ValueError(f"empty search: {text!r}")
    return FtsQuery(tuple(parts), frozenset(marks), tuple(prefixes))


_WORD = re.compile(r"\w+(?:[-']\w+)*")


def match_spans(text: str, query: FtsQuery) -> list[tuple[int, int]]:
    """(start, end) offsets of the words of `text` that the query matched.

    Offsets, not markers put into the text: the text itself is never changed,
    so brackets already in it ("[red.: …]") stay unambiguous, and each output
    marks the spans its own way (a terminal style, an HTML <mark>).
    """
    seen: dict[str, bool] = {}
    spans = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        hit = seen.get(word)
        if hit is None:
            s = stem(word.lower())
            hit = s in query.marks or any(s.startswith(p) for p in query.prefixes)
            seen[word] = hit
        if hit:
            spans.append((m.start(), m.end()))
    return spans
