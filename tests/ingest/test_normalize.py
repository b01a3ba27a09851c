"""Text normalisation: examples, then hypothesis properties over arbitrary text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.normalize import (
    LIGATURES,
    SOFT_HYPHEN,
    join_hyphenated,
    join_lines,
    normalize_chars,
    normalize_inline,
)

DANISH_LOWER = "abcdefghijklmnopqrstuvwxyzæøå"


def test_ligatures_soft_hyphens_and_spaces():
    assert normalize_inline("ﬁnansiering af ﬂere of\u00adfentlige\u00a0tilbud") == (
        "finansiering af flere offentlige tilbud"
    )
    assert normalize_chars("e\u0301") == "é"  # NFC
    assert normalize_inline("  to\tord \u200b ") == "to ord"


def test_join_rules():
    assert join_hyphenated("den videre sagsbe-", "handling.") == "den videre sagsbehandling."
    assert join_hyphenated("samt børne-", "og ungeudvalget") == "samt børne- og ungeudvalget"
    assert join_hyphenated("Social-", "eller sundhedsområdet") == "Social- eller sundhedsområdet"
    assert join_hyphenated("et nyt IT-", "system") == "et nyt IT-system"
    assert join_hyphenated("mellem 20-", "30 sager") == "mellem 20-30 sager"
    assert join_hyphenated("§ 50-", "undersøgelsen") == "§ 50-undersøgelsen"
    assert join_hyphenated("Task-", "Forcen") == "Task-Forcen"
    assert join_hyphenated("uden bindestreg", "her") == "uden bindestreg her"
    assert join_hyphenated("et tankestreg –", "her") == "et tankestreg – her"


def test_join_lines_paragraph():
    lines = ["Task Forcen vurderer, at sagsbe-", "handlingen i børne-", "og familieafdelingen", ""]
    assert join_lines(lines) == (
        "Task Forcen vurderer, at sagsbehandlingen i børne- og familieafdelingen"
    )
    assert join_lines([]) == ""


@given(st.text())
def test_normalize_chars_is_idempotent_and_clean(text: str):
    once = normalize_chars(text)
    assert normalize_chars(once) == once
    assert SOFT_HYPHEN not in once
    assert not any(lig in once for lig in LIGATURES)
    assert "\r" not in once and "\u00a0" not in once


@given(st.text())
def test_normalize_inline_is_one_clean_line(text: str):
    out = normalize_inline(text)
    assert "\n" not in out and "  " not in out
    assert out == out.strip()
    assert normalize_inline(out) == out


@given(st.text(alphabet=DANISH_LOWER + "ÆØÅ", min_size=1))
def test_danish_letters_survive(text: str):
    assert normalize_inline(text) == text


@given(
    st.text(alphabet=DANISH_LOWER, min_size=2, max_size=20),
    st.integers(min_value=1, max_value=19),
    st.text(alphabet=DANISH_LOWER + " ", max_size=30),
)
def test_word_split_across_lines_is_rejoined(word: str, cut: int, rest: str):
    cut = min(cut, len(word) - 1)
    head, tail = word[:cut], word[cut:]
    if tail.split(" ")[0] in {"og", "eller", "samt", "til", "som", "end", "and", "or"}:
        return  # those are suspended hyphens, covered below
    joined = join_lines([f"i {head}-", f"{tail} {rest}"])
    assert joined == normalize_inline(f"i {word} {rest}")


@given(
    st.text(alphabet=DANISH_LOWER, min_size=1, max_size=12),
    st.sampled_from(["og", "eller"]),
    st.text(alphabet=DANISH_LOWER, min_size=1, max_size=12),
)
def test_suspended_hyphen_is_kept(first: str, conj: str, second: str):
    assert join_hyphenated(f"{first}-", f"{conj} {second}") == f"{first}- {conj} {second}"


@given(st.lists(st.text(), max_size=8))
def test_join_lines_never_leaves_newlines(lines: list[str]):
    out = join_lines(lines)
    assert "\n" not in out and out == out.strip()


@given(st.binary(max_size=400))
def test_decode_bytes_gives_text_or_ingest_error(data: bytes):
    from pipeline.ingest.errors import IngestError
    from pipeline.ingest.textfile import decode_bytes

    try:
        text = decode_bytes(data, "x.txt")
    except IngestError as err:
        assert str(err).startswith("binary file, not text")
    else:
        assert isinstance(text, str)


@given(st.text(max_size=200))
def test_parse_date_never_raises_and_is_iso(text: str):
    from datetime import date

    from pipeline.ingest.metadata import parse_date

    found = parse_date(text)
    assert found is None or date.fromisoformat(found).isoformat() == found


@given(st.text(max_size=300))
def test_text_blocks_offsets_are_consistent(text: str):
    from pipeline.core import Document
    from pipeline.ingest.textfile import text_blocks

    blocks, _, _, _ = text_blocks(text)
    doc = Document.from_blocks("x.txt", blocks)
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
        assert "\n" not in block.text
