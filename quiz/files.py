"""Writing a file so that a crash or a power cut never leaves half of it.

:func:`atomic_write` is the one way the app replaces a file: authored content
files (:mod:`quiz.authoring`), the suggester's saved model
(:mod:`quiz.suggest.saved`) and the TinyDB backend's data files
(:mod:`quiz.store.atomic`) all go through it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """How the temporary files of writes to ``path`` begin (``.<name>.``, hidden)."""
    return f".{path.name}."


def atomic_write(
    path: Path,
    data: bytes | str,
    *,
    durable: bool = True,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace ``path`` with ``data`` so readers see the old or the new file, never half.

    The data goes to a temporary file in the same folder (``.<name>.<random>.tmp``),
    is flushed and fsynced, and replaces ``path`` with ``os.replace`` (atomic on
    POSIX); then the folder is fsynced, so the new name survives a power cut too.
    On any error the temporary file is removed and the old file is left as it was.

    Args:
        path: the file to write; its folder must exist.
        data: the new contents; a string is written as UTF-8.
        durable: fsync the file and its folder. Off only for bulk writes that
            can be redone (benchmark data).
        before_replace: called once the new contents are safely in the
            temporary file, just before the replace (the store keeps a link to
            the old version here).

    Raises:
        OSError: the folder is missing or not writable, the disk is full...
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries (a new or replaced name) durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full.

    The atomic writer leaves the old file whole when that happens, so the right
    answer to a person is "nothing was lost", not a traceback.
    """
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
