"""Printing lists of records as a terminal table (rich), JSON or CSV — text never altered.

Document text and file names are data, not instructions to the terminal:
table cells are printed as plain text (no markup language, so "[red.: …]",
"[kommunens]" and a lone "[/]" print as written), search hits are marked with
a terminal style over character spans rather than with brackets, and whatever
reaches a terminal is made inert first (`inert`: escape sequences, control
characters and bidirectional overrides removed). JSON and CSV written to a file
or a pipe keep the text exactly as stored.

The table is drawn here rather than by rich: importing and laying out rich
tables cost more than the whole search (see benchmarks/search_latency.py).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

FORMATS = ("table", "json", "csv")
HIT = ("\x1b[1;7m", "\x1b[0m")  # search hits: bold reverse video
BOLD = ("\x1b[1m", "\x1b[0m")
PIPE_WIDTH = 160  # table width when not printing to a terminal
MIN_COLUMN = 6

# ESC-introduced sequences: CSI (colours, cursor, clear screen), OSC (window title,
# hyperlinks; ended by BEL or ST), and the other two-character escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit OSC
)
# C0 and C1 controls but tab and newline; bidi embeddings, overrides and isolates
# (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """`text` safe for a terminal: no escape sequences, control characters or bidi overrides."""
    if not _ESCAPES.search(text) and not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub("", _ESCAPES.sub("", text))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def styled(text: str, spans: Sequence[Sequence[int]] = ()) -> tuple[str, list[tuple[int, int]]]:
    """`text` made inert, with `spans` (offsets into `text`) moved to match.

    Removing invisible characters shifts the offsets, so the text is cleaned
    piece by piece around the spans.
    """
    out: list[str] = []
    moved: list[tuple[int, int]] = []
    at = length = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        if start < at or end <= start or end > len(text):
            continue
        before, hit = inert(text[at:start]), inert(text[start:end])
        out += [before, hit]
        length += len(before)
        moved.append((length, length + len(hit)))
        length += len(hit)
        at = end
    out.append(inert(text[at:]))
    return "".join(out), moved


def _inert_value(value: Any) -> Any:
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, list | tuple):
        return [_inert_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert_value(v) for k, v in value.items()}
    return value


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    out: TextIO | None = None,
    marks: Mapping[str, str] | None = None,
    group: str | None = None,
    unwrap: bool = False,
) -> None:
    """Write rows in the chosen format; `columns` picks and orders the table/CSV columns.

    In a table, `marks` maps a column to the row key holding the spans to
    highlight in it (`{"quote": "matches"}`), and a change in the value of
    `group` starts a new section. On a terminal, JSON and CSV are made inert too.
    `unwrap` writes a single row as one JSON object rather than a list.
    """
    out = out or sys.stdout
    tty = out.isatty()
    if fmt == "json":
        data: Any = [_inert_value(r) for r in rows] if tty else list(rows)
        # built whole first: an error while encoding must not leave half a document written
        out.write(json.dumps(data[0] if unwrap else data, ensure_ascii=False, indent=2) + "\n")
        return
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            cells = [_cell(row.get(c)) for c in cols]
            writer.writerow([inert(c) for c in cells] if tty else cells)
        return
    if not cols:
        return
    grid = [  # a tab is shown as a space: one character for one, the spans stay right
        [
            styled(
                _cell(row.get(c)).replace("\t", " "), (marks and row.get(marks.get(c, ""))) or ()
            )
            for c in cols
        ]
        for row in rows
    ]
    sections = [
        group is not None and i + 1 < len(rows) and rows[i + 1].get(group) != row.get(group)
        for i, row in enumerate(rows)
    ]
    width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if tty else PIPE_WIDTH
    out.write(render_table(cols, grid, sections, title, width, tty))


def render_table(
    columns: Sequence[str],
    cells: Sequence[Sequence[tuple[str, list[tuple[int, int]]]]],
    sections: Sequence[bool],
    title: str | None,
    width: int,
    styles: bool,
) -> str:
    """A boxed table of (text, hit spans) cells, wrapped to `width`; styles only if asked."""
    natural = [
        max([len(col), *(max(map(_width, row[i][0].split("\n"))) for row in cells)])
        for i, col in enumerate(columns)
    ]
    widths = _fit(natural, width - 3 * len(columns) - 1)
    lines = []
    total = sum(widths) + 3 * len(widths) + 1
    if title:
        lines.append(title.center(total).rstrip())

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def row_lines(
        row: Sequence[tuple[str, list[tuple[int, int]]]], bar: str, style: tuple[str, str]
    ) -> list[str]:
        wrapped = [_wrap(text, w) for (text, _), w in zip(row, widths, strict=True)]
        out = []
        for n in range(max(map(len, wrapped))):
            parts = []
            for (text, spans), pieces, w in zip(row, wrapped, widths, strict=True):
                if n < len(pieces):
                    start, end = pieces[n]
                    shown = _paint(text, start, end, spans if styles else [], style)
                    parts.append(" " + shown + " " * (w - _width(text[start:end])) + " ")
                else:
                    parts.append(" " * (w + 2))
            out.append(bar + bar.join(parts) + bar)
        return out

    lines.append(rule("┏", "━", "┳", "┓"))
    lines += row_lines([(c, [(0, len(c))]) for c in columns], "┃", BOLD)
    lines.append(rule("┡", "━", "╇", "┩"))
    for row, section in zip(cells, sections, strict=True):
        lines += row_lines(row, "│", HIT)
        if section:
            lines.append(rule("├", "─", "┼", "┤"))
    lines.append(rule("└", "─", "┴", "┘"))
    return "\n".join(lines) + "\n"


def _fit(natural: list[int], room: int) -> list[int]:
    """Column widths within `room`: narrow columns keep their width, wide ones share the rest."""
    if sum(natural) <= room:
        return natural
    cap = max(MIN_COLUMN, room // max(len(natural), 1))
    while True:  # raise the cap while the columns still fit (water filling)
        widths = [min(n, cap + 1) for n in natural]
        if sum(widths) > room or cap + 1 > max(natural):
            break
        cap += 1
    widths = [min(n, cap) for n in natural]
    spare = room - sum(widths)
    for i in sorted(range(len(natural)), key=lambda i: -natural[i]):  # leftovers to the widest
        if spare <= 0:
            break
        extra = min(spare, natural[i] - widths[i])
        widths[i] += extra
        spare -= extra
    return [max(w, 1) for w in widths]


def _wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` wrapped at spaces to `width` columns (long words
    broken), counting the columns a character takes on a terminal."""
    lines: list[tuple[int, int]] = []
    at = 0
    for paragraph in text.split("\n"):
        columns = [_char_width(c) for c in paragraph]
        start, end = 0, len(paragraph)
        left = sum(columns)
        while left > width:
            fits, used = start, 0
            while fits < end and used + columns[fits] <= width:
                used += columns[fits]
                fits += 1
            cut = paragraph.rfind(" ", start, fits + 1)
            if cut <= start:
                cut = nxt = max(fits, start + 1)
            else:
                nxt = cut + 1
            lines.append((at + start, at + cut))
            left -= sum(columns[start:nxt])
            start = nxt
        lines.append((at + start, at + end))
        at += end + 1
    return lines or [(0, 0)]


def _char_width(char: str) -> int:
    if char.isascii():
        return 1
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(text: str) -> int:
    """Terminal columns of `text`: wide characters take two, combining marks none."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def _paint(
    text: str, start: int, end: int, spans: Sequence[tuple[int, int]], style: tuple[str, str]
) -> str:
    """text[start:end] with the parts inside `spans` in `style` (an ANSI on/off pair)."""
    out, at = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out += [text[at:s], style[0], text[s:e], style[1]]
        at = e
    out.append(text[at:end])
    return "".join(out)
