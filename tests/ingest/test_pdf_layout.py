"""PDF layout features on the committed report PDFs, checked against their source text."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache

import pytest

from pipeline.ingest import Document, extract
from pipeline.ingest import ocr as ocr_module
from pipeline.paths import CORPORA_DIR

REPORTS = CORPORA_DIR / "reports"
STEMS = sorted(p.stem for p in (REPORTS / "src").glob("*.report"))


@cache
def generator():
    spec = importlib.util.spec_from_file_location("make_reports", REPORTS / "make_reports.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_reports"] = module
    spec.loader.exec_module(module)
    return module


@cache
def truth(stem: str) -> dict:
    gen = generator()
    return gen.truth(gen.parse_source(REPORTS / "src" / f"{stem}.report"))


@cache
def doc(stem: str) -> Document:
    return extract(REPORTS / f"{stem}.pdf")


@pytest.mark.parametrize("stem", STEMS)
def test_body_blocks_match_source_exactly(stem: str):
    """Headings, paragraphs and list items in reading order, text and kind exact."""
    footnotes = set(truth(stem)["footnotes"])
    got = [(b.kind, b.text) for b in doc(stem).blocks if b.page > 1 and b.text not in footnotes]
    assert got == truth(stem)["blocks"]


@pytest.mark.parametrize("stem", STEMS)
def test_running_header_footer_and_page_numbers_removed(stem: str):
    d = doc(stem)
    header = truth(stem)["running"][0]
    assert header in d.metadata["running_lines"]
    assert header not in d.text
    assert not re.search(r"Side \d+ af \d+", d.text)


@pytest.mark.parametrize("stem", STEMS)
def test_tables_are_rows_and_kept_out_of_text(stem: str):
    d = doc(stem)
    expected = truth(stem)["tables"]
    assert [t.rows for t in d.tables] == expected
    for table in expected:
        assert " | ".join(table[1]) not in d.text
        assert table[1][0] not in d.text  # the row label only lives in the table
    assert all(t.page and t.bbox for t in d.tables)


@pytest.mark.parametrize("stem", STEMS)
def test_footnotes_kept_and_markers_dropped(stem: str):
    d = doc(stem)
    for note in truth(stem)["footnotes"]:
        assert any(b.text == note for b in d.blocks)
    assert not re.search(r"[a-zæøå]\d\b", d.text.replace("§", ""))  # no "sager1"


def test_hyphenation_undone_and_real_hyphens_kept():
    text = doc("faxe-2018-analyse").text
    assert "i den videre sagsbehandling." in text  # printed as "sagsbe-" / "handling."
    assert "repræsentanter fra Social- og sundhedsudvalget samt børne- og ungeudvalget." in text
    assert "IT-system" in text and "0-12 år" in text and "2015-2017" in text
    for stem in STEMS:
        leftovers = re.findall(r"\w+- (?!og |eller )[a-zæøå]\w*", doc(stem).text)
        assert leftovers == []


def test_two_column_page_reads_left_column_first():
    d = doc("faxe-2018-analyse")
    for paragraph in truth("faxe-2018-analyse")["two_column"]:
        assert paragraph in d.text
    order = [d.text.find(p) for p in truth("faxe-2018-analyse")["two_column"]]
    assert order == sorted(order)


def test_headings_give_sections_and_pages():
    d = doc("faxe-2018-analyse")
    start = d.text.find("§ 50-undersøgelsen er ikke gennemført inden for fristen i 7 af 12 sager.")
    block = d.block_at(start)
    assert block is not None
    assert (block.section, block.page) == ("Børnefaglige undersøgelser", 3)
    assert [b.text for b in d.blocks if b.kind == "heading"][:4] == [
        "Task Forcens analyse af Faxe Kommune",
        "Kvaliteten i sagsbehandlingen på området for udsatte børn og unge",
        "Indledning",
        "Metode",
    ]


def test_ligature_glyphs_normalised():
    text = doc("faxe-2018-analyse").text
    assert "svært at finde de relevante oplysninger" in text
    assert "\ufb01" not in text and "\ufb02" not in text


def test_bboxes_lie_on_the_page():
    for block in doc("faxe-2020-status").blocks:
        x0, top, x1, bottom = block.bbox
        assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842


def test_small_pdf_header_detected_by_repetition(make_pdf):
    pages = [
        ["Kommunens kvalitetsrapport", "", "", f"Afsnit {n}", f"Dette er tekst på side {n}."]
        for n in range(1, 5)
    ]
    d = extract(make_pdf(pages))
    assert d.page_count == 4
    assert "Kommunens kvalitetsrapport" not in d.text
    assert d.metadata["running_lines"] == ["Kommunens kvalitetsrapport"]
    assert "Dette er tekst på side 3." in d.text


@pytest.mark.skipif(not ocr_module.tesseract_available(), reason="Tesseract not installed")
def test_scanned_page_is_read_with_ocr(make_pdf):
    path = make_pdf(
        [["Indledning", "Analysen er gennemført i 2019."], ("scan", ["Task Forcen vurderer,"])],
        name="scan.pdf",
    )
    d = extract(path)
    assert d.warnings == ["page 2 read by OCR (recognition errors possible)"]
    assert "Task Forcen vurderer" in d.text
    assert d.blocks[-1].page == 2


def test_label_value_layout_is_not_two_columns(make_pdf):
    labels = ["Kommune", "Periode", "Sager", "Konsulenter", "Metode"]
    values = ["Faxe", "Januar til april 2018", "12", "To", "Sagsgennemgang og interviews"]
    page = []
    for k, (label, value) in enumerate(zip(labels, values, strict=True)):
        page += [(20, 40 + 8 * k, label + ":"), (110, 40 + 8 * k, value)]
    d = extract(make_pdf([page]))
    assert "Kommune: Faxe" in d.text
    assert "Metode: Sagsgennemgang og interviews" in d.text


def test_two_columns_with_misaligned_baselines(make_pdf):
    left = [f"venstre spalte linje {n} med tekst som fylder" for n in range(1, 9)]
    right = [f"højre spalte linje {n} med tekst der fylder" for n in range(1, 9)]
    page = [(20, 40 + 6 * k, t) for k, t in enumerate(left)]
    page += [(110, 43 + 6 * k, t) for k, t in enumerate(right)]
    d = extract(make_pdf([page]))
    flat = d.text.replace("\n\n", " ")
    assert flat.index("venstre spalte linje 8") < flat.index("højre spalte linje 1")
    assert flat.index("højre spalte linje 1") < flat.index("højre spalte linje 8")


def test_chapter_headers_with_page_numbers_are_running_lines(make_pdf):
    pages = []
    for n in range(1, 7):
        chapter = "Kapitel 1: Baggrund" if n <= 3 else "Kapitel 2: Metode"
        pages.append([f"{chapter} {n + 2}", "", "", f"Brødtekst på side {n} om kommunen."])
    d = extract(make_pdf(pages))
    assert "Kapitel" not in d.text
    assert d.text.count("Brødtekst på side") == 6


def test_footnotes_are_kept_and_numbered_footers_removed(make_pdf):
    notes = {2: "1 Jf. serviceloven § 50.", 3: "2 Se bilag A.", 5: "3 Tal fra 2019."}
    pages = []
    for n in range(1, 9):
        page = [(20, 60, f"Brødtekst på side {n} om kommunen."), (20, 289, f"{n} · Statusrapport")]
        if n in notes:
            page.append((20, 280, notes[n]))
        if n in (6, 7, 8):  # the same source note on three pages
            page.append((20, 276, "4 Kilde: Danmarks Statistik."))
        pages.append(page)
    d = extract(make_pdf(pages))
    for note in notes.values():
        assert note in d.text
    assert d.text.count("4 Kilde: Danmarks Statistik.") == 3
    assert "Statusrapport" not in d.text
    assert d.text.count("Brødtekst på side") == 8


def test_full_width_line_between_two_column_bands(make_pdf):
    def col(prefix: str, first: int) -> list[str]:
        return [f"{prefix} linje {n} i spalten med lidt tekst" for n in range(first, first + 4)]

    page = [(20, 40 + 6 * k, t) for k, t in enumerate(col("venstre", 1))]
    page += [(110, 40 + 6 * k, t) for k, t in enumerate(col("højre", 1))]
    page.append((20, 75, "Fælles overskrift der går hen over begge spalter midt på siden her"))
    page += [(20, 90 + 6 * k, t) for k, t in enumerate(col("venstre", 5))]
    page += [(110, 90 + 6 * k, t) for k, t in enumerate(col("højre", 5))]
    flat = extract(make_pdf([page])).text.replace("\n\n", " ")
    marks = [
        "venstre linje 1 ", "venstre linje 4 ", "højre linje 1 ", "højre linje 4 ",
        "Fælles overskrift", "venstre linje 5 ", "venstre linje 8 ", "højre linje 5 ",
        "højre linje 8 ",
    ]  # fmt: skip
    positions = [flat.index(m) for m in marks]
    assert positions == sorted(positions)


def test_paragraphs_by_first_line_indent(make_pdf):
    lines = [
        (26, 40, "Første afsnit begynder her med et indrykket"),
        (20, 45, "første linje og fortsætter på næste linje."),
        (26, 50, "Andet afsnit er også indrykket og har ingen"),
        (20, 55, "ekstra luft over sig, kun indrykningen."),
    ]
    d = extract(make_pdf([lines]))
    assert [b.text for b in d.blocks] == [
        "Første afsnit begynder her med et indrykket første linje og fortsætter på næste linje.",
        "Andet afsnit er også indrykket og har ingen ekstra luft over sig, kun indrykningen.",
    ]


def test_table_with_horizontal_rules_only(make_pdf):
    rows = [
        ["Område", "2019", "2020"],
        ["Anbringelser", "61", "58"],
        ["Forebyggelse", "120", "134"],
    ]
    page = [(20, 30, "Tabellen nedenfor viser antallet af sager i de to år.")]
    page += [("rule", 20, 36, 120), ("rule", 20, 43, 120), ("rule", 20, 57, 120)]
    for r, row in enumerate(rows):
        y = 41 + (0 if r == 0 else 7 * r)
        page += [(20, y, row[0]), (70, y, row[1]), (95, y, row[2])]
    page.append((20, 70, "Teksten fortsætter under tabellen."))
    d = extract(make_pdf([page]))
    assert [t.rows for t in d.tables] == [rows]
    assert "Anbringelser" not in d.text
    assert d.text == (
        "Tabellen nedenfor viser antallet af sager i de to år.\n\n"
        "Teksten fortsætter under tabellen."
    )


def test_two_rules_alone_are_not_a_table(make_pdf):
    page = [
        ("rule", 20, 36, 190),
        (20, 42, "Et citat fremhævet mellem to streger."),
        ("rule", 20, 46, 190),
    ]
    d = extract(make_pdf([page]))
    assert d.tables == [] and "Et citat fremhævet" in d.text


def test_text_boxed_between_rules_is_not_a_table(make_pdf):
    page = [("rule", 20, 60, 190), ("rule", 20, 100, 190), ("rule", 20, 140, 190)]
    for k in range(5):
        page.append(
            (20, 68 + 6 * k, f"Løbende tekst i en ramme, linje {k}, med mange ord i træk her.")
        )
        page.append(
            (20, 108 + 6 * k, f"Mere løbende tekst i rammen, linje {k}, og endnu flere ord.")
        )
    d = extract(make_pdf([page]))
    assert d.tables == []
    assert "Løbende tekst i en ramme, linje 4" in d.text


def test_a_page_in_one_size_has_its_short_first_line_as_title_not_the_whole_page(make_pdf):
    titled = make_pdf(
        [["Tilsyn med Vestby Kommune 2023", "", "Kommunen har gennemgået sine sager.",
          "Fristerne overholdes oftere end før."], ["Side to handler om opfølgning."]],
        name="en-storrelse.pdf",
    )  # fmt: skip
    assert extract(titled).title == "Tilsyn med Vestby Kommune 2023"
    untitled = make_pdf(
        [["Kommunen har gennemgået sine sager i året, der gik.", "Fristerne overholdes."]],
        name="uden-titel.pdf",
    )
    assert extract(untitled).title is None  # a page that opens with a sentence has no title
