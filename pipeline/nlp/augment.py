"""Entity-swap augmentation: more training sentences from the few we have.

Copies of training sentences with each PER/LOC/ORG entity replaced by a random
gazetteer entry of the same kind teach the tagger the contexts of names ("siger X",
"borgmester X", "i X") instead of memorising the few names in the data.
"""

from __future__ import annotations

import random

from pipeline.nlp.conll import Sentence, spans_from_tags


def _replacements(lists: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """Candidate token sequences per label."""
    loc = lists["kommune"][:98] + lists["country"] + lists["city"] + lists["region"]
    return {
        "LOC": [x.split() for x in loc],
        # the names the training data tags ORG (companies, media, clubs), not parties
        "ORG": [x.split() for x in lists["org"] + lists.get("club", [])],
    }


def _person(rng: random.Random, lists: dict[str, list[str]], n_tokens: int) -> list[str]:
    first = rng.choice(lists["first"] if rng.random() < 0.8 else lists["foreign"])
    if n_tokens == 1:
        return [rng.choice([first, rng.choice(lists["last"])])]
    middle = [rng.choice(lists["first"])] if n_tokens >= 3 and rng.random() < 0.5 else []
    return [first, *middle, rng.choice(lists["last"])]


def swap_entities(
    sentences: list[Sentence],
    lists: dict[str, list[str]],
    copies: int,
    seed: int,
    labels: tuple[str, ...] = ("PER", "LOC", "ORG"),
) -> list[Sentence]:
    """`copies` swapped versions of every sentence that has an entity with one of `labels`."""
    rng = random.Random(seed)
    pools = _replacements(lists)
    out: list[Sentence] = []
    for _ in range(copies):
        for sentence in sentences:
            spans = [s for s in spans_from_tags(sentence.tags) if s[2] in labels]
            if not spans:
                continue
            words: list[str] = []
            tags: list[str] = []
            pos = 0
            for start, end, label in spans:
                words.extend(sentence.words[pos:start])
                tags.extend(sentence.tags[pos:start])
                original = sentence.words[start:end]
                if label == "PER":
                    new = _person(rng, lists, end - start)
                else:
                    new = rng.choice(pools[label])
                if original[-1].endswith("s") and len(original[-1]) > 3 and rng.random() < 0.5:
                    new = [*new[:-1], new[-1] + "s"]  # keep genitives genitive
                words.extend(new)
                tags.extend([f"B-{label}"] + [f"I-{label}"] * (len(new) - 1))
                pos = end
            words.extend(sentence.words[pos:])
            tags.extend(sentence.tags[pos:])
            out.append(Sentence(words, tags))
    return out
