"""The store: everything the app keeps (teachers, classes, students, assignments,
attempts, and the excerpts with their answer keys).

Pages and reports use the :class:`Store` interface; :func:`open_store` returns
the TinyDB implementation. This package is the only place that imports tinydb.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quiz.content import load_content
from quiz.store.base import Store
from quiz.store.errors import Conflict, CorruptFile, NotFound, SchemaTooNew, StoreError
from quiz.store.records import (
    Assignment,
    Attempt,
    Classroom,
    Figures,
    ImportReport,
    StoredExcerpt,
    Student,
    Teacher,
    content_hash,
    new_id,
    nickname_key,
    normalise_code,
    utcnow,
)
from quiz.store.tinydb_store import TinyDBStore

__all__ = [
    "Assignment",
    "Attempt",
    "Classroom",
    "Conflict",
    "CorruptFile",
    "Figures",
    "ImportReport",
    "NotFound",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "StoredExcerpt",
    "Student",
    "Teacher",
    "TinyDBStore",
    "content_hash",
    "ensure_content",
    "import_content",
    "new_id",
    "nickname_key",
    "normalise_code",
    "open_store",
    "utcnow",
]


def open_store(data_dir: Path | str) -> Store:
    """The store kept in ``data_dir`` (created when missing).

    One store object may be shared by every thread of a process (for example
    through ``st.cache_resource``); other processes may open the same folder.
    """
    return TinyDBStore(data_dir)


def import_content(store: Store, paths: Iterable[Path]) -> ImportReport:
    """Validate content files and load them into the store.

    Raises:
        quiz.content.ContentInvalid: with every problem when a file is bad;
            nothing is imported then.
    """
    return store.import_excerpts(load_content(paths))


def ensure_content(store: Store, paths: Iterable[Path]) -> ImportReport | None:
    """Import ``paths`` on first run (when the store holds no excerpt yet)."""
    if store.excerpts():
        return None
    return import_content(store, paths)
