"""Where things are and the settings read from the environment, in one place.

``SPIN_SPOTTER_DATA``: the data folder (default ``data/`` in the project).
``SPIN_SPOTTER_CONTENT``: the content the app imports on first run (default
``content/``). ``SPIN_SPOTTER_DATABASE_URL``: a PostgreSQL database
(``postgresql://USER:PASSWORD@HOST:PORT/NAME``) to keep everything in instead
of the data folder; also read from ``secrets.toml`` in ``.streamlit`` (the same key),
so a password need not sit in the environment. Unset: the data folder, as
always. All are read on every call, so tests may set them per test.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DATA_ENV = "SPIN_SPOTTER_DATA"
CONTENT_ENV = "SPIN_SPOTTER_CONTENT"
DATABASE_ENV = "SPIN_SPOTTER_DATABASE_URL"
SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml"
DATABASE_SCHEMES = ("postgresql", "postgres")


def data_dir() -> Path:
    """The data folder: ``$SPIN_SPOTTER_DATA``, or ``data/`` in the project."""
    return Path(os.environ.get(DATA_ENV) or PROJECT_ROOT / "data")


def content_dir() -> Path:
    """The content imported on first run: ``$SPIN_SPOTTER_CONTENT``, or ``content/``."""
    return Path(os.environ.get(CONTENT_ENV) or DEFAULT_CONTENT)


def cache_dir() -> Path:
    """Where derived files (the suggester's trained model) are kept."""
    return data_dir() / "cache"


def database_url(secrets: Path | None = None) -> str | None:
    """The PostgreSQL database to use, or None for the data folder (the default).

    ``$SPIN_SPOTTER_DATABASE_URL`` first, then the same key at the top of
    ``secrets.toml`` in ``.streamlit`` (parsed here, without Streamlit, so the command
    line reads it too). An unreadable secrets file counts as no setting.
    """
    url = os.environ.get(DATABASE_ENV, "").strip()
    if url:
        return url
    try:
        with open(secrets or SECRETS, "rb") as handle:
            value = tomllib.load(handle).get(DATABASE_ENV)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return value.strip() or None if isinstance(value, str) else None


def is_database_url(location: object) -> bool:
    """Whether ``location`` names a database (``postgresql://...``) rather than a folder."""
    return isinstance(location, str) and location.split(":", 1)[0].lower() in DATABASE_SCHEMES


def where(location: object) -> str:
    """A location for messages: a folder as it is, a database URL without its password."""
    if not is_database_url(location):
        return str(location)
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(location))
        host, port = parts.hostname or "localhost", parts.port or 5432
    except ValueError:
        return "the database (its URL is malformed)"
    return f"postgresql://{host}:{port}/{parts.path.lstrip('/')}"
