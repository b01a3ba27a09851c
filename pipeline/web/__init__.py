"""The web app (`dapipe serve`): pages and a JSON/CSV API over the store, read-only.

Imports the store and core records only, never spaCy or a model, so it starts at once.
"""

from pipeline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
