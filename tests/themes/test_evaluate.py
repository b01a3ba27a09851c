import json
import re

import pytest

from pipeline.themes.corpus import CorpusError
from pipeline.themes.evaluate import evaluate_themes


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def test_report_ends_with_contract_line_and_output_keeps_keys(tmp_path):
    gold = tmp_path / "gold.jsonl"
    _write(
        gold,
        [
            {
                "text": "Task Forcen vurderer, at fristerne ikke overholdes.",
                "themes": ["timeliness"],
                "polarity": "negative",
                "id": 1,
            },
            {"text": "Kommunen ligger på Vestsjælland.", "themes": [], "polarity": None, "id": 2},
        ],
    )
    out = tmp_path / "pred.jsonl"
    result = evaluate_themes(gold, output=out)
    last = result.report().splitlines()[-1]
    assert re.fullmatch(r"macro_f=\d\.\d{4} micro_f=\d\.\d{4}", last)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert all("predicted" in r and "predicted_polarity" in r for r in rows)
    assert rows[1]["predicted"] == []


def test_bad_theme_names_the_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    _write(gold, [{"text": "x", "themes": ["weather"]}])
    with pytest.raises(CorpusError, match=r"gold\.jsonl:1"):
        evaluate_themes(gold)


def test_missing_gold_file(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        evaluate_themes(tmp_path / "absent.jsonl")
