"""The loader: the embedded model, a folder backend and clear errors."""

from __future__ import annotations

import pytest
import spacy

from pipeline.core import DOMAIN_LABELS, STANDARD_LABELS
from pipeline.nlp import NlpLoadError, entities, load

TEXT = (
    "Task Force følger op i Faxe Kommune\n\n"
    "Borgmester Lise Bækgaard (V) glæder sig over rapporten fra Socialstyrelsen, "
    "som udkom den 3. marts 2021. Sagerne efter servicelovens § 50 går nu hurtigere, "
    "siger hun. Bækgaard har talt med direktør Morten Lyngsø i Haslev."
)


def test_embedded_pipeline_sets_sentences_lemmas_and_entities(nlp):
    doc = nlp(TEXT)
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Task Force følger op i Faxe Kommune"
    assert len(sents) == 4
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["går"] == "gå"
    found = {(e.text, e.label) for e in entities(doc)}
    assert ("Lise Bækgaard", "PER") in found
    assert ("Morten Lyngsø", "PER") in found
    assert ("Faxe Kommune", "KOMMUNE") in found
    assert ("3. marts 2021", "DATE") in found
    assert ("servicelovens § 50", "LAW") in found
    assert all(e.label_ in STANDARD_LABELS for e in doc.ents)
    assert all(s.label_ in DOMAIN_LABELS for s in doc.spans["domain"])


def test_entities_are_sorted_and_index_the_text(nlp):
    doc = nlp(TEXT)
    found = entities(doc)
    assert found == sorted(found, key=lambda e: (e.start, e.end, e.label))
    assert all(TEXT[e.start : e.end] == e.text for e in found)


def test_no_entities_in_text_without_names(nlp):
    doc = nlp("det er svært at sige, hvad der skal ske nu. vi venter og ser.")
    assert entities(doc) == []


def test_folder_backend_gets_project_components(tmp_path):
    blank = spacy.blank("da")
    ruler = blank.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Jensen"}])
    blank.to_disk(tmp_path / "pipe")
    nlp = load(str(tmp_path / "pipe"))
    assert "dapipe_sentences" in nlp.pipe_names
    assert "lemmatizer" in nlp.pipe_names
    doc = nlp("Overskrift\n\nJensen bor i Vejle Kommune.")
    assert [s.text.strip() for s in doc.sents] == ["Overskrift", "Jensen bor i Vejle Kommune."]
    assert {(e.text, e.label) for e in entities(doc)} >= {
        ("Jensen", "PER"),
        ("Vejle Kommune", "KOMMUNE"),
    }
    assert {t.text: t.lemma_ for t in doc}["bor"] == "bo"


@pytest.mark.parametrize("name", ["da_core_news_nonexistent", "no-such-model", "/no/such/dir"])
def test_unknown_names_raise_clear_error(name):
    with pytest.raises(NlpLoadError) as err:
        load(name)
    message = str(err.value)
    assert name in message
    assert "embedded" in message and "dacy-small" in message
    assert "\n" not in message


def test_folder_that_is_not_a_pipeline(tmp_path):
    with pytest.raises(NlpLoadError, match="not a spaCy pipeline folder"):
        load(str(tmp_path))


def test_missing_spacy_package_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    with pytest.raises(NlpLoadError, match="python -m spacy download da_core_news_lg"):
        load("da_core_news_lg")


def test_embedded_load_imports_no_spacy_plugins():
    """Entry points of installed plugins (spacy-transformers, torch) are not imported."""
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.nlp import load; nlp = load('embedded'); "
        "print('spacy_transformers' in sys.modules, nlp.pipe_names[-1])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "dapipe_domain_entities"]


def test_a_truncated_crf_model_is_a_clear_error_not_a_crash(tmp_path):
    import shutil

    from pipeline.nlp.crf_ner import MODEL_FILE, CrfTagger
    from pipeline.paths import MODELS_DIR

    ner = tmp_path / "ner"
    shutil.copytree(MODELS_DIR / "embedded" / "ner", ner)
    data = (ner / MODEL_FILE).read_bytes()
    (ner / MODEL_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="damaged"):
        CrfTagger.load(ner)
    (ner / MODEL_FILE).write_bytes(b"not a model at all")
    with pytest.raises(ValueError, match="not a crfsuite model"):
        CrfTagger.load(ner)
    (ner / MODEL_FILE).write_bytes(data)
    assert CrfTagger.load(ner).tag(["Lise", "Holm", "bor", "i", "Vejle"])  # the whole file loads


def test_entities_name_their_layer(nlp):
    from pipeline.nlp import entities

    found = entities(nlp("Socialministeriet skrev til Lise Holm i Faxe Kommune i går."))
    layers = {(e.text, e.label, e.layer) for e in found}
    assert ("Socialministeriet", "BODY", "domain") in layers
    assert ("Lise Holm", "PER", "ner") in layers
    assert not [e for e in found if e.text == "Socialministeriet" and e.layer == "ner"]
