"""`evaluate_ner`: scores, the report's last line and the three-column output file."""

from __future__ import annotations

import re

import pytest

from pipeline.nlp.conll import ConllFormatError, read_conll, spans_from_tags
from pipeline.nlp.evaluate import evaluate_ner, score_tags

CONLL = """Borgmester\tO
Jonas\tB-PER
Riis\tI-PER
besøgte\tO
Ringsted\tB-LOC
i\tO
går\tO
.\tO

Det\tO
regner\tO
.\tO
"""


def test_spans_from_tags_handles_stray_inside_tags():
    assert spans_from_tags(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
        (5, 6, "LOC"),
    ]


def test_score_tags_counts_exact_spans_only():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    scores = score_tags(gold, pred)
    assert (scores.per_label["LOC"].tp, scores.per_label["PER"].fp) == (1, 1)
    assert scores.overall.f1 == pytest.approx(0.5)


def test_evaluate_writes_predictions_token_for_token(tmp_path):
    path = tmp_path / "gold.conll"
    path.write_text(CONLL, encoding="utf-8")
    out = tmp_path / "pred.conll"
    result = evaluate_ner(path, output=out)
    report = result.report()
    assert re.fullmatch(r"ents_f=\d\.\d{4}", report.splitlines()[-1])
    for label in ("PER", "LOC", "ORG", "MISC", "overall", "words/s"):
        assert label in report
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    gold_rows = [line.split("\t") for line in CONLL.splitlines()]
    assert [r[:2] for r in rows if r != [""]] == [g for g in gold_rows if g != [""]]
    assert all(len(r) == 3 for r in rows if r != [""])
    assert ["Jonas", "B-PER", "B-PER"] in rows
    assert result.words == 11


def test_malformed_conll_names_file_and_line(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("Hej\tO\nverden\tX-PER\n", encoding="utf-8")
    with pytest.raises(ConllFormatError, match=r"bad\.conll:2"):
        read_conll(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConllFormatError, match="cannot read"):
        read_conll(tmp_path / "missing.conll")
