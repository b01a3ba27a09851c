"""The quote stage's three layers one at a time: clauses, detection, attribution."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.quotes import lexicon
from pipeline.quotes.attribution import UNNAMED_CONFIDENCE, attribute, confidence
from pipeline.quotes.clauses import Clauses
from pipeline.quotes.detection import detect
from pipeline.quotes.mentions import parse_mention, parse_name
from pipeline.quotes.persons import Registry


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sentencizer")
    return pipeline


def doc_of(nlp: Language, text: str) -> Doc:
    return nlp(text)


def test_clauses_read_claims_and_signatures_as_paragraph_roles(nlp: Language) -> None:
    text = (
        "Vi har brug for flere pædagoger.\n\n"
        "Det mener Rita Holm, der er formand.\n\n"
        "Der skal ryddes op i reglerne.\n\n"
        "Lars Bøg, direktør, Odder Kommune"
    )
    clauses = Clauses(doc_of(nlp, text))
    assert set(clauses.claims) == {1}
    assert clauses.claims[1][0].name == "Rita Holm"
    assert set(clauses.signatures) == {3}
    assert clauses.signatures[3].name == "Lars Bøg"
    assert not clauses.interview


def test_clauses_find_the_speaker_before_a_colon(nlp: Language) -> None:
    text = "Formand Rikke Vang er bekymret, og hun forklarer:"
    clauses = Clauses(doc_of(nlp, text))
    found = clauses.speaker_before(0, len(text))
    assert found is not None
    assert (found[0], found[1].text) == ("forklarer", "hun")


def test_detection_splits_a_dash_paragraph_at_its_attribution(nlp: Language) -> None:
    text = "Mødet trak ud.\n\n- Vi er klar, siger Ole Dam. - Og vi går nu i gang."
    candidates = detect(Clauses(doc_of(nlp, text)))
    assert [text[c.start : c.end].strip() for c in candidates] == [
        "Vi er klar",
        "Og vi går nu i gang.",
    ]
    assert candidates[0].attributed and candidates[1].attributed


def test_detection_finds_nothing_in_narration(nlp: Language) -> None:
    text = "Byrådet mødes på torsdag.\n\nDagsordenen har tolv punkter, og mødet er offentligt."
    assert detect(Clauses(doc_of(nlp, text))) == []


def test_attribution_reports_how_sure_each_speaker_is(nlp: Language) -> None:
    text = (
        "Skolen lukker til sommer.\n\n"
        "- Det er en sorg, siger skoleleder Anne Bro.\n\n"
        "- Vi har været her i fyrre år.\n\n"
        "- Nogen burde gøre noget, siger en nabo."
    )
    clauses = Clauses(doc_of(nlp, text))
    quotes = attribute(clauses, detect(clauses))
    assert [(q.speaker, q.mention_type) for q in quotes] == [
        ("Anne Bro", "name"),
        ("Anne Bro", "continuation"),
        (None, "role"),
    ]
    confidences = [q.confidence for q in quotes]
    assert confidences[0] is not None and confidences[1] is not None
    assert confidences[0] > confidences[1] > UNNAMED_CONFIDENCE
    assert confidences[2] == UNNAMED_CONFIDENCE


def test_confidence_of_an_unknown_mention_type_is_low() -> None:
    assert confidence("name", True) > confidence("nominal", True)
    assert confidence("something else", True) == UNNAMED_CONFIDENCE


def test_a_mention_carries_role_name_and_party() -> None:
    lex = lexicon.load()
    text = "siger borgmester Lise Holm (V) til avisen"
    mention = parse_mention(text, len("siger "), lex)
    assert mention is not None
    assert (mention.type, mention.name, mention.role, mention.party) == (
        "name",
        "Lise Holm",
        "borgmester",
        "V",
    )


def test_a_name_with_an_initial_but_not_the_pronoun_i() -> None:
    lex = lexicon.load()
    assert parse_name("skriver Hanne K i en kommentar", 8, lex) == ("Hanne K", 15)
    assert parse_name("skriver Hanne I en kommentar", 8, lex) == ("Hanne", 13)


def test_a_spelling_variant_of_a_first_name_is_the_same_person() -> None:
    registry = Registry(lexicon.load())
    first = registry.add("Janne Poulsen", 0)
    assert registry.add("Jannie Poulsen", 50) is first
    assert first.name == "Janne Poulsen"
    assert registry.add("Jens Poulsen", 90) is not first  # too different: another person


def test_name_shaped_bodies_are_no_persons() -> None:
    registry = Registry(lexicon.load())
    for name in ("Team Vesterå", "Holmgaard Group", "Byens Festspillene"):
        mention = parse_mention(f"siger {name}", len("siger "), registry.lex)
        assert mention is not None
        person = registry.resolve(mention)
        assert person is not None and person.kind == "organisation", name


def test_a_role_phrase_stops_where_the_sentence_goes_on() -> None:
    from pipeline.quotes.persons import trim_role

    lex = lexicon.load()
    assert trim_role("træner for holdet og har selv spillet i 20 år", lex) == "træner for holdet"
    assert trim_role("rådgiver i Vesterå Kommune, valgte at gå", lex) == (
        "rådgiver i Vesterå Kommune"
    )
    assert trim_role("borgmester i Vesterå istemmer", lex) == "borgmester i Vesterå"
    assert trim_role("overlæge på", lex) == "overlæge"
    # lists of names and compounds with "og" stay whole
    assert (
        trim_role("direktør for Børn, Unge og Kultur", lex) == "direktør for Børn, Unge og Kultur"
    )
    assert trim_role("børne- og ungedirektør", lex) == "børne- og ungedirektør"


def test_an_abbreviated_place_is_no_name() -> None:
    lex = lexicon.load()
    parsed = parse_name("bor i Nr. Tranders med", 6, lex)
    assert parsed is None or not parsed[0].startswith("Nr.")
