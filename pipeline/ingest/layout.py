"""Page layout from positioned words: lines, headers, paragraphs (reading order in `regions`).

Pure geometry on `Word` records, no PDF library, so it is testable with hand-made words
and shared by every PDF backend.
"""

from __future__ import annotations

import itertools
import operator
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pipeline.core import Block
from pipeline.ingest.normalize import join_hyphenated, normalize_inline
from pipeline.ingest.pdf_chars import Word
from pipeline.ingest.regions import Box, reading_order

BULLET_RE = re.compile(r"^(?:[•▪‣◦●○■□·*-]\s+|\d{1,2}[.)]\s+(?=[A-ZÆØÅ])|[a-z]\)\s+)")
_BULLET_CHARS = "•▪‣◦●○■□·*-"
_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:side|page|s\.)\s*)?\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE
)
_X0 = operator.attrgetter("x0")
_FOOTNOTE_START = re.compile(r"^\d{1,3}\s+\S")
_EDGE_NUMBER_RE = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")
# Large text that is a lead paragraph: two sentences, or one long sentence.
_LEAD = re.compile(r"[a-zæøå0-9][.!?] +[A-ZÆØÅ].*[.!?]$|^.{100,}[a-zæøå][.!?]$")
# A pull quote: a line set large that opens with a quotation mark.
_PULL_QUOTE = re.compile(r"^[»«“”„\"'‘]")
_QUOTE_END = re.compile(r"[.!?«»“”\"']$")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’»)]*$")


@dataclass(slots=True)
class Line:
    """Words on one baseline within one column, in reading order."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    bold: bool
    page: int
    column: int = -1  # the page region (column) the line is in; -1 page margin
    page_height: float = 0.0
    page_width: float = 0.0
    box: bool = False  # inside a fact box or side bar


def line_text(words: list[Word]) -> str:
    """Words of one line (sorted by x) as text: a space only where there is a real gap."""
    parts = [words[0].text]
    for a, b in itertools.pairwise(words):
        gap = b.x0 - a.x1
        glued = gap < 0.12 * a.size or (b.text[0] in ".,;:!?)" and gap < 0.3 * a.size)
        parts.append(b.text if glued else " " + b.text)
    return "".join(parts)


def _make_line(words: list[Word], page: int, column: int, width: float, height: float) -> Line:
    words = sorted(words, key=_X0)
    chars_by_size: dict[float, int] = {}
    bold_chars = total = 0
    top, bottom, x1 = words[0].top, words[0].bottom, words[0].x1
    for w in words:
        n = len(w.text)
        chars_by_size[w.size] = chars_by_size.get(w.size, 0) + n
        total += n
        if w.bold:
            bold_chars += n
        top = min(top, w.top)
        bottom = max(bottom, w.bottom)
        x1 = max(x1, w.x1)
    bases = sorted(w.base for w in words)
    return Line(
        text=line_text(words),
        x0=words[0].x0,
        x1=x1,
        top=top,
        bottom=bottom,
        base=bases[len(bases) // 2],
        size=max(chars_by_size, key=chars_by_size.__getitem__),
        bold=bold_chars * 2 > total,
        page=page,
        column=column,
        page_height=height,
        page_width=width,
    )


def page_lines(
    words: list[Word],
    page: int,
    width: float,
    height: float,
    boxes: list[Box] | None = None,
    separators: list[Box] | None = None,
) -> list[Line]:
    """The page's lines in reading order: regions and columns from `regions`, fact boxes
    (words inside `boxes`, drawn rectangles) as lines of their own marked `box`."""
    lines = []
    for run in reading_order(words, width, height, boxes or [], separators):
        line = _make_line(run.words, page, run.region, width, height)
        line.box = run.box
        lines.append(line)
    return lines


# ---------------------------------------------------------------- headers and footers


def margin_key(text: str) -> str:
    """A running line's identity: lower-cased, digits masked ("side # af #")."""
    return _margin_key(text)


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", normalize_inline(text).lower())


def find_running_lines(
    pages: list[list[Line]], zone: float = 0.1, known: set[str] | None = None
) -> set[tuple[int, int]]:
    """(page, index) of lines that are running headers/footers or bare page numbers.

    A line in the top or bottom `zone` of the page is running when its text, digits
    masked, recurs in the same zone on three pages (two in documents under six pages),
    or was found running in an earlier batch of pages (`known`, updated in place).
    """
    known = known if known is not None else set()
    keys: Counter[str] = Counter()
    offsets: Counter[tuple[str, int]] = Counter()  # (zone, page index - printed number)
    marginal: list[tuple[int, int, str, bool, tuple[str, int] | None]] = []
    for p, lines in enumerate(pages):
        seen: set[str] = set()
        for k, line in enumerate(lines):
            h = line.page_height or 1.0
            in_margin = line.bottom <= h * zone or line.top >= h * (1 - zone)
            if not in_margin:
                continue
            zone_name = "top" if line.bottom <= h * zone else "bottom"
            text = normalize_inline(line.text)
            key = f"{zone_name}:{_margin_key(text)}"
            is_number = bool(_PAGE_NUMBER_RE.match(text))
            # "Kapitel 2: Metode 14": a line carrying the page number, which grows in step
            # with the page index, is a running line even if its words change by chapter.
            # Footnotes ("1 Jf. lov om …") start with a number too, and the same footnote
            # may recur: at the bottom a leading number counts only for short lines whose
            # number follows the page index, never by repeated text.
            number = _EDGE_NUMBER_RE.search(text) if len(text) <= 80 else None
            footnote_like = bool(number and number.group(1)) and zone_name == "bottom"
            if footnote_like and len(text) > 40:
                number = None
            offset = None
            if number:
                offset = (zone_name, p - int(number.group(1) or number.group(2)))
                offsets[offset] += 1
            if footnote_like or (zone_name == "bottom" and _FOOTNOTE_START.match(text)):
                key = f"footnote:{p}:{k}"  # unique: never counted as recurring text
            marginal.append((p, k, key, is_number, offset))
            if key not in seen:
                keys[key] += 1
                seen.add(key)
    # Two recurrences in a short document, three in a longer one: chapter headers that
    # change every few pages still count once the page-number rule above misses them.
    threshold = 2 if len(pages) < 6 else 3
    running: set[tuple[int, int]] = set()
    # page numbers run on most pages; a few footnotes numbered in step with the pages
    # must not look like them
    numbered_threshold = max(threshold, len(pages) // 2)
    for p, k, key, is_number, offset in marginal:
        numbered = offset is not None and offsets[offset] >= numbered_threshold
        if is_number or numbered or keys[key] >= threshold or key in known:
            running.add((p, k))
            known.add(key)
    return running


# ---------------------------------------------------------------- blocks


@dataclass
class LayoutStats:
    body_size: float
    pitch: float  # usual baseline distance between lines of a paragraph
    # the same for other type sizes seen in runs of lines (a lead paragraph, a box)
    pitches: dict[float, float] = field(default_factory=dict)

    def pitch_of(self, size: float) -> float:
        return self.pitches.get(size, self.pitch * max(1.0, size / self.body_size))


def layout_stats(pages: list[list[Line]]) -> LayoutStats:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    by_size: dict[float, list[float]] = {}
    for lines in pages:
        for a, b in itertools.pairwise(lines):
            if a.size == b.size and a.column == b.column:
                d = b.base - a.base
                if 0.8 * a.size < d < 3 * a.size:
                    by_size.setdefault(a.size, []).append(d)
    pitches = {
        size: min(statistics.median(ds), size * 2.0) for size, ds in by_size.items() if len(ds) >= 2
    }
    pitch = pitches.get(body, body * 1.2)
    return LayoutStats(body, pitch, {s: max(p, pitch) for s, p in pitches.items()})


@dataclass
class _Open:
    kind: str
    lines: list[Line] = field(default_factory=list)
    text: str = ""


def _line_kind(line: Line, stats: LayoutStats) -> str:
    text = line.text
    if BULLET_RE.match(text) and len(text) > 2:
        return "list_item"
    if line.size >= stats.body_size * 1.15 and len(text) <= 200:
        return "heading"
    if line.bold and line.size >= stats.body_size * 0.95 and len(text) <= 120:
        return "heading"
    if line.size <= stats.body_size * 0.85:
        return "small"
    return "paragraph"


def _bbox(lines: list[Line]) -> tuple[float, float, float, float]:
    return (
        min(x.x0 for x in lines),
        min(x.top for x in lines),
        max(x.x1 for x in lines),
        max(x.bottom for x in lines),
    )


class BlockBuilder:
    """Blocks from lines in reading order, fed a batch of pages at a time.

    Paragraphs by line spacing, headings by size/weight, bullets as list items, small
    print (footnotes) held back until the paragraph it interrupts ends, and paragraphs
    continued across columns and pages rejoined. State carries across batches, so a
    long PDF can be laid out without keeping all its lines.
    """

    def __init__(self, stats: LayoutStats) -> None:
        self.stats = stats
        self.blocks: list[Block] = []
        self._section: str | None = None
        self._current: _Open | None = None
        self._prev: Line | None = None
        self._asides: list[_Open] = []
        # a pull quote emitted before its last line (broken across columns)
        self._open_quote: tuple[Block, Line] | None = None
        # right edge and line count of each page region
        self._right: dict[tuple[int, int], tuple[float, int]] = {}

    def _emit(self, block: _Open) -> None:
        kind = block.kind
        if kind == "small":
            is_caption = re.match(r"^(Figur|Tabel|Kilde|Note)\b", block.text)
            kind = "caption" if is_caption else "paragraph"
        if kind == "heading" and _LEAD.search(block.text):
            kind = "paragraph"  # a lead paragraph set large: sentences, not a title
        if kind == "heading":
            self._section = block.text
        first_page = block.lines[0].page
        same_page = [x for x in block.lines if x.page == first_page]
        out = Block(
            text=block.text,
            kind=kind,  # type: ignore[arg-type]
            page=first_page,
            bbox=_bbox(same_page),
            section=self._section,
        )
        self.blocks.append(out)
        if kind == "quote":
            unfinished = not _QUOTE_END.search(block.text)
            self._open_quote = (out, block.lines[-1]) if unfinished else None

    def _close(self) -> None:
        if self._current is not None and self._current.text:
            self._emit(self._current)
        self._current = None
        for aside in self._asides:
            self._emit(aside)
        self._asides.clear()

    def _aside(self, kind: str, line: Line, text: str) -> None:
        """Small print, box and pull-quote lines, held back until the paragraph they
        interrupt ends; consecutive lines of one aside are joined."""
        last = self._asides[-1] if self._asides else None
        if (
            last is not None
            and last.kind == kind
            and last.lines[-1].page == line.page
            and last.lines[-1].column == line.column
            and last.lines[-1].bold == line.bold
            and 0 < line.base - last.lines[-1].base <= 1.6 * line.size
        ):
            last.lines.append(line)
            last.text = join_hyphenated(last.text, text)
        else:
            self._asides.append(_Open(kind, [line], text))

    def _starts_new_block(self, kind: str, line: Line, text: str) -> bool:
        current, prev, pitch = self._current, self._prev, self.stats.pitch
        if current is None or prev is None:
            return True
        same_flow = prev.page == line.page and prev.column == line.column
        gap = line.base - prev.base
        if kind == "heading" or current.kind == "heading":
            return not (
                kind == current.kind
                and same_flow
                and abs(line.size - prev.size) < 0.5
                and 0 < gap <= 1.6 * line.size
            )
        if current.kind == "list_item":
            # continuation lines of a bullet are indented past the bullet
            indented = line.x0 > current.lines[0].x0 + 2
            return not (kind == "paragraph" and same_flow and indented and 0 < gap <= pitch * 1.3)
        if kind != current.kind:
            return True
        if same_flow:
            pitch = self.stats.pitch_of(line.size)  # a lead paragraph set larger
            cut_mid_sentence = text[:1].islower() and not _SENTENCE_END.search(current.text)
            if cut_mid_sentence and any(a.kind in {"box", "quote"} for a in self._asides):
                return False  # the sentence goes on below a box set into the column
            if not 0 < gap <= pitch * (2.0 if cut_mid_sentence else 1.3):
                return True
            # no extra space but a first-line indent after a finished sentence
            indent = line.x0 - prev.x0
            return (
                kind == "paragraph"
                and line.size * 0.8 < indent < line.size * 6
                and bool(_SENTENCE_END.search(current.text))
            )
        # column or page change: continue a sentence cut in the middle, or a paragraph
        # whose line at the column's foot is full (a last line ends short)
        right, lines = self._right.get((prev.page, prev.column), (1e9, 0))
        next_column = line.page == prev.page + 1 or (
            line.page == prev.page and line.x0 >= prev.x1 - 2 and line.base < prev.base
        )
        full = next_column and lines >= 4 and prev.x1 >= right - 0.5 * prev.size
        if full and kind == current.kind == "paragraph" and len(current.lines) > 1:
            return False
        return bool(_SENTENCE_END.search(current.text)) or not (
            text[:1].islower() or text[:1].isdigit() or current.text.endswith("-")
        )

    def _ends_open_quote(self, line: Line, text: str) -> bool:
        """Join a large line to a pull quote already emitted that it finishes."""
        if self._open_quote is None:
            return False
        block, last = self._open_quote
        if abs(last.size - line.size) >= 0.5 or not 0 <= line.page - last.page <= 1:
            return False
        block.text = join_hyphenated(block.text, text)
        self._open_quote = (block, line) if not _QUOTE_END.search(block.text) else None
        return True

    def _continues_quote(self, line: Line) -> bool:
        last = self._asides[-1]
        prev = last.lines[-1]
        return (
            last.kind == "quote"
            and prev.column == line.column
            and abs(prev.size - line.size) < 0.5
            and 0 < line.base - prev.base <= 1.6 * line.size
        )

    def feed(self, pages: list[list[Line]]) -> None:
        for lines in pages:
            for line in lines:
                kind = _line_kind(line, self.stats)
                text = normalize_inline(line.text)
                if not text:
                    continue
                if line.box:
                    kind = "box"
                elif kind == "heading" and self._ends_open_quote(line, text):
                    continue
                elif kind == "heading" and (
                    _PULL_QUOTE.match(text) or (self._asides and self._continues_quote(line))
                ):
                    kind = "quote"
                if kind in {"small", "box", "quote"}:
                    self._aside(kind, line, text)
                    continue
                if kind == "list_item":
                    self._close()
                    body = BULLET_RE.sub("", text, count=1) if text[0] in _BULLET_CHARS else text
                    self._current = _Open("list_item", [line], body)
                elif self._starts_new_block(kind, line, text):
                    self._close()
                    self._current = _Open(kind, [line], text)
                else:
                    assert self._current is not None
                    self._current.lines.append(line)
                    self._current.text = join_hyphenated(self._current.text, text)
                self._prev = line
                key = (line.page, line.column)
                right, n = self._right.get(key, (0.0, 0))
                self._right[key] = (max(right, line.x1), n + 1)

    def finish(self) -> list[Block]:
        self._close()
        return self.blocks


def build_blocks(pages: list[list[Line]], stats: LayoutStats) -> list[Block]:
    """All blocks of a list of pages (see BlockBuilder)."""
    builder = BlockBuilder(stats)
    builder.feed(pages)
    return builder.finish()
