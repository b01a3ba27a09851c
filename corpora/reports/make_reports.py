"""Build the Task Force style report PDFs from the source texts in `src/*.report`.

Usage: python corpora/reports/make_reports.py [--out DIR] [SRC ...]

The layout is done here line by line (not by fpdf2's multi_cell) so that the PDFs carry
the features text extraction must cope with, in known places: a title page, running
header and footer with page numbers, headings, bullet lists, a ruled table, a two-column
page, footnotes with superscript markers, words hyphenated across line breaks, suspended
hyphens ("børne- og ungeudvalget") and ligature glyphs. `parse_source` and `truth` give the
text a perfect extractor would return, for tests and benchmarks.

Source markup (one directive per line):
  %title, %subtitle, %date, %header, %publisher   document fields (top of file)
  # Heading / ## Subheading                       headings
  - item                                          bullet list item
  %table ... %end                                 rows "a | b | c"; first row is the header
  %columns ... %end                               two-column section on a new page
  %newpage                                        page break
  %footnote N text                                footnote N; "[^N]" in a paragraph marks it
  {br}                                            forced line break inside a paragraph
  {lig}                                           (paragraph start) print fi/fl as ligatures
Blank lines separate paragraphs.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X = 20.0
TOP = 28.0
BOTTOM = 265.0
COL_GAP = 9.0
BODY_PT, H1_PT, H2_PT, NOTE_PT, RUN_PT, TITLE_PT = 10, 15, 12, 8, 8, 22
PT = 0.3528  # mm per point
LINE_MM = BODY_PT * PT * 1.45
PARA_GAP = 2.8
MIN_SPLIT = 4  # letters kept on each side of a hyphenation break

_FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")


@dataclass
class Element:
    kind: str  # heading1 heading2 paragraph bullet table columns newpage
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)


@dataclass
class Report:
    stem: str
    fields: dict[str, str]
    elements: list[Element]
    footnotes: dict[str, str]


def parse_source(path: Path) -> Report:
    """The structure of one source file (see the module docstring for the markup)."""
    fields: dict[str, str] = {}
    footnotes: dict[str, str] = {}
    root: list[Element] = []
    stack: list[list[Element]] = [root]
    para: list[str] = []
    table: list[list[str]] | None = None

    def flush() -> None:
        if para:
            stack[-1].append(Element("paragraph", " ".join(para)))
            para.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if table is not None:
            if line == "%end":
                stack[-1].append(Element("table", rows=table))
                table = None
            elif line:
                table.append([c.strip() for c in line.split("|")])
            continue
        if not line:
            flush()
            continue
        if line.startswith("%"):
            flush()
            key, _, value = line[1:].partition(" ")
            if key == "table":
                table = []
            elif key == "columns":
                section = Element("columns")
                stack[-1].append(section)
                stack.append(section.children)
            elif key == "end":
                stack.pop()
            elif key == "newpage":
                stack[-1].append(Element("newpage"))
            elif key == "footnote":
                number, _, text = value.partition(" ")
                footnotes[number] = text.strip()
            else:
                fields[key] = value.strip()
            continue
        if line.startswith("## "):
            flush()
            stack[-1].append(Element("heading2", line[3:].strip()))
        elif line.startswith("# "):
            flush()
            stack[-1].append(Element("heading1", line[2:].strip()))
        elif line.startswith("- "):
            flush()
            stack[-1].append(Element("bullet", line[2:].strip()))
        else:
            para.append(line)
    flush()
    return Report(path.stem, fields, root, footnotes)


def plain(text: str) -> str:
    """Source text as a reader sees it: markers removed."""
    text = re.sub(r"(?<=\w)\{br\}(?=\w)", "", text)
    text = text.replace("{br}", " ").replace("{lig}", "")
    text = _FOOTNOTE_MARK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _walk(elements: list[Element]):
    for el in elements:
        if el.kind == "columns":
            yield from _walk(el.children)
        else:
            yield el


def truth(report: Report) -> dict[str, object]:
    """What a perfect extractor returns: body blocks in order, table rows, footnotes, title."""
    blocks: list[tuple[str, str]] = []
    tables: list[list[list[str]]] = []
    for el in _walk(report.elements):
        if el.kind == "table":
            tables.append(el.rows)
        elif el.kind in {"heading1", "heading2"}:
            blocks.append(("heading", plain(el.text)))
        elif el.kind == "bullet":
            blocks.append(("list_item", plain(el.text)))
        elif el.kind == "paragraph":
            blocks.append(("paragraph", plain(el.text)))
    return {
        "title": report.fields.get("title", ""),
        "blocks": blocks,
        "tables": tables,
        "footnotes": [f"{n} {t}" for n, t in report.footnotes.items()],
        "running": [report.fields.get("header", "")],
        "two_column": [
            plain(el.text)
            for top in report.elements
            if top.kind == "columns"
            for el in _walk(top.children)
            if el.kind == "paragraph"
        ],
    }


LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}


class ReportPDF(FPDF):
    """fpdf2 with our own line layout, running header/footer and footnote area."""

    def __init__(self, report: Report, style: str = "standard") -> None:
        super().__init__(unit="mm", format="A4")
        self.report = report
        # "justified": serif, justified body lines, narrow gutter (a second layout that
        # the accuracy benchmark uses so the extractor is not tuned to one look)
        self.justified = style == "justified"
        self.col_gap = 6.0 if self.justified else COL_GAP
        self.set_auto_page_break(False)
        self.set_margins(MARGIN_X, TOP, MARGIN_X)
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            face = "DejaVuSerif" if self.justified else "DejaVuSans"
            self.add_font("Body", "", str(FONT_DIR / f"{face}.ttf"))
            self.add_font("Body", "B", str(FONT_DIR / f"{face}-Bold.ttf"))
            self.family = "Body"
        else:  # core font fallback: latin-1 only
            self.family = "Helvetica"
        self.col_x = MARGIN_X
        self.col_w = PAGE_W - 2 * MARGIN_X
        self.y_pos = TOP
        self.limit = BOTTOM
        self.page_notes: list[str] = []
        self.in_columns = False
        self.column = 0
        self.body_page = False
        self.total_pages = 0
        self.stats = {"hyphenated": 0, "suspended_at_break": 0, "forced_breaks": 0}

    # ------------------------------------------------------------------ page furniture
    def header(self) -> None:
        if self.page_no() < 2:
            return
        self.set_font(self.family, "", RUN_PT)
        self.set_text_color(90, 90, 90)
        self.text(MARGIN_X, 15, self.report.fields.get("header", ""))
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.2)
        self.line(MARGIN_X, 17.5, PAGE_W - MARGIN_X, 17.5)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self._flush_notes()
        if self.page_no() < 2:
            return
        self.set_font(self.family, "", RUN_PT)
        self.set_text_color(90, 90, 90)
        publisher = self.report.fields.get("publisher", "Socialstyrelsen")
        self.text(MARGIN_X, 285, publisher)
        label = f"Side {self.page_no()} af {self.total_pages or '?'}"
        self.text(PAGE_W - MARGIN_X - 22, 285, label)
        self.set_text_color(0, 0, 0)

    def _flush_notes(self) -> None:
        if not self.page_notes:
            return
        y = BOTTOM + 6 - 3.6 * (len(self.page_notes) - 1)
        self.set_draw_color(0, 0, 0)
        self.line(MARGIN_X, y - 4.2, MARGIN_X + 40, y - 4.2)
        self.set_font(self.family, "", NOTE_PT)
        for note in self.page_notes:
            self.text(MARGIN_X, y, note)
            y += 3.6
        self.page_notes = []

    def new_body_page(self) -> None:
        self.body_page = True
        self.add_page()
        self.y_pos = TOP
        self.limit = BOTTOM
        self.column = 0
        self._set_column()

    def _set_column(self) -> None:
        full = PAGE_W - 2 * MARGIN_X
        if self.in_columns:
            self.col_w = (full - self.col_gap) / 2
            self.col_x = MARGIN_X + self.column * (self.col_w + self.col_gap)
        else:
            self.col_w = full
            self.col_x = MARGIN_X

    def _need(self, height: float) -> None:
        if self.y_pos + height <= self.limit:
            return
        if self.in_columns and self.column == 0:
            self.column = 1
            self.y_pos = self.col_top
            self._set_column()
            return
        self.new_body_page()
        if self.in_columns:
            self.col_top = TOP

    # ------------------------------------------------------------------ text layout
    def _width(self, s: str) -> float:
        return self.get_string_width(_FOOTNOTE_MARK.sub("", s))

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy line breaking that hyphenates long lowercase words, as typesetters do."""
        lines: list[str] = []
        current = ""
        for token in text.split(" "):
            if not token:
                continue
            if token == "{br}":
                if current:
                    lines.append(current)
                    self.stats["forced_breaks"] += 1
                    if current.endswith("-"):
                        self.stats["suspended_at_break"] += 1
                current = ""
                continue
            if "{br}" in token and token != "{br}":  # "sagsbe{br}handlingen": break here
                head, tail = token.split("{br}", 1)
                lines.append(f"{current} {head}-" if current else f"{head}-")
                self.stats["hyphenated"] += 1
                self.stats["forced_breaks"] += 1
                current = tail
                continue
            candidate = f"{current} {token}" if current else token
            if self._width(candidate) <= width:
                current = candidate
                continue
            head = self._hyphen_split(current, token, width)
            if head:
                lines.append(f"{current} {head}-" if current else f"{head}-")
                self.stats["hyphenated"] += 1
                current = token[len(head) :]
                continue
            if current:
                if current.endswith("-"):
                    self.stats["suspended_at_break"] += 1
                lines.append(current)
            current = token
        if current:
            lines.append(current)
        return lines

    def _hyphen_split(self, current: str, token: str, width: float) -> str | None:
        word = token.rstrip(".,;:")
        if len(word) < 2 * MIN_SPLIT + 1 or not word.isalpha() or not word.islower():
            return None
        for cut in range(len(word) - MIN_SPLIT, MIN_SPLIT - 1, -1):
            head = word[:cut]
            trial = f"{current} {head}-" if current else f"{head}-"
            if self._width(trial) <= width:
                return head
        return None

    def _draw_line(self, x: float, y: float, line: str, ligatures: bool) -> float:
        """One line; footnote markers drawn as small raised digits. Returns the end x."""
        parts = _FOOTNOTE_MARK.split(line)
        style, size = self.font_style, self.font_size_pt
        for k, part in enumerate(parts):
            if k % 2 == 1:
                self.set_font(self.family, "", 6)
                self.text(x, y - 1.6, part)
                x += self.get_string_width(part)
                self.set_font(self.family, style, size)
                if part in self.report.footnotes:
                    self.page_notes.append(f"{part} {self.report.footnotes[part]}")
                    self.limit -= 3.6
                continue
            if not part:
                continue
            shown = part
            if ligatures and self.unicode:
                for seq, glyph in LIGATURES.items():
                    shown = shown.replace(seq, glyph)
            self.text(x, y, shown)
            x += self.get_string_width(part)
        return x

    def _draw_justified(self, x: float, y: float, line: str, width: float, lig: bool) -> None:
        """A line stretched to the column width by widening the spaces between words."""
        words = line.split(" ")
        natural = self._width(line) + self._marker_width(line)
        extra = (width - natural) / (len(words) - 1)
        space = self.get_string_width(" ")
        for word in words:
            x = self._draw_line(x, y, word, lig) + space + extra

    def _marker_width(self, line: str) -> float:
        style, size = self.font_style, self.font_size_pt
        self.set_font(self.family, "", 6)
        width = sum(self.get_string_width(m) for m in _FOOTNOTE_MARK.findall(line))
        self.set_font(self.family, style, size)
        return width

    def block(self, text: str, size: int, style: str = "", bullet: bool = False) -> None:
        ligatures = text.startswith("{lig}")
        text = text.replace("{lig}", "").strip()
        self.set_font(self.family, style, size)
        line_h = size * PT * 1.45
        indent = 5.0 if bullet else 0.0
        lines = self.wrap(text, self.col_w - indent)
        for k, line in enumerate(lines):
            self._need(line_h)
            self.y_pos += line_h
            if bullet and k == 0:
                self.text(self.col_x + 1, self.y_pos, "•" if self.unicode else "-")
            last = k == len(lines) - 1
            if self.justified and style == "" and not last and " " in line:
                self._draw_justified(self.col_x + indent, self.y_pos, line, self.col_w - indent,
                                     ligatures)  # fmt: skip
            else:
                self._draw_line(self.col_x + indent, self.y_pos, line, ligatures)
        self.y_pos += PARA_GAP if not bullet else 1.0

    def table(self, rows: list[list[str]]) -> None:
        if self.justified:
            self.open_table(rows)
            return
        self.set_font(self.family, "", 9)
        n = len(rows[0])
        widths = [max(self.get_string_width(r[i]) for r in rows) + 4 for i in range(n)]
        scale = min(1.0, self.col_w / sum(widths))
        widths = [w * scale for w in widths]
        row_h = 6.5
        self._need(row_h * len(rows) + 4)
        self.y_pos += 3
        for r, row in enumerate(rows):
            x = self.col_x
            self.set_font(self.family, "B" if r == 0 else "", 9)
            for i, cell in enumerate(row):
                if self.get_string_width(cell) > widths[i] - 1:
                    raise ValueError(f"table cell too wide: {cell!r}")
                self.rect(x, self.y_pos, widths[i], row_h)
                self.text(x + 1.5, self.y_pos + 4.5, cell)
                x += widths[i]
            self.y_pos += row_h
        self.y_pos += 5

    def open_table(self, rows: list[list[str]]) -> None:
        """A table with horizontal rules only: above, under the header row and below."""
        self.set_font(self.family, "B", 9)
        n = len(rows[0])
        widths = [max(self.get_string_width(r[i]) for r in rows) + 9 for i in range(n)]
        row_h = 5.5
        self._need(row_h * len(rows) + 6)
        self.y_pos += 3
        total = sum(widths)
        self.set_line_width(0.4)
        self.line(self.col_x, self.y_pos, self.col_x + total, self.y_pos)
        for r, row in enumerate(rows):
            x = self.col_x
            self.set_font(self.family, "B" if r == 0 else "", 9)
            for i, cell in enumerate(row):
                self.text(x, self.y_pos + 4.0, cell)
                x += widths[i]
            self.y_pos += row_h
            if r == 0:
                self.set_line_width(0.2)
                self.line(self.col_x, self.y_pos, self.col_x + total, self.y_pos)
        self.set_line_width(0.4)
        self.line(self.col_x, self.y_pos + 1, self.col_x + total, self.y_pos + 1)
        self.set_line_width(0.2)
        self.y_pos += 6

    def title_page(self) -> None:
        self.body_page = False
        self.add_page()
        f = self.report.fields
        self.set_font(self.family, "", 11)
        self.text(MARGIN_X, 40, f.get("publisher", "Socialstyrelsen"))
        self.set_font(self.family, "B", TITLE_PT)
        y = 95.0
        for line in self.wrap(f["title"], PAGE_W - 2 * MARGIN_X):
            self.text(MARGIN_X, y, line)
            y += TITLE_PT * PT * 1.35
        self.set_font(self.family, "", 14)
        y += 6
        for line in self.wrap(f.get("subtitle", ""), PAGE_W - 2 * MARGIN_X):
            self.text(MARGIN_X, y, line)
            y += 14 * PT * 1.4
        self.set_font(self.family, "", 11)
        self.text(MARGIN_X, 250, f.get("date", ""))


def render(report: Report, out: Path, style: str = "standard") -> dict[str, int]:
    """Lay the report out and write it; returns counts of the layout features produced.

    Laid out twice: the first pass counts the pages for the "Side N af M" footer.
    """
    total = _layout(report, 0, style).page_no()
    pdf = _layout(report, total, style)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return dict(pdf.stats, pages=pdf.page_no())


def _layout(report: Report, total_pages: int, style: str = "standard") -> ReportPDF:
    pdf = ReportPDF(report, style)
    pdf.total_pages = total_pages
    pdf.set_title(report.fields["title"])
    pdf.set_author(report.fields.get("publisher", "Socialstyrelsen"))
    pdf.set_creator("dapipe corpora/reports/make_reports.py")
    iso = report.fields.get("iso_date")
    if iso:
        from datetime import datetime

        pdf.set_creation_date(datetime.fromisoformat(iso).replace(tzinfo=UTC))
    pdf.title_page()
    pdf.new_body_page()
    _render_elements(pdf, report.elements)
    return pdf


def _render_elements(pdf: ReportPDF, elements: list[Element]) -> None:
    for el in elements:
        if el.kind == "newpage":
            pdf.new_body_page()
        elif el.kind == "heading1":
            pdf._need(LINE_MM * 4)
            pdf.y_pos += 3
            pdf.block(el.text, H1_PT, "B")
        elif el.kind == "heading2":
            pdf._need(LINE_MM * 3)
            pdf.y_pos += 1
            pdf.block(el.text, H2_PT, "B")
        elif el.kind == "paragraph":
            pdf.block(el.text, BODY_PT)
        elif el.kind == "bullet":
            pdf.block(el.text, BODY_PT, bullet=True)
        elif el.kind == "table":
            pdf.table(el.rows)
        elif el.kind == "columns":
            if pdf.y_pos > TOP:
                pdf.new_body_page()
            pdf.in_columns = True
            pdf.col_top = pdf.y_pos
            pdf.column = 0
            pdf._set_column()
            _render_elements(pdf, el.children)
            pdf.in_columns = False
            pdf.new_body_page()  # the section after a two-column page starts afresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    sources = args.sources or sorted((HERE / "src").glob("*.report"))
    for src in sources:
        report = parse_source(src)
        stats = render(report, args.out / f"{report.stem}.pdf")
        print(f"{report.stem}.pdf: {stats}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
