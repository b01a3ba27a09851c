"""The embedded NER's Danish rules and features, on small literal sentences."""

from __future__ import annotations

import pytest

from pipeline.nlp import gazetteers
from pipeline.nlp.crf_ner import drop_party_letters, join_name_particles, propagate_names
from pipeline.nlp.entity_rules import apply_rules
from pipeline.nlp.features import Resources, sentence_features


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources(gazetteers.load_all(), {"borgmester": 4, "og": 7}, {})


@pytest.fixture(scope="module")
def kommuner(res: Resources) -> frozenset[str]:
    return frozenset(res.lists["kommune"])


def test_party_letter_in_brackets_is_not_an_entity(res):
    words = ["Borgmester", "Anne", "Holm", "(", "V", ")", "svarer", "."]
    spans = [(1, 3, "PER"), (4, 5, "ORG")]
    assert drop_party_letters(words, spans, res.party_letters) == [(1, 3, "PER")]


def test_a_bracketed_word_that_is_no_party_letter_stays(res):
    words = ["Aftalen", "med", "Dansk", "Metal", "(", "DM", ")", "holder", "."]
    spans = [(2, 4, "ORG"), (5, 6, "ORG")]
    assert drop_party_letters(words, spans, res.party_letters) == spans


def test_role_word_is_cut_from_a_person(res, kommuner):
    words = ["Familiechef", "Marianne", "Højgaard", "er", "ny", "."]
    assert apply_rules(words, [(0, 3, "PER")], res, kommuner) == [(1, 3, "PER")]


def test_municipality_is_an_organisation_and_a_committee_no_entity(res, kommuner):
    # the training data's convention: "X Kommune" is ORG, committees and ministries are O
    words = ["Faxe", "Kommune", "og", "Børne-", "og", "Familieudvalget", "mødes", "."]
    assert apply_rules(words, [(0, 1, "LOC")], res, kommuner) == [(0, 2, "ORG")]


def test_parties_parliament_and_ministries_are_no_entities(res, kommuner):
    words = ["Socialdemokratiet", "og", "Folketinget", "spurgte", "Justitsministeriet", "."]
    assert apply_rules(words, [], res, kommuner) == []
    words = ["Sagen", "gik", "til", "Vestre", "Landsret", "og", "Ombudsmanden", "."]
    assert apply_rules(words, [], res, kommuner) == []


def test_names_before_a_company_word_are_a_company(res, kommuner):
    words = ["Hun", "kom", "fra", "Sønderborg", "Bank", "til", "Nordpak", "A/S", "."]
    assert apply_rules(words, [(3, 4, "LOC")], res, kommuner) == [(3, 5, "ORG"), (6, 8, "ORG")]
    words = ["Han", "købte", "den", "hos", "Hansens", "Maskinhandel", "i", "Vejle", "."]
    assert (4, 6, "ORG") in apply_rules(words, [(4, 5, "PER")], res, kommuner)


def test_a_company_word_alone_or_lower_case_is_no_company(res, kommuner):
    words = ["Banken", "og", "en", "bank", "i", "byen", "har", "lukket", "."]
    assert apply_rules(words, [], res, kommuner) == []


def test_clubs_by_name_and_by_their_opening_word(res, kommuner):
    words = ["FC", "Midtjylland", "slog", "FC", "Sydby", "og", "Brøndby", "IF", "."]
    found = apply_rules(words, [], res, kommuner)
    assert found == [(0, 2, "ORG"), (3, 5, "ORG"), (6, 8, "ORG")]


def test_a_fixture_is_a_club_pair_only_in_sports_text(res, kommuner):
    words = ["Esbjerg-Randers", "endte", "uafgjort", "efter", "en", "tæt", "kamp", "."]
    assert apply_rules(words, [], res, kommuner) == [(0, 1, "ORG")]
    words = ["Ruten", "Aarhus-Odense", "åbner", "i", "dag", "."]
    assert apply_rules(words, [], res, kommuner) == []


def test_rules_find_nothing_in_plain_lower_case_text(res, kommuner):
    words = ["kommunen", "og", "udvalget", "mødes", "i", "morgen", "om", "sagen", "."]
    assert apply_rules(words, [], res, kommuner) == []


def test_surname_alone_is_tagged_after_the_full_name():
    words = ["Lise", "Holm", "kom", ".", "Holms", "forslag", "og", "Holm", "selv", "."]
    spans = propagate_names(words, [(0, 2, "PER")])
    assert spans == [(0, 2, "PER"), (4, 5, "PER"), (7, 8, "PER")]


def test_party_letter_after_a_name_is_a_feature(res):
    words = ["Lise", "Holm", "(", "V", ")", "siger", "nej"]
    feats = sentence_features(words, res)
    assert "party_next" in feats[1]
    assert "party_next" not in feats[0]


def test_mid_sentence_capital_and_first_word_differ(res):
    words = ["Borgmester", "Lise", "Holm", "siger", "nej"]
    feats = sentence_features(words, res)
    assert "cap=first" in feats[0]
    assert "cap=mid" in feats[1]
    assert not any(f.startswith("cap=") for f in feats[3])


def test_name_split_at_its_particle_is_one_person():
    words = ["Lokalformand", "Malene", "von", "Bülow", "er", "glad", "."]
    assert join_name_particles(words, [(1, 2, "PER"), (3, 4, "PER")]) == [(1, 4, "PER")]


def test_particle_between_other_entities_joins_nothing():
    words = ["Lise", "og", "Per", "så", "Tyskland", "de", "Paris", "."]
    spans = [(0, 1, "PER"), (2, 3, "PER"), (4, 5, "LOC"), (6, 7, "LOC")]
    assert join_name_particles(words, spans) == spans


def test_a_particle_name_is_found_whole_by_the_model(nlp):
    doc = nlp("Lokalformand Malene von Bülow er glad for aftalen.")
    assert "Malene von Bülow" in {e.text for e in doc.ents if e.label_ == "PER"}


def test_cached_word_features_give_the_same_features_as_a_fresh_start() -> None:
    words = ["Borgmester", "Anne", "Holm", "(", "V", ")", "og", "Anne", "Holm", "svarer", "."]
    cold = Resources(gazetteers.load_all(), {"borgmester": 4, "og": 7}, {})
    first = sentence_features(words, cold)
    assert "Anne" in cold.cache  # the word form's features were kept
    assert sentence_features(words, cold) == first
    fresh = Resources(gazetteers.load_all(), {"borgmester": 4, "og": 7}, {})
    assert sentence_features(words[::-1], fresh)[::-1] != first  # context still matters
    assert sentence_features(words, fresh) == first


def test_house_number_joins_a_street(res, kommuner):
    words = ["Skriv", "til", "Bredegade", "55", ",", "Slagelse", "."]
    spans = apply_rules(words, [(2, 3, "LOC"), (5, 6, "LOC")], res, kommuner)
    assert spans == [(2, 4, "LOC"), (5, 6, "LOC")]


def test_a_number_after_a_town_or_a_person_stays_outside(res, kommuner):
    words = ["I", "Roskilde", "12", "gange", "og", "Lise", "Holm", "3", "gange", "."]
    spans = [(1, 2, "LOC"), (5, 7, "PER")]
    assert apply_rules(words, spans, res, kommuner) == spans


def test_organisation_word_inside_a_person_name_is_the_name(res, kommuner):
    words = ["Forældrene", "Maja", "Illum", "og", "Finn", "Bech", "flytter", "."]
    spans = [(1, 3, "PER"), (4, 6, "PER")]
    assert apply_rules(words, spans, res, kommuner) == spans


def test_organisation_word_alone_is_still_an_organisation(res, kommuner):
    words = ["Hun", "handler", "i", "Illum", "hver", "dag", "."]
    assert apply_rules(words, [(3, 4, "PER")], res, kommuner) == [(3, 4, "ORG")]


def test_a_board_is_no_entity(res, kommuner):
    words = ["Kommunalbestyrelsen", "har", "besluttet", "det", ",", "siger", "Bestyrelsen", "."]
    assert apply_rules(words, [], res, kommuner) == []


def test_a_common_word_opening_a_sentence_is_no_person(res, kommuner):
    res.lexicon = frozenset({"otte", "skipper", "lise"})
    try:
        words = ["Otte", "politiske", "partier", "stemte", "."]
        assert apply_rules(words, [(0, 1, "PER")], res, kommuner) == []
        words = ["Skipper", "og", "styrmænd", "mødtes", "."]
        assert apply_rules(words, [(0, 1, "PER")], res, kommuner) == []
        # a first name that is also a word, a full name, and the same word mid-sentence stay
        words = ["Lise", "skar", "en", "grimasse", "."]
        assert apply_rules(words, [(0, 1, "PER")], res, kommuner) == [(0, 1, "PER")]
        words = ["Skipper", "Holm", "kom", ",", "sagde", "Skipper", "."]
        spans = [(0, 2, "PER"), (5, 6, "PER")]
        assert apply_rules(words, spans, res, kommuner) == spans
    finally:
        res.lexicon = frozenset()


@pytest.fixture(scope="module")
def res_with_lexicon() -> Resources:
    res = Resources(gazetteers.load_all(), {"og": 7}, {})
    res.lexicon = frozenset({"lund", "siger", "rådhuset", "mange", "penge", "stemte", "imod"})
    return res


def test_genitive_party_before_a_name_is_cut_off(res_with_lexicon, kommuner):
    words = ["Enhedslistens", "Signe", "Rahbek", "Lind", "(", "Ø", ")", "stemte", "imod", "."]
    spans = apply_rules(words, [(0, 4, "PER")], res_with_lexicon, kommuner)
    assert spans == [(1, 4, "PER")]


def test_genitive_organisation_before_a_name_is_its_own_organisation(res_with_lexicon, kommuner):
    words = ["Carlsbergs", "Signe", "Rahbek", "Lind", "siger", "nej", "."]
    spans = apply_rules(words, [(0, 4, "PER")], res_with_lexicon, kommuner)
    assert spans == [(0, 1, "ORG"), (1, 4, "PER")]


def test_unknown_capitalised_word_after_a_name_is_its_last_part(res_with_lexicon, kommuner):
    words = ["Ældrechef", "Kirsten", "Lund", "Hejlskov", "siger", "."]
    assert apply_rules(words, [(0, 3, "PER")], res_with_lexicon, kommuner) == [(1, 4, "PER")]


def test_a_known_word_after_a_name_is_not_part_of_it(res_with_lexicon, kommuner):
    words = ["Lise", "Holm", "Rådhuset", "lukker", "."]
    assert apply_rules(words, [(0, 2, "PER")], res_with_lexicon, kommuner) == [(0, 2, "PER")]


def test_a_body_before_a_name_is_cut_off_and_the_name_kept(res_with_lexicon, kommuner):
    words = ["Formand", "for", "Plan-", "og", "Byudvalget", "Birgitte", "Hald", "(", "K", ")"]
    spans = apply_rules(words, [(4, 7, "PER")], res_with_lexicon, kommuner)
    assert spans == [(5, 7, "PER")]


def test_first_name_and_surname_before_party_letters_are_a_person(res_with_lexicon, kommuner):
    words = ["Birgitte", "Hald", "(", "K", ")", "siger", "."]
    assert apply_rules(words, [], res_with_lexicon, kommuner) == [(0, 2, "PER")]
    words = ["Mange", "Penge", "(", "K", ")", "siger", "."]  # no first name: nothing
    assert apply_rules(words, [], res_with_lexicon, kommuner) == []


def test_two_person_spans_side_by_side_are_one_name(res_with_lexicon, kommuner):
    words = ["Kasper", "Nyborg", "Holm", "kører", ",", "Lise", "Holm", "ikke", "."]
    spans = [(0, 2, "PER"), (2, 3, "PER"), (5, 7, "PER")]
    assert apply_rules(words, spans, res_with_lexicon, kommuner) == [(0, 3, "PER"), (5, 7, "PER")]


def test_a_first_name_before_a_company_word_is_a_person(res, kommuner):
    words = ["Det", "siger", "Jesper", "Bank", "til", "avisen", "."]
    assert apply_rules(words, [(2, 4, "PER")], res, kommuner) == [(2, 4, "PER")]


def test_kind_nouns_quoted_titles_and_capital_headlines_are_features(res):
    words = ["konsulentfirmaet", "Sydkraft", "og", "singlen", '"', "Blå", "Dage", '"', "."]
    feats = sentence_features(words, res)
    assert "noun_org" in feats[0] and "-1:noun_org" in feats[1]
    assert "noun_misc" in feats[3]
    assert "q=B" in feats[5] and "q=I" in feats[6]
    assert "q=B" not in feats[1] and "shouting" not in feats[1]
    long_quote = ['"', "Vi", "har", "ikke", "set", "noget", "lignende", "i", "år", '"', "."]
    assert not any(f.startswith("q=") for f in sentence_features(long_quote, res)[1])
    assert "shouting" in sentence_features(["STORT", "TAB", "I", "BYEN"], res)[0]


def test_a_town_in_sports_text_is_its_club_unless_after_a_locative(res, kommuner):
    words = ["Viborg", "vandt", "kampen", "mod", "Horsens", "i", "Aarhus", "."]
    spans = [(0, 1, "LOC"), (4, 5, "LOC"), (6, 7, "LOC")]
    assert apply_rules(words, spans, res, kommuner) == [(0, 1, "ORG"), (4, 5, "ORG"), (6, 7, "LOC")]
    words = ["Viborg", "fik", "nyt", "rådhus", "."]  # no sports: the town
    assert apply_rules(words, [(0, 1, "LOC")], res, kommuner) == [(0, 1, "LOC")]


def test_named_events_are_misc(res, kommuner):
    words = ["Efter", "VM", "kørte", "han", "Tour", "de", "France", "."]
    assert apply_rules(words, [(4, 5, "PER")], res, kommuner) == [(1, 2, "MISC"), (4, 7, "MISC")]
    words = ["Vi", "vil", "gerne", "vm", "og", "tour", "."]  # lower case: nothing
    assert apply_rules(words, [], res, kommuner) == []


def test_a_multi_word_name_in_the_genitive_is_found(res, kommuner):
    words = ["Det", "viste", "TV", "2's", "program", "i", "går", "."]
    assert apply_rules(words, [], res, kommuner) == [(2, 4, "ORG")]


def test_a_fixture_with_its_result_needs_no_sports_words(res, kommuner):
    words = ["Esbjerg-Randers", "2-1", "og", "Aarhus-Odense", "0-0"]
    assert apply_rules(words, [], res, kommuner) == [(0, 1, "ORG"), (3, 4, "ORG")]


def test_a_danish_word_closing_a_full_name_is_its_last_part(res_with_lexicon, kommuner):
    words = ["siger", "Kirsten", "Hald", "Skov", "og", "gik", "."]  # a known surname
    assert apply_rules(words, [(1, 3, "PER")], res_with_lexicon, kommuner) == [(1, 4, "PER")]
    words = ["siger", "Kirsten", "Hald", "Mange", ",", "der", "er", "glad", "."]
    assert apply_rules(words, [(1, 3, "PER")], res_with_lexicon, kommuner) == [(1, 4, "PER")]
    words = ["siger", "Kirsten", "Hald", "Penge", "mange", "gange", "."]  # the clause goes on
    assert apply_rules(words, [(1, 3, "PER")], res_with_lexicon, kommuner) == [(1, 3, "PER")]


def test_sports_text_marks_places_and_clubs_not_every_capital(res):
    words = ["Damian", "Kowalczyk", "scorede", "for", "Viborg", "i", "finalen", "."]
    feats = sentence_features(words, res)
    assert "sport_g=city" in feats[4] or "sport_g=kommune" in feats[4]
    assert not any(f.startswith("sport") for f in feats[0] + feats[1])
    assert not any(f.startswith("sport") for f in sentence_features(["Viborg", "vokser"], res)[0])


def test_a_genitive_party_of_two_words_is_cut_from_a_person(res, kommuner):
    words = ["Dansk", "Folkepartis", "Bjarne", "Holm", "mener", "noget", "andet", "."]
    assert apply_rules(words, [(1, 4, "PER")], res, kommuner) == [(2, 4, "PER")]
