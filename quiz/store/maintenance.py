"""Whole-folder jobs of the TinyDB backend: check every file, back up; and the export.

``check`` and ``backup`` walk the data folder directly (they must work when a
file is broken, which the store itself refuses to read). ``export`` reads
through the :class:`~quiz.storage.Store` protocol, so it serves any backend.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from quiz.csv_safe import Cell, csv_text
from quiz.records import Assignment, Attempt, Classroom, Student, Teacher
from quiz.storage import Store, StoreError
from quiz.store.atomic import atomic_write, is_temp_file, load, remove_temp_files
from quiz.store.attempt_files import ATTEMPTS_TABLE, student_lock
from quiz.store.tinydb_store import CLASSES_DIR, CONTENT, LEARNERS, SCHOOL, TinyDBStore

RECORDS: dict[str, type[Teacher | Classroom | Student | Assignment | Attempt]] = {
    "teachers": Teacher,
    "classes": Classroom,
    "students": Student,
    "assignments": Assignment,
    ATTEMPTS_TABLE: Attempt,
}


@dataclass
class CheckReport:
    """Problems found by :func:`check`, each naming its file."""

    files: int = 0
    problems: list[str] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def data_files(root: Path) -> Iterator[Path]:
    """Every data file of the folder (temporary, lock and trash files excluded)."""
    for path in sorted(root.rglob("*.json")):
        parts = path.relative_to(root).parts
        if not any(p.startswith(".") for p in parts):
            yield path


def check(root: Path) -> CheckReport:
    """Parse every file, validate every record, verify references, clean leftovers."""
    report = CheckReport()
    store = TinyDBStore(root)
    ids: dict[str, set[str]] = {name: set() for name in RECORDS}
    rows: list[tuple[Path, str, dict[str, object]]] = []
    for path in data_files(root):
        report.files += 1
        try:
            tables = load(path, cached=False)
        except StoreError as exc:
            report.problems.append(str(exc))
            continue
        for table, docs in (tables or {}).items():
            model = RECORDS.get(table)
            for doc_id, doc in docs.items() if model else []:
                try:
                    model.model_validate(doc)  # type: ignore[union-attr]
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"])
                    report.problems.append(
                        f"{path}: {table} document {doc_id}: {where}: {first['msg']}"
                    )
                    continue
                ids[table].add(str(doc["id"]))
                rows.append((path, table, doc))
    try:
        versions = store.content.versions()
    except StoreError:
        versions = set()  # already reported above
    report.problems.extend(_references(rows, ids, versions))
    report.cleaned = _clean(root, store)
    return report


def _references(
    rows: list[tuple[Path, str, dict[str, object]]],
    ids: dict[str, set[str]],
    versions: set[tuple[str, int]],
) -> Iterator[str]:
    for path, table, doc in rows:
        refs: list[tuple[str, object]] = []
        if table == "classes":
            refs = [("teachers", doc["teacher_id"])]
        elif table in ("students", "assignments") and path.parent.name == CLASSES_DIR:
            if doc.get("class_id") != path.stem:
                yield f"{path}: {table} {doc['id']} names class {doc.get('class_id')}"
            refs = [("classes", path.stem)]
        elif table == ATTEMPTS_TABLE:
            if path.parent.name != doc["student_id"]:
                yield f"{path}: attempt {doc['id']} belongs to student {doc['student_id']}"
            refs = [("students", doc["student_id"]), ("classes", doc["class_id"])]
            refs.append(("assignments", doc["assignment_id"]))
            if (doc["excerpt_id"], doc["excerpt_version"]) not in versions:
                yield (
                    f"{path}: attempt {doc['id']} was scored on excerpt {doc['excerpt_id']} "
                    f"version {doc['excerpt_version']}, which content.json does not hold"
                )
        if table == "assignments":
            for excerpt_id in doc["excerpt_ids"]:  # type: ignore[attr-defined]
                if not any(e == excerpt_id for e, _ in versions):
                    yield f"{path}: assignment {doc['id']} names unknown excerpt {excerpt_id}"
        for kind, ref in refs:
            if ref is not None and ref not in ids[kind]:
                yield f"{path}: {table} {doc['id']} refers to unknown {kind[:-1]} {ref}"


def _clean(root: Path, store: TinyDBStore) -> list[Path]:
    """Remove leftovers of killed writers, each under its file's lock."""
    cleaned = store.attempt_files.purge_deleted()
    for stray in sorted(p for p in root.rglob(f"*{'.tmp'}") if is_temp_file(p)):
        target = stray.parent / stray.name[1:].split(".json.")[0]
        key = _lock_key(root, target.with_suffix(".json"))
        with store.shards.locks.hold(key):
            cleaned += remove_temp_files(target.with_suffix(".json"))
    store.shards.trash.empty()
    return cleaned


def _lock_key(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    if rel.parts[0] == "attempts":
        return student_lock(rel.parts[1])
    if rel.parts[0] == CLASSES_DIR:
        return f"class-{path.stem}"
    return {SCHOOL: "school", CONTENT: "content", LEARNERS: "learners"}.get(rel.name, rel.stem)


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

    Each file is copied whole (files are replaced atomically, so no lock is
    needed); files that do not parse are still copied and named in the result.

    Returns:
        The number of files archived and the problems found.
    """
    problems: list[str] = []
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in data_files(root):
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue  # a student deleted meanwhile
            try:
                load(path, cached=False)
            except StoreError as exc:
                problems.append(str(exc))
            archive.writestr(str(path.relative_to(root)), raw)
            count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, buffer.getvalue())
    return count, problems
