"""`train_ner` rebuilds a loadable pipeline from CoNLL data (slow: trains two CRFs)."""

from __future__ import annotations

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
