"""`dapipe train ner`: rebuilds the embedded Danish pipeline in models/embedded.

Reproducible: settings in `configs/ner.cfg`, fixed seeds, deterministic L-BFGS. Models
trained: one on the train split alone, scored on dev (the dev figures in meta.json);
one per fold of a k-fold cross-validation over train + dev (`performance.kfold`, the
estimate for unseen text of the same treebank, as `benchmarks/ner_cv.py` prints it);
and the shipped one on train + dev.
"""

from __future__ import annotations

import configparser
import itertools
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pycrfsuite
import spacy
from spacy.language import Language

from pipeline.core import STANDARD_LABELS
from pipeline.nlp import crf_ner, gazetteers, sentences
from pipeline.nlp.augment import swap_entities
from pipeline.nlp.conll import Sentence, read_conll
from pipeline.nlp.crf_ner import CrfTagger
from pipeline.nlp.evaluate import NerScores, predict_tags, score_tags
from pipeline.nlp.features import Resources, sentence_features
from pipeline.nlp.pipes import add_lookup_lemmatizer
from pipeline.paths import MODELS_DIR, SHARED_DATA_DIR
from pipeline.scoring import Counts

CONFIG_PATH = Path(__file__).parent / "configs" / "ner.cfg"
MODEL_VERSION = "0.1.0"
CITATIONS = [
    "Barbara Plank. Neural Cross-Lingual Transfer and Limited Annotated Data for Named Entity "
    "Recognition in Danish. NoDaLiDa 2019.",
    "Johannsen, Martínez Alonso and Plank. Universal Dependencies for Danish. TLT14, 2015.",
    "Buch-Kromann et al. Danish Dependency Treebank. TLT 2003.",
]


def read_config(path: Path = CONFIG_PATH) -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(path, encoding="utf-8")
    return config


def frequency_table(min_zipf: float, lang: str = "da") -> dict[str, int]:
    """Word -> integer Zipf bucket, from wordfreq (needed only at training time)."""
    import wordfreq

    table: dict[str, int] = {}
    for word in wordfreq.top_n_list(lang, 1_000_000):
        zipf = wordfreq.zipf_frequency(word, lang)
        if zipf >= min_zipf:
            table[word] = int(zipf)
    return table


def build_resources(config: configparser.ConfigParser) -> Resources:
    from spacy.lookups import load_lookups

    lexicon = load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup")
    return Resources(
        gazetteers.load_all(),
        frequency_table(config.getfloat("frequencies", "min_zipf")),
        frequency_table(config.getfloat("frequencies", "min_zipf_en"), "en"),
        lexicon,
    )


def train_crf(
    data: list[Sentence], resources: Resources, config: configparser.ConfigParser, seed: int
) -> CrfTagger:
    """A CRF trained on `data` plus its entity-swapped copies."""
    copies = config.getint("augment", "copies")
    labels = tuple(config.get("augment", "labels", fallback="PER LOC ORG").split())
    augmented = swap_entities(data, resources.lists, copies, seed, labels) if copies else []
    trainer = pycrfsuite.Trainer(algorithm=config.get("crf", "algorithm"), verbose=False)
    for sentence in [*data, *augmented]:
        trainer.append(sentence_features(sentence.words, resources), sentence.tags)
    trainer.set_params(
        {
            "c1": config.getfloat("crf", "c1"),
            "c2": config.getfloat("crf", "c2"),
            "max_iterations": config.getint("crf", "max_iterations"),
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        model_path = Path(tmp) / "model.crfsuite"
        trainer.train(str(model_path))
        return CrfTagger(model_path.read_bytes(), resources)


def folds_of(n: int, k: int) -> list[tuple[int, int]]:
    """k contiguous blocks of n sentences, as equal as possible: (start, end) each."""
    bounds = [round(i * n / k) for i in range(k + 1)]
    return list(itertools.pairwise(bounds))


def score_model(
    train: list[Sentence],
    test: list[Sentence],
    resources: Resources,
    config: configparser.ConfigParser,
    seed: int,
) -> tuple[NerScores, list[list[str]]]:
    """Scores (and predicted tags) on `test` of the whole pipeline trained on `train`."""
    nlp = build_pipeline(train_crf(train, resources, config, seed))
    predicted, _ = predict_tags(nlp, test)
    return score_tags([s.tags for s in test], predicted), predicted


def pool_scores(all_scores: list[NerScores]) -> NerScores:
    """Per-label counts summed over several test sets."""
    return NerScores(
        {
            label: sum((s.per_label.get(label, Counts()) for s in all_scores), Counts())
            for label in STANDARD_LABELS
        }
    )


def cross_validate(
    data: list[Sentence],
    resources: Resources,
    config: configparser.ConfigParser,
    seed: int,
    folds: int,
) -> tuple[list[NerScores], list[list[str]]]:
    """Scores of each of `folds` contiguous blocks by a model trained on the others."""
    results: list[NerScores] = []
    predicted: list[list[str]] = []
    for lo, hi in folds_of(len(data), folds):
        scores, tags = score_model(data[:lo] + data[hi:], data[lo:hi], resources, config, seed)
        results.append(scores)
        predicted.extend(tags)
    return results, predicted


def build_pipeline(tagger: CrfTagger) -> Language:
    """Tokenizer, sentences, lookup lemmatizer and the CRF NER, as one spaCy pipeline."""
    nlp = spacy.blank("da")
    # Abbreviation exceptions that are also names would swallow a sentence's full stop
    # ("siger Birgitte Vind."): the names win.
    names = set(tagger.resources.lists["first"]) | set(tagger.resources.lists["last"])
    tokenizer: Any = nlp.tokenizer
    tokenizer.rules = {
        k: v
        for k, v in tokenizer.rules.items()
        if not (k[:1].isupper() and k.endswith(".") and k[:-1] in names)
    }
    nlp.add_pipe(sentences.FACTORY, config={"punctuation": True})
    add_lookup_lemmatizer(nlp)
    ner: Any = nlp.add_pipe(crf_ner.FACTORY, name="ner")
    ner.tagger = tagger
    return nlp


def words_per_second(nlp: Language, data: list[Sentence], repeat: int = 3) -> float:
    """Speed of the whole pipeline (tokenising included) on the dev text, best of `repeat`."""
    text = "\n\n".join(" ".join(s.words) for s in data)
    words = sum(len(s.words) for s in data)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        nlp(text)
        best = min(best, time.perf_counter() - start)
    return words / best


def _scores_meta(scores: NerScores) -> dict[str, Any]:
    per = scores.as_dict()
    return {
        "ents_p": per["ents"]["p"],
        "ents_r": per["ents"]["r"],
        "ents_f": per["ents"]["f"],
        "ents_per_type": {k: v for k, v in per.items() if k != "ents"},
    }


def train_ner(output: Path | None = None, data_dir: Path | None = None, seed: int = 0) -> Path:
    """Rebuild the embedded pipeline into `output` (default models/embedded); returns the folder."""
    output = Path(output) if output is not None else MODELS_DIR / "embedded"
    data_dir = Path(data_dir) if data_dir is not None else SHARED_DATA_DIR
    config = read_config()
    random.seed(seed)
    ner_dir = data_dir / "ddt-ner"
    train = read_conll(ner_dir / config.get("data", "train"))
    dev = read_conll(ner_dir / config.get("data", "dev"))
    resources = build_resources(config)

    dev_scores, _ = score_model(train, dev, resources, config, seed)
    folds = config.getint("evaluation", "folds", fallback=0)
    kfold: dict[str, Any] | None = None
    if folds > 1 and len(train) + len(dev) >= 20 * folds:
        fold_scores, _ = cross_validate([*train, *dev], resources, config, seed, folds)
        fold_f = [s.overall.f1 for s in fold_scores]
        kfold = {
            "folds": folds,
            "split": "contiguous blocks of train + dev sentences, each scored by a model "
            "trained on the others",
            **_scores_meta(pool_scores(fold_scores)),
            "mean_fold_ents_f": round(statistics.fmean(fold_f), 4),
            "sd_fold_ents_f": round(statistics.stdev(fold_f), 4),
            "per_fold": [
                {
                    "ents_f": round(s.overall.f1, 4),
                    **{label: round(s.per_label[label].f1, 4) for label in STANDARD_LABELS},
                }
                for s in fold_scores
            ],
        }

    nlp = build_pipeline(train_crf([*train, *dev], resources, config, seed))
    speed = words_per_second(nlp, dev)
    nlp.meta.update(
        {
            "name": "dapipe_embedded",
            "version": MODEL_VERSION,
            "lang": "da",
            "description": (
                "dapipe's default Danish pipeline: rule-based paragraph-aware sentences, spaCy's "
                "Danish lookup lemmatizer (spacy-lookups-data) and a CRF named-entity recogniser "
                "(PER, LOC, ORG, MISC) with gazetteer, capitalisation and word-frequency features."
            ),
            "license": "CC BY-SA 4.0",
            "sources": [
                {
                    "name": "DDT NER (Plank 2019): "
                    + config.get("data", "train")
                    + " + "
                    + config.get("data", "dev"),
                    "url": "https://github.com/bplank/danish_ner_transfer",
                    "license": "CC BY-SA 4.0",
                },
                {
                    "name": "Universal Dependencies Danish DDT",
                    "url": "https://github.com/UniversalDependencies/UD_Danish-DDT",
                    "license": "CC BY-SA 4.0",
                },
                {"name": "wordfreq (Danish word frequencies)", "license": "MIT / CC BY-SA 4.0"},
                {"name": "spacy-lookups-data (Danish lemma table)", "license": "MIT"},
                {"name": "DaCy name table (Danmarks Statistik names)", "license": "Apache-2.0"},
            ],
            "citations": CITATIONS,
            "training": {
                "config": str(CONFIG_PATH.relative_to(CONFIG_PATH.parents[3])),
                "seed": seed,
                "shipped_model_trained_on": ["train", "dev"],
                "dev_scores_from": "a model trained on train alone, scored on dev",
                "kfold_from": "benchmarks/ner_cv.py (c); the same figures as performance.kfold",
                "which_figure_is_which": (
                    "performance.ents_* (and dev_scores.json): second estimate, trained on the "
                    "train split only, scored on the dev split (benchmarks/ner_cv.py (a)). "
                    "performance.kfold: first estimate, k-fold over train + dev, pooled counts "
                    "plus the mean and standard deviation of the folds' F1 "
                    "(benchmarks/ner_cv.py (c)). Both are of treebank text like the training "
                    "data; the treebank's test split was never used to train or tune, and "
                    "scores lower (more sports and business text)."
                ),
            },
            "performance": {
                **_scores_meta(dev_scores),
                "kfold": kfold,
                "words_per_second": round(speed),
                "speed_measured_on": "dev text, whole pipeline, one process",
            },
        }
    )
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    (output / "dev_scores.json").write_text(
        json.dumps(dev_scores.as_dict(), indent=2), encoding="utf-8"
    )
    return output
