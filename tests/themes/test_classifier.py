from pathlib import Path

import pytest

from pipeline.core import THEMES
from pipeline.paths import MODELS_DIR
from pipeline.themes.classifier import ModelError, ThemeClassifier

MODEL = MODELS_DIR / "themes"


@pytest.fixture(scope="module")
def classifier() -> ThemeClassifier:
    return ThemeClassifier.load(MODEL)


def test_clear_findings_get_their_theme_and_polarity(classifier):
    texts = [
        "Task Forcen vurderer, at den faglige ledelse ikke er tilstrækkeligt synlig.",
        "Der er ikke gennemført en børnesamtale i 9 af de 14 sager.",
        "Sagstallet er nu bragt ned til omkring 25 sager pr. rådgiver.",
    ]
    first, second, third = classifier.predict(texts)
    assert first.is_finding and "leadership" in first.themes and first.polarity == "negative"
    assert second.is_finding and "child_involvement" in second.themes
    assert second.polarity == "negative"
    assert third.is_finding and "resources" in third.themes and third.polarity == "positive"


def test_background_sentences_are_not_findings(classifier):
    texts = [
        "Kommunen har omkring 42.000 indbyggere og ligger i Region Sjælland.",
        "Rapporten er udarbejdet af konsulenter fra Socialstyrelsen i efteråret.",
        "Indholdsfortegnelse",
    ]
    assert [p.is_finding for p in classifier.predict(texts)] == [False, False, False]


def test_scores_are_probabilities_for_every_theme(classifier):
    (prediction,) = classifier.predict(["Udgifterne til anbringelser er steget kraftigt."])
    assert set(prediction.scores) == set(THEMES)
    assert all(0.0 <= p <= 1.0 for p in prediction.scores.values())


def test_evidence_words_come_from_the_sentence(classifier):
    text = "Journalføringen er mangelfuld, og dokumenterne ligger spredt i flere it-systemer."
    (prediction,) = classifier.predict([text])
    assert prediction.evidence
    assert all(word in text for word in prediction.evidence)


def test_empty_input_gives_empty_output(classifier):
    assert classifier.predict([]) == []


def test_missing_model_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ModelError, match="no theme model"):
        ThemeClassifier.load(tmp_path / "nowhere")


def test_a_truncated_model_file_is_a_clear_error_not_a_zip_traceback(tmp_path: Path):
    import shutil

    copy = tmp_path / "themes"
    shutil.copytree(MODEL, copy)
    model_file = next(copy.glob("*.skops"))
    model_file.write_bytes(model_file.read_bytes()[: model_file.stat().st_size // 2])
    with pytest.raises(ModelError, match=r"cannot load theme model \(File is not a zip file\)"):
        ThemeClassifier.load(copy)


def test_save_and_load_round_trip(classifier, tmp_path: Path):
    classifier.save(tmp_path / "copy", {"note": "test"})
    again = ThemeClassifier.load(tmp_path / "copy")
    text = ["Handleplanerne er ikke revideret inden for fristen."]
    assert again.predict(text)[0].scores == classifier.predict(text)[0].scores


# Error classes of the first model on real text, each with our own sentences.


def test_findings_worded_as_real_writers_word_them(classifier):
    # overload and delays said without the report words ("sagstal", "sagsbehandlingstid")
    texts = [
        "Sagsbehandlerne i familieafdelingen har alt for mange sager hver.",
        "Ventetiden på en afgørelse er blevet længere i år.",
        "Der findes ingen fælles arbejdsgange, så hver rådgiver gør det på sin egen måde.",
        "Merforbruget på det specialiserede børneområde er vokset til 30 millioner kroner.",
    ]
    expected = ["resources", "timeliness", "uniformity", "economy"]
    for text, theme, prediction in zip(texts, expected, classifier.predict(texts), strict=True):
        assert prediction.is_finding and theme in prediction.themes, (text, prediction.themes)
        assert prediction.polarity == "negative", text


def test_duties_plans_attributions_and_reactions_are_not_findings(classifier):
    texts = [
        "Kommunen skal træffe afgørelse inden for fire uger, efter at ansøgningen er modtaget.",
        "Forvaltningen vil ansætte tre nye rådgivere i løbet af foråret.",
        "Det oplyser direktøren for børne- og familieområdet.",
        "Vi tager kritikken meget alvorligt, siger udvalgsformanden.",
    ]
    assert [p.is_finding for p in classifier.predict(texts)] == [False] * len(texts)


def test_mixed_sentence_takes_the_polarity_of_its_final_verdict(classifier):
    texts = [
        "Rådgiverne er engagerede, men ledelsen har ikke overblik over sagerne.",
        "Samarbejdet mellem skolerne og familieafdelingen fungerer nu langt bedre end før.",
    ]
    negative, positive = classifier.predict(texts)
    assert negative.is_finding and negative.polarity == "negative"
    assert positive.is_finding and positive.polarity == "positive"
    assert "organisation" in positive.themes


def test_meta_records_the_real_training_data_and_grouped_cv(classifier):
    import json

    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["data"][0]["path"].endswith("real/themes")
    assert "public Danish" in meta["source"]
    cv = meta["cv"]
    assert cv["grouped_by"] == "source page"
    assert cv["model"]["macro_f"] > cv["keyword_baseline"]["macro_f"]
    assert len(classifier.settings.thresholds()) == len(THEMES)
