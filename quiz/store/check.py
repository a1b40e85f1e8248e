"""``db check``: read every file of a data folder, validate it, verify the references.

Each problem names its file, once: when a file cannot be read, the references
that only it could confirm (the students of a damaged roster, the excerpt
versions of a damaged ``content.json``...) are not checked, so one damaged file
gives one line, not a line for everything that points into it. Every kind of
file the app writes is understood (:mod:`quiz.store.layout`): the store's
TinyDB files, authored excerpts (content-file JSON, checked by the rules of
``python -m quiz validate``), the setup code and the cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from quiz.content import parse_file
from quiz.records import (
    Assignment,
    Attempt,
    Classroom,
    ExcerptDraft,
    Student,
    Teacher,
    TeacherSession,
)
from quiz.storage import StoreError
from quiz.store.atomic import is_temp_file, load, remove_temp_files
from quiz.store.attempt_files import ATTEMPTS_TABLE, student_lock
from quiz.store.layout import Kind, files_of, kind_of, walk
from quiz.store.tinydb_store import CLASSES_DIR, CONTENT, LEARNERS, SCHOOL, TinyDBStore

RECORDS: dict[str, type[BaseModel]] = {
    "teachers": Teacher,
    "sessions": TeacherSession,
    "classes": Classroom,
    "students": Student,
    "assignments": Assignment,
    ATTEMPTS_TABLE: Attempt,
    "drafts": ExcerptDraft,
}
SINGULAR = {"teachers": "teacher", "classes": "class", "students": "student",
            "assignments": "assignment"}  # fmt: skip
Row = tuple[Path, str, dict[str, Any]]


@dataclass
class CheckReport:
    """What :func:`check` found: problems (each naming its file), leftovers removed."""

    files: int = 0
    problems: list[str] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files the app does not write

    @property
    def ok(self) -> bool:
        return not self.problems


def data_files(root: Path) -> Iterator[Path]:
    """The store's TinyDB files (hidden, temporary, lock and trash files excluded)."""
    yield from files_of(root, Kind.TINYDB)


def check(root: Path) -> CheckReport:
    """Parse every file, validate every record, verify references, clean leftovers."""
    report = CheckReport()
    store = TinyDBStore(root)
    ids: dict[str, set[str]] = {name: set() for name in RECORDS}
    rows: list[Row] = []
    damaged: set[str] = set()  # which records may be missing: see _holder()
    for path, kind in walk(root):
        if kind is Kind.CACHE:
            continue  # derived (the suggester's model): rebuilt whenever it does not load
        if kind is None:
            report.skipped.append(path)
            continue
        report.files += 1
        if kind is Kind.AUTHORED:
            _, errors = parse_file(path)
            report.problems.extend(str(e) for e in errors)
        elif kind is Kind.TINYDB and not _read(root, path, report.problems, ids, rows):
            damaged.add(_holder(root, path))
    try:
        versions = store.content.versions()
    except StoreError:
        versions = set()  # already reported, and "content" is in damaged
    report.problems.extend(_references(rows, ids, versions, damaged))
    report.cleaned = _clean(root, store)
    return report


def _read(
    root: Path, path: Path, problems: list[str], ids: dict[str, set[str]], rows: list[Row]
) -> bool:
    """Read and validate one TinyDB file; False when any of it could not be read."""
    try:
        tables = load(path, cached=False)
    except StoreError as exc:
        problems.append(str(exc))
        return False
    whole = True
    for table, docs in (tables or {}).items():
        model = RECORDS.get(table)
        for doc_id, doc in docs.items() if model else []:
            try:
                model.model_validate(doc)  # type: ignore[union-attr]
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                problems.append(f"{path}: {table} document {doc_id}: {where}: {first['msg']}")
                whole = False
                continue
            if "id" in doc:
                ids[table].add(str(doc["id"]))
            rows.append((path, table, doc))
    return whole


def _holder(root: Path, path: Path) -> str:
    """What a TinyDB file holds, as the key references are checked against."""
    rel = path.relative_to(root)
    if rel.parts[0] == CLASSES_DIR:
        return f"class {path.stem}"
    if rel.parts[0] == "attempts":
        return "attempts"  # nothing refers to an attempt
    return {SCHOOL: "school", CONTENT: "content", LEARNERS: "learners"}[rel.name]


def _references(
    rows: list[Row], ids: dict[str, set[str]], versions: set[tuple[str, int]], damaged: set[str]
) -> Iterator[str]:
    """Broken references, leaving out those only a damaged file could confirm."""
    school_ok, content_ok = "school" not in damaged, "content" not in damaged
    for path, table, doc in rows:
        refs: list[tuple[str, object]] = []
        if table == "classes" and school_ok:
            refs = [("teachers", doc["teacher_id"])]
        elif table in ("students", "assignments") and path.parent.name == CLASSES_DIR:
            if doc.get("class_id") != path.stem:
                yield f"{path}: {table} {doc['id']} names class {doc.get('class_id')}"
            refs = [("classes", path.stem)] if school_ok else []
        elif table == ATTEMPTS_TABLE:
            if path.parent.name != doc["student_id"]:
                yield f"{path}: attempt {doc['id']} belongs to student {doc['student_id']}"
            class_id = doc["class_id"]
            roster = "learners" if class_id is None else f"class {class_id}"
            if roster not in damaged:
                refs += [("students", doc["student_id"]), ("assignments", doc["assignment_id"])]
            if school_ok:
                refs.append(("classes", class_id))
            if content_ok and (doc["excerpt_id"], doc["excerpt_version"]) not in versions:
                yield (
                    f"{path}: attempt {doc['id']} was scored on excerpt {doc['excerpt_id']} "
                    f"version {doc['excerpt_version']}, which content.json does not hold"
                )
        if table == "assignments" and content_ok:
            for excerpt_id in doc["excerpt_ids"]:
                if not any(e == excerpt_id for e, _ in versions):
                    yield f"{path}: assignment {doc['id']} names unknown excerpt {excerpt_id}"
        for kind, ref in refs:
            if ref is not None and ref not in ids[kind]:
                yield f"{path}: {table} {doc['id']} refers to unknown {SINGULAR[kind]} {ref}"


def _clean(root: Path, store: TinyDBStore) -> list[Path]:
    """Remove leftovers of the store's killed writers, each under its file's lock.

    Only temporary files of the store's own files: an authored excerpt's or the
    cache's may belong to a write in progress, which takes no store lock.
    """
    cleaned = store.attempt_files.purge_deleted()
    for stray in sorted(p for p in root.rglob("*.tmp") if is_temp_file(p)):
        target = stray.parent / stray.name[1:].split(".json.")[0]
        target = target.with_suffix(".json")
        if kind_of(target.relative_to(root).as_posix()) is not Kind.TINYDB:
            continue
        with store.shards.locks.hold(_lock_key(root, target)):
            cleaned += remove_temp_files(target)
    store.shards.trash.empty()
    return cleaned


def _lock_key(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    if rel.parts[0] == "attempts":
        return student_lock(rel.parts[1])
    if rel.parts[0] == CLASSES_DIR:
        return f"class-{path.stem}"
    return {SCHOOL: "school", CONTENT: "content", LEARNERS: "learners"}[rel.name]
