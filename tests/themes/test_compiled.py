import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.paths import CORPORA_DIR, MODELS_DIR
from pipeline.themes.classifier import ThemeClassifier, features
from pipeline.themes.compiled import POLARITIES, CompiledTfidf, LinearHeads

TEXTS = [
    "Kommunen har ikke overholdt fristen for børnefaglige undersøgelser.",
    "Sagsbehandlingstiden er nedbragt, og ledelsen følger op hver uge.",
    "",  # an empty sentence is an all-zero row
    "zzqx",  # nothing in the vocabulary
    "frister frister frister i Ærø og Aabenraa",  # repeated n-grams are counted
]


@pytest.mark.parametrize(
    "vectorizer",
    [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 2)),
        TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2)),
    ],
)
def test_compiled_tfidf_equals_scikit_learn(vectorizer):
    vectorizer.fit([*TEXTS[:2], "Ærø Kommune og frister"])
    expected = vectorizer.transform(TEXTS)
    got = CompiledTfidf(vectorizer).transform(TEXTS)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got.toarray(), expected.toarray(), rtol=1e-12, atol=1e-15)
    assert not got[2].nnz


def test_only_l2_tfidf_is_compiled():
    vectorizer = TfidfVectorizer(norm="l1").fit(TEXTS[:2])
    with pytest.raises(ValueError, match="l2"):
        CompiledTfidf(vectorizer)


@pytest.fixture(scope="module")
def classifier() -> ThemeClassifier:
    return ThemeClassifier.load(MODELS_DIR / "themes")


@pytest.fixture(scope="module")
def training_texts() -> list[str]:
    texts = [
        line.split('"text": "', 1)[1].split('"', 1)[0]
        for path in sorted((CORPORA_DIR / "themes").glob("*.jsonl"))[:4]
        for line in path.read_text(encoding="utf-8").splitlines()
        if '"text": "' in line
    ]
    assert len(texts) > 50
    return texts


def test_compiled_features_equal_the_fitted_column_transformer(classifier, training_texts):
    texts = training_texts
    expected = classifier.models["features"].transform(features(texts, classifier.lemmas))
    classifier.predict(texts[:1])  # compiles
    assert classifier._compiled is not None
    got = classifier._compiled.features(texts, classifier.lemmas)
    np.testing.assert_allclose(got.toarray(), expected.toarray(), rtol=1e-12, atol=1e-15)


def test_linear_heads_give_what_the_scikit_learn_models_give(classifier, training_texts):
    x = classifier.models["features"].transform(features(training_texts, classifier.lemmas))
    detect, themes, polarity = LinearHeads.from_models(classifier.models).predict(x)
    np.testing.assert_allclose(detect, classifier.models["detect"].predict_proba(x)[:, 1])
    expected = np.column_stack([m.predict_proba(x)[:, 1] for m in classifier.models["themes"]])
    np.testing.assert_allclose(themes, expected)
    polarity_scores = np.column_stack(
        [m.decision_function(x[:, : m.n_features_in_]) for m in classifier.models["polarity"]]
    )
    assert list(polarity) == [POLARITIES[i] for i in polarity_scores.argmax(axis=1)]
