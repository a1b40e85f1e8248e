"""Write a whole school's history straight into the TinyDB backend's shard files.

Recording 300,000 attempts one by one would take many minutes of fsyncs; this
writes the same files the store would have written, in the same format, at once.
Used by the storage benchmark; it writes the backend's file layout itself, so a
change to that layout must change this module too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from quiz.records import Classroom, Student, Teacher
from quiz.store.atomic import atomic_write, dumps
from quiz.store.attempt_files import (
    ATTEMPTS_DIR,
    ATTEMPTS_TABLE,
    CHUNK_SIZE,
    EARLIER_TABLE,
    PREFIX,
    chunk_name,
)
from quiz.store.migrate import new_tables
from quiz.store.tinydb_store import CLASSES_DIR, SCHOOL

Doc = dict[str, Any]


def write_school(
    root: Path,
    teachers: Sequence[Teacher],
    classes: Sequence[Classroom],
    students: Sequence[Student],
) -> None:
    """Write ``school.json`` and every class roster (replacing what was there)."""
    school = new_tables("school")
    school["teachers"] = _table(t.model_dump(mode="json") for t in teachers)
    school["classes"] = _table(c.model_dump(mode="json") for c in classes)
    root.mkdir(parents=True, exist_ok=True)
    atomic_write(root / SCHOOL, dumps(school), durable=False)
    (root / CLASSES_DIR).mkdir(exist_ok=True)
    for classroom in classes:
        roster = new_tables("class")
        roster["students"] = _table(
            s.model_dump(mode="json") for s in students if s.class_id == classroom.id
        )
        atomic_write(root / CLASSES_DIR / f"{classroom.id}.json", dumps(roster), durable=False)


def write_attempts(root: Path, by_student: Mapping[str, Sequence[Doc]]) -> None:
    """Write each student's attempt documents as the store's chunks (oldest first)."""
    for student_id, docs in by_student.items():
        folder = root / ATTEMPTS_DIR / student_id
        folder.mkdir(parents=True, exist_ok=True)
        for number, first in enumerate(range(0, len(docs), CHUNK_SIZE)):
            tables = new_tables("attempts")
            if first:
                prefixes = "".join(str(d["id"])[:PREFIX] for d in docs[:first])
                tables[EARLIER_TABLE] = {"1": {"id_prefixes": prefixes}}
            tables[ATTEMPTS_TABLE] = _table(docs[first : first + CHUNK_SIZE])
            atomic_write(folder / chunk_name(number), dumps(tables), durable=False)


def _table(docs: Any) -> dict[str, Doc]:
    return {str(n): doc for n, doc in enumerate(docs, start=1)}
