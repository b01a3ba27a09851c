"""The keyword-list baseline the classifier is measured against.

A sentence counts as a finding when any theme keyword occurs; its themes are
those whose keywords occur; its polarity is negative when a negation or
criticism word occurs, positive when an improvement word does, else neutral.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipeline.themes.classifier import Prediction
from pipeline.themes.text import DATA_DIR, fold, read_word_list

NEGATIVE = (
    "ikke",
    "mangl",
    "utilstraekkelig",
    "kritik",
    "udfordring",
    "svag",
    "for lang",
    "for hoej",
)
POSITIVE = ("forbedr", "fremgang", "positiv", "styrke", "god ", "gode ", "godt ")


@lru_cache(maxsize=1)
def keywords() -> dict[str, re.Pattern[str]]:
    table = {}
    for line in read_word_list(DATA_DIR / "keywords.tsv"):
        theme, words = line.split("\t")
        alternatives = "|".join(re.escape(w) for w in words.split(","))
        table[theme] = re.compile(rf"(?<!\w)(?:{alternatives})")
    return table


def predict_keywords(texts: Sequence[str]) -> list[Prediction]:
    """Keyword predictions in the classifier's output shape."""
    out = []
    for text in texts:
        folded = fold(text)
        themes = [theme for theme, pattern in keywords().items() if pattern.search(folded)]
        if not themes:
            out.append(Prediction(False, [], None))
            continue
        if any(w in folded for w in NEGATIVE):
            polarity = "negative"
        elif any(w in folded for w in POSITIVE):
            polarity = "positive"
        else:
            polarity = "neutral"
        out.append(Prediction(True, themes, polarity))  # type: ignore[arg-type]
    return out
