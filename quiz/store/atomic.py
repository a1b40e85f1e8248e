"""Atomic, crash-safe TinyDB files.

TinyDB's ``JSONStorage`` rewrites a file in place, so a crash mid-write leaves
half a file. Here every write goes through :func:`quiz.files.atomic_write`: a
temporary file in the same folder, fsynced, replaces the old file with
``os.replace`` (atomic on POSIX), and the folder is fsynced too so an
acknowledged write survives a power cut. A reader therefore always sees a
whole file, old or new, without taking a lock.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from quiz import files
from quiz.files import TEMP_SUFFIX, temp_prefix
from quiz.storage import CorruptFile, StoreError
from quiz.store.migrate import Tables, upgrade
from quiz.store.trash import Trash

__all__ = ["ShardStorage", "Trash", "atomic_write", "dumps", "load", "parse"]

# A file changed less than this long ago is re-read rather than served from the
# cache: its (inode, mtime, size) could repeat within one clock tick (the
# "racy clean" problem git has with its index).
_RACY_NS = 2_000_000_000

# Bounded: a school's whole history must not end up in memory.
_CACHE_FILES = 512
_cache: OrderedDict[Path, tuple[tuple[int, int, int], Tables]] = OrderedDict()
_cache_guard = threading.Lock()


def atomic_write(
    path: Path, data: bytes, *, durable: bool = True, trash: Trash | None = None
) -> None:
    """Replace ``path`` with ``data`` (see :func:`quiz.files.atomic_write`).

    Args:
        path: the file to write; its folder must exist.
        data: the new contents.
        durable: fsync the file and its folder (off only for bulk loads in benchmarks).
        trash: where the old version goes to be deleted later, off the write path.
    """
    keep = None if trash is None else (lambda: trash.keep(path))
    files.atomic_write(path, data, durable=durable, before_replace=keep)


def _after_fork_in_child() -> None:
    # A fork copies locks in whatever state another thread held them: start afresh.
    global _cache_guard
    _cache_guard = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def is_temp_file(path: Path) -> bool:
    """Whether ``path`` is a temporary file left by :func:`atomic_write`."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def remove_temp_files(path: Path) -> list[Path]:
    """Delete temporary files a killed writer left for ``path``.

    Call it only while holding ``path``'s lock: then no live writer owns them.
    """
    removed = []
    for stray in path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}"):
        stray.unlink(missing_ok=True)
        removed.append(stray)
    return removed


def dumps(tables: Tables) -> bytes:
    """Serialise a file's tables (compact: these files are read by machines)."""
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode()


def load(path: Path, *, cached: bool = True) -> Tables | None:
    """Parse a data file, upgrading old schemas; None when it does not exist.

    Args:
        path: the file.
        cached: serve an unchanged file from memory. The result is shared: do not
            mutate it. Writers pass False and get a private copy.

    Raises:
        CorruptFile: the file is not whole JSON of TinyDB's shape.
        SchemaTooNew: a newer app wrote it.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - fstat needs the open handle
    except FileNotFoundError:
        return None
    with handle:
        st = os.fstat(handle.fileno())
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if cached:
            with _cache_guard:
                hit = _cache.get(path)
                if hit is not None and hit[0] == key:
                    _cache.move_to_end(path)
                    return hit[1]
        raw = handle.read()
    tables = parse(raw, path)
    if cached and time.time_ns() - st.st_mtime_ns > _RACY_NS:
        with _cache_guard:
            _cache[path] = (key, tables)
            if len(_cache) > _CACHE_FILES:
                _cache.popitem(last=False)
    return tables


def parse(raw: bytes, path: Path) -> Tables:
    """Parse and upgrade the bytes of a data file, naming ``path`` in errors."""
    if not raw.strip():
        raise CorruptFile(path, "the file is empty")
    try:
        tables = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFile(path, f"not valid JSON ({exc})") from None
    except RecursionError:
        # The app never nests that deep: a tampered file. The decoder stops
        # itself cleanly, so catching costs nothing on the hot path.
        raise CorruptFile(path, "arrays and objects nested too deeply to read") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise CorruptFile(path, "not a TinyDB file (expected an object of tables)")
    tables, _ = upgrade(tables, path)
    return tables


class ShardStorage(Storage):
    """A TinyDB storage over one already-parsed file, written once on :meth:`flush`.

    TinyDB writes the whole file on every insert; buffering the writes of one
    locked transaction and replacing the file once keeps a change that touches
    two tables atomic and costs one fsync.
    """

    def __init__(self, path: Path, tables: Tables, *, writable: bool) -> None:
        self.path = path
        self.tables = tables
        self.writable = writable
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]]:
        return self.tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self.writable:
            raise StoreError(f"{self.path}: opened for reading; writes go through the store")
        self.tables = data
        self.dirty = True

    def flush(self, *, durable: bool = True, trash: Trash | None = None) -> None:
        """Write the file if anything changed."""
        if self.dirty:
            atomic_write(self.path, dumps(self.tables), durable=durable, trash=trash)
            self.dirty = False
