"""The one exception every reader raises, so a batch can record a reason and go on."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that could not be read, with a one-line reason a user can act on."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(self.reason)

    def __str__(self) -> str:
        return self.reason
