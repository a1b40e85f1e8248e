"""Whole-folder jobs of the TinyDB backend: check every file, back up; and the export.

``check`` (:mod:`quiz.store.check`), ``backup`` and ``restore``
(:mod:`quiz.store.restore`) walk the data folder directly: they must work when
a file is broken, which the store itself refuses to read. ``export`` reads
through the :class:`~quiz.storage.Store` protocol, so it serves any backend.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from quiz.content import parse_file
from quiz.csv_safe import Cell, csv_text
from quiz.storage import Store, StoreError
from quiz.store.atomic import atomic_write, load
from quiz.store.check import CheckReport, check, data_files
from quiz.store.layout import AUTHORED_DIR, BACKED_UP, files_of
from quiz.store.restore import BACKUP_MARK

__all__ = ["CheckReport", "backup", "check", "data_files", "export"]

EXPORT_FIELDS = [
    "attempt_id", "student_id", "nickname", "class_id", "class_name", "assignment_id",
    "excerpt_id", "excerpt_version", "mode", "categories", "score", "seconds_taken",
    "submitted_at", "figures", "selections",
]  # fmt: skip


def export_rows(store: Store) -> Iterator[dict[str, object]]:
    """One flat row per attempt; never a password hash."""
    class_names = {c.id: c.name for c in store.classes()}
    nicknames: dict[str, str] = {}
    for attempt in store.iter_attempts():
        if attempt.student_id not in nicknames:
            nicknames[attempt.student_id] = store.get_student(attempt.student_id).nickname
        dump = attempt.model_dump(mode="json")
        yield {
            "attempt_id": attempt.id,
            "student_id": attempt.student_id,
            "nickname": nicknames[attempt.student_id],
            "class_id": attempt.class_id,
            "class_name": class_names.get(attempt.class_id or ""),
            "assignment_id": attempt.assignment_id,
            "excerpt_id": attempt.excerpt_id,
            "excerpt_version": attempt.excerpt_version,
            "mode": attempt.mode,
            "categories": dump["categories"],
            "score": attempt.score,
            "seconds_taken": attempt.seconds_taken,
            "submitted_at": dump["submitted_at"],
            "figures": dump["figures"],
            "selections": dump["selections"],
        }


def export(store: Store, fmt: str) -> str:
    """All attempts as CSV (nested fields as JSON text) or as a JSON list."""
    rows = list(export_rows(store))
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    # Through the project's one CSV writer: a nickname or class name that starts
    # a formula gets a leading apostrophe.
    table: list[list[Cell]] = [list(EXPORT_FIELDS)]
    for row in rows:
        table.append([_cell(row.get(name)) for name in EXPORT_FIELDS])
    return csv_text(table, line_end="\n")


def _cell(value: object) -> Cell:
    """One value of an export row as a CSV cell: nested fields as JSON text."""
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False)


def backup(root: Path, target: Path) -> tuple[int, list[str]]:
    """Zip every data file into ``target`` (written atomically).

    The data is the store's files and the authored excerpts. The setup code
    (a one-time secret, made again while no teacher exists) and the cache
    (derived, and a pickle: never restored from an archive) stay out. Each file
    is copied whole (files are replaced atomically, so no lock is needed);
    files that do not parse are still copied and named in the result. The
    archive's comment records when it was taken (UTC), for ``db restore``.

    Returns:
        The number of files archived and the problems found.
    """
    problems: list[str] = []
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        taken = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        archive.comment = f"{BACKUP_MARK} {taken}".encode()
        for path in files_of(root, *BACKED_UP):
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue  # a student deleted meanwhile
            problems.extend(_file_problems(path))
            archive.writestr(path.relative_to(root).as_posix(), raw)
            count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, buffer.getvalue())
    return count, problems


def _file_problems(path: Path) -> list[str]:
    """Why a data file would not load (a TinyDB file) or validate (an authored excerpt)."""
    if path.parent.name == AUTHORED_DIR:
        return [str(e) for e in parse_file(path)[1]]
    try:
        load(path, cached=False)
    except StoreError as exc:
        return [str(exc)]
    return []
