"""The web app: server-rendered pages and a JSON/CSV API over one dapipe database.

Routes follow ../shared/contract.md ("Web app"); every page's URL encodes its
query, every list downloads as CSV and JSON (`/api/...`, `format=csv`), and
lists page by keyset cursors (`after=`). The app opens the database read-only
and imports the store and core only: never spaCy or a model.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.core import THEMES
from pipeline.store.connection import connect_reader
from pipeline.store.queries import list_persons, stats, theme_summary
from pipeline.web import labels
from pipeline.web import queries as wq
from pipeline.web.render import bar_chart, document_html, highlighted, trend_module, url

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The original files are served under a stricter policy: nothing in them may run.
FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
API_PAGE = 100  # the CLI's default --limit
QUOTE_COLUMNS = [
    "date",
    "speaker",
    "quote",
    "document",
    "title",
    "page",
    "kind",
    "mention",
    "mention_type",
    "party",
    "roles",
    "person_id",
    "document_id",
    "id",
]
FINDING_COLUMNS = [
    "date",
    "municipality",
    "text",
    "themes",
    "polarity",
    "document",
    "title",
    "page",
    "id",
]


def short_path(path: str) -> str:
    """A document path as the CLI shows it: relative to the working folder when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c)
            if isinstance(value, list | tuple):
                value = ";".join(str(v) for v in value)
            cells.append("" if value is None else value)
        writer.writerow(cells)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _download(
    request: Request,
    rows: list[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    name: str,
    cursor: str | None = None,
) -> Response:
    """A list as JSON (default) or CSV; the next page's URL in a Link header."""
    response = (
        _csv(rows, columns, name)
        if fmt == "csv"
        else JSONResponse(rows, headers={"Content-Disposition": f'inline; filename="{name}.json"'})
    )
    if cursor:
        params = dict(request.query_params)
        params["after"] = cursor
        response.headers["Link"] = f'<{url(request.url.path, **params)}>; rel="next"'
    return response


class Readers:
    """One read-only connection per worker thread (sqlite3 connections stay in their thread)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._local = threading.local()
        connect_reader(db).close()  # fail at start, not at the first request

    @contextmanager
    def conn(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_reader(self.db)
            self._local.conn = conn
        yield conn


def create_app(db: str | Path) -> FastAPI:
    """The app over the database at `db` (which must exist: `dapipe process` makes it)."""
    readers = Readers(Path(db))
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.globals.update(
        url=url,
        theme_label=labels.theme_label,
        labels=labels,
        highlighted=highlighted,
        short_path=short_path,
        THEMES=THEMES,
    )
    app = FastAPI(
        title="dapipe",
        description="Citater, personer, dokumenter og fund fra danske rapporter og nyheder.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads from a CDN; /api/docs renders the schema itself
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Any:
        started = time.perf_counter()
        response = await call_next(request)
        # the handler's own time (benchmarks/web_latency.py reads it)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(request=request, **context)
        return HTMLResponse(html, status_code=status)

    def next_url(request: Request, cursor: str | None) -> str | None:
        if not cursor:
            return None
        return url(request.url.path, **{**dict(request.query_params), "after": cursor})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page(request, "error.html", exc.status_code, message=exc.detail)

    def bad_request(err: ValueError) -> HTTPException:
        return HTTPException(400, str(err))

    # --- quotes ---------------------------------------------------------------------------

    def quote_search(
        person: str | None,
        q: str | None,
        person_id: int | None,
        filters: wq.QuoteFilters,
        after: str | None,
        limit: int,
    ) -> wq.QuotePage:
        with readers.conn() as conn:
            try:
                result = wq.search_quote_page(
                    conn, person, q, person_id, filters, after=after, limit=limit
                )
            except ValueError as err:
                raise bad_request(err) from err
        for row in result.rows:
            row["document"] = short_path(row["document"])
        return result

    def filters_of(
        since: str | None,
        until: str | None,
        municipality: str | None,
        kind: str | None,
        mention_type: str | None,
        document: int | None,
    ) -> wq.QuoteFilters:
        return wq.QuoteFilters(
            since or None, until or None, municipality or None, kind or None,
            mention_type or None, document,
        )  # fmt: skip

    @app.get("/", response_class=HTMLResponse, summary="Søgesiden")
    def index(request: Request) -> HTMLResponse:
        with readers.conn() as conn:
            top = list_persons(conn, limit=12)
            totals = stats(conn)
            places = wq.municipalities(conn)
        return page(request, "index.html", top=top, totals=totals, places=places, f={})

    @app.get("/quotes", response_class=HTMLResponse, summary="Citater (HTML)")
    def quotes_page(
        request: Request,
        person: str | None = None,
        q: str | None = None,
        person_id: int | None = None,
        since: str | None = None,
        until: str | None = None,
        municipality: str | None = None,
        kind: str | None = None,
        mention_type: str | None = None,
        document: int | None = None,
        after: str | None = None,
        limit: int = Query(wq.PAGE_SIZE, ge=1, le=wq.MAX_PAGE),
    ) -> HTMLResponse:
        filters = filters_of(since, until, municipality, kind, mention_type, document)
        result = quote_search(person, q, person_id, filters, after, limit)
        with readers.conn() as conn:
            places = wq.municipalities(conn)
        params = dict(request.query_params)
        params.pop("after", None)
        return page(
            request,
            "quotes.html",
            result=result,
            f=params,
            places=places,
            next=next_url(request, result.next_cursor),
            json_url=url("/api/quotes", **params),
            csv_url=url("/api/quotes", **params, format="csv"),
        )

    @app.get("/api/quotes", summary="Citater som JSON eller CSV (som `dapipe quotes`)")
    def api_quotes(
        request: Request,
        person: str | None = None,
        q: str | None = None,
        person_id: int | None = None,
        since: str | None = None,
        until: str | None = None,
        municipality: str | None = None,
        kind: str | None = None,
        mention_type: str | None = None,
        document: int | None = None,
        after: str | None = None,
        limit: int = Query(API_PAGE, ge=1, le=wq.MAX_PAGE),
        format: str = Query("json", pattern="^(json|csv)$"),
    ) -> Response:
        filters = filters_of(since, until, municipality, kind, mention_type, document)
        result = quote_search(person, q, person_id, filters, after, limit)
        for row in result.rows:  # the match as safe HTML: escaped text, <mark> around hits
            if "matches" in row:
                row["highlight_html"] = str(highlighted(row["quote"], row["matches"]))
        return _download(request, result.rows, format, QUOTE_COLUMNS, "citater", result.next_cursor)

    @app.get("/api/persons/suggest", summary="Personer til autoudfyldning")
    def api_suggest(q: str = "", limit: int = Query(10, ge=1, le=50)) -> list[dict[str, Any]]:
        with readers.conn() as conn:
            return wq.suggest_persons(conn, q, limit)

    # --- persons --------------------------------------------------------------------------

    @app.get("/persons", response_class=HTMLResponse, summary="Personer")
    def persons_page(request: Request, after: str | None = None) -> HTMLResponse:
        with readers.conn() as conn:
            try:
                rows, cursor = wq.list_persons_page(conn, after)
            except ValueError as err:
                raise bad_request(err) from err
        return page(request, "persons.html", rows=rows, next=next_url(request, cursor))

    @app.get("/api/persons", summary="Personer som JSON eller CSV")
    def api_persons(
        request: Request,
        after: str | None = None,
        limit: int = Query(API_PAGE, ge=1, le=wq.MAX_PAGE),
        format: str = Query("json", pattern="^(json|csv)$"),
    ) -> Response:
        with readers.conn() as conn:
            try:
                rows, cursor = wq.list_persons_page(conn, after, limit)
            except ValueError as err:
                raise bad_request(err) from err
        columns = ["id", "name", "kind", "party", "municipality", "roles", "quotes", "documents"]
        return _download(request, rows, format, columns, "personer", cursor)

    def person_or_404(person_id: int) -> dict[str, Any]:
        with readers.conn() as conn:
            person = wq.person_detail(conn, person_id)
        if person is None:
            raise HTTPException(404, f"Ingen person med id {person_id}")
        return person

    @app.get("/persons/{person_id}", response_class=HTMLResponse, summary="En persons side")
    def person_page(request: Request, person_id: int, after: str | None = None) -> HTMLResponse:
        person = person_or_404(person_id)
        result = quote_search(None, None, person_id, wq.QuoteFilters(), after, wq.PAGE_SIZE)
        return page(
            request,
            "person.html",
            person=person,
            result=result,
            next=next_url(request, result.next_cursor),
        )

    @app.get("/api/persons/{person_id}", summary="En person som JSON")
    def api_person(person_id: int) -> dict[str, Any]:
        return person_or_404(person_id)

    # --- documents ------------------------------------------------------------------------

    @app.get("/documents", response_class=HTMLResponse, summary="Dokumenter")
    def documents_page(request: Request, after: str | None = None) -> HTMLResponse:
        with readers.conn() as conn:
            try:
                rows, cursor = wq.list_documents_page(conn, after)
            except ValueError as err:
                raise bad_request(err) from err
        return page(request, "documents.html", rows=rows, next=next_url(request, cursor))

    @app.get("/api/documents", summary="Dokumenter som JSON eller CSV")
    def api_documents(
        request: Request,
        after: str | None = None,
        limit: int = Query(API_PAGE, ge=1, le=wq.MAX_PAGE),
        format: str = Query("json", pattern="^(json|csv)$"),
    ) -> Response:
        with readers.conn() as conn:
            try:
                rows, cursor = wq.list_documents_page(conn, after, limit)
            except ValueError as err:
                raise bad_request(err) from err
        for row in rows:
            row["path"] = short_path(row["path"])
        columns = ["id", "path", "kind", "title", "date", "municipality", "page_count"]
        return _download(
            request, rows, format, [*columns, "quotes", "findings"], "dokumenter", cursor
        )

    def document_or_404(document_id: int) -> dict[str, Any]:
        with readers.conn() as conn:
            doc = wq.document_detail(conn, document_id)
        if doc is None:
            raise HTTPException(404, f"Intet dokument med id {document_id}")
        return doc

    @app.get("/documents/{document_id}", response_class=HTMLResponse, summary="Et dokument")
    def document_page(request: Request, document_id: int) -> HTMLResponse:
        doc = document_or_404(document_id)
        labels_used = sorted({e["label"] for e in doc["entities"]})
        has_file = Path(doc["path"]).is_file()
        is_pdf = doc["path"].lower().endswith(".pdf")
        file_url = f"/documents/{document_id}/file" if has_file and is_pdf else None
        return page(
            request,
            "document.html",
            doc=doc,
            body=document_html(doc, file_url),
            labels_used=labels_used,
            is_pdf=is_pdf,
            has_file=has_file,
        )

    @app.get("/api/documents/{document_id}", summary="Et dokument med tekst og markeringer")
    def api_document(document_id: int) -> dict[str, Any]:
        doc = document_or_404(document_id)
        doc["path"] = short_path(doc["path"])
        doc.pop("pages")
        return doc

    @app.get("/documents/{document_id}/file", summary="Den oprindelige fil")
    def document_file(document_id: int) -> Response:
        """Only the file a stored document was read from; PDFs inline, anything else downloads."""
        with readers.conn() as conn:
            row = conn.execute(
                "SELECT path FROM documents WHERE id = ? AND status = 'ok'", (document_id,)
            ).fetchone()
        path = Path(row["path"]) if row else None
        if path is None or not path.is_file():
            raise HTTPException(404, "Den oprindelige fil findes ikke længere")
        headers = {"Content-Security-Policy": FILE_CSP}
        if path.suffix.lower() == ".pdf":
            return FileResponse(path, media_type="application/pdf", headers=headers)
        return FileResponse(
            path,
            media_type="application/octet-stream",
            filename=path.name,
            headers=headers,
        )

    # --- themes ---------------------------------------------------------------------------

    def summary(by: str, theme: str | None) -> list[dict[str, Any]]:
        if by not in ("municipality", "year"):
            raise HTTPException(400, "by skal være municipality eller year")
        if theme and theme not in THEMES:
            raise HTTPException(400, f"ukendt tema {theme!r}: {', '.join(THEMES)}")
        with readers.conn() as conn:
            rows = theme_summary(conn, by=by)
        return [r for r in rows if not theme or r["theme"] == theme]

    def trends() -> list[Any]:
        trend = trend_module()
        with readers.conn() as conn:
            rows = wq.report_findings(conn, documents=wq.first_and_last_reports(conn))
        records = [
            trend.FindingRecord(
                r["document"], r["municipality"], r["date"], tuple(r["themes"]), r["polarity"]
            )
            for r in rows
        ]
        titles = {r["document"]: (r["title"] or short_path(r["document"])) for r in rows}
        out = []
        for t in trend.theme_trends(records):
            out.append(
                {**vars(t), "earlier_title": titles[t.earlier], "later_title": titles[t.later]}
            )
        return out

    @app.get("/themes", response_class=HTMLResponse, summary="Temaoversigten")
    def themes_page(
        request: Request, by: str = "municipality", theme: str | None = None
    ) -> HTMLResponse:
        rows = summary(by, theme or None)
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[row[by]].append(row)
        charts = [
            (g, bar_chart(rs, by, g), sum(r["total"] for r in rs)) for g, rs in groups.items()
        ]
        with readers.conn() as conn:
            places = wq.municipalities(conn)
        return page(
            request,
            "themes.html",
            by=by,
            theme=theme or "",
            charts=charts,
            trends=[t for t in trends() if not theme or t["theme"] == theme],
            places=places,
            json_url=url("/api/themes", by=by, theme=theme),
            csv_url=url("/api/themes", by=by, theme=theme, format="csv"),
        )

    @app.get("/api/themes", summary="Fund talt pr. tema og retning")
    def api_themes(
        request: Request,
        by: str = "municipality",
        theme: str | None = None,
        format: str = Query("json", pattern="^(json|csv)$"),
    ) -> Response:
        rows = summary(by, theme or None)
        columns = [by, "theme", "negative", "positive", "neutral", "total"]
        return _download(request, rows, format, columns, "temaer")

    @app.get("/api/themes/trends", summary="Første mod sidste rapport pr. kommune og tema")
    def api_trends(
        request: Request, format: str = Query("json", pattern="^(json|csv)$")
    ) -> Response:
        rows = trends()
        columns = ["municipality", "theme", "earlier", "later", "verdict"]
        return _download(request, rows, format, columns, "udvikling")

    def finding_filters(
        theme: str | None,
        polarity: str | None,
        municipality: str | None,
        year: str | None,
        kind: str | None,
        document: int | None,
    ) -> wq.FindingFilters:
        return wq.FindingFilters(
            theme or None, polarity or None, municipality or None, year or None, kind or None,
            document,
        )  # fmt: skip

    @app.get("/findings", response_class=HTMLResponse, summary="Fund (sætningerne bag tallene)")
    def findings_html(
        request: Request,
        theme: str | None = None,
        polarity: str | None = None,
        municipality: str | None = None,
        year: str | None = None,
        kind: str | None = None,
        document: int | None = None,
        after: str | None = None,
    ) -> HTMLResponse:
        filters = finding_filters(theme, polarity, municipality, year, kind, document)
        with readers.conn() as conn:
            try:
                rows, cursor = wq.findings_page(conn, filters, after)
            except ValueError as err:
                raise bad_request(err) from err
        params = dict(request.query_params)
        params.pop("after", None)
        return page(
            request,
            "findings.html",
            rows=rows,
            f=params,
            next=next_url(request, cursor),
            json_url=url("/api/findings", **params),
            csv_url=url("/api/findings", **params, format="csv"),
        )

    @app.get("/api/findings", summary="Fund som JSON eller CSV")
    def api_findings(
        request: Request,
        theme: str | None = None,
        polarity: str | None = None,
        municipality: str | None = None,
        year: str | None = None,
        kind: str | None = None,
        document: int | None = None,
        after: str | None = None,
        limit: int = Query(API_PAGE, ge=1, le=wq.MAX_PAGE),
        format: str = Query("json", pattern="^(json|csv)$"),
    ) -> Response:
        filters = finding_filters(theme, polarity, municipality, year, kind, document)
        with readers.conn() as conn:
            try:
                rows, cursor = wq.findings_page(conn, filters, after, limit)
            except ValueError as err:
                raise bad_request(err) from err
        for row in rows:
            row["document"] = short_path(row["document"])
        return _download(request, rows, format, FINDING_COLUMNS, "fund", cursor)

    def claims_data(municipality: str, theme: str) -> dict[str, Any]:
        if theme not in THEMES:
            raise HTTPException(400, f"ukendt tema {theme!r}: {', '.join(THEMES)}")
        with readers.conn() as conn:
            findings = wq.report_findings(conn, municipality, theme)
            quotes = wq.theme_quotes(conn, municipality, theme)
        for row in [*findings, *quotes]:
            row["document"] = short_path(row["document"])
        return {
            "municipality": municipality,
            "theme": theme,
            "findings": findings,
            "quotes": quotes,
        }

    @app.get("/claims", response_class=HTMLResponse, summary="Rapporternes fund mod citaterne")
    def claims_page(request: Request, municipality: str = "", theme: str = "") -> HTMLResponse:
        data = claims_data(municipality, theme) if municipality and theme else None
        with readers.conn() as conn:
            places = wq.municipalities(conn)
        params = {"municipality": municipality, "theme": theme}
        return page(
            request,
            "claims.html",
            data=data,
            f=params,
            places=places,
            json_url=url("/api/claims", **params),
            csv_url=url("/api/claims", **params, format="csv"),
        )

    @app.get("/api/claims", summary="Rapporternes fund og citaterne om et tema i en kommune")
    def api_claims(
        request: Request,
        municipality: str,
        theme: str,
        format: str = Query("json", pattern="^(json|csv)$"),
    ) -> Response:
        data = claims_data(municipality, theme)
        if format == "csv":
            rows = [{"source": "report", **r} for r in data["findings"]] + [
                {"source": "quote", "text": r["quote"], **r} for r in data["quotes"]
            ]
            columns = ["source", "date", "text", "speaker", "polarity", "document", "page"]
            return _csv(rows, columns, "fund-og-citater")
        return JSONResponse(data)

    # --- the API's own page ---------------------------------------------------------------

    @app.get("/api/docs", response_class=HTMLResponse, summary="API-beskrivelsen")
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "api.html", schema=app.openapi())

    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app on uvicorn (blocking); Ctrl-C stops it."""
    import uvicorn

    app = create_app(db)
    print(f"dapipe: serving {short_path(str(db))} on http://{host}:{port}/", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


__all__ = ["create_app", "serve"]
