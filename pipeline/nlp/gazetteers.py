"""Danish word lists (names, places, organisations, roles) read from `pipeline/nlp/data`.

They serve two jobs: features for the statistical NER (snapshotted into the trained
model so its features never drift from what it was trained on) and the domain rules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

# file name -> gazetteer key used in features
LIST_FILES = {
    "fornavne.txt": "first",
    "udenlandske_navne.txt": "foreign",
    "efternavne.txt": "last",
    "lande.txt": "country",
    "byer.txt": "city",
    "regioner.txt": "region",
    "organisationer.txt": "org",
    "offentlige_organer.txt": "body",
    "klubber.txt": "club",
    "begivenheder.txt": "event",
    "sportsord.txt": "sport",
    "roller.txt": "role",
    "org_endelser.txt": "orgsuffix",
}


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_table(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, comments skipped."""
    return [line.split("\t") for line in read_lines(name)]


@lru_cache(maxsize=1)
def municipalities() -> list[tuple[str, str]]:
    """(short name, official name) of the 98 Danish municipalities."""
    return [(short, official) for short, official in read_table("kommuner.tsv")]


@lru_cache(maxsize=1)
def party_letters() -> dict[str, str]:
    """Party name -> ballot letter."""
    return {name: letter for name, letter in read_table("partier.tsv")}


def load_all() -> dict[str, list[str]]:
    """Every list the NER features use, keyed by feature name (JSON-serialisable)."""
    lists = {key: read_lines(name) for name, key in LIST_FILES.items()}
    lists["kommune"] = [short for short, _ in municipalities()] + [
        official for _, official in municipalities()
    ]
    lists["party"] = list(party_letters())
    for position, word in read_table("firma_ord.tsv"):
        lists.setdefault(f"company_{position}", []).append(word)
    for label, ending in read_table("navneord_foran.tsv"):
        lists.setdefault(f"noun_{label.lower()}", []).append(ending)
    lists["partyletter"] = sorted(set(party_letters().values()) | {"SF", "RV", "EL", "LA"})
    return lists
