"""Tests for quiz.files.atomic_write: whole files, durable, no debris."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from quiz import files
from quiz.files import atomic_write


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX))


def test_writes_bytes_and_text_and_replaces_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "entry.json"
    atomic_write(path, b"\x00old")
    assert path.read_bytes() == b"\x00old"
    atomic_write(path, "café “quoted”\n")
    assert path.read_bytes() == "café “quoted”\n".encode()
    assert debris(tmp_path) == []


def test_fsyncs_the_file_and_its_folder_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write(tmp_path / "a.json", b"{}")
    assert synced == [False, True]  # the file, then the folder holding its new name
    synced.clear()
    atomic_write(tmp_path / "a.json", b"{}", durable=False)
    assert synced == []


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(tmp_path: Path) -> None:
    path = tmp_path / "entry.json"
    path.write_bytes(b"old")
    seen: list[str] = []

    def fail() -> None:
        seen.extend(debris(tmp_path))  # the new contents wait in a hidden file beside it
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, b"new", before_replace=fail)
    assert len(seen) == 1 and seen[0].startswith(files.temp_prefix(path))
    assert path.read_bytes() == b"old"
    assert debris(tmp_path) == []


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "nowhere" / "entry.json", b"{}")
    assert list(tmp_path.iterdir()) == []
