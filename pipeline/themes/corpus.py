"""Reading labelled sentence files (training corpus and gold sets) with clear errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core import THEMES


class CorpusError(ValueError):
    """A labelled file is missing or a line is malformed; the message names file and line."""


@dataclass
class Example:
    text: str
    themes: list[str]
    polarity: str | None
    document: str
    source: str | None
    raw: dict[str, Any]


def read_examples(path: Path) -> list[Example]:
    """All examples of one JSONL file, or of every *.jsonl file in a folder (sorted)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise CorpusError(f"{path}: no *.jsonl files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise CorpusError(f"{path}: no such file or folder")
    examples: list[Example] = []
    for file in files:
        examples.extend(_read_file(file))
    return examples


def _read_file(file: Path) -> list[Example]:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"{file}: cannot read ({error})") from error
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CorpusError(f"{where}: not valid JSON ({error.msg})") from error
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise CorpusError(f'{where}: expected an object with a "text" string')
        themes = row.get("themes", [])
        if not isinstance(themes, list) or any(t not in THEMES for t in themes):
            raise CorpusError(f"{where}: themes must be a list drawn from {', '.join(THEMES)}")
        polarity = row.get("polarity")
        if polarity not in (None, "negative", "positive", "neutral"):
            raise CorpusError(f"{where}: polarity must be negative, positive, neutral or null")
        # one page's sentences form one group in cross-validation: its id, else its source page
        document = str(row.get("document") or row.get("source") or f"{file.stem}:{number}")
        out.append(Example(row["text"], themes, polarity, document, row.get("source"), row))
    return out
