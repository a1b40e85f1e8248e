"""Old versions of replaced files, deleted off the write path, in a folder of bounded size.

Replacing a file frees the old one's blocks, and on this kind of machine
(ext4 mounted with ``discard``) freeing blocks costs about 1.4 ms, most of the
time of a write. A hard link keeps the old version alive through the replace;
a sweeper thread unlinks it a moment later, so the writer that is waiting to
acknowledge an answer does not pay for it.

The trash is bounded: when this process has put more than :data:`MAX_FILES`
versions, or more bytes than :func:`Trash.bound` (half the live data, at least
:data:`MIN_BYTES`), into it since the last sweep, the writer empties it at once
instead of waiting for the sweeper. A burst of writes, or a sweeper that cannot
keep up, therefore never lets the trash grow past the data it protects. Files
left by a killed process are swept by the next store that opens the folder.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from pathlib import Path
from typing import ClassVar

MAX_FILES = 100
MIN_BYTES = 64 * 1024
LIVE_SHARE = 0.5  # the trash holds at most this share of the live data (or MIN_BYTES)
LIVE_REFRESH = 30.0  # seconds between two measurements of the live data, by the sweeper


class _Bin:
    """What one process has put into one trash folder since its last sweep."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.guard = threading.Lock()
        self.files = 0
        self.bytes = 0
        self.live = 0  # bytes of live data, measured off the write path
        self.measured_at = float("-inf")

    def add(self, size: int) -> bool:
        """Count a new version; True when the trash is over its bound."""
        with self.guard:
            self.files += 1
            self.bytes += size
            return self.files > MAX_FILES or self.bytes > self.bound()

    def bound(self) -> int:
        return max(MIN_BYTES, int(LIVE_SHARE * self.live))

    def sweep(self) -> int:
        """Delete everything in the folder; returns how many files went."""
        with self.guard:
            # Zeroed first: a version linked while the sweep runs is counted
            # again (and perhaps removed already), never missed.
            self.files = self.bytes = 0
        return _empty(self.folder)

    def measure(self) -> None:
        """Measure the live data (the data folder without its hidden and cache folders)."""
        live = _live_bytes(self.folder.parent, self.folder)
        with self.guard:
            self.live, self.measured_at = live, time.monotonic()


class Trash:
    """The trash folder of a data folder (``<root>/.trash``)."""

    # Every Trash of one folder in a process shares one count.
    _bins: ClassVar[dict[Path, _Bin]] = {}
    _guard = threading.Lock()

    def __init__(self, folder: Path, *, sweep: bool = True) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        with Trash._guard:
            self._bin = Trash._bins.setdefault(folder.resolve(), _Bin(folder))
        if sweep:
            _Sweeper.watch(self._bin)

    def keep(self, path: Path) -> None:
        """Link the current version of ``path`` into the trash (nothing if it is new).

        Only a speed-up: when linking fails (a new file, a trash on another
        disk) the replace simply frees the old version itself. Over the bound,
        the trash is emptied here and now.
        """
        try:
            size = os.stat(path).st_size
            os.link(path, self.folder / f"{path.name}.{uuid.uuid4().hex}")
        except OSError:
            return
        if self._bin.add(size):
            self._bin.sweep()

    def bound(self) -> int:
        """The most bytes the trash holds before a writer empties it."""
        with self._bin.guard:
            return self._bin.bound()

    def measure(self) -> None:
        """Measure the live data now (the sweeper does it every :data:`LIVE_REFRESH` s)."""
        self._bin.measure()

    def empty(self) -> int:
        """Delete everything in the trash now; returns how many files went."""
        return self._bin.sweep()


class _Sweeper:
    """One daemon thread per process emptying every trash folder it was shown."""

    _bins: ClassVar[list[_Bin]] = []
    _guard = threading.Lock()
    _thread: ClassVar[threading.Thread | None] = None
    PERIOD = 0.5

    @classmethod
    def watch(cls, trash: _Bin) -> None:
        with cls._guard:
            if all(b is not trash for b in cls._bins):
                cls._bins.append(trash)
            if cls._thread is None:
                cls._thread = threading.Thread(target=cls._run, name="trash-sweeper", daemon=True)
                cls._thread.start()

    @classmethod
    def _run(cls) -> None:
        while True:
            time.sleep(cls.PERIOD)
            with cls._guard:
                bins = list(cls._bins)
            for trash in bins:
                if time.monotonic() - trash.measured_at > LIVE_REFRESH:
                    trash.measure()
                trash.sweep()


def _after_fork_in_child() -> None:
    # A fork copies locks in whatever state another thread held them, and no
    # thread but the forking one: start afresh in the child.
    _Sweeper._guard = threading.Lock()
    _Sweeper._thread = None
    Trash._guard = threading.Lock()
    for trash in Trash._bins.values():
        trash.guard = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _empty(folder: Path) -> int:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)
    return len(names)


def _live_bytes(root: Path, trash: Path) -> int:
    """Bytes of the files under ``root``; hidden folders, the cache and ``trash`` left out."""
    total = 0
    folders = [root]
    while folders:
        with contextlib.suppress(OSError), os.scandir(folders.pop()) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name[0] != "." and entry.name != "cache" and entry.path != str(
                            trash
                        ):
                            folders.append(Path(entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        total += entry.stat(follow_symlinks=False).st_size
    return total
