"""Domain entities by rule: KOMMUNE, LAW, DATE."""

from __future__ import annotations

from pipeline.nlp.domain import find_domain_spans
from pipeline.nlp.gazetteers import municipalities


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[s:e], label) for s, e, label in find_domain_spans(text)}


def test_all_98_municipalities_are_listed():
    names = municipalities()
    assert len(names) == 98
    assert len({short for short, _ in names}) == 98


def test_municipality_forms():
    found = _found("Københavns Kommune og Stevns Kommunes forvaltning samarbejder med Aarhus.")
    assert ("Københavns Kommune", "KOMMUNE") in found
    assert ("Stevns Kommunes", "KOMMUNE") in found
    assert ("Aarhus", "KOMMUNE") in found


def test_law_references():
    text = (
        "Efter servicelovens § 140 og § 50, stk. 2, skal der laves en plan; "
        "barnets lov og forvaltningsloven gælder også."
    )
    found = _found(text)
    assert ("servicelovens § 140", "LAW") in found
    assert ("§ 50, stk. 2", "LAW") in found
    assert ("barnets lov", "LAW") in found
    assert ("forvaltningsloven", "LAW") in found


def test_dates():
    found = _found(
        "Rapporten kom 7. juli 2020, efter en analyse fra maj 2018 og et møde 22.06.2018."
    )
    assert ("7. juli 2020", "DATE") in found
    assert ("maj 2018", "DATE") in found
    assert ("22.06.2018", "DATE") in found


def test_nothing_found_in_plain_text():
    text = "Hun tog barselsorlov i maj og kom tilbage, da det blev forår igen."
    assert _found(text) == set()


def test_public_bodies_and_parties():
    found = _found(
        "Børne- og Familieudvalget bad Socialministeriet og Vejle Amtsråd om svar; "
        "Venstres ordfører og SF var enige, og Region Nordjylland ventede."
    )
    assert ("Børne- og Familieudvalget", "BODY") in found
    assert ("Socialministeriet", "BODY") in found
    assert ("Vejle Amtsråd", "BODY") in found
    assert ("Region Nordjylland", "BODY") in found
    assert ("Venstres", "PARTY") in found
    assert ("SF", "PARTY") in found


def test_bare_body_words_and_boards_are_no_bodies():
    text = "Udvalget og Kommunalbestyrelsen mødtes, og Bestyrelsen i foreningen sagde nej."
    assert not {label for _, label in _found(text)} & {"BODY", "PARTY"}
