"""Which backend keeps the school: the one factory the app and the command line open stores by.

A location is a data folder (the embedded TinyDB store, :mod:`quiz.store`, the
default) or a ``postgresql://`` URL (:mod:`quiz.store_pg`). The database driver
is imported only when a URL is given, so the default deployment never loads it.
"""

from __future__ import annotations

import tempfile
import weakref
from pathlib import Path
from types import ModuleType

from quiz import config
from quiz.school_data import Copied
from quiz.storage import Store

# The database stores opened here, so a command can close their pools when it ends.
_opened: weakref.WeakSet[Store] = weakref.WeakSet()


def open_store(location: Path | str) -> Store:
    """The store at ``location``: a data folder (created when missing) or a database URL.

    Raises:
        quiz.storage.Unavailable: a database URL that is malformed or unreachable.
    """
    if config.is_database_url(location):
        from quiz.store_pg import PostgresStore

        store = PostgresStore(str(location))
        _opened.add(store)
        return store
    from quiz.store import TinyDBStore

    return TinyDBStore(location)


def close_opened() -> None:
    """Close every database store this process opened and still holds (a command's end)."""
    for store in list(_opened):
        close(store)
    _opened.clear()


def configured_location() -> str:
    """The configured database URL, or else the data folder: what the app opens."""
    return config.database_url() or str(config.data_dir())


def close(store: Store) -> None:
    """Release what a store holds (a database's connections); nothing for a folder."""
    closer = getattr(store, "close", None)
    if callable(closer):
        closer()


def copy_school(source: Path | str, target: Path | str) -> Copied:
    """Copy everything from one location to another, empty one (``db copy``).

    Either side is a data folder or a database URL. The source is read in one
    consistent snapshot (a database) or as its files stand (a folder: stop the
    app first); the target must hold no school yet.

    Raises:
        quiz.storage.Conflict: the target holds a school already.
    """
    reader, writer = open_store(source), open_store(target)
    takes, gives = _transfer(source), _transfer(target)
    try:
        with takes.reading(reader):
            copied: Copied = gives.load_school(writer, takes.dump_school(reader))
            return copied
    finally:
        close(reader)
        close(writer)


def backup_database(url: str, archive: Path) -> int:
    """Back a database up as a data folder's backup archive: ``db restore`` or ``db copy``
    takes it back. Returns the number of files archived."""
    from quiz.store.maintenance import backup

    with tempfile.TemporaryDirectory(prefix="spin-spotter-backup-") as folder:
        copy_school(url, Path(folder) / "data")
        count, _ = backup(Path(folder) / "data", archive)
    return count


def _transfer(location: Path | str) -> ModuleType:
    """The backend's transfer module: ``reading``, ``dump_school``, ``load_school``."""
    if config.is_database_url(location):
        from quiz.store_pg import transfer as in_database

        return in_database
    from quiz.store import transfer as in_folder

    return in_folder
