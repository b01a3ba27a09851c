"""DOCX readers under strain: style names cached per style id, unpacked-size limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.ingest import IngestError, extract
from pipeline.ingest.docxfile import StyleNames, check_unpacked_size
from pipeline.ingest.limits import MAX_UNPACKED_BYTES, MB, RATIO_CHECKED_FROM_BYTES


def _write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Trafikplan for Vestby", level=1)
    document.add_paragraph("Kommunen vil sænke farten på Skolevej.")
    document.add_paragraph("Nye fodgængerfelter", style="List Bullet")
    document.add_heading("Økonomi", level=2)
    document.add_paragraph("Planen koster to millioner kroner.")
    document.add_paragraph("Flere cykelstier", style="List Bullet")
    document.save(str(path))


def test_cached_style_names_are_python_docx_names(tmp_path: Path):
    path = tmp_path / "plan.docx"
    _write_docx(path)
    paragraphs = docx.Document(str(path)).paragraphs
    style_of = StyleNames()
    names = [style_of(p) for p in paragraphs]
    assert names == [p.style.name if p.style else "" for p in paragraphs]
    assert names == ["Heading 1", "Normal", "List Bullet", "Heading 2", "Normal", "List Bullet"]
    doc = extract(path)
    kinds = [(b.kind, b.section) for b in doc.blocks]
    assert kinds == [
        ("heading", "Trafikplan for Vestby"),
        ("paragraph", "Trafikplan for Vestby"),
        ("list_item", "Trafikplan for Vestby"),
        ("heading", "Økonomi"),
        ("paragraph", "Økonomi"),
        ("list_item", "Økonomi"),
    ]


def _add_members(path: Path, count: int, size: int) -> None:
    blob = bytes(size)  # zeros: a few KB packed
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for k in range(count):
            archive.writestr(f"word/media/fyld{k}.bin", blob)


def test_a_zip_bomb_member_is_refused_before_unpacking(tmp_path: Path):
    path = tmp_path / "bombe.docx"
    _write_docx(path)
    _add_members(path, 1, RATIO_CHECKED_FROM_BYTES + MB)
    assert path.stat().st_size < MB
    with pytest.raises(IngestError, match=r"too large when unpacked \(word/media/fyld0\.bin"):
        extract(path)


def test_many_parts_over_the_total_are_refused(tmp_path: Path):
    path = tmp_path / "mange.docx"
    _write_docx(path)
    part = RATIO_CHECKED_FROM_BYTES - MB  # each small enough to escape the ratio check
    _add_members(path, MAX_UNPACKED_BYTES // part + 1, part)
    with pytest.raises(IngestError, match=r"too large when unpacked \([\d,]+ MB in \d+ parts"):
        extract(path)


def test_a_docx_under_the_limits_is_read_and_limits_are_enforced_as_given(tmp_path: Path):
    path = tmp_path / "plan.docx"
    _write_docx(path)
    _add_members(path, 2, MB)  # images, say: under every limit
    assert "Skolevej" in extract(path).text
    data = path.read_bytes()
    check_unpacked_size(path, data)  # no error
    with pytest.raises(IngestError, match="too large when unpacked"):
        check_unpacked_size(path, data, max_total=MB)


def test_not_a_zip_is_still_a_corrupt_docx(tmp_path: Path):
    path = tmp_path / "falsk.docx"
    path.write_bytes(b"Dette er bare tekst med en forkert endelse.")
    with pytest.raises(IngestError, match=r"not a valid \.docx file"):
        extract(path)


def test_parts_that_do_not_fit_together_are_a_broken_docx_not_a_library_error(tmp_path: Path):
    path = tmp_path / "plan.docx"
    _write_docx(path)
    with zipfile.ZipFile(path) as src:
        members = {n: src.read(n) for n in src.namelist()}
    rels = members["word/_rels/document.xml.rels"]
    members["word/_rels/document.xml.rels"] = rels.replace(b"<Relationships ", b"<Forhold ", 1)
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b"</Forhold>"
    )
    with zipfile.ZipFile(path, "w") as out:
        for name, blob in members.items():
            out.writestr(name, blob)
    with pytest.raises(IngestError) as caught:
        extract(path)
    assert caught.value.reason == "not a valid .docx file (corrupt or not a Word document)"
