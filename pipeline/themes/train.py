"""Training the theme model reproducibly, with grouped cross-validation scores in meta.json.

The model is trained on the real labelled sentences in `../shared/real/themes`
(public Danish supervisory, municipal and news pages) plus, at a lower weight,
the project's own sentences in `corpora/themes`, which measurably help on the
real folds. Cross-validation is grouped by source page and scores real
sentences only; the detection and per-theme thresholds are chosen inside each
training fold by a grouped inner cross-validation, never on the test fold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from pipeline.core import THEMES
from pipeline.paths import CORPORA_DIR, MODELS_DIR, REPO_ROOT, SHARED_REAL_DIR
from pipeline.themes.classifier import Prediction, Settings, ThemeClassifier
from pipeline.themes.corpus import Example, read_examples
from pipeline.themes.keywords import predict_keywords
from pipeline.themes.metrics import Scores, score

DEFAULT_DATA = SHARED_REAL_DIR / "themes"
OWN_DATA = CORPORA_DIR / "themes"
OWN_WEIGHT = 0.3  # our own sentences: help on the real folds, but are not real writing
DEFAULT_OUTPUT = MODELS_DIR / "themes"
CV_FOLDS = 5
INNER_FOLDS = 4
THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.2, 0.81, 0.05))
# F1 within this of the best counts as a tie, won by the highest threshold: real documents hold far
# fewer findings than the labelled set, so on a flat optimum precision is worth more than recall
THRESHOLD_TOLERANCE = 0.01
# the labelled set is 61 % findings, a document far fewer: below 0.5 the detection threshold lets
# background sentences with no evidence either way ("Der var kaffe og kage.") through as findings
DETECT_THRESHOLD_FLOOR = 0.5
SOURCE_NOTE = (
    "trained on real sentences from public Danish supervisory, municipal and news pages; "
    "labels by the dapipe team"
)


@dataclass
class CrossValidation:
    model: Scores
    baseline: Scores
    predictions: list[Prediction]  # out-of-fold, in corpus order


def _fit(
    examples: Sequence[Example],
    extra: Sequence[Example],
    extra_weight: float,
    settings: Settings,
) -> ThemeClassifier:
    rows = [*examples, *extra]
    weights = [1.0] * len(examples) + [extra_weight] * len(extra)
    return ThemeClassifier(settings).fit(
        [e.text for e in rows], [e.themes for e in rows], [e.polarity for e in rows], weights
    )


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    tp = int((predicted & gold).sum())
    wrong = int((predicted ^ gold).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def _best_threshold(
    scores: np.ndarray, gold: np.ndarray, mask: np.ndarray | None = None, floor: float = 0.0
) -> float:
    """The highest grid threshold (≥ floor) whose F1 is within `THRESHOLD_TOLERANCE` of the best."""
    passed = np.ones(len(scores), dtype=bool) if mask is None else mask
    grid = [t for t in THRESHOLD_GRID if t >= floor]
    f1 = [_f1(passed & (scores >= t), gold) for t in grid]
    best = max(f1)
    return max(t for t, f in zip(grid, f1, strict=True) if f >= best - THRESHOLD_TOLERANCE)


def tune_thresholds(
    examples: Sequence[Example],
    settings: Settings,
    extra: Sequence[Example] = (),
    extra_weight: float = OWN_WEIGHT,
    folds: int = INNER_FOLDS,
) -> Settings:
    """Settings with the detection and per-theme thresholds that maximise grouped-CV F1.

    Out-of-fold probabilities come from a grouped cross-validation over
    `examples` (the `extra` sentences join every training fold); the detection
    threshold maximises detection F1, then each theme's threshold its F1 among
    the sentences detected as findings.
    """
    groups = [e.document for e in examples]
    folds = min(folds, len(set(groups)))
    if folds < 2:
        return settings
    detect = np.zeros(len(examples))
    themes = np.zeros((len(examples), len(THEMES)))
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=settings.seed + 1)
    for train_idx, test_idx in splitter.split(examples, groups=groups):
        model = _fit([examples[i] for i in train_idx], extra, extra_weight, settings)
        d, t, _ = model.probabilities([examples[i].text for i in test_idx])
        detect[test_idx], themes[test_idx] = d, t
    gold = np.array([[t in e.themes for t in THEMES] for e in examples])
    is_finding = np.asarray(gold.sum(axis=1) > 0)
    detect_threshold = _best_threshold(detect, is_finding, floor=DETECT_THRESHOLD_FLOOR)
    detected: np.ndarray = detect >= detect_threshold
    per_theme = tuple(
        _best_threshold(themes[:, k], gold[:, k], detected) for k in range(len(THEMES))
    )
    return replace(settings, detect_threshold=detect_threshold, theme_thresholds=per_theme)


def cross_validate(
    examples: Sequence[Example],
    settings: Settings,
    folds: int = CV_FOLDS,
    extra: Sequence[Example] = (),
    extra_weight: float = OWN_WEIGHT,
    tune: bool = True,
) -> CrossValidation:
    """Out-of-fold predictions for `examples`, folds grouped by document (source page).

    `extra` sentences are added to every training fold at `extra_weight` and
    never scored. With `tune`, each fold's thresholds come from an inner
    grouped cross-validation on that fold's training sentences.
    """
    texts = [e.text for e in examples]
    groups = [e.document for e in examples]
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=settings.seed)
    predictions: list[Prediction | None] = [None] * len(examples)
    for train_idx, test_idx in splitter.split(texts, groups=groups):
        train = [examples[i] for i in train_idx]
        fold_settings = tune_thresholds(train, settings, extra, extra_weight) if tune else settings
        model = _fit(train, extra, extra_weight, fold_settings)
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
    """The path relative to the repository (or its parent, for ../shared), machine-neutral."""
    resolved = path.resolve()
    for root, prefix in ((REPO_ROOT, ""), (REPO_ROOT.parent, "../")):
        try:
            return prefix + str(resolved.relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)


def _data_meta(path: Path, examples: Sequence[Example], weight: float) -> dict:
    return {
        "path": _relative(path),
        "sha256": corpus_digest(path),
        "weight": weight,
        "sentences": len(examples),
        "documents": len({e.document for e in examples}),
        "findings": sum(bool(e.themes) for e in examples),
    }


def train_themes(
    data: Path | None = None,
    output: Path | None = None,
    seed: int = 0,
    own: Path | None = None,
) -> Path:
    """Cross-validate on `data`, then fit on all of it and write the model folder.

    By default `data` is the real set in ../shared/real/themes and our own
    sentences (`own`, default corpora/themes) join training at `OWN_WEIGHT`;
    an explicit `data` is trained on alone unless `own` is also given.
    """
    if data is None:
        data, own = DEFAULT_DATA, own or OWN_DATA
    data = Path(data)
    output = Path(output) if output else DEFAULT_OUTPUT
    examples = read_examples(data)
    extra = read_examples(own) if own else []
    settings = Settings(seed=seed)
    groups = len({e.document for e in examples})
    folds = min(CV_FOLDS, groups)
    cv = cross_validate(examples, settings, folds, extra) if groups >= 2 else None
    settings = tune_thresholds(examples, settings, extra)
    model = _fit(examples, extra, OWN_WEIGHT, settings)
    meta: dict = {
        "data": [_data_meta(data, examples, 1.0)],
        "source": SOURCE_NOTE,
        "licence": (
            "the real sentences are stored copies of public pages, used for training and "
            "evaluation only and not distributed with dapipe; corpora/themes is written by us"
        ),
    }
    if own:
        meta["data"].append(_data_meta(Path(own), extra, OWN_WEIGHT))
    if cv is not None:
        meta["cv"] = {
            "folds": folds,
            "grouped_by": "source page",
            "scored_on": _relative(data),
            "model": cv.model.summary(),
            "per_theme_f1": {t: round(s.f1, 4) for t, s in cv.model.per_theme.items()},
            "keyword_baseline": cv.baseline.summary(),
        }
    model.save(output, meta)
    return output


def main() -> None:
    """`python -m pipeline.themes.train`: train with the defaults and print the CV scores."""
    path = train_themes()
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    print(json.dumps(meta.get("cv"), indent=2))


if __name__ == "__main__":
    main()
