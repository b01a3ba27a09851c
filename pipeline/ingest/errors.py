"""The one exception every reader raises, so a batch can record a reason and go on."""

from __future__ import annotations

import os
from pathlib import Path


class IngestError(Exception):
    """A file that could not be read, with a one-line reason a user can act on."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(self.reason)

    def __str__(self) -> str:
        return self.reason


NAME_NOT_UTF8 = "file name is not valid UTF-8 (rename the file to read it)"


def undecodable_name(path: str | Path) -> str | None:
    """The path with its undecodable bytes escaped ("bad\\xff.txt") when its name is not
    valid UTF-8 (it cannot be stored or printed as it is), else None."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return None
