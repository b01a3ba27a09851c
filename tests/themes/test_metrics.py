import pytest

from pipeline.themes.metrics import format_table, score


def test_per_theme_detection_and_polarity_counts():
    gold = [["lawfulness"], ["timeliness", "lawfulness"], [], ["economy"]]
    pred = [["lawfulness"], ["timeliness"], ["quality"], []]
    result = score(
        gold,
        pred,
        ["negative", "positive", None, "neutral"],
        ["negative", "negative", "neutral", None],
    )
    law = result.per_theme["lawfulness"]
    assert (law.tp, law.fp, law.fn) == (1, 0, 1)
    assert result.per_theme["quality"].fp == 1
    assert (result.detection.tp, result.detection.fp, result.detection.fn) == (2, 1, 1)
    assert result.polarity_accuracy == pytest.approx(0.5)
    assert result.polarity_accuracy_strict == pytest.approx(1 / 3)


def test_macro_ignores_themes_absent_from_gold_and_predictions():
    result = score([["economy"]], [["economy"]])
    assert result.macro_f == pytest.approx(1.0)
    assert result.micro_f == pytest.approx(1.0)
    assert result.polarity_accuracy is None


def test_all_wrong_scores_zero():
    result = score([["economy"], []], [[], ["quality"]])
    assert result.macro_f == 0.0
    assert result.detection.f1 == 0.0
    assert any(line.startswith("finding detection") for line in format_table(result, result))
