"""The keyword-list baseline the classifier is measured against.

A sentence counts as a finding when any theme keyword occurs; its themes are
those whose keywords occur; its polarity is negative when a negation or
criticism word occurs, positive when an improvement word does, else neutral.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.themes.classifier import Prediction
from pipeline.themes.wordlists import fold, keyword_themes

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


def predict_keywords(texts: Sequence[str]) -> list[Prediction]:
    """Keyword predictions in the classifier's output shape."""
    out = []
    for text in texts:
        folded = fold(text)
        themes = keyword_themes(text, folded)
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
