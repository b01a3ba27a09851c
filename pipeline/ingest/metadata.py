"""Document metadata found in text: Danish dates, the municipality named, the document kind."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def municipalities() -> tuple[str, ...]:
    """The 98 municipality base names ("Stevns", "København", "Høje-Taastrup")."""
    return tuple(_data_lines("municipalities.txt"))


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {name: int(num) for name, num in (line.split() for line in _data_lines("months.txt"))}


@lru_cache(maxsize=1)
def _danish_date_re() -> re.Pattern[str]:
    names = sorted(_months(), key=len, reverse=True)
    return re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(names) + r")\.?\s+(\d{4})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _month_year_re() -> re.Pattern[str]:
    names = sorted(_months(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(names) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def parse_month_year(text: str) -> str | None:
    """The first "maj 2018" in text as "2018-05" (report covers often give only this)."""
    m = _month_year_re().search(text or "")
    return f"{int(m.group(2)):04d}-{_months()[m.group(1).lower()]:02d}" if m else None


_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d|\b)")
_NUMERIC_RE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_PDF_DATE_RE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in `text` as ISO YYYY-MM-DD: "7. juli 2020", "2020-07-07", "07.07.2020"."""
    if not text:
        return None
    candidates: list[tuple[int, str]] = []
    for m in _danish_date_re().finditer(text):
        iso = _iso(int(m.group(3)), _months()[m.group(2).lower()], int(m.group(1)))
        if iso:
            candidates.append((m.start(), iso))
            break
    for m in _ISO_RE.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            candidates.append((m.start(), iso))
            break
    for m in _NUMERIC_RE.finditer(text):
        iso = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            candidates.append((m.start(), iso))
            break
    return min(candidates)[1] if candidates else None


def parse_pdf_date(value: str | None) -> str | None:
    """A PDF info date ("D:20200707120000+02'00'") as ISO, None if absent or malformed."""
    if not value:
        return None
    m = _PDF_DATE_RE.match(value.strip())
    return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


@lru_cache(maxsize=1)
def _municipality_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = sorted(municipalities(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    with_kommune = re.compile(rf"(?<![\w-])({alt})s?\s+(?:Regions)?[Kk]ommunes?\b")
    bare = re.compile(rf"(?<![\w-])({alt})s?(?![\w-])")
    return with_kommune, bare


def find_municipality(
    title: str | None, first_page: str | None = None, dateline: str | None = None
) -> str | None:
    """The municipality a document is about: "<Navn> Kommune" first, in title then first page.

    Only when no "<Navn> Kommune" phrase occurs is a bare name accepted: in the title, or
    as a news dateline opening the text ("Kolding – …", "Esbjerg, 18. oktober 2022").
    Returns the base name as listed in data/municipalities.txt (e.g. "København").
    """
    with_kommune, bare = _municipality_res()
    for text in (title, first_page):
        if text:
            m = with_kommune.search(text)
            if m:
                return m.group(1)
    if title:
        m = bare.search(title)
        if m:
            return m.group(1)
    for text in (dateline, first_page):
        m = _DATELINE_RE.match(text or "")
        if m and m.group(1) in _municipality_set():
            return m.group(1)
    return None


_DATELINE_RE = re.compile(r"([A-ZÆØÅ][\wæøå-]+)(?:\s?:|\s[–-]|,\s*(?:den\s+)?\d)")


@lru_cache(maxsize=1)
def _municipality_set() -> frozenset[str]:
    return frozenset(municipalities())


_REPORT_RE = re.compile(
    r"Task Force|statusrapport|Ankestyrelsen|Socialstyrelsen|\banalyse af\b|\brapport\b",
    re.IGNORECASE,
)


def looks_like_report(*texts: str | None) -> bool:
    """Whether a title/first page reads like a Task Force (or similar) report."""
    return any(text and _REPORT_RE.search(text) for text in texts)


# A dateline opening a paragraph ("Kolding – …", "Stevns: …") or reported speech.
_NEWS_RE = re.compile(
    r"(?:^|\n)[A-ZÆØÅ][\wæøå-]+(?: [A-ZÆØÅ][\wæøå-]+)?\s?(?::|\s[–-])\s"
    r"|,[»«\"”]?\s(?:siger|sagde|fortæller|forklarer|mener|lyder det fra)\s",
)


def looks_like_news(text: str | None) -> bool:
    """Whether undated plain text reads like a news article (dateline or quoted speech)."""
    return bool(text and _NEWS_RE.search(text))
