"""Broken encodings: a stray byte in UTF-8, UTF-16 without a BOM, stray NUL bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestError, extract
from pipeline.ingest.textfile import decode_bytes

ARTICLE = (
    "Ny bro over åen i Søndervig\n\n"
    "Byrådet har besluttet at bygge en gangbro over åen ved skolen.\n\n"
    "- Børnene får en sikker vej, siger formand Søren Ærtebjerg.\n\n"
    "Broen forventes færdig til næste forår, når jorden er tør.\n"
)


def test_one_stray_byte_keeps_the_rest_utf8_and_is_a_warning(tmp_path: Path):
    raw = ARTICLE.encode("utf-8")
    cut = raw.index(b"gangbro")
    path = tmp_path / "bro.txt"
    path.write_bytes(raw[:cut] + b"\x92" + raw[cut:])  # a cp1252 apostrophe slipped in
    doc = extract(path)
    assert "Søndervig" in doc.text and "Børnene" in doc.text and "Ã" not in doc.text
    assert "\ufffdgangbro" in doc.text
    assert doc.warnings == ["1 byte not valid UTF-8, replaced by U+FFFD"]


def test_html_with_a_stray_byte_is_utf8_too(tmp_path: Path):
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.split("\n\n")[1:])
    raw = f"<html><head><title>Ny bro</title></head><body><article>{body}</article></body></html>"
    data = raw.encode("utf-8").replace(b"skolen", b"skol\xe6en", 1)
    path = tmp_path / "bro.html"
    path.write_bytes(data)
    doc = extract(path)
    assert "Børnene" in doc.text and "Ã" not in doc.text
    assert doc.warnings == ["1 byte not valid UTF-8, replaced by U+FFFD"]


def test_clean_utf8_and_real_cp1252_have_no_warning(tmp_path: Path):
    clean = tmp_path / "ren.txt"
    clean.write_text(ARTICLE, encoding="utf-8")
    assert extract(clean).warnings == []
    legacy = tmp_path / "gammel.txt"
    legacy.write_bytes(ARTICLE.encode("cp1252"))
    doc = extract(legacy)
    assert "Søren Ærtebjerg" in doc.text and "\ufffd" not in doc.text
    assert doc.warnings == []


def test_cp1252_with_a_few_danish_letters_in_a_long_text_stays_cp1252() -> None:
    text = "Kommunen holder møde om budgettet. " + "Der er ingen nye tal i dag. " * 400
    warnings: list[str] = []
    assert decode_bytes(text.encode("cp1252"), "x.txt", warnings) == text
    assert warnings == []


def test_many_bad_bytes_are_not_called_utf8() -> None:
    half = ARTICLE.encode("utf-8") + ARTICLE.encode("cp1252")  # a mixed-up file
    warnings: list[str] = []
    text = decode_bytes(half, "x.txt", warnings)
    assert "\ufffd" not in text and warnings == []


def test_utf16_without_a_byte_order_mark_is_found_by_its_nul_pattern() -> None:
    text = "Kørekortet blev fornyet på rådhuset i Åby.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_stray_and_trailing_nuls_are_dropped_with_a_warning_but_binary_stays_binary() -> None:
    warnings: list[str] = []
    text = "Byen får en ny skole.\n" * 20
    data = text.encode().replace(b" ", b" \x00", 1) + bytes(500)
    assert decode_bytes(data, "x.txt", warnings) == text
    assert warnings == ["501 NUL bytes removed"]
    with pytest.raises(IngestError, match="binary file"):
        decode_bytes(b"\x00\x01\x02 tal " * 200, "x.txt")
