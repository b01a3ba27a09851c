"""Output larger than one database: partitioned Parquet that DuckDB, Dask or Spark read.

`--out parquet://DIR` writes one folder per table (`DIR/quotes/part-….parquet`, …), a
part per table every `FLUSH_EVERY` documents. Every row carries its document's `path`
and `sha256`, the join key. The documents part is written last, after its siblings: it
is what marks a part complete, so a run killed mid-write leaves parts without one, which
the next run deletes before it goes on. A changed file processed again adds a new version
of its rows (keep, per path, the rows of the documents row with the latest `processed_at`).

    duckdb -c "SELECT speaker, count(*) FROM 'DIR/quotes/*.parquet' GROUP BY 1"
    dask.dataframe.read_parquet("DIR/quotes/")
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.core import Analysis

PREFIX = "parquet://"
FLUSH_EVERY = 1_000  # documents per part
TABLES = ("sentences", "entities", "persons", "quotes", "findings", "documents")  # documents last


def parquet_dir(out: str) -> Path | None:
    """The folder of a `parquet://DIR` output, None for anything else."""
    return Path(out[len(PREFIX) :]) if out.startswith(PREFIX) else None


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    strings = pa.list_(pa.string())
    key = [("path", s), ("sha256", s)]
    return {
        "documents": pa.schema(
            [
                *key,
                ("status", s),
                ("error", s),
                ("kind", s),
                ("title", s),
                ("date", s),
                ("municipality", s),
                ("outlet", s),
                ("url", s),
                ("authors", strings),
                ("page_count", i),
                ("words", i),
                ("text", s),
                ("processed_at", s),
            ]
        ),
        "sentences": pa.schema(
            [*key, ("seq", i), ("text", s), ("start", i), ("end", i), ("page", i), ("section", s)]
        ),
        "entities": pa.schema([*key, ("text", s), ("label", s), ("start", i), ("end", i)]),
        "persons": pa.schema(
            [
                *key,
                ("name", s),
                ("kind", s),
                ("aliases", strings),
                ("roles", strings),
                ("party", s),
                ("gender", s),
                ("municipality", s),
            ]
        ),
        "quotes": pa.schema(
            [
                *key,
                ("text", s),
                ("speaker", s),
                ("start", i),
                ("end", i),
                ("kind", s),
                ("cue", s),
                ("mention", s),
                ("mention_type", s),
                ("confidence", f),
                ("page", i),
                ("date", s),
            ]
        ),
        "findings": pa.schema(
            [
                *key,
                ("text", s),
                ("start", i),
                ("end", i),
                ("page", i),
                ("section", s),
                ("polarity", s),
                ("themes", strings),
                ("evidence", s),
            ]
        ),
    }


class ParquetStore:
    """The one writer's other target: what `Store` offers a batch, written as Parquet parts."""

    def __init__(self, folder: str | Path) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError as err:
            raise ValueError(
                "--out parquet:// needs pyarrow: pip install 'dapipe[parquet]'"
            ) from err
        self.folder = Path(folder)
        self.schemas = _schemas()
        for table in TABLES:
            (self.folder / table).mkdir(parents=True, exist_ok=True)
        self._drop_incomplete()
        self._state = self._read_state()
        self._rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._pending_documents = 0

    # the Store interface a batch uses ---------------------------------------------------

    def __enter__(self) -> ParquetStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def is_current(self, path: str, sha256: str) -> bool:
        return self._state.get(path) == (sha256, "ok")

    def save_many(self, analyses: Iterable[Analysis], prepared: object = None) -> list[int]:
        for analysis in analyses:
            self._add(analysis)
        return []

    def save(self, analysis: Analysis) -> int:
        self._add(analysis)
        return 0

    def record_failure(self, path: str, sha256: str, reason: str) -> None:
        self._rows["documents"].append(
            {
                "path": path,
                "sha256": sha256,
                "status": "failed",
                "error": reason,
                "processed_at": _now(),
            }
        )
        self._state[path] = (sha256, "failed")
        self._count()

    def optimize(self, full: bool = True) -> None:
        self.flush()

    def close(self) -> None:
        self.flush()

    # ------------------------------------------------------------------------------------

    def _add(self, analysis: Analysis) -> None:
        doc = analysis.document
        key = {"path": doc.path, "sha256": doc.sha256}
        rows = self._rows
        rows["documents"].append(
            {
                **key,
                "status": "ok",
                "kind": doc.kind,
                "title": doc.title,
                "date": doc.date,
                "municipality": doc.municipality,
                "outlet": doc.outlet,
                "url": doc.url,
                "authors": list(doc.authors),
                "page_count": doc.page_count,
                "words": len(doc.text.split()),
                "text": doc.text,
                "processed_at": _now(),
            }
        )
        rows["sentences"].extend(
            {
                **key,
                "seq": k,
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "page": s.page,
                "section": s.section,
            }
            for k, s in enumerate(analysis.sentences)
        )
        rows["entities"].extend(
            {**key, "text": e.text, "label": e.label, "start": e.start, "end": e.end}
            for e in analysis.entities
        )
        rows["persons"].extend(
            {
                **key,
                "name": p.name,
                "kind": p.kind,
                "aliases": list(p.aliases),
                "roles": list(p.roles),
                "party": p.party,
                "gender": p.gender,
                "municipality": p.municipality or doc.municipality,
            }
            for p in analysis.persons
        )
        rows["quotes"].extend(
            {
                **key,
                "text": q.text,
                "speaker": q.speaker,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "cue": q.cue,
                "mention": q.mention,
                "mention_type": q.mention_type,
                "confidence": q.confidence,
                "page": doc.page_at(q.start),
                "date": doc.date,
            }
            for q in analysis.quotes
        )
        rows["findings"].extend(
            {
                **key,
                "text": f.text,
                "start": f.start,
                "end": f.end,
                "page": f.page,
                "section": f.section,
                "polarity": f.polarity,
                "themes": list(f.themes),
                "evidence": json.dumps(f.evidence, ensure_ascii=False),
            }
            for f in analysis.findings
        )
        self._state[doc.path] = (doc.sha256, "ok")
        self._count()

    def _count(self) -> None:
        self._pending_documents += 1
        if self._pending_documents >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the rows gathered as one part per table, the documents part last."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._rows["documents"]:
            return
        name = f"part-{time.time_ns():020d}-{os.getpid()}.parquet"
        for table in TABLES:
            data = pa.Table.from_pylist(self._rows[table], schema=self.schemas[table])
            final = self.folder / table / name
            temporary = final.with_suffix(".tmp")
            pq.write_table(data, temporary)
            os.replace(temporary, final)
            self._rows[table] = []
        self._pending_documents = 0

    def _drop_incomplete(self) -> None:
        """Delete parts a killed run left without their documents part, and temporary files."""
        complete = {p.name for p in (self.folder / "documents").glob("part-*.parquet")}
        for table in TABLES:
            for part in (self.folder / table).iterdir():
                if part.suffix == ".tmp" or (
                    part.suffix == ".parquet" and part.name not in complete
                ):
                    part.unlink()

    def _read_state(self) -> dict[str, tuple[str, str]]:
        import pyarrow.parquet as pq

        state: dict[str, tuple[str, str]] = {}
        for part in sorted((self.folder / "documents").glob("part-*.parquet")):
            data = pq.read_table(part, columns=["path", "sha256", "status"]).to_pylist()
            for row in data:
                state[row["path"]] = (row["sha256"], row["status"])
        return state


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
