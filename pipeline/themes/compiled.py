"""The fitted scikit-learn parts as plain numpy: the same numbers, without per-call cost.

Every scikit-learn `transform`/`predict` call validates its input, which costs
about 1 ms per call and 4–5 ms per document for the theme model — more than
the arithmetic on a news article. Prediction therefore runs on these compiled
copies, built once from the fitted objects after loading; training and the
saved model stay stock scikit-learn. Tests check both give the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

POLARITIES: tuple[str, ...] = ("negative", "neutral", "positive")  # order of the polarity heads
WORD_CACHE_SIZE = 200_000  # distinct words whose character n-gram indices are kept


class CompiledTfidf:
    """A fitted `TfidfVectorizer` (word or `char_wb` analyzer, l2 norm) as lookups and numpy.

    `char_wb` n-grams never cross a word boundary, so each distinct word's
    feature indices are computed once and cached: words recur in every sentence.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise ValueError("only l2-normalised TF-IDF with idf weights is compiled")
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear_tf = bool(vectorizer.sublinear_tf)
        self.char_wb = vectorizer.analyzer == "char_wb"
        self.lowercase = bool(vectorizer.lowercase)
        self.ngram_range: tuple[int, int] = vectorizer.ngram_range
        self.analyze = vectorizer.build_analyzer()
        # the lemma view: space-separated features, unigrams and bigrams, nothing else applied
        self.plain_words = (
            not self.char_wb
            and vectorizer.analyzer == "word"
            and vectorizer.token_pattern == r"\S+"
            and not self.lowercase
            and not vectorizer.strip_accents
            and vectorizer.preprocessor is None
            and vectorizer.tokenizer is None
            and vectorizer.stop_words is None
            and self.ngram_range == (1, 2)
        )
        if self.char_wb and (vectorizer.strip_accents or vectorizer.preprocessor):
            raise ValueError("char_wb with accent stripping or a preprocessor is not compiled")
        self._word_indices = lru_cache(maxsize=WORD_CACHE_SIZE)(self._char_wb_indices)

    def _char_wb_indices(self, word: str) -> list[int]:
        """Vocabulary indices of one word's n-grams, as scikit-learn's `char_wb` makes them."""
        padded = f" {word} "
        found = []
        for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
            for start in range(max(len(padded) - n + 1, 1)):
                index = self.vocabulary.get(padded[start : start + n])
                if index is not None:
                    found.append(index)
            if n >= len(padded):  # a short word is counted once, as a whole
                break
        return found

    def _indices(self, text: str) -> list[int]:
        if self.plain_words:  # what the analyzer gives, without its per-call overhead
            words = text.split()
            grams = words + [f"{a} {b}" for a, b in pairwise(words)]
            return [i for i in map(self.vocabulary.get, grams) if i is not None]
        if not self.char_wb:
            vocabulary = self.vocabulary
            return [vocabulary[f] for f in self.analyze(text) if f in vocabulary]
        if self.lowercase:
            text = text.lower()
        return list(chain.from_iterable(map(self._word_indices, text.split())))

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows for `texts`, equal to `vectorizer.transform(texts)`."""
        columns = [self._indices(text) for text in texts]
        indptr = np.zeros(len(columns) + 1, dtype=np.int32)
        np.cumsum([len(c) for c in columns], out=indptr[1:])
        # chained in C: a generator over every index cost as much as the n-gram lookups
        flat = np.fromiter(chain.from_iterable(columns), dtype=np.int32, count=int(indptr[-1]))
        counts = sp.csr_matrix(
            (np.ones(len(flat)), flat, indptr), shape=(len(columns), len(self.vocabulary))
        )
        counts.sum_duplicates()  # repeated n-grams become counts, indices sorted
        data = counts.data
        if self.sublinear_tf:
            np.log(data, out=data)
            data += 1.0
        data *= self.idf[counts.indices]
        row_of = np.repeat(np.arange(len(columns)), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=len(columns)))
        norms[norms == 0.0] = 1.0
        data /= norms[row_of]
        return counts


@dataclass
class LinearHeads:
    """Detection, theme and polarity models as one sparse-times-dense product.

    Every head is a binary logistic regression (detection, one per theme, one
    per polarity class with the highest score winning), so their scores are one
    product `x @ weights`; this gives exactly what the scikit-learn objects give
    (a test checks it) without their per-call input validation.
    """

    weights: np.ndarray  # (features, 1 + themes + polarity classes)
    intercepts: np.ndarray
    binary: int  # the first columns are binary heads: probability = sigmoid(score)
    polarity_classes: np.ndarray

    @classmethod
    def from_models(cls, models: dict[str, Any]) -> LinearHeads:
        binary = [models["detect"], *models["themes"]]
        coefs = [model.coef_[0] for model in binary]
        intercepts = [model.intercept_[0] for model in binary]
        width = len(coefs[0])
        for model in models["polarity"]:  # a head on the leading (word) columns only: zeros after
            coefs.append(np.pad(model.coef_[0], (0, width - len(model.coef_[0]))))
        intercepts.extend(model.intercept_[0] for model in models["polarity"])
        return cls(
            np.ascontiguousarray(np.array(coefs).T),
            np.array(intercepts),
            len(binary),
            np.array(POLARITIES, dtype=object),
        )

    def predict(self, x: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Finding probability, per-theme probabilities and polarity label per row."""
        scores = np.asarray(x @ self.weights) + self.intercepts
        n = self.binary
        proba = 1.0 / (1.0 + np.exp(-scores[:, :n]))
        polarity = self.polarity_classes[np.argmax(scores[:, n:], axis=1)]
        return proba[:, 0], proba[:, 1:], polarity
