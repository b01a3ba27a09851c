"""HTML fragments built in Python: marked document text, search highlights, SVG charts.

Everything from a document passes through `escape` before any tag is added;
the tags themselves carry only our own class names, ids and numbers.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from pipeline.web.labels import LABELS, POLARITY, theme_label

_POLARITIES = ("negative", "positive", "neutral")


def highlighted(text: str | None, spans: Sequence[Sequence[int]] = ()) -> Markup:
    """`text` escaped, with <mark> around the (start, end) spans into it (a row's `matches`).

    Spans out of order, overlapping an earlier one or outside the text are skipped.
    """
    if not text:
        return Markup("")
    out: list[str] = []
    at = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        if start < at or end <= start or end > len(text):
            continue
        out += [str(escape(text[at:start])), "<mark>", str(escape(text[start:end])), "</mark>"]
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def url(path: str, **params: Any) -> str:
    """A URL with its non-empty parameters, in a stable order (a bookmark stays the same)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


# --- the document view -------------------------------------------------------------------


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # entity | quote | finding
    item: dict[str, Any]


def _open_tag(span: _Span, first_piece: bool) -> str:
    """The opening tag of one piece of a span; only the first piece carries the anchor id."""
    item = span.item
    if span.kind == "finding":
        polarity = item.get("polarity") or "neutral"
        title = ", ".join(theme_label(t) for t in item["themes"]) + f" ({POLARITY[polarity]})"
        anchor = f' id="f{int(item["id"])}"' if first_piece else ""
        return (
            f'<span class="finding pol-{escape(polarity)}"{anchor} title="Fund: {escape(title)}">'
        )
    if span.kind == "quote":
        who = item.get("speaker") or "ukendt taler"
        anchor = f' id="q{int(item["id"])}"' if first_piece else ""
        return f'<q class="quote"{anchor} title="Citat: {escape(who)}">'
    label = str(item["label"])
    return (
        f'<mark class="ent ent-{escape(label.lower())}" title="{escape(LABELS.get(label, label))}">'
    )


def _close_tag(span: _Span, last_piece: bool) -> str:
    item = span.item
    if span.kind == "finding":
        if not last_piece:
            return "</span>"
        badges = "".join(
            f'<a class="badge theme" href="{escape(url("/findings", theme=t))}">'
            f"{escape(theme_label(t))}</a>"
            for t in item["themes"]
        )
        polarity = item.get("polarity") or "neutral"
        return f'{badges}<span class="badge pol">{escape(POLARITY[polarity])}</span></span>'
    if span.kind == "quote":
        if not last_piece:
            return "</q>"
        who = item.get("speaker") or "ukendt taler"
        if item.get("person_id"):
            link = f'<a href="/persons/{int(item["person_id"])}">{escape(who)}</a>'
        else:
            link = escape(who)
        return f'</q><span class="speaker">— {link}</span>'
    if not last_piece:
        return "</mark>"
    return f'<span class="ent-label">{escape(item["label"])}</span></mark>'


_ORDER = {"finding": 0, "quote": 1, "entity": 2}  # outermost first


def _mark_range(text: str, lo: int, hi: int, spans: list[_Span], head: int, tail: int) -> str:
    """HTML for text[lo:hi] with the spans that touch it, nested finding > quote > entity.

    Overlapping spans that do not nest are closed and reopened at each boundary;
    a span across paragraphs is split too. `head` is where the previous shown
    paragraph ended and `tail` where the next begins: a span starting after
    `head` has its first piece here, one ending before `tail` its last (its
    speaker or badges follow it).
    """
    inside = [s for s in spans if s.start < hi and s.end > lo and s.end > s.start]
    cuts = sorted({lo, hi} | {max(lo, s.start) for s in inside} | {min(hi, s.end) for s in inside})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active = sorted(
            (s for s in inside if s.start <= a and s.end >= b),
            key=lambda s: (_ORDER[s.kind], s.start, -s.end),
        )
        out.extend(_open_tag(s, s.start >= a or (a == lo and s.start >= head)) for s in active)
        out.append(str(escape(text[a:b])))
        out.extend(
            _close_tag(s, s.end <= b or (b == hi and s.end <= tail)) for s in reversed(active)
        )
    return "".join(out)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's non-blank paragraphs (blocks are joined by blank lines)."""
    out, pos = [], 0
    while pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            out.append((pos, end))
        pos = end + 2
    return out


def document_html(doc: dict[str, Any], file_url: str | None = None) -> Markup:
    """The document's text as paragraphs with marks, each paragraph tagged with its page.

    With `file_url` (a PDF that is still there) each page number also links to
    that page of the original file.
    """
    text: str = doc["text"]
    spans = (
        [_Span(e["start"], e["end"], "entity", e) for e in doc["entities"]]
        + [_Span(q["start"], q["end"], "quote", q) for q in doc["quotes"]]
        + [_Span(f["start"], f["end"], "finding", f) for f in doc["findings"]]
    )
    pages: list[tuple[int, int]] = doc["pages"]  # (sentence start, page), by start
    paragraphs = _paragraphs(text)
    out: list[str] = []
    shown_page: int | None = None
    i = 0
    for n, (lo, hi) in enumerate(paragraphs):
        while i + 1 < len(pages) and pages[i + 1][0] <= lo:
            i += 1
        page = pages[i][1] if pages and pages[i][0] <= hi else None
        margin = ""
        if page is not None and page != shown_page:
            margin = (
                f'<a class="pageno" id="p{int(page)}" href="#p{int(page)}" '
                f'title="side {int(page)}">s. {int(page)}</a>'
            )
            if file_url:
                margin += (
                    f'<a class="pdfpage" href="{escape(file_url)}#page={int(page)}" '
                    f'title="side {int(page)} i den oprindelige fil">PDF</a>'
                )
            shown_page = page
        head = paragraphs[n - 1][1] if n else 0
        tail = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else len(text) + 1
        para = _mark_range(text, lo, hi, spans, head, tail)
        out.append(f'<div class="para">{margin}<p>{para}</p></div>')
    return Markup("\n".join(out))


# --- charts ---------------------------------------------------------------------------------

_BAR_COLOURS = {"negative": "#b3261e", "positive": "#1b6e3a", "neutral": "#6b6b6b"}


def bar_chart(rows: list[dict[str, Any]], group_key: str, group: str) -> Markup:
    """Horizontal stacked bars, one per theme of a group; each part links to its sentences.

    Colours are SVG attributes (the CSP allows no inline styles).
    """
    width, label_w, bar_h, gap = 560, 170, 18, 6
    biggest = max((r["total"] for r in rows), default=1) or 1
    scale = (width - label_w - 40) / biggest
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-label="Fund pr. tema for {escape(group)}">'
    ]
    for n, row in enumerate(rows):
        y = gap + n * (bar_h + gap)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end" font-size="12">'
            f"{escape(theme_label(row['theme']))}</text>"
        )
        x = float(label_w)
        for polarity in _POLARITIES:
            count = int(row.get(polarity) or 0)
            if not count:
                continue
            w = count * scale
            link = url("/findings", theme=row["theme"], polarity=polarity, **{group_key: group})
            tip = f"{theme_label(row['theme'])}: {count} {POLARITY[polarity]}"
            parts.append(
                f'<a href="{escape(link)}" aria-label="{escape(tip)}"><rect x="{x:.1f}" y="{y}" '
                f'width="{w:.1f}" height="{bar_h}" fill="{_BAR_COLOURS[polarity]}">'
                f"<title>{escape(tip)}</title></rect></a>"
            )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + bar_h - 5}" font-size="12">{int(row["total"])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# --- first and last report ------------------------------------------------------------------


def trend_module() -> ModuleType:
    """`pipeline.themes.trend` without `pipeline.themes`' package init (which loads spaCy).

    trend.py itself needs only pipeline.core; loading it from its file keeps the
    web app's start free of spaCy while the CLI and the web share one comparison.
    """
    name = "pipeline.web._theme_trend"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "themes" / "trend.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
