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


def test_interview_questions_are_skipped_and_answers_kept(nlp: Language) -> None:
    text = (
        "Sagsbehandler Nina Holt har talt med avisen om sit arbejde.\n\n"
        "Spørgsmål: Hvor mange sager har du?\n\n"
        "– Omkring tredive. Det er for mange til, at man kan nå at se børnene.\n\n"
        "– Bliver det bedre?\n\n"
        "– Langsomt. Der kommer nye kolleger til efteråret."
    )
    quotes = quotes_of(nlp, text)
    assert [q.text.split(".")[0] for q in quotes] == ["Omkring tredive", "Langsomt"]
    assert all(q.speaker == "Nina Holt" for q in quotes)


def test_titles_and_scare_quotes_are_not_speech(nlp: Language) -> None:
    text = (
        "Kommunen har lanceret kampagnen »Plads til alle unge« i år.\n\n"
        "Området kaldes i folkemunde for ”ballade-zonen”.\n\n"
        "Bogen »Børn i Danmark i dag« udkom i går."
    )
    assert quotes_of(nlp, text) == []


def test_infinitive_at_is_not_indirect_speech(nlp: Language) -> None:
    text = "Borgmester Lise Holm afviser kravet om at placere et ansvar hos en enkelt leder."
    assert quotes_of(nlp, text) == []


def test_relative_clause_and_coordinated_verbs_find_the_subject(nlp: Language) -> None:
    text = (
        "Det glæder rådmand Søren Bak (A), som i fjor lovede borgerne, at ventetiden ville "
        "falde.\n\n"
        "Familiechef Karen Lund ser fremskridt, men påpeger samtidig, at der mangler "
        "flere medarbejdere."
    )
    first, second = quotes_of(nlp, text)
    assert first.kind == second.kind == "indirect"
    assert first.text.startswith("ventetiden ville falde")
    assert first.speaker == "Søren Bak"
    assert second.speaker == "Karen Lund"


def test_unmarked_statement_and_ifolge(nlp: Language) -> None:
    text = (
        "Direktør Ib Holm (V) holdt pressemøde.\n\n"
        "Kritikken fra oppositionen må stå for dens egen regning, siger direktøren.\n\n"
        "Ifølge Ib Holm, der tiltrådte i januar, er sagsbunken halveret på et år.\n\n"
        "Selvom rapporten er kritisk, lover direktøren, at arbejdet fortsætter med fuld kraft."
    )
    quotes = quotes_of(nlp, text)
    assert [q.text for q in quotes] == [
        "Kritikken fra oppositionen må stå for dens egen regning",
        "er sagsbunken halveret på et år",
        "arbejdet fortsætter med fuld kraft",
    ]
    assert [q.kind for q in quotes] == ["unmarked", "indirect", "indirect"]
    assert all(q.speaker == "Ib Holm" for q in quotes)


def test_nominal_attributions_and_genitive_names(nlp: Language) -> None:
    text = (
        "– Vi er på rette spor, var borgmester Anne Dahls (V) første kommentar.\n\n"
        "– Planen holder, kommer konklusionen fra borgmesteren."
    )
    first, second = quotes_of(nlp, text)
    assert first.speaker == second.speaker == "Anne Dahl"
    assert first.mention_type == "name"
    assert second.mention_type == "role"


def test_group_speakers_stay_unknown(nlp: Language) -> None:
    text = "I brevet skriver lærerne, at arbejdsmiljøet er blevet alt for presset."
    [quote] = quotes_of(nlp, text)
    assert quote.kind == "indirect"
    assert quote.speaker is None


def test_pronoun_takes_the_nearest_person_of_that_gender(nlp: Language) -> None:
    text = (
        "Skoleleder Helle Berg og lærer Mads Vinter var begge til mødet.\n\n"
        "– Vi har brug for flere penge til inklusion, siger han.\n\n"
        "– Jeg er enig, og jeg har skrevet til udvalget, siger hun."
    )
    first, second = quotes_of(nlp, text)
    assert first.speaker == "Mads Vinter"
    assert second.speaker == "Helle Berg"


def test_person_aliases_never_include_a_bare_surname(nlp: Language) -> None:
    text = (
        "Formand for udvalget Børn og Skole, Steen S. Hansen (S), var glad.\n\n"
        "– Vi er kommet langt, siger Steen S. Hansen."
    )
    doc = nlp(text)
    hansen = next(p for p in doc._.persons if p.name == "Steen S. Hansen")
    assert "Steen Hansen" in hansen.aliases
    assert "udvalgsformand Steen S. Hansen" in hansen.aliases
    assert "Hansen" not in hansen.aliases
    assert hansen.party == "S"


def test_attribution_inside_the_first_sentence_keeps_one_quote(nlp: Language) -> None:
    text = (
        "Direktør Hanne Skov startede i marts.\n\n"
        "– Vi har, siger hun, ikke tid til at vente på en ny strategi.\n\n"
        "– Det tager tid, siger Hanne Skov, der kom fra Næstved."
    )
    first, second = quotes_of(nlp, text)
    assert first.text.startswith("Vi har, siger hun, ikke tid")
    assert first.text.endswith("strategi.")
    assert first.speaker == "Hanne Skov"
    assert second.text == "Det tager tid"  # ", der kom fra …" is narration, not quote


def test_added_statement_after_the_attribution(nlp: Language) -> None:
    text = (
        "Borgmester Ane Berg (V) er glad for planen.\n\n"
        "– Det tager tid, siger hun og tilføjer, at kommunen har ansat flere folk.\n\n"
        "– Vi er i gang, siger hun og fortsætter med at tale om budgettet."
    )
    quotes = quotes_of(nlp, text)
    assert [(q.kind, q.text) for q in quotes] == [
        ("direct", "Det tager tid"),
        ("indirect", "kommunen har ansat flere folk"),
        ("direct", "Vi er i gang"),
    ]
    assert {q.speaker for q in quotes} == {"Ane Berg"}


def test_pronoun_goes_to_the_subject_of_the_sentence_that_names_her(nlp: Language) -> None:
    text = (
        "Formand for skoleudvalget Anna Holm (S) er uenig med rådmand Mette Frost (V).\n\n"
        "– Det er den forkerte vej at gå, siger hun.\n\n"
        "Mette Frost afviser kritikken.\n\n"
        "– Vi har ikke råd til fire halvtomme skoler, siger hun.\n\n"
        "Også Peter Lind, formand for skolebestyrelsen, har skrevet til borgmester Jens Ravn.\n\n"
        "– Vi forventer et svar inden jul, siger han."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers == ["Anna Holm", "Mette Frost", "Peter Lind"]


def test_interview_answers_go_to_the_interviewee_not_the_reporter(nlp: Language) -> None:
    text = (
        "Af Mikkel Aagaard\n\n"
        "Sofie Krag tiltrådte 1. august som chef for Børn og Familie.\n\n"
        "Sofie Krag på sit kontor. (Foto: Mikkel Aagaard)\n\n"
        "Spørgsmål: Hvorfor søgte du jobbet?\n\n"
        "– Fordi jeg kan lide at bygge noget op.\n\n"
        "Teamleder Rasmus Nygaard er enig.\n\n"
        "– Der er kommet mere ro på, siger han.\n\n"
        "Spørgsmål: Hvad med klagerne?\n\n"
        "– Dem vil jeg gerne mødes med."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers == ["Sofie Krag", "Rasmus Nygaard", "Sofie Krag"]


def test_a_speaker_described_only_stays_unknown(nlp: Language) -> None:
    text = (
        "Af Camilla Vind\n\n"
        "En mor fra Vejle mistede sin søn.\n\n"
        "– Jeg fik ikke lov til at sige ret meget, siger moren.\n\n"
        "Moren siger:\n\n"
        "– Jeg bad selv om hjælp to gange."
    )
    assert [q.speaker for q in quotes_of(nlp, text)] == [None, None]


def test_bodies_named_in_full(nlp: Language) -> None:
    text = (
        "»Når en kommune kan indberette forkert i fem år, er det et problem,« siger KL's "
        "chefkonsulent Birgitte Holm Sørensen.\n\n"
        "»Reglerne er klare, og ansvaret er kommunens,« skriver Social-, Bolig- og "
        "Ældreministeriet.\n\n"
        "– Man kan ikke spare sig til kvalitet, kommer konklusionen fra DS-formanden, "
        "Lone Bach."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers == [
        "Birgitte Holm Sørensen",
        "Social-, Bolig- og Ældreministeriet",
        "Lone Bach",
    ]


def test_a_claim_sentence_attributes_the_plain_sentences_before_it(nlp: Language) -> None:
    text = (
        "Furesø Kommune har ikke overholdt serviceloven i sagen om en otteårig dreng. "
        "Det fastslår Ankestyrelsen i en principiel afgørelse.\n\n"
        "Bornholms Regionskommune skal betale 14 millioner kroner tilbage til staten.\n\n"
        "Det skriver Social-, Bolig- og Ældreministeriet i en pressemeddelelse.\n\n"
        "Kommunen har bygget tre nye børnehuse siden 2019.\n\n"
        "Det glæder borgmesteren sig over."
    )
    found = [(q.text.split()[0], q.speaker) for q in quotes_of(nlp, text)]
    assert found == [
        ("Furesø", "Ankestyrelsen"),
        ("Bornholms", "Social-, Bolig- og Ældreministeriet"),
    ]


def test_two_word_scare_quotes_are_not_quotes_even_with_a_verb(nlp: Language) -> None:
    text = (
        "Aktieanalytiker Mette Kjær kalder regnskabet »overraskende stærkt«. "
        "Borgmesteren kaldte landsbyerne ”kommunens rygrad”."
    )
    assert quotes_of(nlp, text) == []


def test_bodies_by_the_shape_of_their_names_and_party_abbreviations(nlp: Language) -> None:
    text = (
        "Byrådsmedlem Kirsten Ravn Olesen (DF) kræver, at ledelsen tager ansvar.\n\n"
        "Danske Regioner oplyser, at antallet af henvisninger er steget med 40 procent.\n\n"
        "Ifølge Danske Handicaporganisationer er sagen et eksempel på en udbredt praksis.\n\n"
        "Fagforeningen mener, at arbejdsmiljøet er presset."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers[:3] == [
        "Kirsten Ravn Olesen",
        "Danske Regioner",
        "Danske Handicaporganisationer",
    ]
    assert "Fagforeningen" not in speakers  # a common noun, not a body's name


def test_a_role_synonym_finds_the_person(nlp: Language) -> None:
    text = (
        "Virksomheden har vundet tre kontrakter, fortæller direktør Jesper Juul Lindberg.\n\n"
        "Topchefen lægger ikke skjul på, at energipriserne er et problem."
    )
    assert [q.speaker for q in quotes_of(nlp, text)] == ["Jesper Juul Lindberg"] * 2


def test_unnamed_speakers_and_pronouns_after_them(nlp: Language) -> None:
    text = (
        "Skoleleder Pia Nørby gennemgik forslaget.\n\n"
        "– Mine børn skal sidde i bus i 40 minutter, spurgte en mor til tre.\n\n"
        "En lærer, som ikke vil stå frem, fortæller, at stemningen er trykket.\n\n"
        "– Vi ved ikke, om vi har et arbejde efter sommerferien.\n\n"
        "Tiltalte fik som altid det sidste ord.\n\n"
        "„Jeg skammer mig hver eneste dag,“ sagde hun."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers == [None, None, None, None]


def test_roles_chained_before_a_name(nlp: Language) -> None:
    text = (
        "Forsvarer, advokat Maja Winther, bad om en mildere straf.\n\n"
        "Socialrådgiver og tillidsrepræsentant Helle Bøgh genkender billedet.\n\n"
        "– Vi har stadig over 30 sager, siger socialrådgiveren.\n\n"
        "Forsvareren oplyser, at hun vil drøfte dommen med sin klient."
    )
    assert [q.speaker for q in quotes_of(nlp, text)] == ["Helle Bøgh", "Maja Winther"]


def test_a_short_paragraph_naming_someone_introduces_the_next_quote(nlp: Language) -> None:
    text = (
        "»Vi vil gerne have en bane med lys,« siger formand Henning Aas.\n\n"
        "Træner Dorthe Jessen har haft holdet i tre sæsoner.\n\n"
        "Jessen er enig.\n\n"
        "»Hvis kommunen mener det alvorligt, så er det nu. Hvornår får vi lys?«\n\n"
        "»Hvornår sker der noget?«"
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers == ["Henning Aas", "Dorthe Jessen", "Dorthe Jessen"]


def test_quoted_subheadings_are_not_quotes(nlp: Language) -> None:
    text = (
        "– Det forslag har vi set før, siger borgmester Mette Thorsen.\n\n"
        "„Grundskylden er en dårlig skat“\n\n"
        "Også Erik Holm (K) er utilfreds."
    )
    assert [q.text for q in quotes_of(nlp, text)] == ["Det forslag har vi set før"]


def test_a_sentence_adverb_inside_a_cue_phrase(nlp: Language) -> None:
    text = "Task Forcen peger desuden på, at den faglige ledelse er blevet mere synlig."
    [quote] = quotes_of(nlp, text)
    assert quote.kind == "indirect"
    assert quote.speaker == "Task Forcen"


def test_double_surnames_middle_names_places_and_party_members(nlp: Language) -> None:
    text = (
        "Kredsformand Gitte Lykke Thomsen (S) og Rasmus Eller Nørby (EL) talte på mødet i "
        "Nykøbing Mors.\n\n"
        "– Vi vil kunne undervise ordentligt, siger Lykke Thomsen.\n\n"
        "– Sagen skal udsættes, sagde Rasmus Eller Nørby.\n\n"
        "– En garanti på et halvt år er ikke meget, sagde EL'eren."
    )
    speakers = [q.speaker for q in quotes_of(nlp, text)]
    assert speakers == ["Gitte Lykke Thomsen", "Rasmus Eller Nørby", "Rasmus Eller Nørby"]


def test_an_infinitive_after_at_is_no_statement(nlp: Language) -> None:
    text = (
        "Rasmus Nørby foreslog at udsætte sagen. Ministeren lovede at se på reglerne. "
        "Hun lovede ikke flere penge."
    )
    assert quotes_of(nlp, text) == []


def test_interview_questions_with_a_lead_in_are_the_interviewers(nlp: Language) -> None:
    text = (
        "Jesper Mikkelsen er ny chef for familieafdelingen.\n\n"
        "– Hvad har overrasket dig mest?\n\n"
        "– At folk er så søde. Jeg har fået en god modtagelse.\n\n"
        "– Du har været her i seks uger. Hvor står I nu?\n\n"
        "– Vi er ved at få styr på efterslæbet.\n\n"
        "– Når vi sidder fast, spørger vi: Hvad ville Hanne have gjort?"
    )
    quotes = quotes_of(nlp, text)
    assert [q.text.split()[0] for q in quotes] == ["At", "Vi", "Når"]
    assert {q.speaker for q in quotes} == {"Jesper Mikkelsen"}


def test_at_without_comma_before_a_plural_subject_is_a_statement(nlp: Language) -> None:
    text = "Borgmester Lise Holm mener at kommunerne skal have flere penge til området."
    [quote] = quotes_of(nlp, text)
    assert quote.text.startswith("kommunerne skal")
