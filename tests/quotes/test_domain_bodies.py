"""Bodies that `doc.ents` leaves out (the NER follows its training data: ministries and
committees are O there) still speak: persons read the domain layer's BODY and PARTY."""

from __future__ import annotations

from spacy.language import Language


def test_a_body_of_the_domain_layer_speaks(full_nlp: Language) -> None:
    text = (
        "Vejdirektoratets Trafikudvalg konkluderer i notatet, at der er ’klare tegn på færre "
        "ulykker på vejene’ i amtet."
    )
    doc = full_nlp(text)
    assert not [e for e in doc.ents if "Trafikudvalg" in e.text and e.label_ == "ORG"]
    assert "BODY" in {s.label_ for s in doc.spans["domain"]}
    [quote] = doc._.quotes
    assert quote.speaker is not None and "Trafikudvalg" in quote.speaker


def test_no_body_in_plain_words(full_nlp: Language) -> None:
    doc = full_nlp("udvalget og ministeriet mødtes i går om sagen.")
    assert not [s for s in doc.spans["domain"] if s.label_ in ("BODY", "PARTY")]
