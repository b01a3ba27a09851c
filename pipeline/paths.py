"""Where the project's shipped data lives (models, corpora), overridable by environment."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = Path(os.environ.get("DAPIPE_MODELS", REPO_ROOT / "models"))
CORPORA_DIR = REPO_ROOT / "corpora"
SHARED_DATA_DIR = Path(os.environ.get("DAPIPE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
SHARED_REAL_DIR = Path(os.environ.get("DAPIPE_SHARED_REAL", REPO_ROOT.parent / "shared" / "real"))
