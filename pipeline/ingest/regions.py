"""Reading order of a page: recursive XY-cut into regions, columns decided per region.

Why: real report pages mix a full-width introduction, two or three columns, a full-width
heading and columns again, and columns of unequal height; one gutter decision per page
reads such pages across. Here a gutter is an x-position where a column's left edges line
up (at least three rows start there after white space) with white space before it in
consecutive rows, and text on its left reaching close to it. The rows it holds for are
cut out as a band, split into left and right, and every part (above, left, right,
below) is cut again, so a page becomes nested regions read top-down, left to right.
A band ends at a table or a box across the gutter and at a heading with white space
beside it (a heading across the columns, not a column subheading), and starts at its
first line at the gutter (columns start together).

Fact boxes (text inside a drawn rectangle) are taken out first and read as their own
region; a bare page number in the side margin is dropped.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.ingest.pdf_chars import Word

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Separator = tuple[Box, bool]  # a table, or a box (True: separates only across a gutter)
_BASE = operator.attrgetter("base")
_X0 = operator.attrgetter("x0")
ALIGN = 2.5  # points: column left edges this close are one edge
MIN_EVIDENCE = 3  # rows on each side of a gutter


@dataclass(slots=True)
class Run:
    """Words of one line in reading order, the region they belong to, and whether the
    region is an aside (a fact box) rather than running text."""

    words: list[Word]
    region: int
    box: bool = False


def rows_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline (tolerance a third of the font size), each sorted by x."""
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
    return [part for r in rows for part in _split_sizes(sorted(r, key=_X0))]


def _split_sizes(row: list[Word]) -> list[list[Word]]:
    """A row cut where a wide gap meets a change of font size: a margin note beside a
    body line is its own line."""
    parts = [[row[0]]]
    for a, b in itertools.pairwise(row):
        small, large = sorted((a.size, b.size))
        if b.x0 - a.x1 >= large and small < 0.85 * large:
            parts.append([b])
        else:
            parts[-1].append(b)
    return parts


def _median_size(rows: list[list[Word]]) -> float:
    sizes = sorted(w.size for r in rows for w in r)
    return sizes[len(sizes) // 2] if sizes else 10.0


def _starts(rows: list[list[Word]], gmin: float) -> Iterator[tuple[float, int]]:
    """(x, row index) of every run of text that starts a row or follows a wide gap."""
    for i, row in enumerate(rows):
        yield row[0].x0, i
        for a, b in itertools.pairwise(row):
            if b.x0 - a.x1 >= gmin:
                yield b.x0, i


def _edges(rows: list[list[Word]], gmin: float, lo: float, hi: float) -> list[float]:
    """Candidate column left edges: x values where at least three rows start a run."""
    xs = sorted((x, i) for x, i in _starts(rows, gmin) if lo < x < hi)
    found: list[float] = []
    k = 0
    while k < len(xs):
        j = k
        while j + 1 < len(xs) and xs[j + 1][0] - xs[k][0] <= ALIGN:
            j += 1
        if len({i for _, i in xs[k : j + 1]}) >= MIN_EVIDENCE:
            found.append(xs[k][0])
        k = j + 1
    return found


def _separated(a: list[Word], b: list[Word], separators: list[Separator], edge: float) -> bool:
    """True when a table, or a box across the gutter, lies between rows a and b (columns
    above and below it are two regions, even with the same gutter)."""
    bottom, top = max(w.bottom for w in a), min(w.top for w in b)
    for (x0, y0, x1, y1), across_only in separators:
        if bottom - 1 <= y0 and y1 <= top + 1 and (not across_only or x0 < edge < x1):
            return True
    return False


@dataclass(slots=True)
class _Segment:
    """Rows between two breaks of a band: evidence rows and how many show each side."""

    after_heading: bool
    evidence: list[int]
    right: int = 0
    left: int = 0
    ends: list[float] = field(default_factory=list)  # where the left lines end
    first_right: int | None = None  # the first row with a line starting at the gutter


def _row_evidence(row: list[Word], edge: float, gmin: float, reach: float, size: float):
    """(clear, right, left end or None, large) of one row for a gutter ending at `edge`."""
    right = False
    left_end = None
    for w in row:
        if w.x0 < edge - ALIGN and w.x1 > edge - gmin:
            return False, False, None, False
        if abs(w.x0 - edge) <= ALIGN:
            right = True
        if w.x1 <= edge - gmin:
            left_end = w.x1
    large = max(w.size for w in row) >= 1.15 * size
    left = left_end if left_end is not None and left_end >= reach and not large else None
    return True, right, left, large


def _justified(rows: list[list[Word]]) -> bool:
    """True when most lines of several words end at one x (justified text)."""
    ends = [r[-1].x1 for r in rows if len(r) >= 4]
    if len(ends) < MIN_EVIDENCE:
        return False
    right = max(ends)
    return sum(1 for e in ends if right - e <= ALIGN) >= 0.5 * len(ends)


def _ends_fit(ends: list[float]) -> bool:
    """In justified text the lines left of a real gutter end together too; wide word
    spaces that happen to line up in a few rows have ragged ends before them."""
    right = max(ends)
    return sum(1 for e in ends if right - e <= 2 * ALIGN) >= 0.75 * len(ends)


def _strip(
    rows: list[list[Word]],
    edge: float,
    gmin: float,
    x0: float,
    size: float,
    separators: list[Separator],
    justified: bool = False,
):
    """The best band of rows that a gutter ending at `edge` holds for: (first, last,
    evidence) or None. Rows in the band have no word in the gutter. A band is broken at
    a table, and at a large line (a heading) with no text of the other side beside it,
    unless only one column goes on below it (a subheading under a short column)."""
    reach = edge - gmin - 0.35 * (edge - x0)
    best: tuple[int, int, int] | None = None
    segments: list[_Segment] = []

    def close() -> None:
        nonlocal best
        groups: list[_Segment] = []
        for seg in segments:
            if groups and seg.after_heading and seg.right < MIN_EVIDENCE and seg.left:
                last = groups[-1]
                last.evidence += seg.evidence
                last.right += seg.right
                last.left += seg.left
                last.ends += seg.ends
                if last.first_right is None:
                    last.first_right = seg.first_right
            else:
                groups.append(seg)
        for g in groups:
            few = g.right < 2 * MIN_EVIDENCE  # chance alignments are short
            if (
                g.right >= MIN_EVIDENCE
                and g.left >= MIN_EVIDENCE
                and not (few and justified and not _ends_fit(g.ends))
            ):
                # columns start together: rows above the first line at the gutter
                # belong to the text above (the foot of an earlier column region)
                kept = [i for i in g.evidence if g.first_right is None or i >= g.first_right]
                band = (kept[0], kept[-1], len(kept))
                if best is None or band[2] > best[2]:
                    best = band
        segments.clear()

    for i, row in enumerate(rows):
        clear, right, left, large = _row_evidence(row, edge, gmin, reach, size)
        if segments and _separated(rows[i - 1], row, separators, edge):
            close()
        if not clear:
            close()
            continue
        if large and not right and not _beside(rows, i, edge, size):
            segments.append(_Segment(True, []))
            continue
        if not segments:
            segments.append(_Segment(False, []))
        if right or left is not None:
            seg = segments[-1]
            seg.evidence.append(i)
            seg.right += right
            if right and seg.first_right is None:
                seg.first_right = i
            if left is not None:
                seg.left += 1
                seg.ends.append(left)
    close()
    return best


def _beside(rows: list[list[Word]], i: int, edge: float, size: float) -> bool:
    """True when the other column has a line alongside the heading at row i: a column
    subheading, not a heading across the columns (those have white space beside them)."""
    left_side = rows[i][0].x0 < edge
    top = min(w.top for w in rows[i]) - 0.5 * size
    bottom = max(w.bottom for w in rows[i]) + 0.5 * size
    for j in range(max(0, i - 4), min(len(rows), i + 5)):
        other = j != i and any((w.x0 >= edge - ALIGN) == left_side for w in rows[j])
        if other and top <= rows[j][0].base <= bottom:
            return True
    return False


def _grow(rows: list[list[Word]], first: int, last: int, edge: float, size: float):
    """Extend a band down by rows that continue a column line by line (a short last
    line); not up: a short line above the columns ends the text before them."""

    def fits(row: list[Word]) -> bool:
        return all(not (w.x0 < edge - ALIGN and w.x1 > edge - ALIGN) for w in row)

    def side(row: list[Word]) -> bool:
        return row[0].x0 >= edge - ALIGN

    pitch = 1.75 * size
    while last + 1 < len(rows) and fits(rows[last + 1]):
        nxt = rows[last + 1]
        near = [r for r in rows[first : last + 1] if side(r) == side(nxt)]
        if not near or nxt[0].base - near[-1][0].base > pitch:
            break
        last += 1
    return first, last


def _cut(rows: list[list[Word]], out: list[list[list[Word]]], separators: list[Separator]) -> None:
    """Append the leaf regions of `rows` to `out` in reading order."""
    if len(rows) < MIN_EVIDENCE:
        out.append(rows)
        return
    size = _median_size(rows)
    gmin = 0.9 * size
    x0 = min(r[0].x0 for r in rows)
    x1 = max(r[-1].x1 for r in rows)
    best = None
    justified = _justified(rows)
    for edge in _edges(rows, gmin, x0 + 3 * size, x1 - 2 * size):
        band = _strip(rows, edge, gmin, x0, size, separators, justified)
        if band and (best is None or band[2] > best[1][2]):
            best = (edge, band)
    if best is None:
        out.append(rows)
        return
    edge, (first, last, _) = best
    first, last = _grow(rows, first, last, edge, size)
    left = [[w for w in r if w.x0 < edge - ALIGN] for r in rows[first : last + 1]]
    right = [[w for w in r if w.x0 >= edge - ALIGN] for r in rows[first : last + 1]]
    for part in (rows[:first], [r for r in left if r], [r for r in right if r], rows[last + 1 :]):
        if part:
            _cut(part, out, separators)


def _in_box(w: Word, box: Box) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _without_margin_numbers(words: list[Word], width: float) -> list[Word]:
    """Words less bare page numbers in the side margins: a number in the outer tenth of
    the page with no other word within two ems towards it on nearby lines."""
    drop: set[int] = set()
    for n in words:
        right = n.x0 >= 0.88 * width
        if not (right or n.x1 <= 0.12 * width) or not n.text.isdigit() or len(n.text) > 4:
            continue
        near = 1.8 * n.size
        if not any(
            w is not n
            and abs(w.base - n.base) < 3 * n.size
            and (w.x1 > n.x0 - near if right else w.x0 < n.x1 + near)
            for w in words
        ):
            drop.add(id(n))
    return [w for w in words if id(w) not in drop] if drop else words


def reading_order(
    words: list[Word],
    width: float,
    height: float,
    boxes: list[Box],
    separators: list[Box] | None = None,
) -> list[Run]:
    """The page's lines in reading order, each tagged with its region. `boxes` are drawn
    rectangles (fact boxes), `separators` the tables already taken off the page."""
    box_words: list[tuple[Box, list[Word]]] = []
    body = words
    for box in sorted(boxes, key=operator.itemgetter(1)):
        inside = [w for w in body if _in_box(w, box)]
        if inside and len(inside) < 0.6 * len(words):
            box_words.append((box, inside))
            body = [w for w in body if not _in_box(w, box)]
    rows = rows_of(_without_margin_numbers(body, width))
    top, middle, bottom = _margins(rows, height)
    leaves: list[list[list[Word]]] = []
    apart = [(t, False) for t in separators or []] + [(b, True) for b, _ in box_words]
    _cut(middle, leaves, apart)
    runs = [Run(r, -1) for r in top]
    for k, leaf in enumerate(leaves):
        runs += [Run(r, k) for r in leaf]
    for k, (box, inside) in enumerate(box_words):
        _insert_box(runs, box, [Run(r, 1000 + k, True) for r in rows_of(inside)])
    return runs + [Run(r, -1) for r in bottom]


def _margins(rows: list[list[Word]], height: float):
    """Rows of the top and bottom tenth of the page (headers, footers, footnotes) apart
    from the body. A row there is body when it follows on from the body: closer than an
    em, or closer than two ems and not set smaller than the body text."""
    body = _median_size(rows)

    def apart(row: list[Word], gap: float) -> bool:
        size = max(w.size for w in row)
        return gap >= 2 * size or (gap >= size and size < 0.95 * body)

    n = len(rows)
    a = 0
    while a < n and rows[a][0].bottom <= 0.1 * height:
        a += 1
    b = n
    while b > a and rows[b - 1][0].top >= 0.9 * height:
        b -= 1
    while 0 < a < n and not apart(rows[a - 1], rows[a][0].top - rows[a - 1][-1].bottom):
        a -= 1
    while b > a and b < n and not apart(rows[b], rows[b][0].top - rows[b - 1][-1].bottom):
        b += 1
    return rows[:a], rows[a:b], rows[b:]


def _insert_box(runs: list[Run], rect: Box, box: list[Run]) -> None:
    """Put a box's lines after the last body line above it that shares its x-range, else
    after the text it stands beside (a side bar)."""
    x0, top, x1, bottom = rect
    above = beside = None
    body = _median_size([r.words for r in runs]) if runs else 0.0
    for k, run in enumerate(runs):
        if run.region < 0 or run.box:
            continue
        base = run.words[0].base
        heading = run.words[0].size >= 1.15 * body  # a box under a heading is beside text
        if not heading and run.words[0].x0 < x1 and run.words[-1].x1 > x0 and base <= top:
            above = k + 1
        elif top <= base <= bottom:
            beside = k + 1  # a side bar: after the text it stands beside
    at = above if above is not None else beside
    runs[at if at is not None else len(runs) : at] = box
