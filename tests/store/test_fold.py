from hypothesis import given
from hypothesis import strategies as st

from pipeline.store.fold import fold, index_text, name_key, search_terms, stem


def test_fold_danish_letters_to_digraphs():
    assert fold("Århus Kæmpe Søren") == "aarhus kaempe soeren"
    assert fold("Aarhus") == fold("Århus")


def test_fold_drops_other_accents_but_keeps_words():
    assert fold("Café Müller") == "cafe mueller"


def test_stem_joins_inflections():
    assert stem("sagsbehandlingstiden") == stem("sagsbehandlingstid")
    assert stem("borgmesteren") == stem("borgmester")


def test_search_terms_are_folded_stems():
    assert search_terms("Sagsbehandlingstiden i Århus") == [
        stem("sagsbehandlingstiden"),
        "i",
        "aarhus",
    ]


def test_name_key_drops_middle_initials_only():
    assert name_key("Steen S. Hansen") == "steen hansen"
    assert name_key("Steen Hansen") == "steen hansen"
    assert name_key("S. Hansen") == "s hansen"  # a leading initial is kept
    assert name_key("Søren Ålund") == "soeren aalund"


@given(st.text())
def test_fold_is_ascii_for_danish_and_idempotent(text):
    once = fold(text)
    assert fold(once) == once
    assert not set("æøåÆØÅ") & set(once)


@given(st.text())
def test_index_text_never_fails(text):
    assert isinstance(index_text(text), str)
