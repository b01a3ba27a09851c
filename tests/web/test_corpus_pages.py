"""Every page of the app over the whole sample corpus (corpora/ processed by the pipeline).

The document view is checked for what it must never do: lose, repeat or
reorder a character of the text, or drop a quote or finding, whatever the
overlaps of entities, quotes and findings in real documents.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import pipeline
from pipeline.paths import CORPORA_DIR
from pipeline.web import create_app

ADDED = {"ent-label", "badge", "speaker", "pageno", "pdfpage"}  # our own words, not the text


class _ArticleText(HTMLParser):
    """The text of <article class="doc-text">, paragraph by paragraph, without our additions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._in_article = False
        self._skip_depth = 0
        self._stack: list[bool] = []
        self._in_p = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article" and "doc-text" in classes:
            self._in_article = True
        if not self._in_article:
            return
        added = bool(classes & ADDED)
        self._stack.append(added)
        self._skip_depth += added
        if tag == "p":
            self.paragraphs.append("")
            self._in_p = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_p = False
        if tag == "article":
            self._in_article = False
        if self._in_article and self._stack:
            self._skip_depth -= self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_p and not self._skip_depth:
            self.paragraphs[-1] += data


@pytest.fixture(scope="module")
def corpus_client(tmp_path_factory) -> TestClient:
    db = tmp_path_factory.mktemp("webcorpus") / "corpus.sqlite"
    report = pipeline.process([CORPORA_DIR], db=db)
    assert report.failed == [], report.failed
    return TestClient(create_app(db))


def test_every_document_page_keeps_the_text_and_marks_everything(corpus_client):
    documents = corpus_client.get("/api/documents", params={"limit": 1000}).json()
    assert len(documents) > 50
    checked_quotes = 0
    for summary in documents:
        doc = corpus_client.get(f"/api/documents/{summary['id']}").json()
        html = corpus_client.get(f"/documents/{summary['id']}").text
        parser = _ArticleText()
        parser.feed(html)
        shown = parser.paragraphs
        expected = [p for p in doc["text"].split("\n\n") if p.strip()]
        assert shown == expected, Path(doc["path"]).name
        quote_ids = re.findall(r'<q class="quote" id="q(\d+)"', html)
        assert sorted(map(int, quote_ids)) == sorted(q["id"] for q in doc["quotes"])
        finding_ids = re.findall(r'class="finding pol-\w+" id="f(\d+)"', html)
        assert sorted(map(int, finding_ids)) == sorted(f["id"] for f in doc["findings"])
        assert html.count('class="speaker"') == len(doc["quotes"])
        assert len(set(re.findall(r' id="([^"]+)"', html))) == len(re.findall(r' id="', html))
        checked_quotes += len(doc["quotes"])
    assert checked_quotes > 500


def test_every_person_page_answers(corpus_client):
    persons = corpus_client.get("/api/persons", params={"limit": 1000}).json()
    assert len(persons) > 100
    for person in persons[:150]:
        response = corpus_client.get(f"/persons/{person['id']}")
        assert response.status_code == 200
        assert person["name"].split()[0] in response.text
        quotes = corpus_client.get("/api/quotes", params={"person_id": person["id"]}).json()
        assert len(quotes) == person["quotes"]


def test_dashboard_and_claims_over_the_corpus(corpus_client):
    html = corpus_client.get("/themes").text
    assert html.count("<svg") > 10
    trends = corpus_client.get("/api/themes/trends").json()
    assert trends and all(t["municipality"] == "Faxe" for t in trends)  # the one with 2 reports
    claims = corpus_client.get(
        "/api/claims", params={"municipality": "Faxe", "theme": trends[0]["theme"]}
    ).json()
    assert claims["findings"]
