"""dapipe: Danish reports and news into a searchable database of entities, quotes and findings.

The Python API mirrors the command line:

    >>> import pipeline
    >>> result = pipeline.analyze("corpora/news/some-article.txt")   # doctest: +SKIP
    >>> result.to_json()["quotes"][0]["speaker"]                       # doctest: +SKIP
    >>> pipeline.process(["corpora/"], db="dapipe.sqlite")             # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.batch import BatchReport
    from pipeline.core import Analysis

__version__ = "0.1.0"
__all__ = ["analyze", "process"]


def analyze(path: str | Path, model: str = "embedded") -> Analysis:
    """Extract and analyse one file without a database."""
    from pipeline.analysis import analyze_document, build_pipeline
    from pipeline.ingest import extract

    return analyze_document(extract(path), build_pipeline(model))


def process(paths: Any, db: str | Path = "dapipe.sqlite", **options: Any) -> BatchReport:
    """Process files/folders into the database (see `pipeline.batch.process`)."""
    from pipeline.batch import process as run

    if isinstance(paths, str | Path):
        paths = [paths]
    return run(paths, db=db, **options)
