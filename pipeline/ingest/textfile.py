"""Plain text and Markdown: encoding detection, then news conventions turned into blocks.

Conventions of Danish local news exports: a title line, a date line
"(Last Updated On: 7. juli 2020)" that is metadata and not body text, photo captions
"(Foto: …)", paragraphs separated by blank lines with line breaks inside them meaning spaces.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.core import Block
from pipeline.ingest.errors import IngestError
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.normalize import join_lines, normalize_chars

_DATE_LINE = re.compile(
    r"^\(?\s*(?:Last Updated On|Opdateret|Publiceret|Udgivet|Senest opdateret)\s*:?\s*(.+?)\)?$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"\((?:Foto|Fotos|Arkivfoto|Illustration|Grafik)\s*:[^)]*\)\s*$", re.I)
# "Af Jens Hansen", "Tekst og foto: Lise Berg" - a name follows, not "Af rapporten fremgår …"
_BYLINE = re.compile(
    r"^(?:Af|Skrevet af|Tekst og foto|Tekst|Foto)\s*:?\s+[A-ZÆØÅ][\w.-]*"
    r"(?:\s+(?:[A-ZÆØÅ][\w.-]*|og|&|,))*\s*$"
)
_PLACE_DATE = re.compile(r"^(?:[A-ZÆØÅ][\wæøå-]*(?: [A-ZÆØÅ][\wæøå-]*)?,?\s+)?(?:den\s+)?\d")
_SEE_ALSO = re.compile(r"^(?:Læs også|Læs mere|Se også)\b", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;]$")
_CLOSING_QUOTES = "\"”»«'’"


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Text from bytes: UTF-8 when valid, else the charset charset-normalizer finds.

    Binary content (NUL bytes, or no plausible text encoding) is an IngestError.
    """
    if b"\x00" in data[:8192]:
        # UTF-16 text has NULs too; accept it only with a BOM.
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")
        raise IngestError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
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

    A blank line ends a paragraph; a heading line stands alone. Inside a
    paragraph, two or more lines opening with a list marker make a list, one
    item per marker (wrapped lines join their item). A lone paragraph opening
    with a dash is not a list: in Danish news that dash marks direct speech
    ("- Vi er ikke i mål, siger hun."), so it stays in the text.
    """
    raw: list[list[str]] = [[]]
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            raw.append([])
        elif _MD_HEADING.match(line):
            raw.extend([[line], []])
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


def text_blocks(text: str) -> tuple[list[Block], str | None, str | None, dict[str, object]]:
    """Blocks, title, ISO date and byline strings from decoded plain text or Markdown."""
    text = normalize_chars(text)
    paragraphs, list_items = _paragraphs(text)
    blocks: list[Block] = []
    title: str | None = None
    found_date: str | None = None
    dateline: str | None = None
    bylines: list[str] = []
    section: str | None = None
    for index, lines in enumerate(paragraphs):
        first = lines[0]
        joined = join_lines(lines)
        date_match = _DATE_LINE.match(joined)
        if date_match and len(lines) == 1:
            found_date = found_date or parse_date(date_match.group(1))
            continue
        if len(lines) == 1 and len(joined) <= 45 and _PLACE_DATE.match(joined):
            line_date = parse_date(joined)
            if line_date:  # "Esbjerg, 18. oktober 2022": place and date, not body text
                found_date = found_date or line_date
                dateline = dateline or joined
                continue
        if _MD_HEADING.match(first):
            heading = _MD_HEADING.sub("", joined).strip()
            if title is None and not blocks:
                title = heading
            blocks.append(Block(heading, kind="heading", section=heading))
            section = heading
            continue
        if index == 0 and title is None and len(lines) == 1 and _looks_like_title(joined):
            title = joined
            blocks.append(Block(joined, kind="heading", section=joined))
            section = joined
            continue
        if _SEE_ALSO.match(joined):
            continue
        if _CAPTION.search(joined):
            blocks.append(Block(joined, kind="caption", section=section))
            continue
        if _BYLINE.match(joined) and len(joined) < 80:
            bylines.append(joined)
            blocks.append(Block(joined, kind="byline", section=section))
            continue
        if index in list_items:
            item = _MD_LIST.sub("", joined, count=1)
            blocks.append(Block(item, kind="list_item", section=section))
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
        blocks.append(Block(joined, kind="paragraph", section=section))
    extras: dict[str, object] = {}
    if bylines:
        extras["bylines"] = bylines
    if dateline:
        extras["dateline"] = dateline
    return blocks, title, found_date, extras


def read_text_file(path: Path, data: bytes) -> dict[str, object]:
    """Fields for Document.from_blocks from a .txt/.md file's bytes."""
    text = decode_bytes(data, path)
    if not text.strip():
        raise IngestError(path, "empty text file")
    blocks, title, found_date, metadata = text_blocks(text)
    if not blocks:
        raise IngestError(path, "no text found")
    return {"blocks": blocks, "title": title, "date": found_date, "metadata": metadata}
