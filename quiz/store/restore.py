"""``db restore``: put a backup back, verified first, swapped in all at once.

1. **Verify the archive.** Every member must be a data file the app writes
   (:data:`quiz.store.layout.BACKED_UP`: the store's files and authored
   excerpts) under a plain relative name (no ``..``, no absolute path, no
   duplicate), within :data:`MAX_MEMBERS`, :data:`MAX_FILE_BYTES` and
   :data:`MAX_TOTAL_BYTES`, and the disk must have room for it.
2. **Refuse to overwrite newer data** (unless forced). The folder holds newer
   data when one of its data files is missing from the backup (a student who
   joined, an excerpt written after it was taken), or differs from the
   backup's copy and was changed after the backup was taken (the time in the
   archive's comment, written by ``db backup``; for other archives, the newest
   member's time).
3. **Stage and check.** The members are written into a hidden folder beside
   the data folder, then checked as ``db check`` would (every file parsed and
   validated, every reference verified); any problem refuses the restore.
4. **Swap.** The staged folder and the data folder trade places in one
   ``renameat2(RENAME_EXCHANGE)`` (Linux), so a crash leaves either the old data
   or the new, never a mix. The old data is kept beside it
   (``DATA.before-restore-<time>``) to delete once satisfied. Where the
   exchange is not available, two renames do it; a crash between them leaves
   the old folder under its kept name. A restore interrupted while unpacking
   leaves a hidden ``.DATA.restoring-*`` folder marked incomplete, which the
   next restore removes.

Stop the app before restoring: a write in progress during the swap fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import os
import shutil
import time
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from quiz.files import fsync_folder
from quiz.storage import CorruptFile, StoreError
from quiz.store.atomic import parse
from quiz.store.check import check
from quiz.store.layout import BACKED_UP, CACHE_DIR, Kind, files_of, is_hidden, kind_of

MAX_MEMBERS = 200_000  # a school of 2,000 students with 5,000 answers each needs 200,000
MAX_FILE_BYTES = 64 * 2**20  # the store's largest file, content.json, is well under 10 MB
MAX_TOTAL_BYTES = 4 * 2**30
BACKUP_MARK = "spin-spotter backup"  # the comment db backup gives its archive, then the time
INCOMPLETE = ".incomplete"  # inside a staging folder until it is complete and checked


class RestoreRefused(Exception):
    """The backup was not restored; the message says why. The data folder is untouched."""


class NewerData(RestoreRefused):
    """The data folder holds data the backup lacks (``--force`` restores anyway)."""


@dataclass(frozen=True)
class Restored:
    """What :func:`restore` did."""

    files: int
    kept: Path | None  # where the replaced data now is (None: there was none)


def restore(archive: Path, root: Path, *, force: bool = False) -> Restored:
    """Replace the data folder ``root`` with the backup ``archive``, atomically.

    Raises:
        RestoreRefused: the archive is not a sound backup (nothing was changed).
        NewerData: ``root`` holds newer data and ``force`` is False.
    """
    try:
        opened = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise RestoreRefused(f"{archive}: not a readable zip archive ({exc})") from None
    if root.exists() and not root.is_dir():
        raise RestoreRefused(f"{root} is a file, not a data folder")
    with opened as zipped:
        members = _members(archive, zipped)
        _room_for(root, sum(m.file_size for m in members))
        if not force:
            _refuse_newer(root, members, _taken(zipped))
        root.parent.mkdir(parents=True, exist_ok=True)
        _remove_incomplete(root)
        staging = root.parent / f".{root.name}.restoring-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        (staging / INCOMPLETE).touch()
        try:
            _unpack(archive, zipped, members, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    report = check(staging)
    if not report.ok:
        shutil.rmtree(staging, ignore_errors=True)
        first = report.problems[0].replace(str(staging), str(archive))
        raise RestoreRefused(
            f"{archive}: {len(report.problems)} problem(s) in the backup, the first: {first}"
        )
    _carry_cache(root, staging)
    (staging / INCOMPLETE).unlink()
    fsync_folder(staging)
    return Restored(files=len(members), kept=_swap(staging, root))


def _members(archive: Path, zipped: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's data files, every name and size checked."""
    infos = zipped.infolist()
    if len(infos) > MAX_MEMBERS:
        raise RestoreRefused(f"{archive}: {len(infos):,} members; a backup has at most "
                             f"{MAX_MEMBERS:,}")
    members: list[zipfile.ZipInfo] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        path = PurePosixPath(name)
        if (name.startswith("/") or "\\" in name or ":" in name or ".." in path.parts
                or is_hidden(path)):
            raise RestoreRefused(f"{archive}: member {name!r} is not a plain path inside the "
                                 "data folder")
        if info.is_dir():
            continue  # folders come with their files
        if kind_of(path) not in BACKED_UP:
            raise RestoreRefused(f"{archive}: member {name!r} is not a data file Spin Spotter "
                                 "writes: this is not a backup of a data folder")
        if name in seen:
            raise RestoreRefused(f"{archive}: member {name!r} appears twice")
        if info.file_size > MAX_FILE_BYTES:
            raise RestoreRefused(f"{archive}: member {name!r} unpacks to {info.file_size:,} "
                                 f"bytes; a data file has at most {MAX_FILE_BYTES:,}")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise RestoreRefused(f"{archive}: unpacks to more than {MAX_TOTAL_BYTES:,} bytes")
        seen.add(name)
        members.append(info)
    if not members:
        raise RestoreRefused(f"{archive}: holds no data file: this is not a backup")
    return members


def _room_for(root: Path, size: int) -> None:
    where = next(p for p in (root, *root.parents) if p.exists())
    free = shutil.disk_usage(where).free
    if free < size + 16 * 2**20:  # the staged copy, and room for the app to go on writing
        raise RestoreRefused(f"the backup unpacks to {size:,} bytes but only {free:,} are free "
                             f"on the disk of {root}: free some space first")


def _taken(zipped: zipfile.ZipFile) -> float:
    """When the backup was taken (POSIX time), from the comment or the newest member."""
    comment = zipped.comment.decode("utf-8", "replace")
    if comment.startswith(BACKUP_MARK):
        with contextlib.suppress(ValueError):
            return dt.datetime.fromisoformat(comment.removeprefix(BACKUP_MARK).strip()).timestamp()
    stamps = [time.mktime((*m.date_time, 0, 0, -1)) for m in zipped.infolist()]
    return max(stamps, default=0.0)


def _refuse_newer(root: Path, members: list[zipfile.ZipInfo], taken: float) -> None:
    by_name = {m.filename: m for m in members}
    newer: list[str] = []
    for path in files_of(root, *BACKED_UP) if root.is_dir() else []:
        name = path.relative_to(root).as_posix()
        info = by_name.get(name)
        if info is None:
            newer.append(f"{name} (not in the backup)")
        elif path.stat().st_mtime >= int(taken) and not _same(path, info):
            newer.append(f"{name} (changed after the backup was taken)")
    if newer:
        listed = ", ".join(newer[:5]) + (f" and {len(newer) - 5} more" if len(newer) > 5 else "")
        raise NewerData(
            f"{root} holds data newer than the backup: {listed}. Restoring would lose it; "
            "back the folder up first (python -m quiz db backup), then add --force"
        )


def _same(path: Path, info: zipfile.ZipInfo) -> bool:
    raw = path.read_bytes()
    return len(raw) == info.file_size and zlib.crc32(raw) == info.CRC


def _unpack(
    archive: Path, zipped: zipfile.ZipFile, members: list[zipfile.ZipInfo], staging: Path
) -> None:
    """Write the members under ``staging`` (never outside: names were checked), fsynced."""
    folders: set[Path] = set()
    for info in members:
        target = staging.joinpath(*PurePosixPath(info.filename).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
        try:
            with zipped.open(info) as source:
                raw = source.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise RestoreRefused(f"{archive}: member {info.filename!r} cannot be read "
                                 f"({exc})") from None
        if len(raw) != info.file_size:
            raise RestoreRefused(f"{archive}: member {info.filename!r} is not the size it says")
        if kind_of(info.filename) is Kind.TINYDB:
            try:
                parse(raw, Path(info.filename))
            except CorruptFile as exc:
                raise RestoreRefused(f"{archive}: member {info.filename!r}: {exc.reason}") from None
            except StoreError as exc:
                raise RestoreRefused(f"{archive}: member {exc}") from None
        with open(target, "xb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        fsync_folder(folder)


def _remove_incomplete(root: Path) -> None:
    """Staging folders of an interrupted restore (only those still marked incomplete)."""
    for leftover in root.parent.glob(f".{root.name}.restoring-*"):
        if (leftover / INCOMPLETE).exists():
            shutil.rmtree(leftover, ignore_errors=True)


def _carry_cache(root: Path, staging: Path) -> None:
    """Bring the derived cache along (hard links), so the suggester needs no new training."""
    cache = root / CACHE_DIR
    if cache.is_dir():
        with contextlib.suppress(OSError):
            shutil.copytree(cache, staging / CACHE_DIR, copy_function=os.link)


def _swap(staging: Path, root: Path) -> Path | None:
    """Put ``staging`` in the place of ``root``; the old data's new place (None if none)."""
    if not root.exists():
        os.rename(staging, root)
        fsync_folder(root.parent)
        return None
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    kept = root.parent / f"{root.name}.before-restore-{stamp}"
    try:
        exchanged = _exchange(staging, root)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # nothing moved: the folder is the old one
        raise
    if exchanged:
        os.rename(staging, kept)  # staging now holds the old data
    else:
        os.rename(root, kept)
        os.rename(staging, root)
    fsync_folder(root.parent)
    try:
        kept.rmdir()  # only when the old folder was empty
    except OSError:
        return kept
    return None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                     _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # an old kernel, or a file system without the exchange
    raise OSError(code, os.strerror(code), str(first), None, str(second))
