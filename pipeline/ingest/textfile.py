"""Plain text and Markdown: encoding detection, then news conventions turned into blocks.

Conventions of Danish local news exports: a title line, a date line
"(Last Updated On: 7. juli 2020)" that is metadata and not body text, photo captions
"(Foto: …)", paragraphs separated by blank lines with line breaks inside them meaning spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.core import Block
from pipeline.ingest.errors import IngestError
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.news import (
    byline_outlet,
    credit_outlet,
    is_furniture,
    outlet_for,
    outlet_from_url,
    parse_byline,
    parse_dateline,
    read_sidecar,
)
from pipeline.ingest.normalize import join_lines, normalize_chars

_DATE_LINE = re.compile(
    r"^\(?\s*(?:Last Updated On|Opdateret|Publiceret|Udgivet|Senest opdateret)\s*:?\s*(.+?)\)?$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"\((?:Foto|Fotos|Arkivfoto|Illustration|Grafik)\s*:[^)]*\)\s*$", re.I)
# "Af Jens Hansen", "Tekst og foto: Lise Berg" - a name follows, not "Af rapporten fremgår …"
_SEE_ALSO = re.compile(r"^(?:Læs også|Læs mere|Se også)\b", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;]$")
_CLOSING_QUOTES = "\"”»«'’"


# A file is read as UTF-8 with its few bad bytes replaced when at most this share of its
# bytes are not valid UTF-8 and its valid multi-byte characters (æ, ø, å …) outnumber the
# bad bytes this many times: one stray byte must not turn a UTF-8 file into cp1252
# mojibake, while a cp1252 file (whose æøå are all invalid UTF-8) stays cp1252.
MAX_BAD_UTF8_SHARE = 0.01
MIN_GOOD_PER_BAD_UTF8 = 10
_ASCII = bytes(range(128))
_REPLACEMENT = "\ufffd"


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, bad byte count) when `data` is UTF-8 with a few stray bytes, else None."""
    text = data.decode("utf-8", errors="replace")
    new_marks = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode("utf-8"))
    # valid bytes re-encode to themselves, each mark to 3 bytes: the rest were bad
    bad = len(data) - (len(text.encode("utf-8")) - 3 * new_marks)
    good_multibyte = len(data.translate(None, _ASCII)) - bad
    if bad > MAX_BAD_UTF8_SHARE * len(data) or good_multibyte < MIN_GOOD_PER_BAD_UTF8 * bad:
        return None
    return text, bad


# A text with NUL bytes is UTF-16 when every other byte is NUL and the text reads as
# Danish. Else NULs padding the end (a copy cut short) are dropped, and so are NULs
# inside up to this share of the bytes; more make the file binary.
MAX_NUL_SHARE = 0.01


def _utf16(data: bytes, path: str | Path, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(path, "binary file, not text (invalid after a UTF-16 mark)") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """The text when `data` is UTF-16 without a byte-order mark, else None."""
    pairs = len(data) // 2
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if pairs and zeros.count(0) >= 0.5 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _implausible_share(text) < 0.01:
                return text
    return None


def decode_bytes(data: bytes, path: str | Path, warnings: list[str] | None = None) -> str:
    """Text from bytes: UTF-8 when valid (or nearly: see `_mostly_utf8`), else the
    charset charset-normalizer finds. What was replaced is noted in `warnings`.

    UTF-16 is found by its byte-order mark or its NUL pattern; a few stray NUL bytes are
    dropped (and noted). Binary content (more NULs, control characters, or no plausible
    text encoding) is an IngestError.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _utf16(data, path, "utf-16")
    nuls = data.count(0)
    if nuls:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        body = data.rstrip(b"\x00")
        if body.count(0) > MAX_NUL_SHARE * len(body):
            raise IngestError(path, "binary file, not text")
        data = body.replace(b"\x00", b"")
        if warnings is not None:
            warnings.append(f"{nuls} NUL byte{'s' if nuls != 1 else ''} removed")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    nearly = _mostly_utf8(data.removeprefix(b"\xef\xbb\xbf"))
    if nearly is not None:
        text, bad = nearly
        if warnings is not None:
            warnings.append(
                f"{bad} byte{'s' if bad != 1 else ''} not valid UTF-8, replaced by U+FFFD"
            )
        return text
    # Danish archives are overwhelmingly cp1252/latin-1; statistical detectors often take
    # short Danish texts for cp1250 ("Břrne"), so cp1252 goes first when it reads cleanly.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _implausible_share(text) < 0.005:
        return text
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(path, "binary file, not text")
    encoding = best.encoding
    # cp1252 is a superset of latin-1 in the printable range that Danish archives use.
    if encoding in {"latin_1", "iso8859_15", "iso8859_1"}:
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 200):
        raise IngestError(path, "binary file, not text")
    return text


_PLAUSIBLE_EXTRA = set("æøåÆØÅéÉèüÜöÖäÄ–—‘’“”„«»§½°€…·•´\u00a0")


def _implausible_share(text: str) -> float:
    """Share of characters unlikely in Danish text (a sign of the wrong code page)."""
    odd = sum(
        1 for ch in text if not (32 <= ord(ch) < 127 or ch in "\r\n\t" or ch in _PLAUSIBLE_EXTRA)
    )
    return odd / max(1, len(text))


def _looks_like_title(line: str) -> bool:
    return (
        0 < len(line) <= 160
        and not _SENTENCE_END.search(line.rstrip(" )" + _CLOSING_QUOTES))
        and not _DATE_LINE.match(line)
        and not _CAPTION.search(line)
        and not _MD_LIST.match(line)
    )


_DASH_OPENING = re.compile(r"^[-–—]\s")


def _paragraphs(text: str) -> tuple[list[list[str]], set[int]]:
    """Paragraphs as lists of lines, and which of them are list items.

    A blank line ends a paragraph; a heading line, and a dateline line near the top,
    stand alone. Inside a paragraph, two or more lines opening with a list marker make a
    list, one item per marker (wrapped lines join their item). A lone paragraph opening
    with a dash is not a list: in Danish news that dash marks direct speech
    ("- Vi er ikke i mål, siger hun."), so it stays in the text.
    """
    raw: list[list[str]] = [[]]
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            raw.append([])
        elif _MD_HEADING.match(line):
            raw.extend([[line], []])
        elif len(raw) <= TOP_PARAGRAPHS and len(line) < 200 and parse_dateline(line) is not None:
            raw.extend([[line], []])  # a dateline printed on its own line is its own paragraph
        else:
            raw[-1].append(line)
    paragraphs: list[list[str]] = []
    list_items: set[int] = set()
    for lines in (p for p in raw if p):
        markers = [i for i, line in enumerate(lines) if _MD_LIST.match(line)]
        if len(markers) >= 2 or (markers == [0] and not _DASH_OPENING.match(lines[0])):
            if markers[0] > 0:
                paragraphs.append(lines[: markers[0]])
            for start, end in zip(markers, [*markers[1:], len(lines)], strict=True):
                list_items.add(len(paragraphs))
                paragraphs.append(lines[start:end])
        else:
            paragraphs.append(lines)
    return paragraphs, list_items


_URL_LINE = re.compile(r"^(?:(?:Kilde|URL|Link|Source)\s*:\s*)?<?(https?://\S+?)>?$", re.I)
# "RETTEN I NÆSTVED (Avisen): …" - a place and the outlet opening the first paragraph
_OUTLET_DATELINE = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ .-]{2,40}\s*\((?P<outlet>[^()]{2,40})\)\s*:")
_SECTION_LABEL_WORDS = 3  # a first line this short above a title is the page's section label
TOP_PARAGRAPHS = 12  # datelines, bylines and titles are looked for this far into the text


@dataclass
class NewsFields:
    """Citation data found in a text, with where each field came from."""

    title: str | None = None
    date: str | None = None
    updated: str | None = None
    time: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    bylines: list[str] = field(default_factory=list)
    teasers: list[str] = field(default_factory=list)
    dateline: str | None = None

    def set(self, name: str, value: object, source: str) -> None:
        """Set a field the first time a value is found for it."""
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.sources[name] = source

    def add_authors(self, names: list[str], source: str) -> None:
        for name in names:
            if name not in self.authors:
                self.authors.append(name)
                self.sources.setdefault("authors", source)


def _is_caption(text: str) -> bool:
    return bool(_CAPTION.search(text) or _CREDIT_END.search(text))


_CREDIT_END = re.compile(
    r"(?:^|[.!?)]\s+|\s)(?:Foto|Fotos|Arkivfoto|Grafik|Illustration)\s*(?:©\s*)?:\s*"
    r"[A-ZÆØÅ][^.!?]{1,80}$"
)


def _title_like(joined: str, lines: list[str]) -> bool:
    return len(lines) == 1 and _looks_like_title(joined) and not is_furniture(joined)


def text_blocks(
    text: str, reference: date | None = None
) -> tuple[list[Block], str | None, str | None, dict[str, object]]:
    """Blocks, title, ISO date and news fields from decoded plain text or Markdown.

    The fourth value holds "news" (a `NewsFields`), "bylines" and "dateline". Page
    furniture is typed "menu", photo captions "caption", bylines and datelines with a
    byline "byline"; a date line alone is metadata and leaves the text, and so do "Læs
    også" links to other articles (listed in "teasers": their headlines read like
    quotes). `reference` (when the page was read) dates "i går"/"mandag".
    """
    text = normalize_chars(text)
    paragraphs, list_items = _paragraphs(text)
    news = NewsFields()
    blocks: list[Block] = []
    section: str | None = None
    body_started = False
    for index, lines in enumerate(paragraphs):
        first = lines[0]
        joined = join_lines(lines)
        top = index < TOP_PARAGRAPHS
        end = index >= len(paragraphs) - 3  # "Publiceret …" printed below the article
        dateline = parse_dateline(joined, reference) if (top or end) and len(lines) == 1 else None
        if dateline is not None and not top and not (dateline.labelled or dateline.authors):
            dateline = None  # below the article only "Publiceret …" or a byline is metadata
        if dateline is not None:
            news.set("date", dateline.date, "dateline")
            news.set("time", dateline.time, "dateline")
            news.set("updated", dateline.updated, "dateline")
            news.set("outlet", dateline.outlet, "dateline")
            if dateline.place and news.dateline is None:
                news.dateline = joined
            if dateline.authors:  # "By - 3. marts 2022 kl. 09:15 Af Eva Bo": kept, typed
                news.add_authors(dateline.authors, "dateline")
                news.bylines.append(joined)
                blocks.append(Block(joined, kind="byline", section=section))
            continue
        if top and not body_started:
            url = _URL_LINE.match(joined)
            if url and len(lines) == 1:
                news.set("url", url.group(1), "text")
                blocks.append(Block(joined, kind="menu", section=section))
                continue
        if _MD_HEADING.match(first):
            heading = _MD_HEADING.sub("", joined).strip()
            if news.title is None and not body_started:
                news.set("title", heading, "first heading")
            blocks.append(Block(heading, kind="heading", section=heading))
            section = heading
            continue
        if _SEE_ALSO.match(joined):  # a link to another article: out of the text, listed
            news.teasers.append(joined)
            continue
        if is_furniture(joined):
            blocks.append(Block(joined, kind="menu", section=section))
            continue
        if _is_caption(joined) and index not in list_items:
            news.set("outlet", credit_outlet(joined), "photo credit")
            blocks.append(Block(joined, kind="caption", section=section))
            continue
        names = parse_byline(joined) if len(lines) <= 2 else None
        if names:
            news.add_authors(names, "byline")
            news.set("outlet", byline_outlet(joined), "byline")
            news.bylines.append(joined)
            blocks.append(Block(joined, kind="byline", section=section))
            continue
        if index in list_items:
            item = _MD_LIST.sub("", joined, count=1)
            blocks.append(Block(item, kind="list_item", section=section))
            body_started = True
            continue
        if news.title is None and not body_started and top and _title_like(joined, lines):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if (
                len(joined.split()) <= _SECTION_LABEL_WORDS
                and following is not None
                and _title_like(join_lines(following), following)
            ):  # "Kort nyt" above "Flere demonstrerer": a section label, then the title
                blocks.append(Block(joined, kind="menu", section=section))
                continue
            news.set("title", joined, "first line")
            blocks.append(Block(joined, kind="heading", section=joined))
            section = joined
            continue
        if (
            len(lines) == 1
            and _looks_like_title(joined)
            and len(joined) <= 80
            and index + 1 < len(paragraphs)
            and joined[:1].isupper()
        ):
            blocks.append(Block(joined, kind="heading", section=joined))
            section = joined
            continue
        if not body_started and news.outlet is None:
            m = _OUTLET_DATELINE.match(joined)
            news.set("outlet", outlet_for(m.group("outlet")) if m else None, "dateline")
        body_started = True
        blocks.append(Block(joined, kind="paragraph", section=section))
    extras: dict[str, object] = {"news": news}
    if news.bylines:
        extras["bylines"] = news.bylines
    if news.dateline:
        extras["dateline"] = news.dateline
    if news.teasers:
        extras["teasers"] = news.teasers
    return blocks, news.title, news.date or news.updated, extras


def news_fields(news: NewsFields) -> dict[str, object]:
    """Document fields from what the text says, each field's source in `field_sources`."""
    if news.outlet:
        news.outlet = outlet_for(news.outlet) or news.outlet
    elif news.url:
        news.set("outlet", outlet_from_url(news.url), "url")
    date_value = news.date or news.updated
    if date_value and "date" not in news.sources:
        news.sources["date"] = news.sources.get("updated", "dateline")
    return {
        "title": news.title,
        "date": date_value,
        "updated": news.updated,
        "outlet": news.outlet,
        "authors": news.authors,
        "url": news.url,
        "field_sources": {k: v for k, v in news.sources.items() if k != "time"},
    }


def read_text_file(path: Path, data: bytes) -> dict[str, object]:
    """Fields for Document.from_blocks from a .txt/.md file's bytes (and its sidecar)."""
    warnings: list[str] = []
    text = decode_bytes(data, path, warnings)
    if not text.strip():
        raise IngestError(path, "empty text file")
    side, _ = read_sidecar(path)  # applied by `extract`; here only its date of reading
    reference = parse_date(str(side.get("retrieved") or "")) if side else None
    blocks, _, _, metadata = text_blocks(text, date.fromisoformat(reference) if reference else None)
    if not blocks:
        raise IngestError(path, "no text found")
    news = metadata.pop("news")
    assert isinstance(news, NewsFields)
    if news.time:
        metadata["time"] = news.time
    return {"blocks": blocks, "metadata": metadata, "warnings": warnings, **news_fields(news)}
