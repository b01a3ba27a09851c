"""Page layout from positioned words: lines, columns, reading order, headers, paragraphs.

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

BULLET_RE = re.compile(r"^(?:[•▪‣◦●○■□·*-]\s+|\d{1,2}[.)]\s+(?=[A-ZÆØÅ])|[a-z]\)\s+)")
_BULLET_CHARS = "•▪‣◦●○■□·*-"
_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:side|page|s\.)\s*)?\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE
)
_BASE = operator.attrgetter("base")
_X0 = operator.attrgetter("x0")
_FOOTNOTE_START = re.compile(r"^\d{1,3}\s+\S")
_EDGE_NUMBER_RE = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")
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
    column: int = -1  # -1 full width, 0 left, 1 right
    page_height: float = 0.0
    page_width: float = 0.0


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


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline (tolerance a third of the font size)."""
    rows: list[list[Word]] = []
    current: list[Word] = []
    base = None
    for w in sorted(words, key=_BASE):
        if base is not None and abs(w.base - base) <= max(1.0, 0.35 * w.size):
            current.append(w)
            continue
        if current:
            rows.append(current)
        current, base = [w], w.base
    if current:
        rows.append(current)
    return [sorted(r, key=_X0) for r in rows]


def find_gutter(rows: list[list[Word]], width: float) -> float | None:
    """The x of a two-column gutter, or None for a one-column page.

    Evidence is the right column's shared left edge: at least three rows in which a run
    of text starts near the middle of the page either at the row's start or after a gap
    wider than a word space. Baselines of the two columns need not line up.
    """
    starts: list[float] = []
    for row in rows:
        prev: Word | None = None
        for w in row:
            gap_before = w.x0 - prev.x1 if prev is not None else None
            if (
                gap_before is None or gap_before >= 1.2 * w.size
            ) and 0.3 * width <= w.x0 <= 0.75 * width:
                starts.append(w.x0)
            prev = w
    if len(starts) < 3:
        return None
    starts.sort()
    best_count, best_left = 0, 0.0
    lo = 0
    for hi, x in enumerate(starts):
        while x - starts[lo] > 4.0:
            lo += 1
        if hi - lo + 1 > best_count:
            best_count, best_left = hi - lo + 1, starts[lo]
    if best_count < 3:
        return None
    gutter = best_left - 1.0
    # Both sides must hold running text: left lines that reach close to the gutter and
    # right lines of some length. This keeps "label   value" layouts one column.
    left_full = right_full = 0
    for row in rows:
        left = [w for w in row if w.x1 <= gutter]
        right = [w for w in row if w.x0 >= gutter]
        if left and left[-1].x1 >= gutter - 0.15 * width:
            left_full += 1
        if right and right[-1].x1 - right[0].x0 >= 0.2 * width:
            right_full += 1
    return gutter if left_full >= 3 and right_full >= 3 else None


def _row_crosses(row: list[Word], g: float) -> bool:
    """True when the row is one line across the gutter (a word spans it or a narrow gap)."""
    for w in row:
        if w.x0 < g < w.x1:
            return True
    for a, b in itertools.pairwise(row):
        if a.x1 <= g <= b.x0:
            return b.x0 - a.x1 < 1.2 * max(a.size, b.size)
    return False


def page_lines(words: list[Word], page: int, width: float, height: float) -> list[Line]:
    """The page's lines in reading order, two-column bands read left column first."""
    rows = _rows(words)
    gutter = find_gutter(rows, width)
    if gutter is None:
        return [_make_line(r, page, -1, width, height) for r in _split_far_apart(rows)]
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for row in rows:
        in_margin = row[0].bottom <= 0.1 * height or row[0].top >= 0.9 * height
        if in_margin or _row_crosses(row, gutter):
            flush()
            out.append(_make_line(row, page, -1, width, height))
            continue
        lw = [w for w in row if w.x1 <= gutter]
        rw = [w for w in row if w.x0 >= gutter]
        if lw:
            left.append(_make_line(lw, page, 0, width, height))
        if rw:
            right.append(_make_line(rw, page, 1, width, height))
    flush()
    return out


def _split_far_apart(rows: list[list[Word]]) -> list[list[Word]]:
    """Keep rows whole; a hook for splitting tab-separated fragments if ever needed."""
    return rows


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


def layout_stats(pages: list[list[Line]]) -> LayoutStats:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches: list[float] = []
    for lines in pages:
        for a, b in itertools.pairwise(lines):
            if a.size == body and b.size == body and a.column == b.column:
                d = b.base - a.base
                if 0.8 * body < d < 3 * body:
                    pitches.append(d)
    pitch = statistics.median(pitches) if pitches else body * 1.2
    return LayoutStats(body, min(pitch, body * 2.0))


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

    def _emit(self, block: _Open) -> None:
        kind = block.kind
        if kind == "small":
            is_caption = re.match(r"^(Figur|Tabel|Kilde|Note)\b", block.text)
            kind = "caption" if is_caption else "paragraph"
        if kind == "heading":
            self._section = block.text
        first_page = block.lines[0].page
        same_page = [x for x in block.lines if x.page == first_page]
        self.blocks.append(
            Block(
                text=block.text,
                kind=kind,  # type: ignore[arg-type]
                page=first_page,
                bbox=_bbox(same_page),
                section=self._section,
            )
        )

    def _close(self) -> None:
        if self._current is not None and self._current.text:
            self._emit(self._current)
        self._current = None
        for aside in self._asides:
            self._emit(aside)
        self._asides.clear()

    def _small(self, line: Line, text: str) -> None:
        last = self._asides[-1] if self._asides else None
        if (
            last is not None
            and last.lines[-1].page == line.page
            and 0 < line.base - last.lines[-1].base <= 1.5 * line.size
        ):
            last.lines.append(line)
            last.text = join_hyphenated(last.text, text)
        else:
            self._asides.append(_Open("small", [line], text))

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
            if not 0 < gap <= pitch * 1.3:
                return True
            # no extra space but a first-line indent after a finished sentence
            indent = line.x0 - prev.x0
            return (
                kind == "paragraph"
                and line.size * 0.8 < indent < line.size * 6
                and bool(_SENTENCE_END.search(current.text))
            )
        # column or page change: continue only a sentence cut in the middle
        return bool(_SENTENCE_END.search(current.text)) or not (
            text[:1].islower() or current.text.endswith("-")
        )

    def feed(self, pages: list[list[Line]]) -> None:
        for lines in pages:
            for line in lines:
                kind = _line_kind(line, self.stats)
                text = normalize_inline(line.text)
                if not text:
                    continue
                if kind == "small":
                    self._small(line, text)
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

    def finish(self) -> list[Block]:
        self._close()
        return self.blocks


def build_blocks(pages: list[list[Line]], stats: LayoutStats) -> list[Block]:
    """All blocks of a list of pages (see BlockBuilder)."""
    builder = BlockBuilder(stats)
    builder.feed(pages)
    return builder.finish()
