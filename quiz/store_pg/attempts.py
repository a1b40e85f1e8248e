"""Attempts in PostgreSQL: recorded once per id, read by student, class or assignment.

Recording is one statement on the usual path: an ``INSERT ... SELECT`` that
inserts only when what the attempt refers to is there, with ``ON CONFLICT
(id) DO NOTHING``. When nothing was inserted, a second query says why (the
same errors, in the same order, as the TinyDB store), or finds the attempt
stored earlier under the same id and returns it: a submit retried after a
lost answer from the server never counts twice. The foreign keys close the
gap between check and insert (a student deleted meanwhile is a NotFound,
never an orphan attempt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import psycopg
from psycopg.types.json import Jsonb

from quiz.records import Attempt
from quiz.storage import Conflict, NotFound
from quiz.store_pg.content import HINT
from quiz.store_pg.database import Database

CHECK = """
SELECT s.class_id,
       EXISTS (SELECT 1 FROM excerpts e WHERE e.excerpt_id = %(excerpt)s AND e.version = %(v)s),
       (SELECT a.class_id FROM assignments a WHERE a.id = %(assignment)s)
FROM students s WHERE s.id = %(student)s
"""
INSERT = """
INSERT INTO attempts (id, student_id, class_id, assignment_id, excerpt_id, excerpt_version,
                      mode, submitted_at, doc)
SELECT %(id)s, s.id, %(class)s, %(assignment)s, %(excerpt)s, %(v)s, %(mode)s, %(at)s, %(doc)s
FROM students s
WHERE s.id = %(student)s
  AND (%(class)s::text IS NULL OR s.class_id = %(class)s)
  AND EXISTS (SELECT 1 FROM excerpts e WHERE e.excerpt_id = %(excerpt)s AND e.version = %(v)s)
  AND (%(assignment)s::text IS NULL OR EXISTS (
       SELECT 1 FROM assignments a WHERE a.id = %(assignment)s AND a.class_id = %(class)s))
ON CONFLICT (id) DO NOTHING
"""
ITER_BATCH = 2000  # rows fetched at a time by iter_attempts


class AttemptTables:
    """The attempt methods of the Store protocol."""

    db: Database

    def record_attempt(self, attempt: Attempt) -> Attempt:
        keys = {"id": attempt.id, "student": attempt.student_id, "class": attempt.class_id,
                "assignment": attempt.assignment_id, "excerpt": attempt.excerpt_id,
                "v": attempt.excerpt_version, "mode": attempt.mode, "at": attempt.submitted_at,
                "doc": Jsonb(attempt.model_dump(mode="json"))}  # fmt: skip
        with self.db.cursor() as cur:
            try:
                cur.execute(INSERT, keys)
            except psycopg.errors.ForeignKeyViolation:
                raise _no_student(attempt.student_id) from None  # deleted meanwhile
            if cur.rowcount == 1:
                return attempt
            # Nothing inserted: something it refers to is missing, or the id is taken.
            cur.execute(CHECK, keys)
            row = cur.fetchone()
            if row is None:
                raise _no_student(attempt.student_id)
            class_id, excerpt_found, assignment_class = row
            if attempt.class_id is not None and attempt.class_id != class_id:
                raise Conflict(f"attempt {attempt.id}: student {attempt.student_id} is not in "
                               f"class {attempt.class_id}")  # fmt: skip
            if not excerpt_found:
                raise NotFound(f"no excerpt {attempt.excerpt_id!r} version "
                               f"{attempt.excerpt_version} in the database. {HINT}")
            if attempt.assignment_id is not None and assignment_class != attempt.class_id:
                raise NotFound(f"no assignment with id {attempt.assignment_id!r} in class "
                               f"{attempt.class_id}")  # fmt: skip
            cur.execute("SELECT doc::text FROM attempts WHERE id = %s", (attempt.id,))
            stored = cur.fetchone()
        if stored is None:  # pragma: no cover - deleted with its student meanwhile
            raise _no_student(attempt.student_id)
        return Attempt.model_validate_json(stored[0])

    def attempts_for_student(self, student_id: str) -> list[Attempt]:
        return self._attempts(
            "SELECT doc::text FROM attempts WHERE student_id = %s "
            "ORDER BY submitted_at, recorded", student_id,
        )  # fmt: skip

    def attempts_for_class(self, class_id: str) -> list[Attempt]:
        self.get_class(class_id)  # type: ignore[attr-defined]  # NotFound, as the protocol says
        return self._attempts(
            "SELECT doc::text FROM attempts WHERE class_id = %s "
            "ORDER BY submitted_at, recorded", class_id,
        )  # fmt: skip

    def attempts_for_assignment(self, assignment_id: str) -> list[Attempt]:
        self.get_assignment(assignment_id)  # type: ignore[attr-defined]
        return self._attempts(
            "SELECT doc::text FROM attempts WHERE assignment_id = %s "
            "ORDER BY submitted_at, recorded", assignment_id,
        )  # fmt: skip

    def iter_attempts(self) -> Iterator[Attempt]:
        """Every attempt, student by student, read in batches (keyset: no long transaction)."""
        after: tuple[object, ...] = ("", dt.datetime.min.replace(tzinfo=dt.UTC), -1)
        while True:
            with self.db.cursor() as cur:
                cur.execute(
                    "SELECT student_id, submitted_at, recorded, doc::text FROM attempts "
                    "WHERE (student_id, submitted_at, recorded) > (%s, %s, %s) "
                    "ORDER BY student_id, submitted_at, recorded LIMIT %s", (*after, ITER_BATCH),
                )  # fmt: skip
                rows = cur.fetchall()
            if not rows:
                return
            batch = [Attempt.model_validate_json(row[3]) for row in rows]
            after = tuple(rows[-1][:3])
            yield from batch

    def _attempts(self, query: str, key: str) -> list[Attempt]:
        with self.db.cursor() as cur:
            cur.execute(query.encode(), (key,))
            return [Attempt.model_validate_json(doc) for (doc,) in cur.fetchall()]


def _no_student(student_id: str) -> NotFound:
    return NotFound(f"no student with id {student_id!r}: they may have been deleted")
