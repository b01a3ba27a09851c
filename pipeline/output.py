"""Printing lists of records as a terminal table (rich), JSON or CSV — text never altered.

Document text and file names are data, not instructions to the terminal:
table cells are rich `Text` objects (never parsed as markup, so "[red.: …]",
"[kommunens]" and a lone "[/]" print as written), search hits are marked with
a style over character spans rather than with brackets, and whatever reaches a
terminal is made inert first (`inert`: escape sequences, control characters and
bidirectional overrides removed). JSON and CSV written to a file or a pipe keep
the text exactly as stored.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.text import Text

FORMATS = ("table", "json", "csv")
HIT_STYLE = "bold reverse"

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


def styled(text: str, spans: Sequence[Sequence[int]] = (), style: str = HIT_STYLE) -> Text:
    """A rich Text of `text` (inert, never parsed as markup) with `spans` styled.

    Spans are character offsets into `text`; removing invisible characters
    shifts them, so the text is cleaned piece by piece around the spans.
    """
    from rich.text import Text

    out = Text()
    at = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        if start < at or end <= start or end > len(text):
            continue
        out.append(inert(text[at:start]))
        out.append(inert(text[start:end]), style=style)
        at = end
    out.append(inert(text[at:]))
    return out


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
        json.dump(data[0] if unwrap else data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            cells = [_cell(row.get(c)) for c in cols]
            writer.writerow([inert(c) for c in cells] if tty else cells)
        return
    from rich.console import Console
    from rich.table import Table

    marks = marks or {}
    table = Table(title=title, show_lines=False, expand=False)
    for col in cols:
        table.add_column(col, overflow="fold")
    for i, row in enumerate(rows):
        last_of_group = (
            group is not None and i + 1 < len(rows) and rows[i + 1].get(group) != row.get(group)
        )
        table.add_row(
            *[
                styled(_cell(row.get(c)), row.get(marks[c]) or () if c in marks else ())
                for c in cols
            ],
            end_section=last_of_group,
        )
    Console(file=out, width=None if tty else 160, highlight=False, emoji=False).print(table)
