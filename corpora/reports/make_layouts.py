"""Report pages with mixed layouts, each made by two PDF producers, and their expected text.

Usage: python corpora/reports/make_layouts.py --out DIR [--producer fpdf,chromium]

Why: one producer's character and line order teaches an extractor one habit. Every layout
here (full width and columns on one page, unequal and three columns, justified text, a
column running on to the next page, fact boxes, side bars, pull quotes, captions, margin
notes, footnotes, a table between column regions) is rendered by fpdf2 with our own line
layout and by Chromium printing HTML with CSS columns. `truth(name)` gives the blocks a
perfect extractor returns in reading order; boxes, margin notes and footnotes are asides,
read after the paragraph they sit beside.

All text is written here (sentences composed from our own Danish phrases).
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CHROMIUM = Path("/usr/bin/chromium")
PRODUCERS = ("fpdf", "chromium")
HEADER = "Task Forcen · Statusrapport om udsatte børn og unge"
FOOTER = "Socialstyrelsen · Task Force om udsatte børn og unge"

_SUBJECTS = [
    "Kommunen", "Forvaltningen", "Familieafdelingen", "Rådgivergruppen", "Ledelsen",
    "Børne- og ungeudvalget", "Myndighedsafsnittet", "Sekretariatet", "Visitationsudvalget",
]  # fmt: skip
_PREDICATES = [
    "har gennemgået {a} af de {b} sager om anbringelse uden for hjemmet",
    "vurderer, at fristen for den børnefaglige undersøgelse er overholdt i {a} sager",
    "har holdt {a} møder med forældre og netværk i løbet af {b} uger",
    "oplyser, at {a} handleplaner er blevet revideret inden for de seneste {b} måneder",
    "har ansat {a} nye rådgivere og fastholdt {b} erfarne medarbejdere",
    "peger på, at børnesamtalen mangler i {a} af {b} undersøgte forløb",
    "har indført en fast procedure for underretninger, som følges i {a} procent af sagerne",
    "skal inden {b} dage udarbejde en plan for opfølgning på {a} sager",
    "noterer, at journalføringen er mangelfuld i {a} sager fra {b} distrikter",
    "har afsat {a} millioner kroner til forebyggende indsatser over {b} år",
    "beskriver, at sagsbehandlingstiden er faldet fra {b} til {a} uger",
    "konstaterer, at {a} afgørelser manglede en begrundelse, mens {b} var korrekte",
]  # fmt: skip


class Sentences:
    """Distinct Danish sentences, drawn without repeats from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def one(self) -> str:
        while True:
            a, b = self.rng.randint(2, 48), self.rng.randint(3, 60)
            subject, predicate = self.rng.choice(_SUBJECTS), self.rng.choice(_PREDICATES)
            text = f"{subject} {predicate.format(a=a, b=b)}."
            if text not in self.used:
                self.used.add(text)
                return text

    def para(self, n: int) -> str:
        return " ".join(self.one() for _ in range(n))


@dataclass
class Item:
    """One block of a layout: heading, paragraph, lead (a paragraph set large), box,
    quote, caption, note, footnote, figure (a grey rectangle), colbreak (end the current
    column here)."""

    kind: str
    text: str = ""
    parts: list[str] = field(default_factory=list)  # a box's title and paragraphs


@dataclass
class Section:
    """A region of the page: `cols` columns (1 = full width) or a ruled table."""

    cols: int
    items: list[Item] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    sidebar: Item | None = None  # a box beside full-width text (right side)
    ragged: bool = False  # ragged right in a sans-serif face, narrow gutter


def _layouts() -> dict[str, list[Section]]:
    s = Sentences(18)
    h, p = (lambda t: Item("heading", t)), (lambda n: Item("paragraph", s.para(n)))
    box = lambda title, n: Item("box", parts=[title, s.para(n)])  # noqa: E731
    return {
        "intro-columns": [
            Section(1, [h("Opfølgning på handleplanen"), p(4)]),
            Section(2, [p(5), p(4), h("Rådgivning"), p(5), p(4)]),
            Section(1, [h("Den videre proces"), p(3)]),
        ],
        "unequal-columns": [
            Section(1, [h("Sagsbehandlingen i tal"), p(2)]),
            Section(2, [p(5), p(5), p(3), Item("colbreak"), p(4)]),
            Section(1, [h("Ledelsens opfølgning")]),
            Section(2, [p(4), p(4)]),
        ],
        "three-columns": [
            Section(1, [h("Tre spor i indsatsen"), p(2)]),
            Section(3, [p(3), p(3), p(3), p(3), p(3), p(3)]),
        ],
        "fact-box": [
            Section(1, [h("Underretninger og tidlig indsats")]),
            Section(
                2,
                [
                    p(4),
                    p(3),
                    box("Fakta om gennemgangen", 3),
                    p(4),
                    Item("quote", "»Vi skal kende barnet, før vi træffer afgørelsen.«"),
                    p(4),
                    Item("figure"),
                    Item("caption", "Figur 1. " + s.one()),
                    p(3),
                ],
            ),
        ],
        "continued": [
            Section(
                2,
                [
                    h("Familiernes forløb"),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                    p(6),
                ],
            ),
            Section(1, [h("Anbefalinger"), p(3)]),
        ],
        "lead-ragged": [
            Section(1, [h("Status på indsatsen"), Item("lead", s.para(2))]),
            Section(
                2,
                [
                    p(4),
                    p(3),
                    Item(
                        "quote",
                        "»Familierne skal mødes af den samme rådgiver hver"
                        " gang, de har brug for hjælp.«",
                    ),
                    p(4),
                    p(3),
                    p(4),
                ],
                ragged=True,
            ),
            Section(1, [h("Næste skridt"), p(2)]),
        ],
        "sidebar-table": [
            Section(
                1,
                [h("Økonomi og kapacitet"), p(4), Item("note", "Se bilag 2"), p(4)],
                sidebar=box("Kort fortalt", 3),
            ),
            Section(2, [p(3), p(3)]),
            Section(
                0,
                rows=[
                    ["Område", "2019", "2020", "2021"],
                    ["Anbringelser", "61", "58", "55"],
                    ["Forebyggelse", "120", "134", "141"],
                    ["Underretninger", "402", "388", "415"],
                ],
            ),
            Section(2, [p(3), p(3), Item("footnote", "1 " + s.one())]),
        ],
        "box-across": [
            Section(1, [h("Anbringelser i tal")]),
            Section(2, [p(4), p(4)]),
            Section(1, [box("Hovedtal for perioden", 2)]),
            Section(2, [p(4), p(3)]),
        ],
    }


LAYOUTS = _layouts()


def truth(name: str) -> list[tuple[str, str]]:
    """(kind, text) of every block a perfect extractor returns, in reading order.

    A box's title and text are one "box" block each; table cells are not text.
    """
    out: list[tuple[str, str]] = []
    for section in LAYOUTS[name]:
        items = section.items + ([section.sidebar] if section.sidebar else [])
        for item in items:
            if item.kind == "box":
                out += [("box", part) for part in item.parts]
            elif item.kind in {"heading", "paragraph", "caption", "quote"}:
                out.append((item.kind, item.text))
            elif item.kind in {"note", "footnote", "lead"}:
                out.append(("paragraph", item.text))
    return out


def table_rows(name: str) -> list[list[list[str]]]:
    return [s.rows for s in LAYOUTS[name] if s.rows]


def asides(name: str) -> list[str]:
    """Texts read beside the flow (boxes, margin notes, footnotes, captions): their place
    in the order is the extractor's choice, so order is scored without them."""
    out = []
    for section in LAYOUTS[name]:
        for item in section.items + ([section.sidebar] if section.sidebar else []):
            if item.kind in {"note", "footnote", "caption", "quote"}:
                out.append(item.text)
            out += item.parts
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[\wæøåÆØÅ§]+(?:[-.,/][\wæøåÆØÅ]+)*-?", text)


def lcs_len(a: list[str], b: list[str]) -> int:
    """Longest common subsequence length (O(n*m) in ints, fine for a few thousand words)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def score(name: str, text: str, blocks: list[tuple[str, str]]) -> dict[str, float]:
    """Word F1 (bag of words), reading order (LCS of the flow's words without asides /
    expected words) and asides found whole as blocks of their own, for one case."""
    expected = " ".join(t for _, t in truth(name))
    tw, ew = words(expected), words(text)
    common = sum((Counter(tw) & Counter(ew)).values())
    p, r = common / max(1, len(ew)), common / max(1, len(tw))
    flow_truth, flow_text = expected, text
    for aside in asides(name):
        flow_truth = flow_truth.replace(aside, " ")
        flow_text = flow_text.replace(aside, " ")
    ft = words(flow_truth)
    texts = {t for _, t in blocks}
    whole = sum(1 for a in asides(name) if a in texts)
    return {
        "f1": 2 * p * r / max(1e-9, p + r),
        "order": lcs_len(ft, words(flow_text)) / max(1, len(ft)),
        "asides": whole / len(asides(name)) if asides(name) else 1.0,
        "words": len(tw),
    }


def render(name: str, producer: str, out: Path) -> Path:
    """Write layout `name` made by `producer` to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if producer == "fpdf":
        _FpdfFlow(LAYOUTS[name]).write(out)
    elif producer == "chromium":
        _chromium(to_html(LAYOUTS[name]), out)
    else:
        raise ValueError(f"unknown producer {producer}")
    return out


# ---------------------------------------------------------------- Chromium (HTML + CSS)

_CSS = """
@page { size: A4; margin: 24mm 0; }
body { font-family: "DejaVu Serif", serif; font-size: 10pt; line-height: 1.35; margin: 0 20mm;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 15pt; margin: 4mm 0 2mm; }
p { margin: 0 0 2.5mm; text-align: justify; }
.cols { column-gap: 7mm; }
.ragged p { text-align: left; font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; }
.lead { font-size: 12.5pt; text-align: left; }
.box { background: #dde6ef; padding: 3mm; margin: 2mm 0 3mm; break-inside: avoid; }
.box b { display: block; font-size: 10pt; margin-bottom: 1.5mm; }
.box p { text-align: left; font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
.quote { font-size: 14pt; font-style: italic; margin: 3mm 0; text-align: left; }
.figure { height: 30mm; background: #999; }
.caption { font-size: 8pt; margin: 1.5mm 0 3mm; text-align: left; }
.sidebar { float: right; width: 52mm; margin: 0 0 2mm 6mm; }
.note { float: left; margin-left: -18mm; width: 15mm; font-size: 7pt; text-align: left; }
.footnote { font-size: 8pt; border-top: 0.3mm solid #000; padding-top: 1mm; margin-top: 4mm; }
table { border-collapse: collapse; margin: 4mm 0; font-size: 9pt; }
td, th { border: 0.3mm solid #000; padding: 1mm 3mm; text-align: left; }
"""


def to_html(sections: list[Section]) -> str:
    """One HTML page whose print is the layout (CSS columns, floats for boxes)."""
    body: list[str] = []
    for section in sections:
        if section.rows:
            cells = [
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in section.rows
            ]
            body.append(f"<table>{''.join(cells)}</table>")
            continue
        css = f"column-count:{section.cols};" if section.cols > 1 else ""
        css += "column-gap:4mm;" if section.ragged else ""
        style = f' style="{css}"' if css else ""
        inner = [_html_item(i) for i in section.items if i.kind != "colbreak"]
        if section.sidebar:
            inner.insert(0, _html_item(section.sidebar).replace('"box"', '"box sidebar"'))
        if any(i.kind == "colbreak" for i in section.items):
            # the column break: everything before it is one column (unequal heights)
            cut = next(k for k, i in enumerate(section.items) if i.kind == "colbreak")
            first = "".join(_html_item(i) for i in section.items[:cut])
            rest = "".join(_html_item(i) for i in section.items[cut + 1 :])
            inner = [f"{first}<div style='break-before: column'>{rest}</div>"]
        ragged = " ragged" if section.ragged else ""
        body.append(f'<div class="cols{ragged}"{style}>{"".join(inner)}</div>')
    return (
        f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{_CSS}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def _soft_hyphens(text: str) -> str:
    """Long lowercase words get a soft hyphen in the middle, so Chromium may break them
    across lines with a printed hyphen (what a perfect extractor joins again)."""
    return re.sub(
        r"\b[a-zæøå]{12,}\b",
        lambda m: f"{m[0][: len(m[0]) // 2]}\u00ad{m[0][len(m[0]) // 2 :]}",
        text,
    )


def _html_item(item: Item) -> str:
    t = _soft_hyphens(html.escape(item.text))
    if item.kind == "heading":
        return f"<h1>{t}</h1>"
    if item.kind == "box":
        title, *rest = (html.escape(x) for x in item.parts)
        return f'<div class="box"><b>{title}</b>' + "".join(f"<p>{x}</p>" for x in rest) + "</div>"
    if item.kind in {"quote", "caption", "footnote", "lead"}:
        return f'<p class="{item.kind}">{t}</p>'
    if item.kind == "note":
        return f'<div class="note">{t}</div>'
    if item.kind == "figure":
        return '<div class="figure"></div>'
    return f"<p>{t}</p>"


def chromium_available() -> bool:
    return CHROMIUM.exists()


def _chromium(page: str, out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="dapipe-chromium-"))
    try:
        src = tmp / "page.html"
        src.write_text(page, encoding="utf-8")
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}", f"--print-to-pdf={out}",
             "--no-pdf-header-footer", src.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- fpdf2 (our own flow)

PAGE_W, TOP, BOTTOM, MARGIN = 210.0, 26.0, 268.0, 20.0
PT = 0.3528
GAP = 7.0


class _FpdfFlow:
    """Sections flowed into column frames line by line: balanced columns, explicit
    column breaks, page overflow into the next page's columns, running header/footer."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        for style, suffix in (("", ""), ("B", "-Bold"), ("I", "-Italic")):
            self.pdf.add_font("Serif", style, str(FONT_DIR / f"DejaVuSerif{suffix}.ttf"))
        self.pdf.add_font("Sans", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.pdf.add_font("Sans", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.y = TOP
        self.notes: list[str] = []
        self._page()

    def _page(self) -> None:
        pdf = self.pdf
        if pdf.page_no():
            self._furniture()
        pdf.add_page()
        self.y = TOP

    def _furniture(self) -> None:
        pdf = self.pdf
        pdf.set_font("Sans", "", 9)
        pdf.text(PAGE_W - 12, 150, str(pdf.page_no()))  # page number in the outer margin
        y = BOTTOM + 8
        for note in self.notes:
            pdf.line(MARGIN, y - 4, MARGIN + 40, y - 4)
            pdf.set_font("Serif", "", 8)
            pdf.text(MARGIN, y, note)
            y += 3.6
        self.notes = []

    def write(self, out: Path) -> None:
        for section in self.sections:
            if section.rows:
                self._table(section.rows)
            else:
                self._section(section)
        self._furniture()
        pdf = self.pdf
        if pdf.pages_count > 1:  # a running header and footer repeat, so a reader can tell
            for number in range(1, pdf.pages_count + 1):
                pdf.page = number
                pdf.set_font("Sans", "", 8)
                pdf.text(MARGIN, 14, HEADER)
                pdf.text(MARGIN, 287, FOOTER)
        pdf.output(str(out))

    def _text(self, text: str, width: float, font: tuple[str, str, int], leading: float,
              justify: bool = False, space: tuple[float, float] = (0.0, 0.0)):  # fmt: skip
        """Pieces of one wrapped text: (height, line) with white space before and after."""
        family, style, size = font
        self.pdf.set_font(family, style, size)
        lines = self._wrap(text, width)
        body = [
            (size * PT * leading, ("line", ln, family, style, size, justify and k < len(lines) - 1))
            for k, ln in enumerate(lines)
        ]
        return [(space[0], None), *body, (space[1], None)]

    def _pieces(self, item: Item, width: float, ragged: bool = False):
        """An item as drawable pieces of known height at a column width."""
        if item.kind == "paragraph" and ragged:
            return self._text(item.text, width, ("Sans", "", 9), 1.4, False, (0, 2.5))
        if item.kind == "lead":
            return self._text(item.text, width, ("Serif", "", 12), 1.35, False, (0, 3))
        if item.kind == "heading":
            return self._text(item.text, width, ("Serif", "B", 14), 1.35, space=(2.5, 1.5))
        if item.kind == "paragraph":
            return self._text(item.text, width, ("Serif", "", 10), 1.4, True, (0, 2.5))
        if item.kind == "quote":
            return self._text(item.text, width, ("Serif", "I", 14), 1.3, space=(2, 3))
        if item.kind == "caption":
            return self._text(item.text, width, ("Sans", "", 8), 1.4, space=(0, 3))
        if item.kind == "figure":
            return [(32, ("figure", width))]
        if item.kind == "box":
            return [(self._box_height(item, width), ("box", item, width))]
        if item.kind == "note":
            return [(0, ("note", item.text))]
        if item.kind == "footnote":
            return [(0, ("footnote", item.text))]
        return []

    def _box_lines(self, item: Item, width: float) -> list[tuple[str, str, float]]:
        self.pdf.set_font("Sans", "B", 10)
        lines = [(ln, "B", 10.0) for ln in self._wrap(item.parts[0], width - 6)]
        self.pdf.set_font("Sans", "", 9)
        for part in item.parts[1:]:
            lines += [(ln, "", 9.0) for ln in self._wrap(part, width - 6)]
        return lines

    def _box_height(self, item: Item, width: float) -> float:
        return sum(size * PT * 1.4 for _, _, size in self._box_lines(item, width)) + 9

    def _draw_box(self, item: Item, x: float, y: float, width: float) -> None:
        pdf = self.pdf
        pdf.set_fill_color(221, 230, 239)
        pdf.rect(x, y + 1, width, self._box_height(item, width) - 3, style="F")
        yy = y + 4
        for k, (ln, style, size) in enumerate(self._box_lines(item, width)):
            yy += size * PT * 1.4
            if k and style == "" and self._box_lines(item, width)[k - 1][1] == "B":
                yy += 1.5
            pdf.set_font("Sans", style, size)
            pdf.text(x + 3, yy - 1, ln)

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split():
            trial = f"{current} {word}" if current else word
            if current and self.pdf.get_string_width(trial) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        return lines + ([current] if current else [])

    def _draw(self, piece: Any, x: float, y: float, width: float) -> None:
        pdf = self.pdf
        kind = piece[0]
        if kind == "line":
            _, text, family, style, size, justify = piece
            pdf.set_font(family, style, size)
            words = text.split(" ")
            if not justify or len(words) < 2:
                pdf.text(x, y, text)
                return
            extra = (width - pdf.get_string_width(text)) / (len(words) - 1)
            space = pdf.get_string_width(" ")
            for word in words:
                pdf.text(x, y, word)
                x += pdf.get_string_width(word) + space + extra
        elif kind == "figure":
            pdf.set_fill_color(150, 150, 150)
            pdf.rect(x, y - 30, piece[1], 28, style="F")
        elif kind == "box":
            self._draw_box(piece[1], x, y - self._box_height(piece[1], width), width)
        elif kind == "note":
            pdf.set_font("Sans", "", 7)
            pdf.text(6, y + 3.5, piece[1])
        elif kind == "footnote":
            self.notes.append(piece[1])

    def _section(self, section: Section) -> None:
        n = section.cols
        full = PAGE_W - 2 * MARGIN
        if section.sidebar is not None:
            side_w = 52.0
            top = self.y
            self._draw_box(section.sidebar, PAGE_W - MARGIN - side_w, top, side_w)
            self._flow(section.items, 1, full - side_w - 6)
            self.y = max(self.y, top + self._box_height(section.sidebar, side_w) + 2)
            return
        gap = 4.0 if section.ragged else GAP
        self._flow(section.items, n, (full - (n - 1) * gap) / n, gap, section.ragged)

    def _flow(
        self, items: list[Item], n: int, width: float, gap: float = GAP, ragged: bool = False
    ) -> None:
        chunks: list[list[tuple[float, object]]] = [[]]
        for item in items:
            if item.kind == "colbreak":
                chunks.append([])
            else:
                chunks[-1] += self._pieces(item, width, ragged)
        pieces = [p for chunk in chunks for p in chunk]
        breaks = {sum(len(c) for c in chunks[: k + 1]) for k in range(len(chunks) - 1)}
        remaining = sum(h for h, _ in pieces)
        top, col, col_h = self.y, 0, 0.0
        target = min(remaining / n + 6, BOTTOM - top) if len(chunks) == 1 else BOTTOM - top
        bottom = top
        for k, (height, piece) in enumerate(pieces):
            over = col_h + height > target or top + col_h + height > BOTTOM
            if piece is not None and col_h > 0 and (over or k in breaks):
                col += 1
                col_h = 0.0
                if col == n:  # the page is full: columns go on on the next page
                    self._page()
                    top, col = self.y, 0
                    rest = sum(h for h, _ in pieces[k:])
                    target = min(rest / n + 6, BOTTOM - top)
            if piece is None and col_h == 0:
                continue  # no space at the top of a column
            x = MARGIN + col * (width + gap)
            col_h += height
            if piece is not None:
                self._draw(piece, x, top + col_h, width)
            bottom = max(bottom, top + col_h)
        self.y = bottom + 2

    def _table(self, rows: list[list[str]]) -> None:
        pdf = self.pdf
        pdf.set_font("Sans", "", 9)
        widths = [max(pdf.get_string_width(r[i]) for r in rows) + 6 for i in range(len(rows[0]))]
        y = self.y + 3
        for row in rows:
            x = MARGIN
            for cell, w in zip(row, widths, strict=True):
                pdf.rect(x, y, w, 6.5)
                pdf.text(x + 2, y + 4.5, cell)
                x += w
            y += 6.5
        self.y = y + 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--producer", default=",".join(PRODUCERS))
    args = parser.parse_args(argv)
    for producer in args.producer.split(","):
        for name in LAYOUTS:
            print(render(name, producer, args.out / f"{name}-{producer}.pdf"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
