"""Model backends behind one loader: the embedded model, DaCy, spaCy packages, a folder.

Whichever backend loads, `finish_pipeline` adds the project's own components the same
way: paragraph-aware sentence boundaries, lemmas (when the backend has none) and the
domain entity rules.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import catalogue
import spacy
from spacy.language import Language
from spacy.util import registry

from pipeline.nlp import crf_ner, domain, sentences  # noqa: F401  (registers the factories)
from pipeline.nlp.errors import NlpLoadError
from pipeline.paths import MODELS_DIR

EMBEDDED_DIR_NAME = "embedded"


@dataclass(frozen=True)
class Backend:
    kind: str  # "embedded" | "dacy" | "package"
    target: str  # folder name, DaCy model name or package name
    rank: int  # higher is more accurate; `auto` takes the highest available


# The model registry: every name `--model` knows besides a folder path.
REGISTRY: dict[str, Backend] = {
    "embedded": Backend("embedded", EMBEDDED_DIR_NAME, 0),
    "dacy-small": Backend("dacy", "small", 4),
    "dacy-medium": Backend("dacy", "medium", 6),
    "dacy-large": Backend("dacy", "large", 7),
    "da_core_news_sm": Backend("package", "da_core_news_sm", 1),
    "da_core_news_md": Backend("package", "da_core_news_md", 2),
    "da_core_news_lg": Backend("package", "da_core_news_lg", 3),
    "da_core_news_trf": Backend("package", "da_core_news_trf", 5),
}
AUTO = "auto"


def known_names() -> list[str]:
    return [AUTO, *REGISTRY]


def _fail(name: str, why: str, how: str) -> NlpLoadError:
    how = f" {how}" if how else ""
    return NlpLoadError(
        f"Cannot load NLP model {name!r}: {why}.{how} "
        f"Known models: {', '.join(known_names())}, or a path to a spaCy pipeline folder."
    )


def embedded_path() -> Path:
    return MODELS_DIR / EMBEDDED_DIR_NAME


def _load_folder(name: str, path: Path) -> Language:
    if not (path / "config.cfg").is_file():
        raise _fail(
            name,
            f"{path} is not a spaCy pipeline folder (no config.cfg)",
            "Point to a folder written by spaCy's nlp.to_disk().",
        )
    try:
        return spacy.load(path)
    except (OSError, ValueError, KeyError, ImportError) as exc:
        raise _fail(
            name, f"spaCy could not read {path} ({type(exc).__name__}: {exc})", ""
        ) from None


@contextlib.contextmanager
def _without_entry_points() -> Iterator[None]:
    """spaCy's registries without other packages' entry points, for a while.

    The embedded pipeline uses only spaCy's and dapipe's own factories; looking up
    entry points would import every installed spaCy plugin (spacy-transformers and
    torch with the DaCy extra: seconds of load time for nothing).
    """
    found = (getattr(registry, n, None) for n in dir(registry))
    regs = [r for r in found if isinstance(r, catalogue.Registry)]
    saved = [r.entry_points for r in regs]
    for r in regs:
        r.entry_points = False
    try:
        yield
    finally:
        for r, value in zip(regs, saved, strict=True):
            r.entry_points = value


def _load_embedded(name: str) -> Language:
    path = embedded_path()
    if not (path / "config.cfg").is_file():
        raise _fail(
            name,
            f"the embedded model is missing from {path}",
            "Rebuild it with `dapipe train ner` (needs ../shared/data) or restore it from git.",
        )
    with _without_entry_points():
        return _load_folder(name, path)


def dacy_cache_dir() -> Path:
    """DaCy's cache folder, honouring DACY_CACHE_DIR as DaCy itself does."""
    default = Path.home() / ".cache" / "dacy"
    return Path(os.environ.get("DACY_CACHE_DIR", default))


def dacy_installed() -> bool:
    return importlib.util.find_spec("dacy") is not None


def _load_dacy(name: str, size: str) -> Language:
    how = (
        "On a machine with internet run `pip install 'dapipe[dacy]' torch==2.13.0` and "
        f"`python -c \"import dacy; dacy.load('{size}')\"`, then copy the model folder it "
        f"downloads into {dacy_cache_dir()} (set DACY_CACHE_DIR to use another folder)."
    )
    if not dacy_installed():
        raise _fail(name, "the `dacy` package is not installed", how)
    import dacy
    import dacy.download

    # DaCy reads DACY_CACHE_DIR once at import; honour its current value.
    dacy.download.DEFAULT_CACHE_DIR = dacy_cache_dir()
    version = dacy.download.get_latest_version(size)
    model = f"da_dacy_{size}_trf-{version}"
    folder = dacy_cache_dir() / model / model.split("-")[0] / model
    if not folder.is_dir() and os.environ.get("DAPIPE_ALLOW_DOWNLOAD") != "1":
        raise _fail(
            name,
            f"DaCy model {model} is not in the DaCy cache ({folder} does not exist) and "
            "dapipe does not download models unless DAPIPE_ALLOW_DOWNLOAD=1",
            how,
        )
    try:
        return dacy.load(size)
    except Exception as exc:  # DaCy raises bare ValueError/OSError/URLError alike
        raise _fail(
            name, f"DaCy failed to load {model} ({type(exc).__name__}: {exc})", how
        ) from None


def _load_package(name: str, package: str) -> Language:
    how = (
        f"On a machine with internet run `python -m spacy download {package}` and install "
        "the wheel it fetches here with pip."
    )
    if not spacy.util.is_package(package):
        raise _fail(name, f"the spaCy package {package} is not installed", how)
    try:
        return spacy.load(package)
    except (OSError, ValueError, KeyError, ImportError) as exc:
        raise _fail(
            name, f"spaCy could not load {package} ({type(exc).__name__}: {exc})", how
        ) from None


def is_available(name: str) -> bool:
    """Whether `load(name)` would find its model locally (no download attempted)."""
    backend = REGISTRY[name]
    if backend.kind == "embedded":
        return (embedded_path() / "config.cfg").is_file()
    if backend.kind == "package":
        return spacy.util.is_package(backend.target)
    if not dacy_installed():
        return False
    prefix = f"da_dacy_{backend.target}_trf-"
    cache = dacy_cache_dir()
    return cache.is_dir() and any(p.name.startswith(prefix) for p in cache.iterdir())


def load_backend(model: str) -> Language:
    """The backend's own pipeline, before the project's components are added."""
    if model == AUTO:
        available = [n for n in REGISTRY if is_available(n)]
        if not available:
            raise _fail(
                AUTO, "no model is available", "Rebuild the embedded one: `dapipe train ner`."
            )
        model = max(available, key=lambda n: REGISTRY[n].rank)
    backend = REGISTRY.get(model)
    if backend is None:
        path = Path(model).expanduser()
        if path.exists():
            return _load_folder(model, path)
        raise _fail(model, "it is neither a known model name nor an existing folder", "")
    if backend.kind == "embedded":
        return _load_embedded(model)
    if backend.kind == "dacy":
        return _load_dacy(model, backend.target)
    return _load_package(model, backend.target)
