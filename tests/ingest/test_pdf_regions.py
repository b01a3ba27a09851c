"""Reading order on pages that mix layouts, each made by two PDF producers.

The pages come from corpora/reports/make_layouts.py (fpdf2 with our own line layout,
and Chromium printing HTML with CSS columns); its `truth` is the text a perfect
extractor returns. Chromium cases skip when /usr/bin/chromium is missing (.ci/run
installs it).
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest

from pipeline.ingest import Document, extract
from pipeline.paths import CORPORA_DIR


@cache
def layouts():
    path = CORPORA_DIR / "reports" / "make_layouts.py"
    spec = importlib.util.spec_from_file_location("make_layouts", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_layouts"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


CASES = [(name, producer) for producer in layouts().PRODUCERS for name in layouts().LAYOUTS]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    docs: dict[tuple[str, str], Document] = {}

    def get(name: str, producer: str) -> Document:
        if producer == "chromium" and not layouts().chromium_available():
            pytest.skip("Chromium not installed (/usr/bin/chromium; .ci/run installs it)")
        if (name, producer) not in docs:
            pdf = layouts().render(name, producer, Path(folder) / f"{name}-{producer}.pdf")
            docs[(name, producer)] = extract(pdf)
        return docs[(name, producer)]

    return get


@pytest.mark.parametrize(("name", "producer"), CASES)
def test_words_and_reading_order_meet_the_targets(built, name, producer):
    doc = built(name, producer)
    score = layouts().score(name, doc.text, [(b.kind, b.text) for b in doc.blocks])
    assert score["f1"] >= 0.995
    assert score["order"] >= 0.98
    assert score["asides"] == 1.0  # every box, note, caption and footnote whole


@pytest.mark.parametrize(("name", "producer"), CASES)
def test_blocks_are_the_source_blocks_in_order(built, name, producer):
    """Every paragraph whole (none split at a column or page break, none spliced with a
    box), headings and boxes of their kind, and in the source's reading order."""
    doc = built(name, producer)
    assert [(b.kind, b.text) for b in doc.blocks] == layouts().truth(name)


@pytest.mark.parametrize("producer", layouts().PRODUCERS)
def test_running_lines_and_margin_page_numbers_are_not_text(built, producer):
    doc = built("continued", producer)
    mod = layouts()
    assert mod.HEADER not in doc.text and mod.FOOTER not in doc.text
    assert doc.page_count >= 2
    assert all(not b.text.isdigit() for b in doc.blocks)


@pytest.mark.parametrize("producer", layouts().PRODUCERS)
def test_fact_box_is_its_own_blocks_and_splits_no_paragraph(built, producer):
    doc = built("fact-box", producer)
    boxes = [b.text for b in doc.blocks if b.kind == "box"]
    assert boxes[0] == "Fakta om gennemgangen"
    assert len(boxes) == 2
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert not any(boxes[1][:30] in p for p in paragraphs)
    quote = [b for b in doc.blocks if b.kind == "quote"]
    assert [q.text for q in quote] == ["»Vi skal kende barnet, før vi træffer afgørelsen.«"]


@pytest.mark.parametrize("producer", layouts().PRODUCERS)
def test_table_between_column_regions(built, producer):
    doc = built("sidebar-table", producer)
    assert [t.rows for t in doc.tables] == layouts().table_rows("sidebar-table")
    assert "Underretninger" not in doc.text


def test_three_columns_read_column_by_column(make_pdf):
    cols = [[f"spalte {c} linje {n} har tekst" for n in range(1, 6)] for c in "ABC"]
    page = [(20 + 62 * k, 40 + 6 * n, t) for k, col in enumerate(cols) for n, t in enumerate(col)]
    text = extract(make_pdf([page])).text.replace("\n\n", " ")
    marks = [f"spalte {c} linje {n} " for c in "ABC" for n in (1, 5)]
    positions = [text.index(m) for m in marks]
    assert positions == sorted(positions)


def test_heading_below_unequal_columns_follows_both(make_pdf):
    left = [f"venstre linje {n} i spalten med lidt tekst" for n in range(1, 9)]
    right = [f"højre linje {n} i spalten med tekst" for n in range(1, 4)]
    page = [(20, 40 + 6 * k, t) for k, t in enumerate(left)]
    page += [(110, 40 + 6 * k, t) for k, t in enumerate(right)]
    page.append((20, 100, "Afsnit under begge spalter"))
    page.append(
        (20, 108, "Brødtekst i fuld bredde under overskriften, som går hen over begge spalter.")
    )
    text = extract(make_pdf([page])).text.replace("\n\n", " ")
    order = ["venstre linje 8 ", "højre linje 1 ", "højre linje 3 ", "Afsnit under", "Brødtekst"]
    positions = [text.index(m) for m in order]
    assert positions == sorted(positions)


def test_one_column_justified_prose_is_not_cut_into_columns(make_pdf):
    """Wide word spaces of justified lines, some under each other, are no gutter."""
    words = ["Kommunen", "har", "gennemgået", "sagerne", "og", "fundet", "fejl", "i"]
    words += ["flere", "af", "dem", "i", "år"]
    page, rows = [], []
    for row in range(8):
        line = words[row:] + words[:row]
        rows.append(" ".join(line))
        x = 20.0
        for k, word in enumerate(line):
            page.append((x, 40 + 6 * row, word))
            x += 2.6 * len(word) + (4.5 if (k + row) % 4 == 0 else 2.0)
    text = extract(make_pdf([page])).text
    assert text == " ".join(rows)


def test_empty_rectangle_and_page_frame_are_no_boxes(make_pdf):
    page = [("rect", 15, 15, 195, 282), ("rect", 20, 60, 120, 100)]
    page += [(20, 40 + 6 * k, f"Linje {k} af brødteksten med ord.") for k in range(3)]
    page += [(20, 110, "Figur 2. Antal sager fordelt på år.")]
    doc = extract(make_pdf([page]))
    assert [b.kind for b in doc.blocks if b.kind == "box"] == []
    assert "Linje 2 af brødteksten med ord." in doc.text


def test_box_framed_by_four_lines_is_a_box_beside_the_flow(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 40, "Kommunen har i alt gennemgaaet tolv sager og")
    for x0, y0, x1, y1 in [
        (20, 45, 120, 45),
        (20, 65, 120, 65),
        (20, 45, 20, 65),
        (120, 45, 120, 65),
    ]:
        pdf.line(x0, y0, x1, y1)
    pdf.text(24, 52, "Fakta: tolv sager, fire interviews.")
    pdf.text(24, 58, "Gennemgangen fandt sted i marts.")
    pdf.text(20, 72, "fundet fejl i de fleste af dem.")
    out = tmp_path / "frame.pdf"
    pdf.output(str(out))
    doc = extract(out)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (
            "paragraph",
            "Kommunen har i alt gennemgaaet tolv sager og fundet fejl i de fleste af dem.",
        ),
        ("box", "Fakta: tolv sager, fire interviews. Gennemgangen fandt sted i marts."),
    ]
