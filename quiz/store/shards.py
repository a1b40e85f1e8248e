"""Locked transactions on one data file: the store's only write path.

A write takes a thread lock (Streamlit serves every session on a thread of one
process) and then a file lock (the app, the CLI and a second app process may
share the data folder), re-reads the file inside both (another process may have
changed it), applies the change through a fresh TinyDB (so no stale id cache),
and replaces the file atomically. The kernel drops a killed process's file lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock
from tinydb import TinyDB

from quiz.store.atomic import ShardStorage, load, remove_temp_files
from quiz.store.migrate import new_tables
from quiz.store.trash import Trash

LOCK_DIR = ".locks"
TRASH_DIR = ".trash"


class Locks:
    """One lock per key, for the threads of this process and for other processes."""

    def __init__(self, root: Path) -> None:
        self.folder = root / LOCK_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        self._guard = threading.Lock()
        self._threads: dict[str, threading.Lock] = {}
        self._held = threading.local()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        """Hold ``key`` against every other thread and process."""
        held: set[str] = self._held.__dict__.setdefault("keys", set())
        if key in held:
            # flock is per open file: taking it twice in one thread would hang.
            raise RuntimeError(f"lock {key!r} is already held by this thread")
        with self._guard:
            thread_lock = self._threads.setdefault(key, threading.Lock())
        with thread_lock, FileLock(self.folder / f"{key}.lock", thread_local=False):
            held.add(key)
            try:
                yield
            finally:
                held.discard(key)


class Shards:
    """Opens data files for reading (lock-free) or for a locked write."""

    def __init__(self, root: Path, *, durable: bool = True) -> None:
        self.root = root
        self.locks = Locks(root)
        self.durable = durable
        self.trash = Trash(root / TRASH_DIR)

    @contextmanager
    def write(self, path: Path, key: str, kind: str) -> Iterator[TinyDB]:
        """A locked transaction on one file: :meth:`edit` inside ``key``'s lock."""
        with self.locks.hold(key), self.edit(path, kind) as db:
            yield db

    @contextmanager
    def edit(self, path: Path, kind: str) -> Iterator[TinyDB]:
        """A TinyDB over ``path`` whose changes are written once, atomically, on exit.

        The caller must hold the file's lock. An exception inside the block
        discards every change.

        Args:
            path: the data file (created, with its folders, when missing).
            kind: the file kind recorded in a new file's ``_meta`` table.

        Raises:
            CorruptFile: the file exists but does not parse; it is left untouched.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_temp_files(path)
        tables = load(path, cached=False)
        storage = ShardStorage(path, tables or new_tables(kind), writable=True)
        storage.dirty = tables is None
        yield _tinydb(storage)
        storage.flush(durable=self.durable, trash=self.trash)

    def read(self, path: Path, kind: str) -> TinyDB:
        """A read-only TinyDB over ``path`` (empty when the file does not exist).

        Atomic replacement means a reader needs no lock: it sees a whole file.
        """
        tables = load(path)
        return _tinydb(ShardStorage(path, tables or new_tables(kind), writable=False))


def _tinydb(storage: ShardStorage) -> TinyDB:
    def factory(*_: Any, **__: Any) -> ShardStorage:
        return storage

    return TinyDB(storage=factory)
