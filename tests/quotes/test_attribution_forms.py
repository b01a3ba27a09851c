"""Attribution forms of real Danish news, each shown by a short text written for the test."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.quotes import Quote, add_pipe


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("sentencizer")
    add_pipe(pipeline)
    return pipeline


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    return list(nlp(text)._.quotes)


def test_unmarked_statement_is_its_own_kind(nlp: Language) -> None:
    text = "Vi har aldrig haft så mange gæster på en sommer, fortæller Birthe Kjær."
    [quote] = quotes_of(nlp, text)
    assert (quote.kind, quote.speaker) == ("unmarked", "Birthe Kjær")
    assert quote.text == "Vi har aldrig haft så mange gæster på en sommer"


def test_unmarked_statement_after_a_subordinate_clause(nlp: Language) -> None:
    text = "Når først regnen kommer, er det for sent at grave grøfter, mener Ole Bak."
    [quote] = quotes_of(nlp, text)
    assert (quote.kind, quote.speaker) == ("unmarked", "Ole Bak")
    assert quote.text.startswith("Når først regnen kommer")


def test_first_person_sentences_before_an_unmarked_statement_join_it(nlp: Language) -> None:
    text = (
        "Det handler om detaljerne. Vi tester hver eneste skrue, og det er det, vi holder af, "
        "fortæller Anders Vig."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.text.startswith("Det handler om detaljerne.")
    assert quote.speaker == "Anders Vig"


def test_narrative_before_an_unmarked_statement_stays_out(nlp: Language) -> None:
    text = (
        "Ulykken skete ved middagstid. Bilisten slap med skrammer, men bilen er totalskadet, "
        "oplyser vagtchef Per Dam."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.text.startswith("Bilisten slap med skrammer")


def test_sadan_lyder_det_fra_inside_the_sentence(nlp: Language) -> None:
    text = "Det bedste er, når vi er uenige, sådan lyder det fra Karen Holt, som ejer firmaet."
    [quote] = quotes_of(nlp, text)
    assert (quote.kind, quote.speaker) == ("unmarked", "Karen Holt")
    assert quote.text == "Det bedste er, når vi er uenige"


def test_sadan_lyder_det_fra_paragraph_names_the_quote_above(nlp: Language) -> None:
    text = (
        "– Jeg har aldrig set noget lignende på vores vej.\n\n"
        "Sådan lyder det fra Hanne Skov, der har boet på vejen i 30 år."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.speaker == "Hanne Skov"


def test_particle_verb_after_the_speaker(nlp: Language) -> None:
    text = "– Reglerne er helt klare på det punkt, slår advokat Jens Mølgaard fast."
    [quote] = quotes_of(nlp, text)
    assert quote.text == "Reglerne er helt klare på det punkt"
    assert quote.speaker == "Jens Mølgaard"


def test_a_clause_ending_in_a_colon_introduces_rather_than_quotes(nlp: Language) -> None:
    text = (
        "Borgmester Lis Krog blev spurgt om budgettet.\n\n"
        "Adspurgt om, hvorfor skatten stiger, svarede hun:\n\n"
        "– Vi har ikke noget valg."
    )
    quotes = quotes_of(nlp, text)
    assert [q.text for q in quotes] == ["Vi har ikke noget valg."]
    assert quotes[0].speaker == "Lis Krog"


@pytest.mark.parametrize(
    "text",
    [
        "Kommunen lukker tre skoler næste år. Det skriver Dagbladet.",
        "Kommunen lukker tre skoler næste år, skriver TV 2.",
        "Kommunen lukker tre skoler næste år, skriver avisen.",
    ],
)
def test_another_medium_as_a_source_is_no_quote(nlp: Language, text: str) -> None:
    assert quotes_of(nlp, text) == []


def test_a_dash_without_a_space_opens_a_quote(nlp: Language) -> None:
    text = "-Vi kan ikke vente længere på en løsning, siger formand Tove Lund."
    [quote] = quotes_of(nlp, text)
    assert quote.text == "Vi kan ikke vente længere på en løsning"
    assert quote.speaker == "Tove Lund"


def test_an_unpunctuated_dash_line_is_a_crosshead(nlp: Language) -> None:
    text = (
        "– Vi har gjort, hvad vi kunne, siger skoleleder Kim Vad.\n\n"
        "– Når man først begynder at lede efter fejl så finder man dem alle steder i huset\n\n"
        "Skolen åbner igen mandag."
    )
    assert [q.text for q in quotes_of(nlp, text)] == ["Vi har gjort, hvad vi kunne"]


def test_a_sentence_adverb_is_no_speaker(nlp: Language) -> None:
    text = (
        "– Det er godt, siger Ib Lauesen.\n\n"
        "Derfor opfordrer politikommissær Ib Lauesen alle til at låse døren.\n\n"
        "– Tyvene kigger efter åbne vinduer."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Ib Lauesen", "Ib Lauesen"]


def test_the_first_paragraph_of_a_run_takes_the_speaker_named_below(nlp: Language) -> None:
    text = (
        "Antallet af indbrud er steget kraftigt i år.\n\n"
        "– Det er langt flere end normalt.\n\n"
        "– Derfor beder vi borgerne holde øje, siger vicepolitiinspektør Lone Bech."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Lone Bech", "Lone Bech"]


def test_pull_quote_signed_by_a_name_line_below(nlp: Language) -> None:
    text = (
        "Havnen skal udvides for 40 millioner kroner.\n\n"
        "Vi gør, hvad vi kan, for at holde prisen nede\n\n"
        "Lene Bro, direktør, Vejle Havn\n\n"
        "Byggeriet begynder til foråret."
    )
    [quote] = quotes_of(nlp, text)
    assert (quote.kind, quote.speaker) == ("unmarked", "Lene Bro")
    assert quote.text == "Vi gør, hvad vi kan, for at holde prisen nede"


def test_pull_quote_signed_at_the_end_of_its_paragraph(nlp: Language) -> None:
    text = "Jeg har aldrig fortrudt det. Det var det rigtige. Kaj Ravn, tidl. skoleleder i Tarm."
    [quote] = quotes_of(nlp, text)
    assert quote.speaker == "Kaj Ravn"
    assert quote.text == "Jeg har aldrig fortrudt det. Det var det rigtige."


def test_a_dash_name_line_signs_the_statement_above(nlp: Language) -> None:
    text = "Jeg tager bussen hver dag\n\n— Karin Møller Dahl, Stege"
    [quote] = quotes_of(nlp, text)
    assert quote.speaker == "Karin Møller Dahl"


@pytest.mark.parametrize(
    "text",
    [
        "Drengens far, Ole Ravn, er lettet.\n\nVi har ventet længe.",
        "Kommunen har ansat flere folk.\n\nLene Bro, direktør, Vejle Havn",
    ],
)
def test_no_pull_quote_without_a_name_line_and_a_first_person_statement(
    nlp: Language, text: str
) -> None:
    assert quotes_of(nlp, text) == []


def test_a_run_attributed_at_its_end_after_narration_is_that_speakers(nlp: Language) -> None:
    text = (
        "- Vi tabte, fordi vi var for langsomme, siger Jens Vad.\n\n"
        "Holbæk fik ellers en god start, men efter pausen fik Ringsted lov at afslutte "
        "to angreb med mål.\n\n"
        "- Det irriterer mig mest, at vi gav op.\n\n"
        "- Vi skal tilbage på træningsbanen, siger Jens Vad."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Jens Vad"] * 3


def test_a_first_name_spelled_two_ways_keeps_the_first_spelling(nlp: Language) -> None:
    text = (
        "En af dem, der har klaget, er Mette Holmgaard.\n\n"
        "- Jeg har skrevet til kommunen fire gange, siger Mettea Holmgaard."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.speaker == "Mette Holmgaard"


def test_narration_turning_to_a_new_person_hands_them_the_next_quote(nlp: Language) -> None:
    text = (
        "- Vi har haft travlt hele sommeren, siger formand Bo Krag.\n\n"
        "Klubbens yngste træner, Sara Lind, har også mærket travlheden.\n\n"
        "- Jeg har aldrig haft så mange børn på holdet.\n\n"
        "Avisen mødte Per Brink på parkeringspladsen efter kampen.\n\n"
        "- Det var en god dag for os alle."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Bo Krag", "Sara Lind", "Per Brink"]


def test_narration_about_the_speaker_or_a_question_keeps_the_speaker(nlp: Language) -> None:
    text = (
        "- Vi åbner igen i morgen, siger butikschef Lone Vang.\n\n"
        "Lone Vang har haft butikken i tyve år.\n\n"
        "- Jeg giver ikke op.\n\n"
        "Giver krisen anledning til at lukke en af butikkerne?\n\n"
        "- Det håber jeg meget."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Lone Vang"] * 3


def test_inline_dash_statements_in_narration_are_separate_quotes(nlp: Language) -> None:
    text = (
        "Lise Berg kom for sent til mødet.\n\n"
        "Stemningen var trykket. Borgmester Hans Holm siger: - Vi gør, hvad vi kan. "
        "Lise Berg siger: - Det er ikke nok."
    )
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Vi gør, hvad vi kan.", "Hans Holm"),
        ("Det er ikke nok.", "Lise Berg"),
    ]


def test_a_dash_after_a_finished_sentence_opens_a_quote(nlp: Language) -> None:
    text = (
        "Demonstrationen var larmende.\n\n"
        "Mødet var kort, og stemningen var trykket. - Vi er skuffede over kommunen, "
        "sagde formand Lis Dam, men hvad mener du?"
    )
    [quote] = quotes_of(nlp, text)
    assert (quote.text, quote.speaker) == ("Vi er skuffede over kommunen", "Lis Dam")


def test_a_second_dash_in_a_dash_paragraph_starts_another_quote(nlp: Language) -> None:
    text = "- Vi er skuffede.. og vi går hjem.. - Og her er det omvendt, siger Lis Dam."
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Vi er skuffede.. og vi går hjem..", "Lis Dam"),
        ("Og her er det omvendt", "Lis Dam"),
    ]


def test_og_or_mens_before_a_colon_hands_the_next_quote_over(nlp: Language) -> None:
    text = (
        "- Vi vil have bussen tilbage, siger Ida Kjær og Tom Hald er enig:\n\n"
        "- Uden bussen kan vi ikke komme på arbejde.\n\n"
        "- Det er en skandale, skriver Ane Lund, mens Bo Holst afbryder:\n\n"
        "- Det er ikke kommunens skyld."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Ida Kjær", "Tom Hald", "Ane Lund", "Bo Holst"]


def test_a_colon_naming_nobody_leaves_the_speaker_to_the_attribution(nlp: Language) -> None:
    text = (
        "Region Vest har lukket tre vagter. Og derfor var der demonstration i dag:\n\n"
        "- Dejligt at se så mange!\n\n"
        "- Tak fordi I kom, skriver Mona i en kommentar."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Mona", "Mona"]


def test_a_first_name_with_an_initial_is_one_person(nlp: Language) -> None:
    text = (
        "- Politikerne lytter aldrig, skriver Hanne K i en kommentar.\n\n"
        "- De skal tage os alvorligt, skriver Hanne."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Hanne K", "Hanne K"]


def test_a_claim_reaches_past_a_bare_line_but_not_past_an_introduction(nlp: Language) -> None:
    text = (
        "Formand Rikke Vang er bekymret. Hun forklarer:\n\n"
        "- Vi har ventet i et halvt år på svar.\n\n"
        "Lang ventetid\n\n"
        "- Man bliver træt af at vente.\n\n"
        "Sådan siger Jonas Bech, der er far til to."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["Rikke Vang", "Jonas Bech"]


def test_an_abbreviated_middle_name_stays_in_the_name(nlp: Language) -> None:
    text = "„Vi er ikke i mål“, siger Lars Kr. Sønderby (S), formand for udvalget."
    [quote] = quotes_of(nlp, text)
    assert quote.speaker == "Lars Kr. Sønderby"


def test_dashes_in_ranges_open_no_quote(nlp: Language) -> None:
    text = (
        "Butikken holder åbent mandag - fredag. Prisen er 10 - 20 kr. pr. time.\n\n"
        "Den ligger ved havnen."
    )
    assert quotes_of(nlp, text) == []


def test_marks_nested_in_a_quoted_paragraph_keep_it_one_quote(nlp: Language) -> None:
    text = (
        "Firmaet skriver på sin hjemmeside:\n\n"
        "“Vi er de “nye drenge” her i byen. Vores mål er at vokse.”\n\n"
        "Sådan skriver Havnens Kajak."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.text == "Vi er de “nye drenge” her i byen. Vores mål er at vokse."


def test_one_quoted_word_before_narration_is_no_quote(nlp: Language) -> None:
    text = (
        "Holdet vandt med et enkelt mål.\n\n"
        '"Fantastisk" Holdet førte længe, men var tæt på at tabe til sidst.'
    )
    assert quotes_of(nlp, text) == []


def test_a_statement_before_a_colon_is_a_quote_and_introduces_the_next(nlp: Language) -> None:
    text = (
        "Holdet vandt i går den sidste kamp i sæsonen.\n\n"
        "Det var fantastisk at score det sidste mål, fortæller Bo Lind:\n\n"
        "- Vi kæmpede hele vejen.\n\n"
        "Adspurgt om fremtiden svarede træner Eva Kamp:\n\n"
        "- Det ved jeg ikke endnu."
    )
    quotes = quotes_of(nlp, text)
    assert [(q.kind, q.speaker) for q in quotes] == [
        ("unmarked", "Bo Lind"),
        ("direct", "Bo Lind"),
        ("direct", "Eva Kamp"),
    ]


def test_a_place_after_a_locative_preposition_is_no_speaker(nlp: Language) -> None:
    text = (
        "Hun er tiltalt for et indbrud i Store Tåstrup sidste år.\n\n"
        "Da dommeren spurgte ind til natten, sagde hun:\n\n"
        "- Jeg husker det ikke."
    )
    [quote] = quotes_of(nlp, text)
    assert quote.speaker is None
