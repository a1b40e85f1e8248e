"""A database's whole school as :class:`~quiz.school_data.SchoolData`, and back (``db copy``).

Reading happens in one read-only snapshot (REPEATABLE READ) held by the
calling thread for the whole copy, so a copy taken while the app runs is
consistent. Writing fills an empty database in one transaction: a copy that
fails half-way leaves the database empty, never half a school.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from psycopg.types.json import Jsonb
from pydantic import BaseModel

from quiz.records import (
    Assignment,
    Classroom,
    ExcerptDraft,
    StoredExcerpt,
    Student,
    Teacher,
    TeacherSession,
    nickname_key,
)
from quiz.school_data import Copied, SchoolData
from quiz.storage import Conflict
from quiz.store_pg.accounts import name_key
from quiz.store_pg.store import PostgresStore

BATCH = 1000


@contextmanager
def reading(store: PostgresStore) -> Iterator[None]:
    """Every read of this thread inside the block sees one moment of the database."""
    with store.db.snapshot():
        yield


def dump_school(store: PostgresStore) -> SchoolData:
    """Every record (attempts read lazily, student by student); call inside :func:`reading`."""
    with store.db.cursor() as cur:
        def docs(query: str) -> list[str]:
            cur.execute(query.encode())
            return [row[0] for row in cur.fetchall()]

        return SchoolData(
            teachers=[Teacher.model_validate_json(d)
                      for d in docs("SELECT doc::text FROM teachers ORDER BY id")],
            sessions=[TeacherSession.model_validate_json(d)
                      for d in docs("SELECT doc::text FROM teacher_sessions ORDER BY id")],
            setup_code=store.setup_code(),
            excerpts=[StoredExcerpt.model_validate_json(d) for d in docs(
                "SELECT doc::text FROM excerpts ORDER BY excerpt_id, version")],
            drafts=[ExcerptDraft.model_validate_json(d)
                    for d in docs("SELECT doc::text FROM drafts ORDER BY excerpt_id")],
            classes=[Classroom.model_validate_json(d)
                     for d in docs("SELECT doc::text FROM classes ORDER BY created_at, id")],
            students=[Student.model_validate_json(d)
                      for d in docs("SELECT doc::text FROM students ORDER BY joined")],
            assignments=[Assignment.model_validate_json(d) for d in docs(
                "SELECT doc::text FROM assignments ORDER BY created_at, id")],
            attempts=store.iter_attempts(),
        )  # fmt: skip


INSERTS = {
    "teachers": "INSERT INTO teachers (id, name_key, doc) VALUES (%s, %s, %s)",
    "sessions": "INSERT INTO teacher_sessions (id, teacher_id, expires_at, doc) "
                "VALUES (%s, %s, %s, %s)",
    "excerpts": "INSERT INTO excerpts (excerpt_id, version, content_hash, doc) "
                "VALUES (%s, %s, %s, %s)",
    "drafts": "INSERT INTO drafts (excerpt_id, author_id, doc) VALUES (%s, %s, %s)",
    "classes": "INSERT INTO classes (id, teacher_id, code, created_at, doc) "
               "VALUES (%s, %s, %s, %s, %s)",
    "students": "INSERT INTO students (id, class_id, nickname_key, doc) VALUES (%s, %s, %s, %s)",
    "assignments": "INSERT INTO assignments (id, class_id, title_key, deleted, created_at, doc) "
                   "VALUES (%s, %s, %s, %s, %s, %s)",
    "attempts": "INSERT INTO attempts (id, student_id, class_id, assignment_id, excerpt_id, "
                "excerpt_version, mode, submitted_at, doc) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
}  # fmt: skip


def load_school(store: PostgresStore, data: SchoolData) -> Copied:
    """Write ``data`` into an empty database (one transaction); Conflict when it is not empty."""
    counts: dict[str, int] = {}
    with store.db.transaction() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM teachers) OR EXISTS (SELECT 1 FROM excerpts) "
                    "OR EXISTS (SELECT 1 FROM students)")  # fmt: skip
        row = cur.fetchone()
        if row and row[0]:
            raise Conflict(f"the database {store.db.where} holds a school already: copy into "
                           "an empty database")  # fmt: skip

        def insert(kind: str, rows: list[tuple[object, ...]]) -> None:
            if rows:
                cur.executemany(INSERTS[kind].encode(), rows)
            counts[kind] = counts.get(kind, 0) + len(rows)

        insert("teachers", [(t.id, name_key(t.name), _doc(t)) for t in data.teachers])
        insert("sessions", [(s.id, s.teacher_id, s.expires_at, _doc(s)) for s in data.sessions])
        insert("excerpts", [(e.id, e.version, e.content_hash, _doc(e)) for e in data.excerpts])
        insert("drafts", [(d.id, d.author_id, _doc(d)) for d in data.drafts])
        insert("classes", [(c.id, c.teacher_id, c.code, c.created_at, _doc(c))
                           for c in data.classes])
        insert("students", [(s.id, s.class_id, nickname_key(s.nickname), _doc(s))
                            for s in data.students])
        insert("assignments", [(a.id, a.class_id, a.title.casefold(), a.deleted_at is not None,
                                a.created_at, _doc(a)) for a in data.assignments])
        counts["attempts"] = 0
        attempts = iter(data.attempts)
        while batch := list(itertools.islice(attempts, BATCH)):
            insert("attempts", [(a.id, a.student_id, a.class_id, a.assignment_id, a.excerpt_id,
                                 a.excerpt_version, a.mode, a.submitted_at, _doc(a))
                                for a in batch])
        if data.setup_code and not data.teachers:
            cur.execute("INSERT INTO setup_code (code) VALUES (%s)", (data.setup_code,))
    return Copied(counts)  # fmt: skip


def _doc(record: BaseModel) -> Jsonb:
    return Jsonb(record.model_dump(mode="json"))
