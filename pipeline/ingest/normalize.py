"""Text clean-up shared by every reader: one place that decides what a clean character is.

Kept free of I/O so it can be fuzz-tested: ligatures and soft hyphens from PDFs, odd spaces
from HTML, and the rule for joining a word hyphenated across a line break while keeping
real hyphens ("IT-system", "20-30") and suspended ones ("børne- og ungeudvalget").
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
SOFT_HYPHEN = "\u00ad"
# Characters that only ever mean "a space" in running text.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Characters that carry nothing: zero-width marks, BOM, pdfium's control markers.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_LIGATURE_RE = re.compile("[" + "".join(LIGATURES) + "]")
_MULTI_SPACE = re.compile(r" {2,}")
_NEEDS_WORK = re.compile(
    "["
    + "".join(LIGATURES)
    + SOFT_HYPHEN
    + "\r\u2028\u2029]|"
    + _SPACES.pattern
    + "|"
    + _INVISIBLE.pattern
)

# Words after which a line-final hyphen is a suspended hyphen ("børne- og ungeudvalget").
SUSPENSION_WORDS = frozenset({"og", "eller", "samt", "til", "som", "end", "and", "or", "&"})
_HYPHENS = "-\u2010\u2011"


def normalize_chars(text: str) -> str:
    """NFC, ligatures expanded, soft hyphens and invisible marks dropped, odd spaces made plain.

    Newlines are kept; use `normalize_inline` for text that must be one line.
    """
    if not text:
        return ""
    if not _NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text):
        return text  # the common case for PDF lines: nothing to do
    text = unicodedata.normalize("NFC", text)
    text = _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text)
    text = text.replace(SOFT_HYPHEN, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def normalize_inline(text: str) -> str:
    """`normalize_chars`, then all whitespace (newlines too) collapsed to single spaces."""
    text = normalize_chars(text)
    if "\n" in text:
        text = text.replace("\n", " ")
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def _is_line_hyphen(line: str) -> bool:
    """True when a line ends in a hyphen that directly follows a letter or digit."""
    return len(line) >= 2 and line[-1] in _HYPHENS and line[-2].isalnum()


def join_hyphenated(left: str, right: str) -> str:
    """Join two consecutive lines of one paragraph, undoing hyphenation at the break.

    - "sagsbe-" + "handlingen" -> "sagsbehandlingen" (line-break hyphen removed)
    - "børne-" + "og ungeudvalget" -> "børne- og ungeudvalget" (suspended hyphen kept)
    - "IT-" + "systemet", "20-" + "30 sager" -> hyphen kept, no space (real hyphen)
    - otherwise the lines are joined with one space.
    """
    left = left.strip()
    right = right.strip()
    if not left:
        return right
    if not right:
        return left
    if not _is_line_hyphen(left):
        return f"{left} {right}"
    first_word = right.split(" ", 1)[0]
    first_bare = first_word.rstrip(".,;:!?)").lower()
    if first_bare in SUSPENSION_WORDS:
        return f"{left} {right}"
    stem = re.split(r"[\s/(]", left[:-1])[-1]
    if not right[0].isalpha() or not right[0].islower():
        return left + right  # "20-" + "30", "Task-" + "Force": keep the hyphen
    if stem and (stem.isupper() or stem[-1].isdigit() or "-" in stem):
        return left + right  # "IT-" + "system", "§ 50-" + "undersøgelsen"
    return left[:-1] + right


def join_lines(lines: list[str]) -> str:
    """One paragraph from its printed lines: de-hyphenated, single-spaced, normalised."""
    text = ""
    for line in lines:
        line = normalize_inline(line)
        if not line:
            continue
        text = join_hyphenated(text, line) if text else line
    return text
