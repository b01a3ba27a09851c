"""Quote detection and attribution on small Danish texts written for these tests."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.quotes import Quote, add_pipe, find_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sentencizer")
    add_pipe(pipeline)
    return pipeline


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    return list(nlp(text)._.quotes)


def test_dash_paragraph_with_post_posed_name(nlp: Language) -> None:
    text = (
        "Skolen får nye lokaler\n\n"
        "Borgmester Lise Holm (V) glæder sig over aftalen.\n\n"
        "– Vi har ventet længe på det her, og nu sker det endelig, siger Lise Holm."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.text == "Vi har ventet længe på det her, og nu sker det endelig"
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker == "Lise Holm"
    assert quote.cue == "siger"
    assert quote.kind == "direct"


def test_role_and_pronoun_resolve_to_the_introduced_person(nlp: Language) -> None:
    text = (
        "Formand for Børne- og Skoleudvalget, Per Juhl (S), og direktør Mette Lund "
        "var til stede på mødet i går.\n\n"
        "– Vi skal have styr på sagsbehandlingen, og det kommer til at tage tid, "
        "sagde udvalgsformanden.\n\n"
        "– Jeg er enig i, at der skal handles nu, og vi har allerede ansat flere, "
        "forklarer hun."
    )
    first, second = quotes_of(nlp, text)
    assert first.speaker == "Per Juhl"
    assert first.mention_type == "role"
    assert second.speaker == "Mette Lund"
    assert second.mention_type == "pronoun"


def test_continuation_paragraph_keeps_the_speaker(nlp: Language) -> None:
    text = (
        "– Vi er på rette vej, men der er langt igen, siger Jonas Berg.\n\n"
        "– Jeg tror på, at vi når målet inden sommer."
    )
    first, second = quotes_of(nlp, text)
    assert second.speaker == first.speaker == "Jonas Berg"
    assert second.mention_type == "continuation"


def test_speaker_named_in_following_paragraph_takes_the_quote(nlp: Language) -> None:
    text = (
        "– Vi kan ikke blive ved med at vente på flere penge fra staten.\n\n"
        "Det mener Karen Vestergaard, der er formand for skolebestyrelsen."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.speaker == "Karen Vestergaard"


def test_guillemets_nominal_and_indirect(nlp: Language) -> None:
    text = (
        "Rådmand Ole Bak (A) har læst rapporten.\n\n"
        "»Det er en alvorlig kritik, som vi tager til os,« lyder det fra Ole Bak.\n\n"
        "Ole Bak mener, at kommunen skal bruge flere penge på tidlig indsats."
    )
    quotes = quotes_of(nlp, text)
    assert [q.kind for q in quotes] == ["direct", "indirect"]
    assert quotes[0].text.startswith("Det er en alvorlig kritik")
    assert quotes[1].text.startswith("kommunen skal bruge")
    assert all(q.speaker == "Ole Bak" for q in quotes)


def test_organisation_statement_in_single_quotes(nlp: Language) -> None:
    text = (
        "Task Forcen konkluderer i rapporten, at der er ’tydelige tegn på bedre "
        "kvalitet i sagerne’ i kommunen."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.text == "tydelige tegn på bedre kvalitet i sagerne"
    assert quote.speaker == "Task Forcen"


def test_things_that_are_not_quotes(nlp: Language) -> None:
    text = (
        "Fakta om sagen\n\n"
        "- 120 sager blev gennemgået i foråret\n\n"
        "- Kommunen har ansat fire nye socialrådgivere\n\n"
        "Byrådet kalder planen et »løft« for området.\n\n"
        "– Hvad siger du til kritikken?\n\n"
        "Læs også: »Vi skal have styr på økonomien«"
    )
    assert quotes_of(nlp, text) == []


def test_no_quotes_in_plain_prose(nlp: Language) -> None:
    text = "Kommunen har fået en ny plan for området. Den skal vedtages i august."
    assert quotes_of(nlp, text) == []


def test_every_speaker_is_a_person_of_the_document(nlp: Language) -> None:
    text = (
        "Borgmester Lise Holm (V) var tilfreds.\n\n"
        "– Det er en god dag for kommunen, siger borgmesteren.\n\n"
        "– Vi fortsætter arbejdet, tilføjer hun."
    )
    doc = nlp(text)
    names = {person.name for person in doc._.persons}
    assert doc._.quotes
    assert all(q.speaker in names for q in doc._.quotes)
    assert next(span.text for span in doc.spans["quotes"]).startswith("Det er en god dag")
    holm = next(p for p in doc._.persons if p.name == "Lise Holm")
    assert holm.party == "V"
    assert "borgmester" in holm.roles


def test_find_quotes_plain_function_on_a_doc(nlp: Language) -> None:
    doc = spacy.blank("da")("– Vi er glade for resultatet, siger Niels Dam.")
    [quote] = list(find_quotes(doc))
    assert quote.speaker == "Niels Dam"
