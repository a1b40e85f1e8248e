"""Where things are and the settings read from the environment, in one place.

``SPIN_SPOTTER_DATA``: the data folder (default ``data/`` in the project).
``SPIN_SPOTTER_CONTENT``: the content the app imports on first run (default
``content/``). Both are read on every call, so tests may set them per test.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DATA_ENV = "SPIN_SPOTTER_DATA"
CONTENT_ENV = "SPIN_SPOTTER_CONTENT"


def data_dir() -> Path:
    """The data folder: ``$SPIN_SPOTTER_DATA``, or ``data/`` in the project."""
    return Path(os.environ.get(DATA_ENV) or PROJECT_ROOT / "data")


def content_dir() -> Path:
    """The content imported on first run: ``$SPIN_SPOTTER_CONTENT``, or ``content/``."""
    return Path(os.environ.get(CONTENT_ENV) or DEFAULT_CONTENT)


def cache_dir() -> Path:
    """Where derived files (the suggester's trained model) are kept."""
    return data_dir() / "cache"
