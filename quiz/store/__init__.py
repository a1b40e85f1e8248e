"""The TinyDB backend of :class:`quiz.storage.Store`: sharded, locked, atomic files.

The domain (``quiz.records``, ``quiz.storage``) defines what is kept; this
package only keeps it. It is the only place that imports tinydb.
"""

from __future__ import annotations

from pathlib import Path

from quiz.storage import Store
from quiz.store.tinydb_store import TinyDBStore

__all__ = ["TinyDBStore", "open_store"]


def open_store(data_dir: Path | str) -> Store:
    """The store kept in ``data_dir`` (created when missing).

    One store object may be shared by every thread of a process (for example
    through ``st.cache_resource``); other processes may open the same folder.
    """
    return TinyDBStore(data_dir)
