from pipeline.themes.text import char_view, fold, tokenize, word_view


def test_fold_danish_letters():
    assert fold("Børnefaglig Undersøgelse på Ærø") == "boernefaglig undersoegelse paa aeroe"


def test_negation_scope_marks_following_words_until_punctuation():
    view = word_view("Fristerne er ikke overholdt, men ledelsen er synlig.").split()
    assert "negcue" in view
    assert "neg_overholde" in view or "neg_overholdt" in view
    assert not any(w.startswith("neg_") and "ledelse" in w for w in view)


def test_case_count_marker_only_when_counting_cases():
    assert "casecount" in word_view("Planen mangler i 7 ud af 12 sager.").split()
    assert "casecount" in word_view("Det gælder 4 af de 9 anbringelser.").split()
    assert "casecount" not in word_view("Kommunen har 12 rådgivere.").split()


def test_numbers_collapse_in_both_views():
    assert [t.feature for t in tokenize("i 15 sager")][1] == "num"
    assert char_view("I 2019 og 2021") == "i 0 og 0"


def test_empty_text_gives_empty_views():
    assert word_view("") == ""
    assert tokenize("") == []


def test_each_lemma_table_gives_its_own_features():
    # features are cached per word; a second table must not see the first table's answers
    first = {"sagerne": "sag"}
    second = {"sagerne": "sagsbunke"}
    assert tokenize("sagerne", first)[0].feature == "sag"
    assert tokenize("sagerne", second)[0].feature == "sagsbunke"
    assert tokenize("sagerne", first)[0].feature == "sag"


def test_negation_scope_ends_at_punctuation_after_several_spaces():
    view = word_view("Planen er ikke  fulgt ,  og ledelsen er synlig.").split()
    assert "neg_foelge" in view
    assert not any(w.startswith("neg_") and "ledelse" in w for w in view)


def test_lexicon_priors_match_word_starts_and_compound_parts():
    from pipeline.themes.wordlists import lexicon_hits

    # "*behandlingstid" inside a compound, "frist" at a word start
    hits = lexicon_hits(fold("Sagsbehandlingstiderne og fristerne i Holbæk"))
    assert hits.count("lex_timeliness") == 2
    # "*journal" inside "sagsjournalen", "*system" inside "fagsystemet"
    hits = lexicon_hits(fold("Sagsjournalen i fagsystemet er rodet"))
    assert hits.count("lex_documentation") == 2
    assert "lex_economy" not in hits
    # a stem matches only at a word start unless marked: "lov" is not in "forlovet"
    assert "lex_lawfulness" not in lexicon_hits(fold("Parret er forlovet"))


def test_lexicon_hits_are_capped_per_class():
    from pipeline.themes.wordlists import LEXICON_MAX_HITS, lexicon_hits

    hits = lexicon_hits(fold("budget budget budget budget budget"))
    assert hits.count("lex_economy") == LEXICON_MAX_HITS


def test_final_verdict_after_a_contrast_word_is_marked():
    view = word_view("Rådgiverne er dygtige, men der mangler overblik over sagerne.").split()
    assert "polverdict_neg" in view and "polfinal_neg" in view
    view = word_view("Der var fejl tidligere, men nu er praksis forbedret.").split()
    assert "polverdict_pos" in view and "polfinal_pos" in view
    # no contrast word: no verdict marker, but the last cue is still marked
    view = word_view("Ledelsen følger ikke op på handleplanerne.").split()
    assert not any(w.startswith("polverdict_") for w in view)


def test_a_tied_verdict_goes_to_the_last_cue_never_to_set_order():
    # one cue of each polarity after "men", in both orders: the later one is the verdict
    # (set order would give both sentences the same verdict, by the hash seed)
    first = word_view("Det var svært, men nu mangler overblik, selv om praksis er forbedret.")
    second = word_view("Det var svært, men nu er praksis forbedret, selv om overblik mangler.")
    assert "polverdict_pos" in first.split()
    assert "polverdict_neg" in second.split()


def test_lexicon_marks_asserted_failures_clearances_procedure_and_hedges():
    from pipeline.themes.wordlists import lexicon_hits

    def hits(text: str) -> list[str]:
        return lexicon_hits(fold(text))

    # a counterfactual duty asserts a failure; the plain past tense does not
    assert "lex_failure" in hits("Forvaltningen burde have partshørt faderen før mødet.")
    assert "lex_failure" not in hits("Forvaltningen partshørte faderen før mødet.")
    # the supervisor's standard turn for finding nothing to criticise
    assert "lex_cleared" in hits("Tilsynet fandt ikke grundlag for at kritisere afgørelsen.")
    assert "lex_cleared" not in hits("Tilsynet kritiserede afgørelsen skarpt.")
    # the supervising body's own steps and hedged risks
    assert "lex_procedure" in hits("Tilsynet har indledt en undersøgelse af egen drift.")
    assert "lex_hedge" in hits("Den nye praksis kan føre til flere klager.")
    assert not {"lex_procedure", "lex_hedge"} & set(hits("Kaffen var kold i kantinen."))


def test_phrase_hits_found_at_any_word_start_of_a_long_sentence():
    from pipeline.themes.wordlists import lexicon_hits

    text = "Først gik det godt, men nu er der alt for mange sager, og de hober sig op i teamet."
    hits = lexicon_hits(fold(text))
    assert "lex_failure" in hits  # "alt for", a phrase in the middle
    assert "lex_timeliness" in hits  # "hober sig op", a phrase near the end
    # a phrase only at a word start: "salt for" is not "alt for"
    assert "lex_failure" not in lexicon_hits(fold("Der er salt for enden af bordet."))
