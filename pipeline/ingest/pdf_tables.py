"""Ruled tables from a page's drawn lines and rectangles, filled with the page's words.

Replaces pdfplumber's table finder for the common case (a grid of ruling lines or
cell rectangles): reading the edges from pdfium's path objects costs well under a
millisecond, where pdfplumber re-parses the whole page in Python (~150 ms a page).
Tables without rulings are not found (they stay in the running text).
"""

from __future__ import annotations

import bisect
import ctypes
from collections import defaultdict
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.core import Table
from pipeline.ingest.layout import line_text
from pipeline.ingest.normalize import join_lines
from pipeline.ingest.pdf_chars import Word

TOLERANCE = 2.0  # points: edges this close are the same line / touch each other
THIN = 2.5  # a path thinner than this is a ruling line
BOX_MIN = 40.0  # points: a drawn rectangle this wide may be a fact box


@dataclass
class Edges:
    """Axis-aligned ruling edges in top-down page coordinates."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    images: int = 0
    page_height: float = 842.0
    image_cover: float = 0.0  # share of the page area covered by images
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # rectangles

    def add_box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        w, h = x1 - x0, bottom - top
        if h < THIN and w > THIN:
            self.horizontal.append(((top + bottom) / 2, x0, x1))
        elif w < THIN and h > THIN:
            self.vertical.append(((x0 + x1) / 2, top, bottom))
        elif w >= THIN and h >= THIN:
            if w >= BOX_MIN and h >= BOX_MIN / 3:
                self.boxes.append((x0, top, x1, bottom))  # may frame a fact box
            self.horizontal += [(top, x0, x1), (bottom, x0, x1)]
            self.vertical += [(x0, top, bottom), (x1, top, bottom)]

    def add_segment(self, ax: float, ay: float, bx: float, by: float) -> None:
        if abs(ay - by) < 0.5 and abs(ax - bx) > THIN:
            self.horizontal.append((ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < 0.5 and abs(ay - by) > THIN:
            self.vertical.append((ax, min(ay, by), max(ay, by)))

    @property
    def may_have_table(self) -> bool:
        return len(self.horizontal) >= 3


def page_edges(page: pdfium.PdfPage) -> Edges:
    """Ruling edges and image count from the page's top-level objects."""
    edges = Edges()
    raw = page.raw
    height = page.get_height()
    edges.page_height = height
    page_area = page.get_width() * height
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    px, py = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            edges.images += 1
            if pdfium_c.FPDFPageObj_GetBounds(
                obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                ctypes.byref(top),
            ):  # fmt: skip
                area = (right.value - left.value) * (top.value - bottom.value)
                edges.image_cover += area / max(1.0, page_area)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        n_segments = pdfium_c.FPDFPath_CountSegments(obj)
        if n_segments <= 5:
            ok = pdfium_c.FPDFPageObj_GetBounds(
                obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                ctypes.byref(top),
            )  # fmt: skip
            if ok:
                edges.add_box(left.value, height - top.value, right.value, height - bottom.value)
            continue
        # A whole grid drawn as one path: walk its segments.
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = prev = None
        for s in range(n_segments):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py)):
                continue
            x = a * px.value + c * py.value + e
            y = height - (b * px.value + d * py.value + f)
            if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = prev = (x, y)
                continue
            if prev is not None:
                edges.add_segment(prev[0], prev[1], x, y)
            prev = (x, y)
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                edges.add_segment(x, y, start[0], start[1])
                prev = start
    edges.boxes += _frames(edges)
    return edges


def _frames(edges: Edges) -> list[tuple[float, float, float, float]]:
    """Rectangles drawn as four separate lines (a framed box): two horizontals of the
    same span closed by verticals at both ends."""
    hs, vs = edges.horizontal, edges.vertical
    if not (2 <= len(hs) <= 40 and 2 <= len(vs) <= 40):
        return []
    found = []
    for k, (ya, x0, x1) in enumerate(hs):
        if x1 - x0 < BOX_MIN:
            continue
        for yb, u0, u1 in hs[k + 1 :]:
            top, bottom = min(ya, yb), max(ya, yb)
            if bottom - top < BOX_MIN / 3 or abs(u0 - x0) > TOLERANCE or abs(u1 - x1) > TOLERANCE:
                continue
            sides = [
                x for x, v0, v1 in vs
                if v0 <= top + TOLERANCE and v1 >= bottom - TOLERANCE
                and (abs(x - x0) <= TOLERANCE or abs(x - x1) <= TOLERANCE)
            ]  # fmt: skip
            if any(abs(x - x0) <= TOLERANCE for x in sides) and any(
                abs(x - x1) <= TOLERANCE for x in sides
            ):
                found.append((x0, top, x1, bottom))
    return found


def _cluster_values(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOLERANCE:
            out.append(v)
    return out


def _groups(edges: Edges) -> list[tuple[list, list]]:
    """Edges connected by crossings or touches, as (horizontals, verticals) per group."""
    hs, vs = edges.horizontal, edges.vertical
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - TOLERANCE <= x <= x1 + TOLERANCE and y0 - TOLERANCE <= y <= y1 + TOLERANCE:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for i, h in enumerate(hs):
        groups[find(i)][0].append(h)
    for j, v in enumerate(vs):
        groups[find(len(hs) + j)][1].append(v)
    return list(groups.values())


def _cell_text(words: list[Word]) -> str:
    words = sorted(words, key=lambda w: (round(w.base), w.x0))
    lines: list[list[Word]] = []
    for w in words:
        if lines and abs(lines[-1][0].base - w.base) <= 0.35 * w.size:
            lines[-1].append(w)
        else:
            lines.append([w])
    return join_lines([line_text(sorted(line, key=lambda w: w.x0)) for line in lines])


def find_tables(edges: Edges, words: list[Word], page_number: int) -> list[Table]:
    """Tables (at least 2x2 cells) built from the ruling grid and the words inside it,
    then "open" tables ruled by horizontal lines only (top, under the header, bottom)."""
    tables = _grid_tables(edges, words, page_number)
    taken = [t.bbox for t in tables if t.bbox]
    tables += _open_tables(edges, words, page_number, taken)
    return tables


def _grid_tables(edges: Edges, words: list[Word], page_number: int) -> list[Table]:
    tables: list[Table] = []
    for hs, vs in _groups(edges):
        xs = _cluster_values([v[0] for v in vs])
        ys = _cluster_values([h[0] for h in hs])
        if len(xs) < 3 or len(ys) < 3:
            continue
        cells: dict[tuple[int, int], list[Word]] = defaultdict(list)
        for w in words:
            cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            if xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]:
                cells[(bisect.bisect(ys, cy) - 1, bisect.bisect(xs, cx) - 1)].append(w)
        rows = []
        for r in range(len(ys) - 1):
            row = [_cell_text(cells.get((r, c), [])) for c in range(len(xs) - 1)]
            if any(row):
                rows.append(row)
        if rows:
            tables.append(Table(rows=rows, page=page_number, bbox=(xs[0], ys[0], xs[-1], ys[-1])))
    return tables


def _inside(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return (
        box[0] - TOLERANCE <= x <= box[2] + TOLERANCE
        and box[1] - TOLERANCE <= y <= box[3] + TOLERANCE
    )


def _open_tables(
    edges: Edges,
    words: list[Word],
    page_number: int,
    taken: list[tuple[float, float, float, float]],
) -> list[Table]:
    """Tables ruled by three or more horizontal lines of the same width and no verticals.

    Rows are the baselines between the rules; columns are the x-ranges the words cover,
    split where a vertical strip wider than 0.6 em holds no word in any row.
    """
    by_span: dict[tuple[int, int], list[float]] = defaultdict(list)
    for y, x0, x1 in edges.horizontal:
        if x1 - x0 < 40 or any(_inside(x0, y, box) for box in taken):
            continue
        if not 0.08 * edges.page_height < y < 0.92 * edges.page_height:
            continue  # header and footer rules
        by_span[(round(x0 / 3), round(x1 / 3))].append(y)
    tables: list[Table] = []
    for (sx0, sx1), ys in by_span.items():
        rules = _cluster_values(ys)
        if len(rules) < 3:
            continue
        x0, x1, top, bottom = sx0 * 3 - 3, sx1 * 3 + 3, rules[0], rules[-1]
        if bottom - top > 0.5 * edges.page_height:
            continue  # rules framing a page's body, not a table
        inside = [
            w for w in words
            if x0 <= (w.x0 + w.x1) / 2 <= x1 and top < (w.top + w.bottom) / 2 < bottom
        ]  # fmt: skip
        if len(inside) < 4:
            continue
        em = sorted(w.size for w in inside)[len(inside) // 2]
        columns: list[list[float]] = []
        for w in sorted(inside, key=lambda w: w.x0):
            if columns and w.x0 - columns[-1][1] < 0.6 * em:
                columns[-1][1] = max(columns[-1][1], w.x1)
            else:
                columns.append([w.x0, w.x1])
        if len(columns) < 2:
            continue
        lines: list[list[Word]] = []
        for w in sorted(inside, key=lambda w: w.base):
            if lines and abs(lines[-1][0].base - w.base) <= 0.35 * w.size:
                lines[-1].append(w)
            else:
                lines.append([w])
        rows = []
        for line in lines:
            cells: list[list[Word]] = [[] for _ in columns]
            for w in line:
                cx = (w.x0 + w.x1) / 2
                k = next((i for i, c in enumerate(columns) if c[0] - 0.5 <= cx <= c[1] + 0.5), 0)
                cells[k].append(w)
            rows.append([line_text(sorted(c, key=lambda w: w.x0)) if c else "" for c in cells])
        cell_lengths = sorted(len(c) for row in rows for c in row if c)
        if cell_lengths[len(cell_lengths) // 2] > 40:
            continue  # running text between rules (a boxed section), not table cells
        tables.append(Table(rows=rows, page=page_number, bbox=(x0, top, x1, bottom)))
    return tables
