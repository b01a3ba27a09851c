"""Danish interface names for the ids the store keeps (themes, polarity, labels, kinds)."""

from __future__ import annotations

THEMES_DA = {
    "lawfulness": "Lovmedholdighed",
    "timeliness": "Sagsbehandlingstid",
    "leadership": "Ledelse og tilsyn",
    "quality": "Kvalitet",
    "uniformity": "Ensartethed",
    "child_involvement": "Inddragelse af barnet",
    "resources": "Ressourcer",
    "organisation": "Organisering",
    "documentation": "Dokumentation",
    "follow_up": "Opfølgning",
    "economy": "Økonomi",
}

POLARITY = {"negative": "kritik", "positive": "ros", "neutral": "neutral"}

LABELS = {
    "PER": "person",
    "LOC": "sted",
    "ORG": "organisation",
    "MISC": "andet navn",
    "KOMMUNE": "kommune",
    "BODY": "offentlig myndighed",
    "PARTY": "parti",
    "LAW": "lov",
    "DATE": "dato",
}

QUOTE_KINDS = {"direct": "direkte", "indirect": "indirekte", "unmarked": "uden anførselstegn"}

MENTION_TYPES = {
    "name": "navn",
    "surname": "efternavn",
    "role": "rolle",
    "pronoun": "pronomen",
    "continuation": "fortsættelse",
    "preposed": "foranstillet",
    "nominal": "nominal",
    "organisation": "organisation",
    "none": "ingen",
}

VERDICTS = {
    "persisted": "kritikken består",
    "mixed": "kritik og ros",
    "improved": "forbedret",
    "new_criticism": "ny kritik",
    "no_criticism": "ingen kritik",
}


def theme_label(theme: str) -> str:
    return THEMES_DA.get(theme, theme)
