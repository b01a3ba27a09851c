"""Training the theme model reproducibly, with grouped cross-validation scores in meta.json."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import GroupKFold

from pipeline.paths import CORPORA_DIR, MODELS_DIR, REPO_ROOT
from pipeline.themes.classifier import Prediction, Settings, ThemeClassifier
from pipeline.themes.corpus import Example, read_examples
from pipeline.themes.keywords import predict_keywords
from pipeline.themes.metrics import Scores, score

DEFAULT_DATA = CORPORA_DIR / "themes"
DEFAULT_OUTPUT = MODELS_DIR / "themes"
CV_FOLDS = 5


@dataclass
class CrossValidation:
    model: Scores
    baseline: Scores
    predictions: list[Prediction]  # out-of-fold, in corpus order


def cross_validate(
    examples: Sequence[Example], settings: Settings, folds: int = CV_FOLDS
) -> CrossValidation:
    """Out-of-fold predictions with folds grouped by document, so no document leaks."""
    texts = [e.text for e in examples]
    groups = [e.document for e in examples]
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=settings.seed)
    predictions: list[Prediction | None] = [None] * len(examples)
    for train_idx, test_idx in splitter.split(texts, groups=groups):
        model = ThemeClassifier(settings).fit(
            [texts[i] for i in train_idx],
            [examples[i].themes for i in train_idx],
            [examples[i].polarity for i in train_idx],
        )
        for i, prediction in zip(
            test_idx, model.predict([texts[i] for i in test_idx]), strict=True
        ):
            predictions[i] = prediction
    done = [p for p in predictions if p is not None]
    baseline = predict_keywords(texts)
    return CrossValidation(
        model=_score(examples, done),
        baseline=_score(examples, baseline),
        predictions=done,
    )


def _score(examples: Sequence[Example], predictions: Sequence[Prediction]) -> Scores:
    return score(
        [e.themes for e in examples],
        [p.themes for p in predictions],
        [e.polarity for e in examples],
        [p.polarity for p in predictions],
    )


def corpus_digest(path: Path) -> str:
    """SHA-256 over the training files, to tie a model to its data."""
    digest = hashlib.sha256()
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _relative(path: Path) -> str:
    """The path relative to the repository when inside it, so meta.json is machine-neutral."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def train_themes(data: Path | None = None, output: Path | None = None, seed: int = 0) -> Path:
    """Cross-validate on `data`, then fit on all of it and write the model folder."""
    data = Path(data) if data else DEFAULT_DATA
    output = Path(output) if output else DEFAULT_OUTPUT
    examples = read_examples(data)
    settings = Settings(seed=seed)
    groups = len({e.document for e in examples})
    cv = cross_validate(examples, settings, min(CV_FOLDS, groups)) if groups >= 2 else None
    model = ThemeClassifier(settings).fit(
        [e.text for e in examples], [e.themes for e in examples], [e.polarity for e in examples]
    )
    meta = {
        "data": _relative(data),
        "data_sha256": corpus_digest(data),
        "sentences": len(examples),
        "documents": len({e.document for e in examples}),
        "findings": sum(bool(e.themes) for e in examples),
    }
    if cv is not None:
        meta["cv_folds"] = min(CV_FOLDS, groups)
        meta["cv"] = cv.model.summary()
        meta["cv_per_theme_f1"] = {t: round(s.f1, 4) for t, s in cv.model.per_theme.items()}
        meta["keyword_baseline"] = cv.baseline.summary()
    model.save(output, meta)
    return output


def main() -> None:
    """`python -m pipeline.themes.train`: train with the defaults and print the CV scores."""
    path = train_themes()
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    print(json.dumps({k: meta.get(k) for k in ("cv", "keyword_baseline")}, indent=2))


if __name__ == "__main__":
    main()
