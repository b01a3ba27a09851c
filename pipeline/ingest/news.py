"""News citation data: outlets, bylines, datelines, page furniture, sidecars.

What a journalist needs to cite an article ("said X to Outlet on date") and what the
readers (`htmlfile`, `textfile`) use to type blocks that are no article text:

- `outlet_for(name_or_domain)`: the canonical outlet name from `data/outlets.txt`;
- `parse_byline("Af Jens Hansen og Eva Bo")`: the author names of a byline;
- `parse_dateline("Vesterå - 3. marts 2022 kl. 09:15 Af Eva Bo Kontakt redaktionen")`:
  place, date, time, updated date and authors of a line that carries only these;
- `is_furniture(line)`: page buttons and labels ("Lyt til artiklen", "Tema: Skole");
- `credit_outlet(caption)`: the outlet named in a photo credit ("Foto: Bo Ek - TV2 ØST");
- `read_sidecar(path)`: url/outlet/date/title/authors for a file from `NAME.json` beside it
  or a `manifest.csv` in its folder.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from pipeline.core import Document
from pipeline.ingest.metadata import _data_lines, find_dates, municipalities, parse_date

MANIFEST = "manifest.csv"
SIDECAR_KEYS = ("url", "outlet", "date", "updated", "title", "authors", "retrieved")


# --- outlets ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _outlets() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name or spelling -> canonical name, domain -> canonical name)."""
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for line in _data_lines("outlets.txt"):
        canonical, doms, others = ([*line.split("|"), "", ""])[:3]
        canonical = canonical.strip()
        for name in [canonical, *others.split(";")]:
            if name.strip():
                names[_fold(name)] = canonical
        for dom in doms.split():
            domains[dom.lower()] = canonical
    return names, domains


def _fold(name: str) -> str:
    return re.sub(r"[\s/]+", " ", name).strip(" .").casefold()


def outlet_for(name: str | None) -> str | None:
    """The canonical name of a known outlet from a name ("TV2 ØST") or domain ("www.dr.dk")."""
    if not name:
        return None
    names, domains = _outlets()
    hit = names.get(_fold(name))
    if hit:
        return hit
    bare = re.sub(r"\s*\([^()]*\)$", "", name)  # "KNR (knr.gl)", "sn.dk (Hillerød Posten)"
    if bare != name and bare:
        return outlet_for(bare)
    host = name.lower().strip()
    if "/" in host or host.startswith("www."):
        host = urlparse(host if "//" in host else "//" + host).hostname or host
    parts = host.split(".")
    for k in range(len(parts) - 1):  # "nyheder.tv2.dk" -> "nyheder.tv2.dk", "tv2.dk"
        hit = domains.get(".".join(parts[k:]))
        if hit:
            return hit
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet of a URL's domain: a known outlet's name, else the bare domain."""
    if not url:
        return None
    host = urlparse(url).hostname or ""
    if not host:
        return None
    return outlet_for(host) or host.removeprefix("www.")


# "Foto: Bo Ek - TV2 ØST", "Foto © : Kim Berg/ KNR", "(Foto: Lis Ravn, Ekstra Bladet)"
_CREDIT = re.compile(
    r"(?:Foto|Fotos|Arkivfoto|Video|Grafik|Illustration)\s*(?:©\s*)?:\s*(?P<credit>[^()]{2,80}?)"
    r"\s*\)?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _agencies() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in _data_lines("photo_agencies.txt"))
    return re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)


def credit_outlet(caption: str) -> str | None:
    """The outlet in a photo credit closing a caption; agencies' credits name none."""
    m = _CREDIT.search(caption or "")
    if not m or _agencies().search(m.group("credit")):
        return None
    parts = re.split(r"\s+[-–/]\s*|/\s*|,\s+", m.group("credit"))
    return outlet_for(parts[-1]) if len(parts) > 1 else None


NOT_ARTICLE_KINDS = frozenset({"byline", "menu", "teaser"})


def not_article_spans(doc: Document) -> list[tuple[int, int]]:
    """Character spans of `doc.text` that are no article text and name no one in the story:
    byline, menu and teaser blocks whole, and the photo credit closing a caption ("Foto:
    Bo Ek - TV2 ØST"). Names found only there are reporters and photographers, never
    persons or speakers of the article."""
    spans: list[tuple[int, int]] = []
    for block in doc.blocks:
        if block.kind in NOT_ARTICLE_KINDS:
            spans.append((block.start, block.end))
        elif block.kind == "caption":
            m = _CREDIT_SPAN.search(block.text)
            if m:
                spans.append((block.start + m.start(), block.end))
    return spans


_CREDIT_SPAN = re.compile(
    r"\(?\b(?:Foto|Fotos|Arkivfoto|Video|Grafik|Illustration)\s*(?:©\s*)?:[^()]*\)?\s*$", re.I
)


# --- bylines ---------------------------------------------------------------------------

_NAME_WORD = r"(?:[A-ZÆØÅÉ][\wæøåéü'’-]*\.?|von|van|de|la|le|du|af)"
_NAME = rf"[A-ZÆØÅÉ][\wæøåéü'’-]+(?:\s+{_NAME_WORD}){{0,4}}"
_BYLINE_OPEN = re.compile(
    r"^(?:Af|Skrevet af|Tekst og foto|Tekst og fotos|Tekst|Reportage|Journalist)\s*:?\s+", re.I
)
_CONTACT = re.compile(
    r"\s*(?:[|·•]\s*)?(?:Kontakt redaktionen|Skriv til redaktionen|Kontakt journalisten|Følg)\b.*$",
    re.I,
)
_EMAIL = re.compile(r"\s*\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?")


@lru_cache(maxsize=1)
def _role_words() -> re.Pattern[str]:
    words = _data_lines("press_roles.txt")
    alt = "|".join(
        (r"\w+" + re.escape(w[1:])) if w.startswith("*") else re.escape(w) for w in words
    )
    return re.compile(rf"^(?:{alt})\b", re.IGNORECASE)


_NAME_RE = re.compile(rf"^{_NAME}$")
_FOTO_PART = re.compile(r"(?:^|[,;.|]\s*)(?:Foto|Fotos|Video)\s*:.*$", re.I)


def _byline_parts(text: str) -> tuple[list[str], str | None]:
    """A byline's name parts and the outlet it names ("Eva Bo, TV ØST", "Eva Bo / DR Fyn").

    Names are joined by "og"/"&" (and commas in such a list); otherwise what follows a
    comma is a role, desk or place ("Eva Bo, Erhverv", "Eva Bo, Bork Havn"), not a name.
    """
    text = _EMAIL.sub("", _CONTACT.sub("", text)).strip(" ,.;:|-–")
    outlet = None
    slash = re.search(r"\s*/\s*([^/]+)$", text)
    if slash and outlet_for(slash.group(1)):
        outlet, text = outlet_for(slash.group(1)), text[: slash.start()]
    listed = bool(re.search(r"\s(?:og|and)\s|&", text))
    parts: list[str] = []
    for k, piece in enumerate(re.split(r"\s*,\s*", text)):
        for part in re.split(r"\s+og\s+|\s*&\s*|\s+and\s+", piece):
            part = part.strip(" .")
            if not part:
                continue
            known = outlet_for(part)
            if known:
                outlet = outlet or known
            elif k == 0 or (listed and len(part.split()) >= 2):
                parts.append(part)
    return parts, outlet


def parse_names(text: str) -> list[str] | None:
    """Names in "Jens Hansen og Eva Bo", "Jens Hansen, journalist", None if not only names."""
    parts, _ = _byline_parts(text)
    if not parts:
        return None
    names: list[str] = []
    for part in parts:
        if _role_words().match(part) or (names and part[:1].islower()):
            continue  # "Jens Hansen, journalist" / ", politisk redaktør"
        if not _NAME_RE.match(part):
            return None
        names.append(part.title() if part.isupper() and len(part) > 3 else part)
    return names or None


def byline_outlet(text: str) -> str | None:
    """The outlet a byline names after the author ("Af Eva Bo, TV ØST")."""
    m = _BYLINE_OPEN.match(text.strip())
    return _byline_parts(_FOTO_PART.sub("", text.strip()[m.end() :]))[1] if m else None


def parse_byline(text: str) -> list[str] | None:
    """Author names of a byline "Af Jens Hansen og Eva Bo" ("Tekst: …", "Skrevet af …"),
    without roles, e-mail, photo credits and "Kontakt redaktionen"; None when `text` is no
    byline ("Af rapporten fremgår …")."""
    text = text.strip()
    m = _BYLINE_OPEN.match(text)
    if not m or len(text) > 160:
        return None
    rest = _FOTO_PART.sub("", text[m.end() :])
    return parse_names(rest)


# --- datelines -------------------------------------------------------------------------

_UPDATED = re.compile(
    r"\b(?:Last\s+|Senest\s+)?(?:opdateret|updated|redigeret)(?:\s+on)?\b\s*:?", re.I
)
_PUBLISHED = re.compile(
    r"\b(?:Publiceret|Udgivet|Offentliggjort|Bragt|Oprettet|Skrevet)\b\s*:?",
    re.I,
)
_PLACE = re.compile(r"^(?P<place>[A-ZÆØÅ][\wæøå.-]*(?:\s+[A-ZÆØÅ][\wæøå.-]*){0,2})\s*[-–,:|]?$")
_LEFTOVER = re.compile(r"^[\s()\[\],.:;|·•–-]*$")
MAX_DATELINE = 200
_DIGIT = re.compile(r"\d")


@dataclass
class Dateline:
    """What a dateline or date line says: published/updated date, time, place, authors."""

    date: str | None = None
    time: str | None = None
    updated: str | None = None
    place: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    labelled: bool = False  # "Publiceret …", "Opdateret …": says itself what it is


def parse_dateline(line: str, reference: date | None = None) -> Dateline | None:
    """A line that carries only metadata, else None. Forms:

    "Vesterå - 3. marts 2022 kl. 09:15 Af Eva Bo Kontakt redaktionen" (place, date, byline),
    "Eva Bo Søndag, 02. april 2023 - 11:25" (author, weekday, date, time),
    "Publiceret 3. marts 2022 kl. 09:15 Opdateret 4. marts 2022", "Opdateret 3. feb. 2022",
    "(Last Updated On: 7. juli 2020)", "Haderslev, 4. maj 2023", "27. december 2023 08:11",
    "AVISEN - 12. maj 2021 kl. 14:02", and relative ones ("i går kl. 14:02") given a
    `reference` date.
    """
    if not line or len(line) > MAX_DATELINE or (reference is None and not _DIGIT.search(line)):
        return None  # every written date has a digit; only relative ones need a reference
    line = " ".join(line.split())
    dates = find_dates(line, reference)
    if not dates:
        return None
    result = Dateline(labelled=bool(_UPDATED.search(line) or _PUBLISHED.search(line)))
    head = line[: dates[0].start]
    label = head
    tails: list[str] = []
    for k, found in enumerate(dates):
        if _UPDATED.search(label):  # "Opdateret 3. feb. 2022"
            result.updated = result.updated or found.date
        elif result.date is None:
            result.date, result.time = found.date, found.time
        label = line[found.end : dates[k + 1].start if k + 1 < len(dates) else len(line)]
        tails.append(label)
    if not _understood_head(head, result) or not all(
        _understood_tail(tail, result) for tail in tails
    ):
        return None
    return result


def _strip_labels(text: str) -> str:
    text = _PUBLISHED.sub(" ", _UPDATED.sub(" ", text)).strip(" [],.:;|·•–-")
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].strip()
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].strip()
    return "" if text == "()" else text


def _understood_head(head: str, result: Dateline) -> bool:
    """Before the first date: nothing, a label, a place ("Vesterå -"), an author or a byline."""
    text = _strip_labels(head)
    if not text:
        return True
    m = re.match(r"^(?P<place>.+?)\s*\((?P<outlet>[^()]+)\)$", text)  # "BYRETTEN (Avisen)"
    if m and outlet_for(m.group("outlet")):
        result.outlet = outlet_for(m.group("outlet"))
        text = m.group("place")
    names = parse_byline(text)
    if names:
        result.authors.extend(names)
        return True
    # "Vesterå - 3. marts", "Vesterå, 3. marts"; not "Åbnet: 3. marts" (a fact line)
    separated = re.search(r"\s[-–|]\s*$", head) or re.search(r",\s*$", head)
    m = _PLACE.match(text)
    if m and (separated or text in municipalities()):  # "Esbjerg 18. oktober 2022" too
        result.place = m.group("place").title() if text.isupper() else m.group("place")
        return True
    names = parse_names(text)
    if names and all(len(n.split()) >= 2 for n in names):
        result.authors.extend(names)  # "Eva Bo Søndag, 02. april 2023"
        return True
    return False


def _understood_tail(after: str, result: Dateline) -> bool:
    """After a date: nothing, a label for the next date, a byline, "Kontakt redaktionen"."""
    text = _CONTACT.sub("", after).strip()
    text = _strip_labels(text)
    if not text or _LEFTOVER.match(text):
        return True
    names = parse_byline(text)
    if names:
        result.authors.extend(n for n in names if n not in result.authors)
        return True
    return False


# --- furniture -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _furniture() -> tuple[frozenset[str], tuple[str, ...]]:
    phrases = [p.casefold() for p in _data_lines("page_furniture.txt")]
    return frozenset(phrases), tuple(p for p in phrases if " " in p or p.endswith(":"))


def is_furniture(text: str) -> bool:
    """A page button, label or notice: "Lyt til artiklen", "EMNER", "Tema: Skole",
    "Bemærk: Artiklen er mere end 30 dage gammel"."""
    line = " ".join(text.split()).strip(" .:!|·•").casefold()
    if not line or len(line) > 80:
        return False
    exact, prefixes = _furniture()
    if line in exact:
        return True
    if (_UPDATED.match(line) or _PUBLISHED.match(line)) and len(line) <= 60:
        return not find_dates(line)  # "Opdateret for 5 timer siden": no date to read
    label, colon, rest = line.partition(":")
    if colon and label.strip() in exact and len(rest.split()) <= 4:
        return True  # "Tema: Anbringelser", "Emner: Skole, Trafik"
    return any(line.startswith(p) and len(line) <= 60 for p in prefixes if len(p) >= 12)


# --- sidecars --------------------------------------------------------------------------


def _clean_sidecar(row: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key in SIDECAR_KEYS:
        value = row.get(key)
        if value in (None, "", []):
            continue
        if key == "authors":
            if isinstance(value, str):
                value = [v.strip() for v in re.split(r";|\s+og\s+", value) if v.strip()]
            elif isinstance(value, list):
                value = [str(v).strip() for v in value if str(v).strip()]
            else:
                continue
        else:
            value = str(value).strip()
        out[key] = value
    if "author" in row and "authors" not in out and row["author"]:
        out["authors"] = [str(row["author"]).strip()]
    return out


@lru_cache(maxsize=64)
def _manifest(folder: str, mtime: float) -> dict[str, dict[str, object]]:
    path = Path(folder) / MANIFEST
    rows: dict[str, dict[str, object]] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                name = (row.get("file") or row.get("path") or "").strip()
                if name:
                    rows[name] = _clean_sidecar(dict(row))
    except (OSError, csv.Error, UnicodeDecodeError):
        return {}
    return rows


def apply_sidecar(doc: Document, path: Path) -> None:
    """Put the fields a sidecar or manifest gives for `path` on `doc`: they win over what
    the page says (someone wrote them down for this file); a URL without an outlet names
    the outlet by its domain."""
    side, source = read_sidecar(path)
    if source is None:
        return
    for name in ("title", "outlet", "url", "date", "updated"):
        value = side.get(name)
        if name in {"date", "updated"} and value:
            value = parse_date(str(value)) or _month(str(value))
        if value:
            setattr(doc, name, value)
            doc.field_sources[name] = source
    authors = side.get("authors")
    if isinstance(authors, list) and authors:
        doc.authors = [str(a) for a in authors]
        doc.field_sources["authors"] = source
    if doc.outlet:
        doc.outlet = outlet_for(doc.outlet) or doc.outlet
    elif doc.url:
        doc.outlet = outlet_from_url(doc.url)
        doc.field_sources["outlet"] = "url"


def _month(value: str) -> str | None:
    """A sidecar's "2022-03" (month precision) kept as it is."""
    return value if re.fullmatch(r"(?:19|20)\d\d-[01]\d", value.strip()) else None


def read_sidecar(path: Path) -> tuple[dict[str, object], str | None]:
    """Citation fields given beside a file, and where: ("sidecar" for NAME.json,
    "manifest" for a row of the folder's manifest.csv naming the file). Bad sidecars are
    ignored (the article itself is still read)."""
    side = path.with_suffix(".json")
    if side != path and side.is_file():
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict):
            return _clean_sidecar(data), "sidecar"
    manifest = path.parent / MANIFEST
    if manifest.is_file():
        rows = _manifest(str(path.parent), manifest.stat().st_mtime)
        row = rows.get(path.name)
        if row:
            return row, "manifest"
    return {}, None
