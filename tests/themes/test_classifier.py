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


def test_save_and_load_round_trip(classifier, tmp_path: Path):
    classifier.save(tmp_path / "copy", {"note": "test"})
    again = ThemeClassifier.load(tmp_path / "copy")
    text = ["Handleplanerne er ikke revideret inden for fristen."]
    assert again.predict(text)[0].scores == classifier.predict(text)[0].scores
