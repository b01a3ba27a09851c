"""Reading and writing the two-column CoNLL NER format (token <TAB> IOB2 tag)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ConllFormatError(ValueError):
    """A CoNLL file that is not token<TAB>tag lines with blank lines between sentences."""


@dataclass
class Sentence:
    words: list[str]
    tags: list[str]


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL NER file; a clear error names the file and line when malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConllFormatError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConllFormatError(f"cannot read {path}: not UTF-8 text") from None
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if words:
                sentences.append(Sentence(words, tags))
                words, tags = [], []
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            parts = line.split()
        if len(parts) < 2:
            raise ConllFormatError(f"{path}:{lineno}: expected 'token<TAB>tag', got {line!r}")
        tag = parts[1].strip()
        if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
            raise ConllFormatError(f"{path}:{lineno}: {tag!r} is not an IOB2 tag")
        words.append(parts[0])
        tags.append(tag)
    if words:
        sentences.append(Sentence(words, tags))
    return sentences


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans of an IOB2 sequence; a stray I- starts a new span."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if label:
                spans.append((start, i, label))
            start, label = (i, tag[2:]) if tag != "O" else (-1, "")
    return spans


def tags_from_spans(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for n tokens from (start, end, label) spans."""
    tags = ["O"] * n
    for start, end, label in spans:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags
