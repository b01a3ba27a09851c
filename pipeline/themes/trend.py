"""Did criticism persist or improve? Per municipality and theme, its first report against its last.

Policy staff compare a municipality's initial Task Force analysis with a later
status report. This works on plain finding records (from the store or from
`Doc._.findings`), so the CLI and the web app can share it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pipeline.core import THEMES

Verdict = Literal["persisted", "mixed", "improved", "new_criticism", "no_criticism"]


@dataclass(frozen=True)
class FindingRecord:
    document: str
    municipality: str | None
    date: str | None  # ISO date or year; orders the documents of one municipality
    themes: tuple[str, ...]
    polarity: str | None


@dataclass
class ThemeTrend:
    municipality: str
    theme: str
    earlier: str  # document id of the first report
    later: str  # document id of the last report
    earlier_counts: dict[str, int] = field(default_factory=dict)  # polarity -> findings
    later_counts: dict[str, int] = field(default_factory=dict)
    verdict: Verdict = "no_criticism"


def verdict(earlier: Counter[str], later: Counter[str]) -> Verdict:
    """Criticism in both reports persisted (mixed when the later one also praises)."""
    if earlier["negative"] and later["negative"]:
        return "mixed" if later["positive"] else "persisted"
    if earlier["negative"]:
        return "improved"
    if later["negative"]:
        return "new_criticism"
    return "no_criticism"


def theme_trends(records: Iterable[FindingRecord]) -> list[ThemeTrend]:
    """One row per municipality and theme for municipalities with at least two dated documents."""
    documents: dict[str, dict[str, str]] = defaultdict(dict)  # municipality -> document -> date
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (document, theme)
    for record in records:
        if not record.municipality or not record.date:
            continue
        documents[record.municipality][record.document] = record.date
        for theme in record.themes:
            counts[(record.document, theme)][record.polarity or "neutral"] += 1
    trends = []
    for municipality in sorted(documents):
        dated = sorted(documents[municipality].items(), key=lambda item: (item[1], item[0]))
        if len(dated) < 2:
            continue
        first, last = dated[0][0], dated[-1][0]
        for theme in THEMES:
            before, after = counts[(first, theme)], counts[(last, theme)]
            if not before and not after:
                continue
            trends.append(
                ThemeTrend(
                    municipality,
                    theme,
                    first,
                    last,
                    dict(before),
                    dict(after),
                    verdict(before, after),
                )
            )
    return trends
