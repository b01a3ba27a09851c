"""The quote evaluator: matching by word overlap, speaker by name or alias, report format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.quotes import add_pipe
from pipeline.quotes.evaluate import GoldError, evaluate_with, overlap_ok, read_gold

ARTICLE = (
    "Skolen får nye lokaler\n\n"
    "Borgmester Lise Holm (V) glæder sig.\n\n"
    "– Vi har ventet længe på det her, og nu sker det endelig, siger Lise Holm.\n\n"
    "– Eleverne fortjener ordentlige rammer, tilføjer borgmesteren."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    add_pipe(pipeline)
    return pipeline


def write_gold(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    return path


def test_overlap_needs_eighty_percent_of_both() -> None:
    assert overlap_ok("vi har ventet længe på det", "Vi har ventet længe på det her")
    assert not overlap_ok("vi har ventet", "vi har ventet længe på det her og nu")


def test_scores_and_last_line(nlp: Language, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    gold = write_gold(
        tmp_path / "gold.jsonl",
        [
            {
                "document": "a",
                "quote": "Vi har ventet længe på det her, og nu sker det endelig",
                "speaker": "Lise Holm",
                "kind": "direct",
                "mention": "name",
            },
            {
                "document": "a",
                "quote": "Eleverne fortjener ordentlige rammer",
                "speaker": "Anette Mortensen",  # wrong on purpose: the speaker must not match
                "kind": "direct",
                "mention": "role",
            },
        ],
    )
    result = evaluate_with(nlp, read_gold(gold), tmp_path)
    assert (result.precision, result.recall) == (1.0, 1.0)
    assert result.speaker_acc == 0.5
    last = result.report().splitlines()[-1]
    assert re.fullmatch(r"quote_f=1\.0000 speaker_acc=0\.5000 pair_f=0\.5000", last)
    assert "mention role" in result.report()


def test_kinds_score_only_those_gold_kinds(nlp: Language, tmp_path: Path) -> None:
    """A prediction matching a gold quote of an unscored kind is neither right nor spurious."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    gold = write_gold(
        tmp_path / "gold.jsonl",
        [
            {
                "document": "a",
                "quote": "Vi har ventet længe på det her, og nu sker det endelig",
                "speaker": "Lise Holm",
                "kind": "direct",
            },
            {
                "document": "a",
                "quote": "Eleverne fortjener ordentlige rammer",
                "speaker": "Anette Mortensen",
                "kind": "indirect",
            },
        ],
    )
    everything = evaluate_with(nlp, read_gold(gold), tmp_path)
    direct = evaluate_with(nlp, read_gold(gold), tmp_path, kinds=frozenset({"direct"}))
    assert (everything.gold_count, everything.predicted_count) == (2, 2)
    assert (direct.gold_count, direct.predicted_count) == (1, 1)
    assert direct.speaker_acc == 1.0


def test_bad_gold_line_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"quote": "mangler dokument"}\n')
    with pytest.raises(GoldError, match=r"gold.jsonl:1"):
        read_gold(path)


def test_missing_document_is_named(nlp: Language, tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g.jsonl", [{"document": "nope", "quote": "x", "speaker": None}])
    with pytest.raises(GoldError, match=r"nope\.txt"):
        evaluate_with(nlp, read_gold(gold), tmp_path)


@pytest.mark.parametrize(
    ("gold", "docs"),
    [
        ("quotes.jsonl", "news"),
        ("quotes_dev2.jsonl", "news"),
        ("quotes_dev3.jsonl", "news"),
        ("quotes_dev4.jsonl", "news"),
        pytest.param("quotes_heldout.jsonl", "heldout", marks=pytest.mark.slow),
        pytest.param("quotes_heldout2.jsonl", "heldout", marks=pytest.mark.slow),
    ],
)
def test_gold_sets_reach_the_targets(
    full_nlp: Language, corpora_dir: Path, gold: str, docs: str
) -> None:
    """The issue's targets on every gold set; corpora/gold/README.md says which were seen.
    The blind held-out sets are a measurement, run with the slow tests (`make test-all`)."""
    result = evaluate_with(full_nlp, read_gold(corpora_dir / "gold" / gold), corpora_dir / docs)
    assert result.quote_f >= 0.95
    assert result.speaker_acc >= 0.95
    assert result.pair_f >= 0.92
