"""Paragraphs and sentences of a news text, with character offsets.

Danish news marks direct speech per paragraph (a paragraph opening with a dash),
so paragraphs — blocks separated by a blank line — are the main unit here, not
spaCy's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a dash opening a paragraph of speech; pages also print it without a space ("-Vi har …")
DASH_OPEN = re.compile(r"(?:–|—|--?)[ \t\u00a0]+|[–—-](?=[A-ZÆØÅ»\"„“])")
BULLET_LINE = re.compile(r"^[ \t]*(?:[•·▪◦*]|–|—|-)[ \t]+", re.MULTILINE)
TERMINAL = ".!?:…\"»«”“’'"
NAV_PREFIXES = (
    "læs også",
    "læs mere",
    "se også",
    "del på",
    "del artiklen",
    "skriv en kommentar",
    "relaterede",
    "annonce",
    "tip os",
)
ABBREVIATIONS = (
    "bl.a.",
    "f.eks.",
    "m.fl.",
    "ca.",
    "kr.",
    "nr.",
    "dvs.",
    "mht.",
    "evt.",
    "jf.",
    "pga.",
)


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    kind: str  # heading | meta | nav | bullets | dash | prose


def split_paragraphs(text: str) -> list[Paragraph]:
    """Blocks separated by blank lines, classified by how they look.

    A block of several lines is one paragraph only when it is a list (every line
    after an optional title is a bullet); otherwise each line is a paragraph, as in
    pages that separate paragraphs by a single line break.
    """
    paragraphs: list[Paragraph] = []
    for match in re.finditer(r"(?:[^\n]|\n(?![ \t\u00a0]*\n))+", text):
        for start, end in _units(text, match.start(), match.end()):
            stripped = text[start:end]
            index = len(paragraphs)
            paragraphs.append(Paragraph(index, start, end, stripped, _classify(stripped, index)))
    return paragraphs


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped paragraph spans of one blank-line block: the block, or its lines."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]
    spans = []
    for line_start, line_end in lines:
        raw = text[start + line_start : start + line_end]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            spans.append((start + line_start + lead, start + line_start + len(raw.rstrip())))
    if len(spans) > 1 and not _is_list(text, spans):
        return spans
    return [(spans[0][0], spans[-1][1])] if spans else []


def _is_list(text: str, lines: list[tuple[int, int]]) -> bool:
    items = [BULLET_LINE.match(text[s:e]) is not None for s, e in lines]
    return (all(items[1:]) and sum(items) >= 2) or (not any(items) and _wrapped(text, lines))


def _wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Hard-wrapped prose: the lines break inside sentences, not after them."""
    inner = [text[s:e] for s, e in lines[:-1]]
    return sum(line[-1] not in TERMINAL for line in inner) > len(inner) / 2 and all(
        len(line.split()) > 5 for line in inner
    )


def _classify(text: str, index: int) -> str:
    lower = text.lower()
    if lower.startswith(NAV_PREFIXES):
        return "nav"
    if text.startswith("(") and text.endswith(")"):
        return "meta"
    if "(foto" in lower or lower.startswith(("foto:", "publiceret", "opdateret")):
        return "meta"
    if lower.startswith(("af ", "skrevet af ")) and len(text.split()) <= 7:
        return "meta"
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) >= 2 and sum(1 for line in lines if BULLET_LINE.match(line)) >= 2:
        return "bullets"
    if DASH_OPEN.match(text):
        return "dash"
    if text.startswith(("•", "·", "▪", "*")):
        return "bullets"
    words = len(text.split())
    if index == 0 and words <= 25 and not text.endswith("."):
        return "heading"
    if words <= 12 and text[-1] in '«»“”"’' and text[-2:-1] not in tuple(".!?…,"):
        return "heading"  # a quoted subheading: „Grundskylden er en dårlig skat“
    if text[-1] not in TERMINAL and words <= 15:
        return "heading"
    return "prose"


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence boundaries inside text[start:end], aware of initials and abbreviations."""
    spans = []
    sent_start = start
    for match in re.finditer(r"[.!?…]+[«\"”’]?(?=\s+[–—\"»„“‘’A-ZÆØÅ0-9])", text[start:end]):
        stop = start + match.end()
        before = text[sent_start:stop]
        tail = before[-8:].lower()
        if re.search(r"(?:^|\s)[A-ZÆØÅ]\.$", before) or tail.endswith(ABBREVIATIONS):
            continue
        spans.append((sent_start, stop))
        sent_start = stop
        while sent_start < end and text[sent_start].isspace():
            sent_start += 1
    if sent_start < end:
        spans.append((sent_start, end))
    return spans


def trim(text: str, start: int, end: int, chars: str = " \t\n.,;:") -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace and trailing punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
