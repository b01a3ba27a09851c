"""News citation data: Danish datelines and bylines, outlets, furniture, sidecars, pages.

The HTML pages in news_pages/ are our own short articles in the page structures of
different kinds of Danish outlets (JSON-LD, @graph, Open Graph and article: meta tags,
bylines, datelines, "Opdateret" lines, captions, title suffixes).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest import extract
from pipeline.ingest.metadata import find_dates, parse_date
from pipeline.ingest.news import (
    credit_outlet,
    is_furniture,
    outlet_for,
    outlet_from_url,
    parse_byline,
    parse_dateline,
)

PAGES = Path(__file__).parent / "news_pages"
THURSDAY = date(2022, 3, 10)


@pytest.mark.parametrize(
    ("line", "published", "time", "updated", "place", "authors"),
    [
        ("3. marts 2022 kl. 09:15", "2022-03-03", "09:15", None, None, []),
        ("12. maj 2021", "2021-05-12", None, None, None, []),
        ("Opdateret 3. feb. 2022", None, None, "2022-02-03", None, []),
        ("Vesterå - 3. marts 2022 kl. 09:15", "2022-03-03", "09:15", None, "Vesterå", []),
        ("AVISEN - 12. maj 2021 kl. 14:02", "2021-05-12", "14:02", None, "Avisen", []),
        (
            "Nørre Alslev - 07. september 2021 kl. 11:29 Af Lis Gram Kontakt redaktionen",
            "2021-09-07",
            "11:29",
            None,
            "Nørre Alslev",
            ["Lis Gram"],
        ),
        ("Ib Ravn Søndag, 02. april 2023 - 11:25", "2023-04-02", "11:25", None, None, ["Ib Ravn"]),
        ("27. december 2023 08:11", "2023-12-27", "08:11", None, None, []),
        (
            "Publiceret 3. marts 2022 kl. 09:15 Opdateret 4. marts 2022 kl. 12:00",
            "2022-03-03",
            "09:15",
            "2022-03-04",
            None,
            [],
        ),
        ("(Last Updated On: 7. juli 2020)", None, None, "2020-07-07", None, []),
        ("Haderslev, 4. maj 2023", "2023-05-04", None, None, "Haderslev", []),
        ("Esbjerg 18. oktober 2022", "2022-10-18", None, None, "Esbjerg", []),
        ("Af Eva Bo og Ib Ek, 15.03.2022", "2022-03-15", None, None, None, ["Eva Bo", "Ib Ek"]),
        ("i går kl. 14:02", "2022-03-09", "14:02", None, None, []),
        ("i forgårs", "2022-03-08", None, None, None, []),
        ("mandag kl. 10.30", "2022-03-07", "10:30", None, None, []),
        ("torsdag kl. 08:00", "2022-03-03", "08:00", None, None, []),  # a week back, not today
        ("for 3 timer siden", "2022-03-10", None, None, None, []),
        ("Opdateret for 2 dage siden", None, None, "2022-03-08", None, []),
        (
            "3. MAR. 2022 KL. 09.15 - Opdateret 4. marts 2022",
            "2022-03-03",
            "09:15",
            "2022-03-04",
            None,
            [],
        ),
        ("AF JENS HOLM 3. marts 2022", "2022-03-03", None, None, None, ["Jens Holm"]),
    ],
)
def test_dateline_forms(line, published, time, updated, place, authors):
    found = parse_dateline(line, reference=THURSDAY)
    assert found is not None
    assert (found.date, found.time, found.updated) == (published, time, updated)
    assert (found.place, found.authors) == (place, authors)


@pytest.mark.parametrize(
    "line",
    [
        "Skolen lukker per 1. februar 2020.",
        "Mødet holdes 3. marts 2022 på rådhuset i Vesterå.",
        "Borgmesteren sagde i går, at sagen er lukket.",
        "Kommunen har brugt 3,2 mio. kr. siden 2021.",
        "Åbnet: 9. september 2022",  # a fact box line, not a place
        "Budget 2023",
        "",
    ],
)
def test_body_sentences_with_dates_are_no_datelines(line):
    assert parse_dateline(line, reference=THURSDAY) is None


def test_relative_dates_need_a_reference_and_everyday_words_are_none():
    assert parse_dateline("i går kl. 14:02") is None
    assert find_dates("man kan tor ikke", reference=THURSDAY) == []
    assert parse_date("Opdateret i dag 3. marts 2022", reference=THURSDAY) == "2022-03-03"
    assert parse_date("31. februar 2022") is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Af Jens Hansen og Eva Bo", ["Jens Hansen", "Eva Bo"]),
        ("Af Pia Lund Kontakt redaktionen", ["Pia Lund"]),
        ("Tekst og foto: Lise Berg", ["Lise Berg"]),
        ("Af Mads Ø. Holm, politisk redaktør", ["Mads Ø. Holm"]),
        ("Af Ib Ek (ib@avisen.dk)", ["Ib Ek"]),
        ("Af Ane Ravn, Foto: Bo Toft", ["Ane Ravn"]),
        ("Af Eva Bo, Ib Ek og Jens Holm", ["Eva Bo", "Ib Ek", "Jens Holm"]),
        ("Af Ole Gram, Erhverv", ["Ole Gram"]),  # a desk
        ("Af Karen Vinther, Bork Havn", ["Karen Vinther"]),  # a reader's place
        ("Af Lis Strøm, TV ØST", ["Lis Strøm"]),
        ("Af Jonas Kirk / DR Nordjylland", ["Jonas Kirk"]),
        ("Af rapporten fremgår det, at fristerne ikke holdes", None),
        ("Af de 40 sager var 12 for sent", None),
        ("Borgmesteren er glad", None),
    ],
)
def test_bylines(line, names):
    assert parse_byline(line) == names


def test_byline_names_the_outlet_after_the_author():
    from pipeline.ingest.news import byline_outlet

    assert byline_outlet("Af Lis Strøm, TV ØST") == "TV 2 Øst"
    assert byline_outlet("Af Jonas Kirk / DR Nordjylland") == "DR"
    assert byline_outlet("Af Ole Gram, Erhverv") is None
    assert byline_outlet("Borgmesteren, TV ØST") is None


def test_outlets_by_name_domain_and_credit():
    assert outlet_for("TV2 ØST") == outlet_for("tv 2 øst") == "TV 2 Øst"
    assert outlet_for("https://nyheder.tv2.dk/samfund/x") == "TV 2"
    assert outlet_for("KNR (knr.gl)") == "KNR"
    assert outlet_for("Den Lille Lokalavis") is None
    assert outlet_from_url("https://www.vesteraa-posten.dk/a/1") == "vesteraa-posten.dk"
    assert outlet_from_url("ikke en url") is None
    assert credit_outlet("Vejen lukkes i maj. Foto: Bo Ek - TV2 ØST") == "TV 2 Øst"
    assert credit_outlet("Hytten ved fjorden. Foto © : Kim Berg/ KNR") == "KNR"
    assert credit_outlet("Politiet på stedet. (Foto: Lis Ravn, Ritzau Scanpix)") is None
    assert credit_outlet("Foto: Erik Madsen") is None  # a photographer, no outlet


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("Lyt til artiklen", True),
        ("EMNER", True),
        ("Tema: Ældrepleje", True),
        ("Bemærk: Artiklen er mere end 30 dage gammel", True),
        ("Kontakt redaktionen", True),
        ("Opdateret for 5 timer siden", True),
        ("Artiklen er mere end 30 dage gammel", True),
        ("Vild med vinter", False),
        ("Delta i debatten om skolen", False),
        ("Temaet for mødet var trafik og skoleveje i hele kommunen.", False),
    ],
)
def test_page_furniture(text, furniture):
    assert is_furniture(text) is furniture


ARTICLE = (
    "Bemærk: Artiklen er mere end 30 dage gammel\n\n"
    "Lokalt\n\n"
    "Ny bro over åen koster det dobbelte\n\n"
    "Broen over åen ved Vesterå bliver dyrere end ventet. Foto: Ole Bak - TV2 ØST\n\n"
    "Vesterå - 3. marts 2022 kl. 09:15 Af Sune Krog og Ida Vang Kontakt redaktionen\n\n"
    "Kommunen havde sat otte millioner kroner af til broen, men prisen er nu steget.\n\n"
    "Læs også: Borgmester: Vi skal have broen færdig\n\n"
    "- Vi må finde pengene et andet sted, siger borgmester Lone Vad.\n"
)


def test_text_article_fields_and_block_kinds(tmp_path: Path):
    path = tmp_path / "bro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = extract(path)
    assert doc.title == "Ny bro over åen koster det dobbelte"
    assert (doc.date, doc.outlet, doc.authors) == (
        "2022-03-03",
        "TV 2 Øst",
        ["Sune Krog", "Ida Vang"],
    )
    assert doc.field_sources == {
        "title": "first line",
        "outlet": "photo credit",
        "date": "dateline",
        "authors": "dateline",
    }
    kinds = {b.text[:12]: b.kind for b in doc.blocks}
    assert kinds["Bemærk: Arti"] == kinds["Lokalt"] == "menu"
    assert kinds["Broen over å"] == "caption"
    assert kinds["Vesterå - 3."] == "byline"
    assert kinds["- Vi må find"] == "paragraph"
    assert "Læs også" not in doc.text  # a teaser's headline reads like a quote
    assert doc.metadata["teasers"] == ["Læs også: Borgmester: Vi skal have broen færdig"]
    assert doc.metadata["time"] == "09:15"


def test_dateline_line_inside_a_paragraph_is_split_off(tmp_path: Path):
    path = tmp_path / "hytte.txt"
    path.write_text(
        "Hytten ved fjorden skal rives\n\n"
        "Det er den gamle hytte, der skal væk. Foto: Kim Berg/ KNR\n"
        "27. december 2023 08:11\n\nKommunen har besluttet at rive hytten til foråret.\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert (doc.date, doc.outlet) == ("2023-12-27", "KNR")
    assert "08:11" not in doc.text
    assert [b.kind for b in doc.blocks] == ["heading", "caption", "paragraph"]


def test_plain_text_without_citation_data_gets_none(tmp_path: Path):
    path = tmp_path / "notat.txt"
    path.write_text(
        "Kommunen har fået en ny plan for vejene.\n\n"
        "Planen gælder i fire år, og den blev vedtaget i 2021.\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert (doc.date, doc.outlet, doc.authors, doc.url, doc.title) == (None, None, [], None, None)
    assert doc.field_sources == {}


def test_sidecar_json_gives_url_outlet_and_dates_relative_to_reading(tmp_path: Path):
    path = tmp_path / "bro.txt"
    path.write_text(
        "Ny bro over åen\n\nmandag kl. 14:02\n\nBroen over åen bliver dyrere end ventet.\n",
        encoding="utf-8",
    )
    (tmp_path / "bro.json").write_text(
        json.dumps({"url": "https://www.tv2fyn.dk/a/ny-bro", "retrieved": "2022-03-10"}),
        encoding="utf-8",
    )
    doc = extract(path)
    assert (doc.url, doc.outlet, doc.date) == (
        "https://www.tv2fyn.dk/a/ny-bro",
        "TV 2 Fyn",
        "2022-03-07",
    )
    assert doc.field_sources["url"] == "sidecar" and doc.field_sources["outlet"] == "url"


def test_manifest_row_names_the_file_and_a_broken_sidecar_is_ignored(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "Kommunen har vedtaget budgettet for næste år.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Vejen er lukket i to uger fra mandag.\n", encoding="utf-8")
    (tmp_path / "b.json").write_text("{ikke json", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,url,outlet,date,authors\n"
        "a.txt,https://avis.dk/a,Vesterå Avis,2021-11-02,Eva Bo; Ib Ek\n",
        encoding="utf-8",
    )
    a, b = extract(tmp_path / "a.txt"), extract(tmp_path / "b.txt")
    assert (a.outlet, a.url, a.date, a.authors) == (
        "Vesterå Avis",
        "https://avis.dk/a",
        "2021-11-02",
        ["Eva Bo", "Ib Ek"],
    )
    assert a.field_sources["outlet"] == "manifest"
    assert (b.outlet, b.url, b.field_sources) == (None, None, {})


PAGE_EXPECTED = {
    # page: (title, published, updated, outlet, authors, url is known, outlet's source)
    "regional_tv_jsonld.html": (
        "Ny cykelsti deler vandene i Assens", "2023-05-04", "2023-05-04", "TV 2 Fyn",
        ["Mia Kjær", "Ole Brandt"], True, "json-ld",
    ),
    "public_service_graph.html": (
        "Færre børn venter på en plads i dagplejen", "2022-02-01", "2022-02-03", "DR",
        ["Karen Dahl Ravn"], True, "og:site_name",
    ),
    "regional_paper_meta.html": (
        "Skolen i Ørbæk får ny leder", "2021-08-12", "2021-08-13", "Fyens Stiftstidende",
        ["Jonas Lund", "Sara Friis"], True, "og:site_name",
    ),
    "local_dateline.html": (
        "Naboer vil have fartbump på Skovvej", "2022-03-09", None, "sn.dk", ["Pia Munk"], True,
        "title",
    ),
    "tabloid_time.html": (
        "Brand i lagerhal: Røgen kunne ses i hele byen", "2020-08-20", None, "Ekstra Bladet",
        ["Rasmus Vad", "Tina Ulv"], False, "og:site_name",
    ),
    "daily_title_suffix.html": (
        "Præster i Viborg Stift efterlyser flere frivillige", "2022-03-03", "2022-03-04",
        "Kristeligt Dagblad", ["Anne Bæk"], True, "title",
    ),
    "trafilatura_only.html": (
        None, "2021-06-15", None, "Lokalavisen", ["Bo Lind"], True, "url",
    ),
    "bare_page.html": (None, None, None, None, [], False, None),
}  # fmt: skip


@pytest.mark.parametrize("page", sorted(PAGE_EXPECTED))
def test_news_pages_of_different_outlets(page):
    title, published, updated, outlet, authors, has_url, outlet_source = PAGE_EXPECTED[page]
    doc = extract(PAGES / page)
    assert (doc.title, doc.date, doc.updated) == (title, published, updated)
    assert (doc.outlet, doc.authors) == (outlet, authors)
    assert (doc.url is not None) == has_url
    assert doc.field_sources.get("outlet") == outlet_source
    assert all(b.kind != "paragraph" or "Lyt til" not in b.text for b in doc.blocks)


def test_page_furniture_bylines_and_captions_are_typed_blocks():
    doc = extract(PAGES / "regional_tv_jsonld.html")
    kinds = [(b.kind, b.text) for b in doc.blocks if b.kind != "paragraph"]
    assert ("menu", "Lyt til artiklen") in kinds and ("menu", "EMNER") in kinds
    assert any(k == "caption" and "Foto: Ole Brandt" in t for k, t in kinds)
    doc = extract(PAGES / "local_dateline.html")
    byline = next(b for b in doc.blocks if b.kind == "byline")
    assert byline.text.startswith("Holbæk - 9. marts 2022")
    assert doc.municipality == "Holbæk"


def test_not_article_spans_cover_bylines_and_credits_but_not_caption_text(tmp_path: Path):
    from pipeline.ingest.news import not_article_spans

    path = tmp_path / "bro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = extract(path)
    covered = "".join(doc.text[a:b] for a, b in not_article_spans(doc))
    assert "Sune Krog" in covered and "Ole Bak" in covered
    assert "Bemærk: Artiklen" in covered
    assert "Broen over åen" not in covered  # the caption's own words are article text
    assert "Lone Vad" not in covered


def test_url_line_at_the_top_of_a_text_names_url_and_outlet(tmp_path: Path):
    path = tmp_path / "arkiv.txt"
    path.write_text(
        "https://www.nordjyske.dk/nyheder/ny-faerge\n\nNy færge til øen\n\n"
        "Færgen sættes i drift til sommer, oplyser kommunen.\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert (doc.url, doc.outlet, doc.title) == (
        "https://www.nordjyske.dk/nyheder/ny-faerge",
        "Nordjyske",
        "Ny færge til øen",
    )
    assert (doc.field_sources["url"], doc.field_sources["outlet"]) == ("text", "url")
    assert doc.blocks[0].kind == "menu"


def test_html_date_line_without_date_class_is_read_not_kept(tmp_path: Path):
    path = tmp_path / "side.html"
    path.write_text(
        "<html><body><article><h1>Ny hal i Vesterå</h1>"
        "<p>Publiceret 3. marts 2022 kl. 09:15 Opdateret 4. marts 2022 kl. 12:00</p>"
        "<p>Kommunen bygger en ny idrætshal ved skolen, og den skal stå klar om to år.</p>"
        "<p>Hallen skal bruges af skolen om dagen og af foreningerne om aftenen.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc = extract(path)
    assert (doc.date, doc.updated) == ("2022-03-03", "2022-03-04")
    assert "Publiceret" not in doc.text


def test_date_line_below_the_article_is_read(tmp_path: Path):
    path = tmp_path / "bund.txt"
    body = "".join(f"Afsnit nummer {n} om den nye skole i byen.\n\n" for n in range(14))
    path.write_text(
        f"Ny skole i Vesterå\n\n{body}Indviet 1. juni 2021\n\nPubliceret 2. juni 2021 kl. 08.00\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert doc.date == "2021-06-02" and "Publiceret" not in doc.text
    assert "Indviet 1. juni 2021" in doc.text


def test_meta_tags_are_read_in_key_order_then_page_order():
    from lxml import html as lxml_html

    from pipeline.ingest.htmlfile import _MetaTags

    root = lxml_html.document_fromstring(
        "<html><head><meta name='author' content='Eva Bo'>"
        "<meta property='og:title' name='og:title' content='Ny bro'>"
        "<meta itemprop='author' content=' Ib  Ek '><meta name='tom' content=''>"
        "</head><body><p>x</p></body></html>"
    )
    tags = _MetaTags(root)
    assert tags("og:title", "author") == ["Ny bro", "Eva Bo", "Ib Ek"]
    assert tags("tom", "mangler") == []
