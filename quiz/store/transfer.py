"""A data folder's whole school as :class:`~quiz.school_data.SchoolData`, and back (``db copy``).

Reading takes the files as they are (replaced whole, so no lock is needed);
writing fills an empty folder with the files the store itself would have
written, each atomically and durably, the attempts in the store's chunks.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from quiz.records import (
    Assignment,
    Attempt,
    ExcerptDraft,
    StoredExcerpt,
    Student,
    Teacher,
    TeacherSession,
)
from quiz.school_data import Copied, SchoolData
from quiz.storage import Conflict
from quiz.store.atomic import atomic_write, dumps
from quiz.store.attempt_files import (
    ATTEMPTS_TABLE,
    CHUNK_SIZE,
    EARLIER_TABLE,
    PREFIX,
    chunk_name,
)
from quiz.store.content_file import DRAFTS_TABLE, EXCERPTS_TABLE
from quiz.store.migrate import new_tables
from quiz.store.rosters import CLASSES_DIR, LEARNERS
from quiz.store.tinydb_store import CONTENT, SCHOOL, TinyDBStore


def reading(store: TinyDBStore) -> AbstractContextManager[None]:
    """Nothing to hold: the files are read as they stand (stop the app for a still copy)."""
    return nullcontext()


def dump_school(store: TinyDBStore) -> SchoolData:
    """Every record of the folder (attempts read lazily, student by student)."""
    school = store.shards.read(store.root / SCHOOL, "school")
    content = store.shards.read(store.root / CONTENT, "content")
    classes = store.classes()
    students: list[Student] = []
    assignments: list[Assignment] = []
    for path in [store.rosters.learners, *(store.rosters.path(c.id) for c in classes)]:
        roster = store.shards.read(path, "class")
        students += [Student.model_validate(dict(d)) for d in roster.table("students").all()]
        assignments += [Assignment.model_validate(dict(d))
                        for d in roster.table("assignments").all()]  # fmt: skip
    excerpts = [StoredExcerpt.model_validate(dict(d)) for d in content.table(EXCERPTS_TABLE)]
    return SchoolData(
        teachers=[Teacher.model_validate(dict(d)) for d in school.table("teachers").all()],
        sessions=[TeacherSession.model_validate(dict(d)) for d in school.table("sessions").all()],
        setup_code=store.setup_code(),
        excerpts=sorted(excerpts, key=lambda e: (e.id, e.version)),
        drafts=[ExcerptDraft.model_validate(dict(d)) for d in content.table(DRAFTS_TABLE).all()],
        classes=classes,
        students=students,
        assignments=assignments,
        attempts=store.iter_attempts(),
    )


def load_school(store: TinyDBStore, data: SchoolData) -> Copied:
    """Write ``data`` into an empty data folder; Conflict when it holds a school already."""
    root = store.root
    if any((root / name).exists() for name in (SCHOOL, CONTENT, LEARNERS, CLASSES_DIR)):
        raise Conflict(f"{root} holds a school already: copy into an empty folder")
    counts: dict[str, int] = {}

    def write(path: Path, kind: str, tables: dict[str, Iterable[Any]]) -> None:
        files = new_tables(kind)
        for name, records in tables.items():
            docs = [r.model_dump(mode="json") for r in records]
            counts[name] = counts.get(name, 0) + len(docs)
            files[name] = _table(docs)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, dumps(files))

    write(root / SCHOOL, "school", {"teachers": data.teachers, "sessions": data.sessions,
                                    "classes": data.classes})  # fmt: skip
    write(root / CONTENT, "content", {"excerpts": data.excerpts, "drafts": data.drafts})
    write(root / LEARNERS, "class", {"students": [s for s in data.students if s.class_id is None]})
    for classroom in data.classes:
        write(store.rosters.path(classroom.id), "class", {
            "students": [s for s in data.students if s.class_id == classroom.id],
            "assignments": [a for a in data.assignments if a.class_id == classroom.id],
        })  # fmt: skip
    counts["attempts"] = 0
    for student_id, attempts in itertools.groupby(data.attempts, key=lambda a: a.student_id):
        counts["attempts"] += _write_attempts(store, student_id, list(attempts))
    if data.setup_code and not data.teachers:
        store.new_setup_code(data.setup_code)
    return Copied(counts)


def _write_attempts(store: TinyDBStore, student_id: str, attempts: list[Attempt]) -> int:
    """A student's attempts as the store's chunks (a student may come in several runs)."""
    folder = store.attempt_files.folder / student_id
    docs = [dict(doc) for path in store.attempt_files.chunks(student_id)
            for doc in store.shards.read(path, "attempts").table(ATTEMPTS_TABLE).all()]
    docs += [a.model_dump(mode="json") for a in attempts]
    folder.mkdir(parents=True, exist_ok=True)
    for number, first in enumerate(range(0, len(docs), CHUNK_SIZE)):
        tables = new_tables("attempts")
        if first:
            prefixes = "".join(str(d["id"])[:PREFIX] for d in docs[:first])
            tables[EARLIER_TABLE] = {"1": {"id_prefixes": prefixes}}
        tables[ATTEMPTS_TABLE] = _table(docs[first : first + CHUNK_SIZE])
        atomic_write(folder / chunk_name(number), dumps(tables))
    return len(attempts)


def _table(docs: list[Any]) -> dict[str, Any]:
    return {str(n): doc for n, doc in enumerate(docs, start=1)}
