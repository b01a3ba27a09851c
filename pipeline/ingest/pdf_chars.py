"""Words with position, size and weight from one PDF page, through pdfium's text layer.

pdfium already decides where spaces and line breaks fall; we ask it for each word's box,
baseline, font size and weight only at the word's first and last character, which keeps
the per-page cost to a few hundred native calls (pdfminer-based pdfplumber parses every
glyph in Python and is ~10x slower; it is kept only for ruled tables, see pdf.py).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_WHITESPACE = frozenset(" \t\r\n\x00\uffff")
# pdfium reports a hyphen at a line end as U+FFFE (or 0x02); it is a printed hyphen.
_LINE_END_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@dataclass(slots=True)
class Word:
    """One word in top-down page coordinates (y grows downwards, like pdfplumber)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline
    size: float
    bold: bool


class _FontCache:
    """Font name -> bold?, so each font's name is fetched from pdfium only once."""

    def __init__(self) -> None:
        self._buf = ctypes.create_string_buffer(256)
        self._flags = ctypes.c_int()

    def bold(self, textpage: pdfium.PdfTextPage, index: int) -> bool:
        weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
        if weight >= 600:
            return True
        n = pdfium_c.FPDFText_GetFontInfo(
            textpage, index, self._buf, 256, ctypes.byref(self._flags)
        )
        if n <= 0:
            return False
        name = self._buf.raw[: max(0, n - 1)].decode("latin-1", "replace").lower()
        # FXFONT_FORCE_BOLD = 0x40000 in the PDF font flags.
        return any(tag in name for tag in _BOLD_NAMES) or bool(self._flags.value & 0x40000)


def page_words(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Word]:
    """All words on a page (text split on pdfium's spaces and line breaks)."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # surrogate pairs or odd mapping: fall back to char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count))
    height = page.get_height()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts = _FontCache()
    words: list[Word] = []

    def box(i: int) -> tuple[float, float, float, float]:
        pdfium_c.FPDFText_GetCharBox(
            textpage, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
            ctypes.byref(top),
        )  # fmt: skip
        return left.value, right.value, bottom.value, top.value

    i = 0
    while i < count:
        if text[i] in _WHITESPACE:
            i += 1
            continue
        j = i
        while j < count and text[j] not in _WHITESPACE:
            j += 1
            if text[j - 1] in "\ufffe\x02":  # pdfium runs "sagsbe-" on into the next line
                break
        first_size = pdfium_c.FPDFText_GetFontSize(textpage, i)
        last = j - 1
        # Drop trailing superscript footnote markers ("fristen¹" printed as a small raised "1").
        while last > i and text[last].isdigit():
            if pdfium_c.FPDFText_GetFontSize(textpage, last) < first_size * 0.8:
                last -= 1
            else:
                break
        x0, _, _, _ = box(i)
        _, x1, _, _ = box(j - 1)  # markers included: the gap to the next word is real
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, ctypes.byref(ox), ctypes.byref(oy))
        base = height - oy.value
        size = first_size or 1.0
        words.append(
            Word(
                text=text[i : last + 1].translate(_LINE_END_HYPHENS),
                x0=x0,
                x1=max(x1, x0),
                top=base - size * 0.8,
                bottom=base + size * 0.2,
                base=base,
                size=round(size, 1),
                bold=fonts.bold(textpage, i),
            )
        )
        i = j
    return words
