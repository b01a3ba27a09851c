"""`train_ner` rebuilds a loadable pipeline from CoNLL data (slow: trains two CRFs)."""

from __future__ import annotations

import itertools
import json

import pytest

from pipeline.nlp.train import read_config

TRAIN = """Borgmester\tO
Jonas\tB-PER
Riis\tI-PER
besøgte\tO
Ringsted\tB-LOC
.\tO

Socialstyrelsen\tB-ORG
har\tO
ansat\tO
Maja\tB-PER
Holm\tI-PER
.\tO
"""


@pytest.mark.slow
def test_train_ner_writes_a_loadable_model_with_meta(tmp_path, monkeypatch):
    pytest.importorskip("wordfreq", reason="training needs wordfreq (pip install wordfreq)")
    import spacy

    from pipeline.nlp import entities
    from pipeline.nlp.train import train_ner

    config = read_config()
    data = tmp_path / "data" / "ddt-ner"
    data.mkdir(parents=True)
    for key in ("train", "dev"):
        (data / config.get("data", key)).write_text(TRAIN, encoding="utf-8")
    out = train_ner(tmp_path / "model", data_dir=tmp_path / "data", seed=1)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0"
    assert set(meta["performance"]["ents_per_type"]) == {"PER", "LOC", "ORG", "MISC"}
    nlp = spacy.load(out)
    doc = nlp("Borgmester Jonas Riis besøgte Ringsted.")
    assert "Jonas Riis" in {e.text for e in entities(doc)}


def test_folds_are_contiguous_and_cover_every_sentence():
    from pipeline.nlp.train import folds_of

    folds = folds_of(11, 5)
    assert folds[0][0] == 0 and folds[-1][1] == 11
    assert all(a[1] == b[0] for a, b in itertools.pairwise(folds))
    assert sorted(hi - lo for lo, hi in folds) == [2, 2, 2, 2, 3]


def test_pooled_scores_add_the_counts_of_each_fold():
    from pipeline.nlp.evaluate import score_tags
    from pipeline.nlp.train import pool_scores

    one = score_tags([["B-PER", "O"]], [["B-PER", "O"]])
    two = score_tags([["B-PER", "B-LOC"]], [["O", "B-LOC"]])
    pooled = pool_scores([one, two])
    assert (pooled.per_label["PER"].tp, pooled.per_label["PER"].fn) == (1, 1)
    assert pooled.per_label["LOC"].tp == 1
    assert pooled.overall.f1 == pytest.approx(2 * 1 * (2 / 3) / (1 + 2 / 3))
