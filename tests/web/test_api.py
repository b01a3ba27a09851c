"""The web app's routes through FastAPI's test client, over a database built by the pipeline."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.cli import main
from pipeline.paths import REPO_ROOT
from pipeline.web import create_app
from pipeline.web.render import highlighted


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db))


def _person_id(client: TestClient, name: str) -> int:
    hits = client.get("/api/persons/suggest", params={"q": name}).json()
    assert hits, name
    return int(hits[0]["id"])


def _doc_id(client: TestClient, stem: str) -> int:
    docs = client.get("/api/documents").json()
    return next(d["id"] for d in docs if Path(d["path"]).stem == stem)


def test_api_quotes_is_the_cli_json(client, web_db, capsys, monkeypatch):
    monkeypatch.chdir(web_db.parent)  # the CLI and the app show paths relative to here
    cases = [("Søren Kjærgaard", None), (None, "sagsbehandlingstid"), (None, None)]
    cases += [("Søren Kjærgaard", "kritikken"), ("Kjærgaard", "penge*")]
    cases += [("Sorø", None), ("Sorø", "ikke")]  # a name of several persons: grouped by person
    for person, text in cases:
        argv = ["quotes", "--db", str(web_db), "--format", "json"]
        argv += ["--person", person] if person else []
        argv += ["--text", text] if text else []
        assert main(argv) == 0
        cli = json.loads(capsys.readouterr().out)
        params = {k: v for k, v in {"person": person, "q": text}.items() if v}
        web = client.get("/api/quotes", params=params).json()
        assert cli, (person, text)
        assert [(r["quote"], r["speaker"], r["document"], r["date"]) for r in web] == [
            (r["quote"], r["speaker"], r["document"], r["date"]) for r in cli
        ]
        # every field of the CLI's rows, the same (the API adds a few of its own)
        assert [{k: w.get(k) for k in c} for w, c in zip(web, cli, strict=True)] == cli
        assert all(("matches" in r) == bool(text) for r in web)
    for person in ("Henrik Nielsen", "Søren Kjærgard"):  # nobody of that name: both give none
        assert main(["quotes", "--db", str(web_db), "--format", "json", "--person", person]) == 0
        assert json.loads(capsys.readouterr().out) == []
        assert client.get("/api/quotes", params={"person": person}).json() == []


def test_person_search_with_and_without_danish_letters(client):
    def quotes(name):
        return [r["quote"] for r in client.get("/api/quotes", params={"person": name}).json()]

    soren = quotes("Søren Kjærgaard")
    assert len(soren) == 2
    assert all(
        "Kjærgaard" in r["speaker"] for r in client.get("/api/quotes?person=Kjærgaard").json()
    )
    assert quotes("Soren Kjaergaard") == soren
    assert quotes("Kjaergaard") == soren
    assert quotes("borgmester Søren Kjærgaard") == soren
    assert any("fristerne" in q for q in quotes("Ase Molgaard"))
    assert quotes("Henrik Nielsen") == []  # nobody of that name: nothing, not a guess
    words = client.get("/api/quotes", params={"person": "Kjærgaard", "q": "fristerne"}).json()
    assert words == []  # Åse Mølgaard said it, not he


def test_autocomplete_folds_danish_letters(client):
    def names(typed):
        return [p["name"] for p in client.get("/api/persons/suggest", params={"q": typed}).json()]

    assert "Søren Kjærgaard" in names("Soren")
    assert "Søren Kjærgaard" in names("sø")
    assert "Søren Kjærgaard" in names("Søren Kjær")
    assert "Åse Mølgaard" in names("aase")
    assert "Jørgen Ølgod" in names("Olg")
    assert names("Søren Ølgod") == []  # both words must fit one person
    assert names("zzq") == []


def test_text_search_highlights_escaped(client):
    rows = client.get("/api/quotes", params={"q": "sagsbehandlingstid"}).json()
    assert rows and all("<mark>" in r["highlight_html"] for r in rows)
    for r in rows:  # the spans are the matched words of the quote itself
        assert r["matches"] and all(
            r["quote"][a:b].lower().startswith("sagsbehandlingstid") for a, b in r["matches"]
        )
    alert = client.get("/api/quotes", params={"q": "alert"}).json()
    assert alert and all("<script>" not in r["highlight_html"] for r in alert)
    assert any("&lt;script&gt;<mark>alert</mark>" in r["highlight_html"] for r in alert)
    html = client.get("/quotes", params={"q": "sagsbehandlingstid"}).text
    assert "<mark>Sagsbehandlingstiden</mark>" in html
    hostile = client.get("/quotes", params={"q": "alert"}).text
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile
    assert "<mark>alert</mark>" in hostile
    assert client.get("/api/quotes", params={"q": "ingenlundeord"}).json() == []
    plain = client.get("/api/quotes", params={"person": "Tove Ærenlund"}).json()
    assert plain and all("matches" not in r and "highlight_html" not in r for r in plain)


def test_highlighted_escapes_and_marks_the_spans():
    text = "<b>Fristerne</b> & sagerne"
    html = str(highlighted(text, [[3, 12], (19, 26)]))
    assert html == "&lt;b&gt;<mark>Fristerne</mark>&lt;/b&gt; &amp; <mark>sagerne</mark>"
    assert str(highlighted(text, [])) == "&lt;b&gt;Fristerne&lt;/b&gt; &amp; sagerne"
    # spans that overlap an earlier one or reach past the text are left out, not mangled
    assert str(highlighted("ja nej", [(0, 2), (1, 4), (3, 99)])) == "<mark>ja</mark> nej"
    assert str(highlighted(None, [(0, 1)])) == ""


def test_a_name_of_several_persons_lists_them(client):
    html = client.get("/quotes", params={"person": "Sorø"}).text  # everyone of the municipality
    assert "passer på" in html
    links = re.findall(r'href="/quotes\?person_id=(\d+)"', html)
    assert len(links) >= 3
    # all their quotes, grouped by person in the order of the list, each one's newest first
    response = client.get("/api/quotes", params={"person": "Sorø"})
    assert response.status_code == 200
    rows = response.json()
    order = list(dict.fromkeys(r["person_id"] for r in rows))
    assert order == [int(i) for i in links if int(i) in order]
    assert len(order) >= 3
    for pid in order:
        dates = [r["date"] for r in rows if r["person_id"] == pid]
        assert dates == sorted(dates, reverse=True)
    assert html.count('class="result group-start"') == len(order) - 1
    assert "pr. person, nyeste først" in html
    speakers = {r["person_id"]: r["speaker"] for r in rows}
    assert {"Søren Kjærgaard", "Åse Mølgaard"} <= {s.split(" (")[0] for s in speakers.values()}
    soren = next(i for i, s in speakers.items() if s.startswith("Søren Kjærgaard"))
    picked = client.get("/api/quotes", params={"person_id": soren}).json()
    assert len(picked) == 2 and {r["person_id"] for r in picked} == {soren}
    assert [r for r in rows if r["person_id"] == soren] == picked
    one = client.get("/quotes", params={"person_id": soren}).text
    assert "passer på" not in one and "group-start" not in one
    assert client.get("/api/quotes", params={"person": "Sorø", "q": "ingenlundeord"}).json() == []


def test_a_name_of_nobody_suggests_near_names(client):
    html = client.get("/quotes", params={"person": "Søren Kjærgard", "q": "penge*"}).text
    assert "Ingen citater fundet" in html and "Mente du" in html
    suggested = re.findall(r'class="did-you-mean">.*?</p>', html, re.S)[0]
    assert "Søren Kjærgaard</a>" in suggested
    assert "person=S%C3%B8ren+Kj%C3%A6rgaard&amp;q=penge%2A" in suggested  # keeps the search
    far = client.get("/quotes", params={"person": "Henrik Nielsen"}).text
    assert "Ingen citater fundet" in far and "Mente du" not in far


def test_csv_download(client):
    response = client.get("/api/quotes", params={"person": "Søren Kjærgaard", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2
    assert {"quote", "speaker", "document", "date"} <= set(rows[0])
    assert rows[0]["date"] >= rows[1]["date"]  # newest first
    for path in ("/api/persons", "/api/documents", "/api/findings", "/api/themes"):
        text = client.get(path, params={"format": "csv"}).text
        assert len(text.splitlines()) > 1, path


def _follow(client: TestClient, url: str) -> list[dict]:
    """Every page of a list, by the Link headers."""
    rows: list[dict] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        rows += response.json()
        link = response.headers.get("link")
        url = re.match(r"<([^>]+)>", link).group(1) if link else ""
    return rows


@pytest.mark.parametrize(
    "query",
    ["", "q=sagsbehandlingstid", "q=er", "person=Søren Kjærgaard", "q=sag*", "person=Sorø"],
)
def test_keyset_pages_give_every_row_once(client, query):
    whole = client.get(f"/api/quotes?{query}&limit=1000").json()
    paged = _follow(client, f"/api/quotes?{query}&limit=1")
    assert [r["id"] for r in paged] == [r["id"] for r in whole]
    assert len(whole) >= 1


def test_keyset_pages_of_persons_documents_findings(client):
    for path in ("/api/persons", "/api/documents", "/api/findings"):
        whole = client.get(path, params={"limit": 1000}).json()
        assert len(whole) > 2
        assert _follow(client, f"{path}?limit=2") == whole


def test_filters(client):
    def quotes(**params):
        return client.get("/api/quotes", params=params).json()

    everything = quotes()
    assert {r["kind"] for r in everything} >= {"direct"}
    assert all(r["date"] >= "2022" for r in quotes(since="2022-01-01"))
    assert all(r["date"] <= "2021-12-31" for r in quotes(until="2021-12-31"))
    assert quotes(since="2022-01-01") and quotes(until="2021-12-31")
    assert quotes(since="2030-01-01") == []
    assert all(r["kind"] == "direct" for r in quotes(kind="direct"))
    assert all(r["mention_type"] == "name" for r in quotes(mention_type="name"))
    sager = _doc_id(client, "soroe-2021-sager")
    in_doc = quotes(document=sager)
    assert in_doc and all(r["document_id"] == sager for r in in_doc)
    assert quotes(municipality="Sorø") and quotes(municipality="Aabenraa") == []
    ranked = quotes(q="sagsbehandlingstid", kind="indirect")
    assert ranked and all(r["kind"] == "indirect" for r in ranked)


def test_person_page(client):
    pid = _person_id(client, "Søren Kjærgaard")
    html = client.get(f"/persons/{pid}").text
    assert "Søren Kjærgaard" in html and "(V)" in html
    assert "borgmester" in html
    assert "ældreplejen" in html and "socialrådgivere" in html
    assert html.index("ældreplejen") < html.index("socialrådgivere")  # newest first
    detail = client.get(f"/api/persons/{pid}").json()
    assert detail["party"] == "V" and detail["quotes"] == 2
    molgaard = client.get(f"/api/persons/{_person_id(client, 'Åse Mølgaard')}").json()
    assert [t["theme"] for t in molgaard["themes"]] == ["timeliness"]
    assert client.get("/persons/999999").status_code == 404


def test_document_page_marks_and_pages(client):
    report = _doc_id(client, "soroe-2020-analyse")
    html = client.get(f"/documents/{report}").text
    assert 'id="p2"' in html and 'id="p3"' in html  # page numbers in the margin
    assert html.count('class="finding pol-negative"') >= 2
    assert "Sagsbehandlingstid</a>" in html  # a finding's theme badge
    assert f'href="/documents/{report}/file"' in html
    assert f'href="/documents/{report}/file#page=3"' in html  # that page of the PDF
    news = client.get(f"/documents/{_doc_id(client, 'soroe-2021-sager')}").text
    assert '<q class="quote"' in news and "ent-kommune" in news
    assert re.search(r'class="speaker">— <a href="/persons/\d+">Søren Kjærgaard</a>', news)


def test_hostile_text_is_escaped_everywhere(client):
    hostile = _doc_id(client, "soroe-2023-hjemmeside")
    pages = [
        f"/documents/{hostile}",
        "/quotes?q=alert",
        f"/quotes?document={hostile}",
        f"/persons/{_person_id(client, 'Tove Ærenlund')}",
    ]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and 'href="javascript:' not in html, path
    assert "&lt;script&gt;alert" in client.get(f"/documents/{hostile}").text


def test_every_page_sends_csp(client):
    paths = ["/", "/quotes?person=Soren", "/persons", "/documents", "/themes", "/findings"]
    paths += ["/claims", "/api/docs", "/api/quotes", "/nowhere"]
    for path in paths:
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp, path
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/nowhere").status_code == 404


def test_original_file_only_for_stored_documents(client, web_db):
    report = _doc_id(client, "soroe-2020-analyse")
    response = client.get(f"/documents/{report}/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "sandbox" in response.headers["content-security-policy"]
    news = client.get(f"/documents/{_doc_id(client, 'soroe-2021-sager')}/file")
    assert "attachment" in news.headers["content-disposition"]  # never rendered as a page
    assert client.get("/documents/999999/file").status_code == 404
    for path in (
        "/documents/..%2F..%2Fetc%2Fpasswd/file",
        "/static/../pyproject.toml",
        "/static/%2e%2e/app.py",
        "/static/..%2F__init__.py",
    ):
        response = client.get(path)
        assert response.status_code in (404, 422), path
        assert b"import" not in response.content


def test_dashboard_and_trends(client):
    html = client.get("/themes").text
    assert "<svg" in html and "Sorø" in html
    bar = re.search(r'<a href="(/findings\?theme=timeliness&amp;polarity=negative[^"]*)"', html)
    assert bar, "a bar links to the sentences behind it"
    findings = client.get(bar.group(1).replace("&amp;", "&")).text
    assert "sagsbehandlingstiden i kommunen er for lang" in findings
    trends = {
        (t["municipality"], t["theme"]): t["verdict"]
        for t in client.get("/api/themes/trends").json()
    }
    assert trends[("Sorø", "timeliness")] == "persisted"
    assert trends[("Sorø", "leadership")] == "improved"
    by_year = client.get("/api/themes", params={"by": "year"}).json()
    assert {r["year"] for r in by_year} >= {"2020", "2022"}
    assert client.get("/themes", params={"by": "nonsense"}).status_code == 400
    assert client.get("/api/themes", params={"theme": "nonsense"}).status_code == 400


def test_claims_beside_quotes(client):
    data = client.get("/api/claims", params={"municipality": "Sorø", "theme": "timeliness"}).json()
    assert len(data["findings"]) == 2 and {f["date"][:4] for f in data["findings"]} == {
        "2020",
        "2022",
    }
    assert [q["speaker"] for q in data["quotes"]] == ["Åse Mølgaard"]
    none = client.get("/api/claims", params={"municipality": "Sorø", "theme": "economy"}).json()
    assert none["findings"] == [] and none["quotes"] == []
    html = client.get("/claims", params={"municipality": "Sorø", "theme": "timeliness"}).text
    assert "Åse Mølgaard" in html and "fristerne for de børnefaglige" in html


def test_bad_input_is_a_clear_400(client):
    assert client.get("/api/quotes", params={"after": "not json"}).status_code == 400
    assert client.get("/api/persons", params={"after": "[1]"}).status_code == 400
    assert client.get("/api/quotes", params={"format": "xml"}).status_code == 422
    assert client.get("/api/quotes", params={"q": "***"}).status_code == 400


def test_openapi_page_served_locally(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/quotes" in schema["paths"]
    html = client.get("/api/docs").text
    assert "GET /api/quotes" in html and "cdn" not in html.lower()


def test_pages_use_only_our_assets(client):
    for path in ("/", "/themes", f"/documents/{_doc_id(client, 'soroe-2020-analyse')}"):
        html = client.get(path).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert ref.startswith(("/", "#")), (path, ref)
    assert client.get("/static/app.js").status_code == 200


def test_import_pulls_no_nlp(web_db):
    code = (
        "import sys, pipeline.web\n"
        "from fastapi.testclient import TestClient\n"
        "app = pipeline.web.create_app(sys.argv[1])\n"
        "c = TestClient(app)\n"
        "assert c.get('/themes').status_code == 200\n"
        "assert c.get('/quotes?q=sag*').status_code == 200\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', "
        "'sklearn', 'torch') or m in ('pipeline.nlp', 'pipeline.quotes', 'pipeline.themes', "
        "'pipeline.analysis'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(web_db)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_serve_refuses_a_bad_port(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "bad port" in capsys.readouterr().err


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as the kernel lists them) listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def test_server_binds_loopback_by_default(server):
    port = int(server.base.rsplit(":", 1)[1])
    assert _listening(port) == ["0100007F"]  # 127.0.0.1 only, no IPv6, no 0.0.0.0
