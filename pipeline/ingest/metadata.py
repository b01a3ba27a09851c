"""Document metadata found in text: Danish dates, the municipality named, the document kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
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
def _weekdays() -> tuple[dict[str, int], dict[str, int]]:
    """Weekday names -> ISO weekday, and relative day words ("i går") -> days back."""
    names: dict[str, int] = {}
    relative: dict[str, int] = {}
    for line in _data_lines("weekdays.txt"):
        word, num = line.rsplit(" ", 1)
        if word.startswith("@"):
            relative[word[1:]] = int(num)
        elif not word.startswith("~"):
            names[word] = int(num)
    return names, relative


@lru_cache(maxsize=1)
def _ago_units() -> dict[str, int]:
    """ "for 3 timer siden": unit word -> days per unit (0 for hours and minutes)."""
    lines = (line.rsplit(" ", 1) for line in _data_lines("weekdays.txt") if line[0] == "~")
    return {word[1:]: int(num) for word, num in lines}


@lru_cache(maxsize=1)
def _ago_re() -> re.Pattern[str]:
    units = "|".join(sorted(_ago_units(), key=len, reverse=True))
    return re.compile(rf"\bfor\s+(?P<n>\d{{1,3}}|en|et)\s+(?P<unit>{units})\s+siden\b", re.I)


_TIME = r"(?:,?\s*(?:kl\.?|klokken|-|–|\|)?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\b)?"


@lru_cache(maxsize=1)
def _danish_date_re() -> re.Pattern[str]:
    names = sorted(_months(), key=len, reverse=True)
    days = sorted(_weekdays()[0], key=len, reverse=True)
    return re.compile(
        rf"(?:\b(?P<weekday>{'|'.join(days)})(?:\.|,|\s)\s*)?(?:\bden\s+)?"
        rf"\b(?P<day>\d{{1,2}})\.\s*(?P<month>{'|'.join(names)})\.?,?\s+(?P<year>\d{{4}})\b"
        + _TIME,
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _relative_date_re() -> re.Pattern[str]:
    names, relative = _weekdays()
    # full weekday names only: "man", "tor" are everyday words
    words = sorted([w for w in names if len(w) > 4] + list(relative), key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(
        rf"(?<![\w-])(?:(?:i|sidste|forrige)\s+)?(?P<rel>{alt})(?:s)?(?![\w-])" + _TIME,
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _month_year_re() -> re.Pattern[str]:
    names = sorted(_months(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(names) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def parse_month_year(text: str) -> str | None:
    """The first "maj 2018" in text as "2018-05" (report covers often give only this)."""
    m = _month_year_re().search(text or "")
    return f"{int(m.group(2)):04d}-{_months()[m.group(1).lower()]:02d}" if m else None


_ISO_RE = re.compile(
    r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)|[T ]\d|\b)"
)
_NUMERIC_RE = re.compile(r"\b(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})\b" + _TIME)
_PDF_DATE_RE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: ISO date, "HH:MM" when a time is given, and where it stood."""

    date: str
    time: str | None
    start: int
    end: int
    relative: bool = False


def _time_of(m: re.Match[str]) -> str | None:
    hour = m.groupdict().get("hour")
    return f"{int(hour):02d}:{m.group('minute')}" if hour is not None else None


def find_dates(text: str, reference: date | None = None) -> list[DateMatch]:
    """Every date in `text`, in order: Danish ("3. marts 2022 kl. 09:15", "Søndag, 02. april
    2023 - 11:25", "3. feb. 2022"), ISO and numeric (15.03.2022) forms.

    With a `reference` date (when the page was read, from a sidecar), relative forms
    count too: "i dag", "i går", "i forgårs", "for 3 timer siden", "for 2 dage siden",
    and a weekday ("mandag kl. 14:02"), which
    means the latest such day before the reference, as news sites print dates of the
    last week. Impossible dates ("31. februar") are skipped.
    """
    if not text:
        return []
    found: list[DateMatch] = []
    for m in _danish_date_re().finditer(text):
        iso = _iso(int(m.group("year")), _months()[m.group("month").lower()], int(m.group("day")))
        if iso:
            found.append(DateMatch(iso, _time_of(m), m.start(), m.end()))
    for pattern in (_ISO_RE, _NUMERIC_RE):
        for m in pattern.finditer(text):
            iso = _iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            if iso and not any(f.start <= m.start() < f.end for f in found):
                found.append(DateMatch(iso, _time_of(m), m.start(), m.end()))
    if reference is not None:
        names, relative = _weekdays()
        for m in _relative_date_re().finditer(text):
            if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
                continue  # "Søndag, 02. april 2023": the weekday of a written date
            word = re.sub(r"\s+", " ", m.group("rel").lower())
            if word in relative:
                back = relative[word]
            else:
                back = (reference.isoweekday() - names[word]) % 7 or 7
            day = reference - timedelta(days=back)
            found.append(DateMatch(day.isoformat(), _time_of(m), m.start(), m.end(), True))
        for m in _ago_re().finditer(text):
            count = 1 if m.group("n").lower() in {"en", "et"} else int(m.group("n"))
            back = count * _ago_units()[m.group("unit").lower()]
            day = reference - timedelta(days=back)
            found.append(DateMatch(day.isoformat(), None, m.start(), m.end(), True))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str, reference: date | None = None) -> str | None:
    """The first date in `text` as ISO YYYY-MM-DD: "7. juli 2020", "2020-07-07", "07.07.2020"
    (and "i går", "mandag" given a `reference` date)."""
    dates = [d for d in find_dates(text, reference) if not d.relative] or find_dates(
        text, reference
    )
    return dates[0].date if dates else None


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
