"""HTML, plain text / Markdown (with legacy encodings) and DOCX readers."""

from __future__ import annotations

from pathlib import Path

import docx

from pipeline.ingest import extract

ARTICLE_HTML = """<!DOCTYPE html><html lang="da"><head>
<title>Ny plan for anbragte børn | Sydkysten</title>
<meta property="article:published_time" content="2021-11-04T09:15:00+01:00">
<meta name="author" content="Ida Mølgaard"></head><body>
<div class="cookie-banner">Vi bruger cookies til statistik og annoncer. <button>OK</button></div>
<nav><ul><li><a href="/">Forside</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Ny plan for anbragte børn i Vordingborg</h1>
<p class="byline">Af Ida Mølgaard</p>
<figure><img src="x.jpg"><figcaption>Rådhuset i Vordingborg. (Foto: Per Lund)</figcaption></figure>
<p>Vordingborg Kommune vil flytte flere anbragte børn fra institutioner til plejefamilier,
viser en ny plan fra forvaltningen.</p>
<h2>Flere plejefamilier</h2>
<p>– Vi skal finde de rette familier, og det tager tid, siger udvalgsformand Ole Dam (S).</p>
<ul><li>Ti nye plejefamilier i 2022</li><li>Bedre efteruddannelse</li></ul>
<p>Læs også: <a href="/a">Budgettet er på plads</a></p>
<div class="share-buttons">Del artiklen på Facebook og LinkedIn med dine venner</div>
</article>
<aside class="most-read"><h3>Mest læste</h3>
<p>Håndboldklubben fejrer jubilæum med stor fest i hallen</p></aside>
<footer>Sydkysten · Algade 1 · redaktion@sydkysten.dk</footer>
</body></html>"""


def test_html_article_body_and_metadata(tmp_path: Path):
    path = tmp_path / "artikel.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    d = extract(path)
    assert d.kind == "news"
    assert d.title == "Ny plan for anbragte børn i Vordingborg"
    assert d.date == "2021-11-04"
    assert d.municipality == "Vordingborg"
    kinds = [(b.kind, b.text[:25]) for b in d.blocks]
    assert kinds == [
        ("heading", "Ny plan for anbragte børn"),
        ("byline", "Af Ida Mølgaard"),
        ("caption", "Rådhuset i Vordingborg. ("),
        ("paragraph", "Vordingborg Kommune vil f"),
        ("heading", "Flere plejefamilier"),
        ("paragraph", "– Vi skal finde de rette "),
        ("list_item", "Ti nye plejefamilier i 20"),
        ("list_item", "Bedre efteruddannelse"),
    ]
    assert "til plejefamilier, viser en ny plan" in d.text  # line break inside <p> is a space
    for furniture in ("cookies", "Forside", "Læs også", "Del artiklen", "Mest læste", "Algade"):
        assert furniture not in d.text
    assert d.metadata["bylines"] == ["Af Ida Mølgaard"]


def test_html_danish_date_in_text_when_no_meta(tmp_path: Path):
    path = tmp_path / "uden-meta.htm"
    body = "<p>" + "Kommunalbestyrelsen vedtog budgettet efter en lang debat i aftes. " * 3 + "</p>"
    path.write_text(
        f"<html><body><article><h1>Budget vedtaget</h1><p class='date'>Opdateret 7. juli 2020</p>"
        f"{body}</article></body></html>",
        encoding="utf-8",
    )
    d = extract(path)
    assert d.date == "2020-07-07"
    assert "7. juli 2020" not in d.text


def test_text_file_in_cp1252(tmp_path: Path):
    text = (
        "Børne- og ungeudvalget kritiseres\r\n\r\n(Last Updated On: 22. juni 2018)\r\n\r\n"
        "Sorø: Formanden for børne- og ungeudvalget, Åse Ørum (S), møder i dag\r\n"
        "kritikken fra Task Forcen – og hun lover forbedringer på området.\r\n\r\n"
        "– Vi tager rapporten meget alvorligt, siger Åse Ørum.\r\n"
    )
    path = tmp_path / "gammel.txt"
    path.write_bytes(text.encode("cp1252"))
    d = extract(path)
    assert d.title == "Børne- og ungeudvalget kritiseres"
    assert d.date == "2018-06-22"
    assert "Åse Ørum (S), møder i dag kritikken fra Task Forcen – og hun" in d.text
    assert d.blocks[-1].text == "– Vi tager rapporten meget alvorligt, siger Åse Ørum."


def test_text_file_in_latin1_without_dash(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Økonomien i Ærø Kommune er presset, og der mangler penge.\n".encode("latin-1")
    )
    d = extract(path)
    assert d.text == "Økonomien i Ærø Kommune er presset, og der mangler penge."
    assert d.municipality == "Ærø"
    assert d.kind == "other"  # no date line: not recognisably news


def test_markdown_headings_and_lists(tmp_path: Path):
    path = tmp_path / "notat.md"
    path.write_text(
        "# Notat om sagsbehandling\n\nKort baggrund for\nnotatet.\n\n## Punkter\n\n"
        "- Fristerne overholdes\n- Børnesamtaler gennemføres\n\nLæs også: noget andet\n",
        encoding="utf-8",
    )
    d = extract(path)
    assert d.title == "Notat om sagsbehandling"
    assert [(b.kind, b.text) for b in d.blocks] == [
        ("heading", "Notat om sagsbehandling"),
        ("paragraph", "Kort baggrund for notatet."),
        ("heading", "Punkter"),
        ("list_item", "Fristerne overholdes"),
        ("list_item", "Børnesamtaler gennemføres"),
    ]
    assert d.blocks[3].section == "Punkter"


def test_docx_paragraphs_headings_lists_tables(tmp_path: Path):
    document = docx.Document()
    document.core_properties.title = "Handleplan for Lolland Kommune"
    document.add_heading("Handleplan for Lolland Kommune", level=1)
    document.add_paragraph("Kommunen følger op på Task Forcens anbefalinger.")
    document.add_paragraph("Ny faglig leder", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Indsats", "Frist"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Børnesamtaler", "2021"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    d = extract(path)
    assert d.title == "Handleplan for Lolland Kommune"
    assert d.municipality == "Lolland"
    assert [b.kind for b in d.blocks] == ["heading", "paragraph", "list_item"]
    assert d.tables[0].rows == [["Indsats", "Frist"], ["Børnesamtaler", "2021"]]
    assert "Indsats" not in d.text


def test_html_text_in_divs_and_line_breaks(tmp_path: Path):
    path = tmp_path / "gammel-side.html"
    path.write_text(
        "<html><body><div id='menu'><a href='/'>Forside</a></div><article>"
        "<h1>Kommunen sparer på vejene</h1><div class='tekst'>Byrådet har vedtaget en plan,"
        "<br>som betyder færre asfaltarbejder i de kommende tre år.<br><br>"
        "Oppositionen kalder planen kortsigtet og vil tage den op igen til efteråret.</div>"
        "</article></body></html>",
        encoding="utf-8",
    )
    d = extract(path)
    paragraphs = [b.text for b in d.blocks if b.kind == "paragraph"]
    assert paragraphs == [
        "Byrådet har vedtaget en plan, som betyder færre asfaltarbejder i de kommende tre år.",
        "Oppositionen kalder planen kortsigtet og vil tage den op igen til efteråret.",
    ]


def test_news_text_conventions(tmp_path: Path):
    path = tmp_path / "nyhed.txt"
    path.write_text(
        'Lærerne på skolen: "Vi kan ikke mere"\n\nHaderslev, 4. maj 2023\n\n'
        "Af Bo Lind\n\nEt brev fra lærerne er landet hos udvalget.\n\n"
        "Af rapporten fremgår det, at arbejdspresset er steget.\n",
        encoding="utf-8",
    )
    d = extract(path)
    assert d.title == 'Lærerne på skolen: "Vi kan ikke mere"'
    assert (d.date, d.municipality, d.kind) == ("2023-05-04", "Haderslev", "news")
    assert [b.kind for b in d.blocks] == ["heading", "byline", "paragraph", "paragraph"]
    assert "Haderslev, 4. maj 2023" not in d.text


def test_xhtml_with_xml_declaration(tmp_path: Path):
    path = tmp_path / "xhtml.htm"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><article><h1>Nyt budget i Greve</h1><p>Kommunalbestyrelsen i Greve Kommune "
        "vedtog i aftes et nyt budget for de kommende fire år. Skatten er uændret."
        "</p></article></body></html>",
        encoding="utf-8",
    )
    d = extract(path)
    assert d.title == "Nyt budget i Greve"
    assert d.municipality == "Greve"


def test_hyphen_dash_quote_paragraph_keeps_its_dash(tmp_path: Path) -> None:
    """In news a paragraph opening with "- " is direct speech, not a one-item list."""
    path = tmp_path / "nyhed.txt"
    path.write_text(
        "Borgmesteren svarer igen\n\n"
        "- Vi er ikke i mål endnu, men vi er på vej,\nsiger borgmester Lise Holm.\n\n"
        "- Og vi fortsætter arbejdet.\n\n"
        "Fakta om sagen:\n- 12 sager gennemgået\n- 7 uden handleplan\n",
        encoding="utf-8",
    )
    doc = extract(path)
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert "- Vi er ikke i mål endnu, men vi er på vej, siger borgmester Lise Holm." in paragraphs
    assert "- Og vi fortsætter arbejdet." in paragraphs
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == ["12 sager gennemgået", "7 uden handleplan"]
    assert "Fakta om sagen:" in doc.text
