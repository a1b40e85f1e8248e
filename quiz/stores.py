"""Which backend keeps the school: the one factory the app and the command line open stores by.

A location is a data folder (the embedded TinyDB store, :mod:`quiz.store`, the
default) or a ``postgresql://`` URL (:mod:`quiz.store_pg`). The database driver
is imported only when a URL is given, so the default deployment never loads it.
"""

from __future__ import annotations

from pathlib import Path

from quiz import config
from quiz.storage import Store


def open_store(location: Path | str) -> Store:
    """The store at ``location``: a data folder (created when missing) or a database URL.

    Raises:
        quiz.storage.Unavailable: a database URL that is malformed or unreachable.
    """
    if config.is_database_url(location):
        from quiz.store_pg import PostgresStore

        return PostgresStore(str(location))
    from quiz.store import TinyDBStore

    return TinyDBStore(location)


def configured_location() -> str:
    """The configured database URL, or else the data folder: what the app opens."""
    return config.database_url() or str(config.data_dir())


def close(store: Store) -> None:
    """Release what a store holds (a database's connections); nothing for a folder."""
    closer = getattr(store, "close", None)
    if callable(closer):
        closer()
