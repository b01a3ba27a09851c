from pipeline.themes.trend import FindingRecord, theme_trends


def _record(document, date, themes, polarity, municipality="Faxe Kommune"):
    return FindingRecord(document, municipality, date, tuple(themes), polarity)


def test_criticism_that_disappears_is_improved_and_that_stays_persisted():
    records = [
        _record("analyse", "2018-05-01", ["lawfulness", "leadership"], "negative"),
        _record("analyse", "2018-05-01", ["timeliness"], "negative"),
        _record("status", "2020-06-01", ["lawfulness"], "negative"),
        _record("status", "2020-06-01", ["leadership"], "positive"),
    ]
    by_theme = {t.theme: t for t in theme_trends(records)}
    assert by_theme["lawfulness"].verdict == "persisted"
    assert by_theme["leadership"].verdict == "improved"
    assert by_theme["timeliness"].verdict == "improved"
    assert by_theme["lawfulness"].earlier == "analyse"
    assert by_theme["lawfulness"].later == "status"
    assert "economy" not in by_theme


def test_documents_are_ordered_by_date_not_by_input_order():
    records = [
        _record("status", "2021", ["economy"], "negative"),
        _record("analyse", "2019", ["economy"], "positive"),
    ]
    (trend,) = theme_trends(records)
    assert (trend.earlier, trend.later, trend.verdict) == ("analyse", "status", "new_criticism")


def test_mixed_when_later_report_both_criticises_and_praises():
    records = [
        _record("a", "2019", ["quality"], "negative"),
        _record("b", "2021", ["quality"], "negative"),
        _record("b", "2021", ["quality"], "positive"),
    ]
    assert theme_trends(records)[0].verdict == "mixed"


def test_single_or_undated_documents_give_no_trend():
    records = [
        _record("a", "2019", ["quality"], "negative"),
        _record("b", None, ["quality"], "positive"),
        _record("c", "2020", ["quality"], "negative", municipality=None),
    ]
    assert theme_trends(records) == []
