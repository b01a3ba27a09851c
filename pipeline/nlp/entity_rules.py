"""Rules that correct the embedded CRF where Danish public-sector text is predictable.

The DDT training data (1990s newspapers) has almost no municipalities, committees or
authorities, which reports and local news name all the time. Exact gazetteer
matches and suffixes of Danish public bodies ("Børne- og Familieudvalget",
"Faxe Kommune", "Socialstyrelsens") are tagged ORG, and a role word swallowed into
a person's name ("Familiechef Marianne Højgaard") is cut off.
"""

from __future__ import annotations

from pipeline.nlp.features import SENTENCE_OPENERS, Resources

Span = tuple[int, int, str]

# Endings of Danish public bodies and institutions, title-cased ("Familieudvalget").
ORG_ENDINGS = (
    "udvalget",
    "udvalg",
    "styrelsen",
    "ministeriet",
    "rådet",
    "forvaltningen",
    "forvaltning",
    "afdelingen",
    "psykiatrien",
    "sygehus",
    "hospital",
    "skole",
    "skolen",
    "politi",
    "foreningen",
    "forening",
    "kommune",
    "regionskommune",
)
# Common nouns that end like a public body: "bestyrelsen" (the board) is no "-styrelsen".
NOT_BODIES = ("bestyrelsen", "bestyrelse")
# Street names whose house number belongs to the place: "Bredegade 55", "Guldvej 6".
STREET_ENDINGS = ("gade", "vej", "allé", "alle", "stræde", "torv", "plads", "boulevard", "vænge")
ROLE_ENDINGS = (
    "chef",
    "konsulent",
    "direktør",
    "formand",
    "leder",
    "borgmester",
    "rådmand",
    "minister",
    "rådgiver",
    "ordfører",
)


def _strip_genitive(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _is_role(word: str, res: Resources) -> bool:
    lower = word.lower()
    return lower in res.roles or (lower.endswith(ROLE_ENDINGS) and lower not in res.single)


def org_spans(words: list[str], res: Resources, kommuner: frozenset[str]) -> list[Span]:
    """ORG spans found by rule: gazetteer organisations and parties, "X Kommune", bodies."""
    found: list[Span] = []
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        # "Faxe Kommune", "Københavns Kommunes", "Region Sjælland"
        is_kommune = _strip_genitive(w) in kommuner or w in kommuner
        if is_kommune and i + 1 < n and words[i + 1].lower() in ("kommune", "kommunes"):
            found.append((i, i + 2, "ORG"))
            i += 2
            continue
        if w == "Region" and i + 1 < n and words[i + 1][:1].isupper():
            found.append((i, i + 2, "ORG"))
            i += 2
            continue
        match = _gazetteer_org(words, i, res)
        if match:
            found.append((i, match, "ORG"))
            i = match
            continue
        body = _public_body(words, i)
        if body:
            found.append((body[0], body[1], "ORG"))
            i = body[1]
            continue
        i += 1
    return found


def _gazetteer_org(words: list[str], i: int, res: Resources) -> int:
    """End of an organisation or party name from the gazetteers starting at i (0 if none)."""
    for parts, key in res.multi.get(words[i], ()):
        if key in ("org", "party") and tuple(words[i : i + len(parts)]) == parts:
            return i + len(parts)
    keys = res.single.get(words[i]) or res.single.get(_strip_genitive(words[i]), ())
    is_org = ("org" in keys or "party" in keys) and words[i][:1].isupper()
    # sentence-initially only when it cannot be a common word ("Venstre" = left)
    if is_org and (i > 0 or words[i].lower() not in res.lexicon):
        return i + 1
    return 0


def _public_body(words: list[str], i: int) -> tuple[int, int] | None:
    """A title-cased body ending in a public-sector word, with "X- og" coordination before it."""
    w = words[i]
    if not w[:1].isupper() or not _strip_genitive(w).lower().endswith(ORG_ENDINGS):
        return None
    if _strip_genitive(w).lower() in ORG_ENDINGS or "-" in w or w.lower().endswith("området"):
        return None  # the bare word ("Kommunen"), a compound with a name ("Zagreb-området")
    if _strip_genitive(w).lower().endswith(NOT_BODIES):
        return None  # a board, not an agency: "Kommunalbestyrelsen" is no "-styrelsen"
    start = i
    while start >= 2 and words[start - 1] == "og" and words[start - 2].endswith("-"):
        start -= 2
    return start, i + 1


def _with_house_number(words: list[str], span: Span) -> Span:
    """A street's house number joins the place: "Bredegade" + "55" -> "Bredegade 55"."""
    start, end, label = span
    if (
        label == "LOC"
        and end < len(words)
        and words[end - 1].lower().endswith(STREET_ENDINGS)
        and words[end][:1].isdigit()
        and words[end].rstrip("abcdefgh").isdigit()
    ):
        return start, end + 1, label
    return span


def _common_word_first(words: list[str], span: Span, res: Resources) -> bool:
    """A one-word PER that opens a sentence and is a Danish word, not a first name ("Otte")."""
    start, end, label = span
    if (
        label != "PER"
        or end - start != 1
        or (start > 0 and words[start - 1] not in SENTENCE_OPENERS)
    ):
        return False
    keys = res.single.get(words[start], ())
    return words[start].lower() in res.lexicon and "first" not in keys and "foreign" not in keys


def _inside_person(rule: Span, spans: list[Span]) -> bool:
    """A one-word organisation inside a longer person name is the name ("Maja Illum")."""
    start, end, _ = rule
    return end - start == 1 and any(
        label == "PER" and e - s >= 2 and s <= start and end <= e for s, e, label in spans
    )


def apply_rules(
    words: list[str], spans: list[Span], res: Resources, kommuner: frozenset[str]
) -> list[Span]:
    """The CRF's spans corrected: rule ORGs win over overlapping spans; roles cut from PER."""
    fixed: list[Span] = []
    for start, end, label in spans:
        while start < end and _is_role(words[start], res) and words[start][:1].isupper():
            start += 1
        if start < end:
            fixed.append((start, end, label))
    fixed = [_with_house_number(words, s) for s in fixed if not _common_word_first(words, s, res)]
    fixed = _person_fixes(words, fixed, res)
    rules = [r for r in org_spans(words, res, kommuner) if not _inside_person(r, fixed)]
    taken: set[int] = set()
    for start, end, _ in rules:
        taken.update(range(start, end))
    kept = []
    for start, end, label in fixed:
        if label == "PER":  # "Byudvalget Birgitte Hald": the body is cut off, the name stays
            while start < end and start in taken:
                start += 1
        if start < end and not taken.intersection(range(start, end)):
            kept.append((start, end, label))
    return sorted(kept + rules)


def _person_fixes(words: list[str], spans: list[Span], res: Resources) -> list[Span]:
    """Names the CRF cut short or ran together with a party or body before them.

    "Enhedslistens Signe Rahbek Lind": the genitive body is its own ORG;
    "Kirsten Lund Hejlskov": an unknown capitalised word right after a name is
    its last part, and two person spans side by side are one name;
    "Birgitte Hald (K)": a first name and a surname before party letters are a
    person even when the CRF tagged nothing.
    """
    out: list[Span] = []
    for start, end, label in spans:
        if label == "PER" and end - start >= 3:
            keys = res.single.get(_strip_genitive(words[start]), ())
            if words[start].endswith("s") and ("party" in keys or "org" in keys):
                out.append((start, start + 1, "ORG"))
                start += 1
        if label == "PER":
            while (
                end < len(words)
                and words[end][:1].isupper()
                and words[end].isalpha()
                and words[end].lower() not in res.lexicon
                and "first" not in res.single.get(words[end], ())
                and not any(s == end for s, _, _ in spans)
            ):
                end += 1
        out.append((start, end, label))
    joined: list[Span] = []
    for span in sorted(out):  # "Kasper Nyborg" + "Holm" side by side: one name
        if joined and joined[-1][2] == span[2] == "PER" and joined[-1][1] == span[0]:
            joined[-1] = (joined[-1][0], span[1], "PER")
        else:
            joined.append(span)
    out = joined
    taken = {i for s, e, _ in out for i in range(s, e)}
    for i in range(len(words) - 4):
        if (
            words[i + 2] == "("
            and words[i + 3] in res.party_letters
            and words[i + 4] == ")"
            and "first" in res.single.get(words[i], ())
            and words[i + 1][:1].isupper()
            and not taken.intersection((i, i + 1))
        ):
            out.append((i, i + 2, "PER"))
    return sorted(out)
