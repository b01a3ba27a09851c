"""DaCy and spaCy-package backends through their real loading code, on small pipelines."""

from __future__ import annotations

import json
import sys

import pytest
import spacy

from pipeline.nlp import NlpLoadError, backends, entities, load

DACY_SKIP = "the optional `dacy` package is not installed (pip install '.[dacy]' torch==2.13.0)"


def _small_pipeline() -> spacy.language.Language:
    nlp = spacy.blank("da")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": [{"TEXT": "Anna"}, {"TEXT": "Holm"}]}])
    return nlp


def test_dacy_model_is_loaded_from_dacy_cache_dir(tmp_path, monkeypatch):
    pytest.importorskip("dacy", reason=DACY_SKIP)
    import dacy.download

    model = f"da_dacy_small_trf-{dacy.download.get_latest_version('small')}"
    folder = tmp_path / model / model.split("-")[0] / model
    folder.parent.mkdir(parents=True)
    _small_pipeline().to_disk(folder)
    monkeypatch.setenv("DACY_CACHE_DIR", str(tmp_path))
    nlp = load("dacy-small")
    doc = nlp("Rapport\n\nAnna Holm bor i Stevns Kommune.")
    assert {(e.text, e.label) for e in entities(doc)} >= {
        ("Anna Holm", "PER"),
        ("Stevns Kommune", "KOMMUNE"),
    }
    assert next(s.text.strip() for s in doc.sents) == "Rapport"


def test_dacy_model_missing_from_cache_says_where_to_put_it(tmp_path, monkeypatch):
    pytest.importorskip("dacy", reason=DACY_SKIP)
    monkeypatch.setenv("DACY_CACHE_DIR", str(tmp_path))
    with pytest.raises(NlpLoadError, match="not in the DaCy cache") as err:
        load("dacy-medium")
    assert str(tmp_path) in str(err.value)


def test_dacy_not_installed_says_how_to_install(monkeypatch):
    monkeypatch.setattr(backends, "dacy_installed", lambda: False)
    with pytest.raises(NlpLoadError, match=r"pip install 'dapipe\[dacy\]' torch==2.13.0"):
        load("dacy-large")


def test_installed_spacy_package_is_loaded_by_name(tmp_path, monkeypatch):
    """A package laid out as `spacy package` builds it, found through its dist-info."""
    name, version = "da_core_news_sm", "3.8.0"
    package = tmp_path / name
    nlp = _small_pipeline()
    nlp.meta.update({"name": "core_news_sm", "version": version})
    package.mkdir()
    nlp.to_disk(package / f"{name}-{version}")
    (package / "meta.json").write_text(json.dumps(nlp.meta), encoding="utf-8")
    (package / "__init__.py").write_text(
        "from spacy.util import load_model_from_init_py\n\n\n"
        "def load(**overrides):\n"
        "    return load_model_from_init_py(__file__, **overrides)\n",
        encoding="utf-8",
    )
    dist_info = tmp_path / f"{name}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    assert backends.is_available(name)
    doc = load(name)("Anna Holm arbejder i Aarhus.")
    assert ("Anna Holm", "PER") in {(e.text, e.label) for e in entities(doc)}


def test_auto_falls_back_to_embedded_when_nothing_else_is_there(monkeypatch, tmp_path):
    monkeypatch.setattr(backends, "dacy_installed", lambda: False)
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    nlp = load("auto")
    assert "ner" in nlp.pipe_names
    assert nlp.meta["name"] == "dapipe_embedded"
