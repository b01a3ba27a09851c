"""Words with position, size and weight from one PDF page, through pdfium's text layer.

pdfium already decides where spaces and line breaks fall; we ask it for each word's box,
baseline, font size and weight only at the word's first and last character, which keeps
the per-page cost to a few hundred native calls (pdfminer-based pdfplumber parses every
glyph in Python and is ~10x slower; it is kept only for ruled tables, see pdf.py).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_WHITESPACE = frozenset(" \t\r\n\x00\uffff")
# pdfium reports a hyphen at a line end as U+FFFE (or 0x02); it is a printed hyphen.
# pdfium reports a hyphen at a line end as U+FFFE (or 0x02); a soft hyphen that ends a
# word was printed as a hyphen too. Word spans end at these, so only the last char is checked.
_END_HYPHEN_MARKS = frozenset("\ufffe\x02\u00ad")


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


# FPDFText_GetTextObject with a plain integer result (the object's address), so it can be
# a cache key without a ctypes.cast per call.
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
)


class _FontCache:
    """Text object -> (font size, bold?): fonts are looked up once per text object.

    pdfium groups characters drawn by one text-showing operator into one page object;
    keying by that object's address turns per-word font queries into per-run queries.
    """

    def __init__(self, textpage_raw: object, textpage_address: int | None) -> None:
        self._tp = textpage_raw
        self._address = textpage_address
        self._buf = ctypes.create_string_buffer(256)
        self._flags = ctypes.c_int()
        self._cache: dict[int | None, tuple[float, bool]] = {}
        self._matrix = pdfium_c.FS_MATRIX()
        self._matrix_ref = ctypes.byref(self._matrix)

    def style(self, index: int) -> tuple[float, bool]:
        key = _text_object_address(self._address, index)
        found = self._cache.get(key) if key else None
        if found is None:
            size = pdfium_c.FPDFText_GetFontSize(self._tp, index)
            # The size is in text space; a producer that scales the page (Chromium draws in
            # CSS pixels under a 0.75 matrix) sets text larger than it prints.
            if pdfium_c.FPDFText_GetMatrix(self._tp, index, self._matrix_ref):
                m = self._matrix
                size *= abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
            size = round(size, 1) or 1.0
            found = (size, self._bold(index))
            if key:
                self._cache[key] = found
        return found

    def _bold(self, index: int) -> bool:
        weight = pdfium_c.FPDFText_GetFontWeight(self._tp, index)
        if weight >= 600:
            return True
        n = pdfium_c.FPDFText_GetFontInfo(
            self._tp, index, self._buf, 256, ctypes.byref(self._flags)
        )
        if n <= 0:
            return False
        name = self._buf.raw[: max(0, n - 1)].decode("latin-1", "replace").lower()
        # FXFONT_FORCE_BOLD = 0x40000 in the PDF font flags.
        return any(tag in name for tag in _BOLD_NAMES) or bool(self._flags.value & 0x40000)


# A word: a run of non-space characters, ending after pdfium's line-end hyphen if any.
_WORD_RE = re.compile("[^ \t\r\n\x00\uffff\ufffe\x02]*[\ufffe\x02]|[^ \t\r\n\x00\uffff\ufffe\x02]+")


def page_words(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Word]:
    """All words on a page (text split on pdfium's spaces and line breaks)."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    tp = textpage.raw
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    if len(text) != count:  # surrogate pairs or odd mapping: fall back to char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i) or 32) for i in range(count))
    height = page.get_height()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    b_left, b_right, b_bottom, b_top = (ctypes.byref(v) for v in (left, right, bottom, top))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    b_ox, b_oy = ctypes.byref(ox), ctypes.byref(oy)
    fonts = _FontCache(tp, tp_address)
    get_box = pdfium_c.FPDFText_GetCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_size = pdfium_c.FPDFText_GetFontSize
    words: list[Word] = []
    append = words.append
    for m in _WORD_RE.finditer(text):
        i, j = m.span()
        size, bold = fonts.style(i)
        last = j - 1
        # Drop trailing superscript footnote markers ("fristen¹" printed as a small raised "1").
        while last > i and text[last].isdigit() and get_size(tp, last) < size * 0.8:
            last -= 1
        get_origin(tp, i, b_ox, b_oy)
        get_box(tp, j - 1, b_left, b_right, b_bottom, b_top)  # markers included: real gap
        x0 = ox.value
        base = height - oy.value
        word = text[i : last + 1]
        append(
            Word(
                word if word[-1] not in _END_HYPHEN_MARKS else word[:-1] + "-",
                x0,
                right.value if right.value > x0 else x0,
                base - size * 0.8,
                base + size * 0.2,
                base,
                size,
                bold,
            )
        )
    return words
