"""Classes, students and assignments, in PostgreSQL.

The rules are the database's: a join code is unique (a collision draws a new
code), a nickname is unique in its class (case and extra spaces ignored), a
live assignment title is unique in its class. Changes that check before they
write lock the class row first (``FOR UPDATE``), as the TinyDB store holds the
class file's lock.
"""

from __future__ import annotations

import secrets

import psycopg
from psycopg.types.json import Jsonb

from quiz.records import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Assignment,
    Classroom,
    Student,
    new_key,
    nickname_key,
    normalise_code,
)
from quiz.storage import Conflict, NicknameTaken, NotFound, TitleTaken
from quiz.store_pg.content import HINT
from quiz.store_pg.database import Cursor, Database


class SchoolTables:
    """The class, student and assignment methods of the Store protocol."""

    db: Database

    # classes ------------------------------------------------------------
    def create_class(self, teacher_id: str, name: str) -> Classroom:
        while True:
            code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            classroom = Classroom(teacher_id=teacher_id, name=name.strip(), code=code)
            with self.db.cursor() as cur:
                try:
                    cur.execute(
                        "INSERT INTO classes (id, teacher_id, code, created_at, doc) "
                        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (code) DO NOTHING",
                        (classroom.id, teacher_id, code, classroom.created_at, _doc(classroom)),
                    )
                except psycopg.errors.ForeignKeyViolation:
                    raise NotFound(
                        f"no teacher with id {teacher_id!r}: create the teacher first"
                    ) from None
                if cur.rowcount == 1:
                    return classroom
            # The code was taken: draw another.

    def class_by_code(self, code: str) -> Classroom | None:
        return self._one_class("code", normalise_code(code))

    def classes_for(self, teacher_id: str) -> list[Classroom]:
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT doc::text FROM classes WHERE teacher_id = %s ORDER BY created_at",
                (teacher_id,),
            )
            return [Classroom.model_validate_json(doc) for (doc,) in cur.fetchall()]

    def classes(self) -> list[Classroom]:
        with self.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM classes ORDER BY created_at")
            return [Classroom.model_validate_json(doc) for (doc,) in cur.fetchall()]

    def get_class(self, class_id: str) -> Classroom:
        found = self._one_class("id", class_id)
        if found is None:
            raise NotFound(f"no class with id {class_id!r} in the database")
        return found

    def update_class(self, classroom: Classroom) -> Classroom:
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT code, teacher_id FROM classes WHERE id = %s FOR UPDATE", (classroom.id,)
            )
            row = cur.fetchone()
            if row is None:
                raise NotFound(f"no class with id {classroom.id!r}: add it before updating it")
            if tuple(row) != (classroom.code, classroom.teacher_id):
                raise Conflict("a class keeps its join code and teacher: change name or archived")
            cur.execute(
                "UPDATE classes SET doc = %s WHERE id = %s", (_doc(classroom), classroom.id)
            )
        return classroom

    # students -----------------------------------------------------------
    def join_class(self, code_or_class_id: str, nickname: str) -> Student:
        classroom = self.class_by_code(code_or_class_id)
        if classroom is None:
            classroom = self._one_class("id", code_or_class_id.strip())
        if classroom is None:
            raise NotFound(
                f"no class with join code {code_or_class_id!r}: check the code with your teacher"
            )
        if classroom.archived:
            raise Conflict(f"class {classroom.name!r} is archived and takes no new students")
        student = Student(nickname=nickname, class_id=classroom.id)
        with self.db.cursor() as cur:
            cur.execute(
                "INSERT INTO students (id, class_id, nickname_key, doc) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (class_id, nickname_key) DO NOTHING",
                (student.id, classroom.id, nickname_key(student.nickname), _doc(student)),
            )
            if cur.rowcount == 0:
                raise NicknameTaken(f"the nickname {student.nickname!r} is taken in this class")
        return student

    def add_learner(self, nickname: str) -> Student:
        student = Student(nickname=nickname)
        with self.db.cursor() as cur:
            cur.execute(
                "INSERT INTO students (id, class_id, nickname_key, doc) VALUES (%s, NULL, %s, %s)",
                (student.id, nickname_key(student.nickname), _doc(student)),
            )
        return student

    def reset_student_key(self, student_id: str) -> Student:
        with self.db.transaction() as cur:
            cur.execute("SELECT doc::text FROM students WHERE id = %s FOR UPDATE", (student_id,))
            row = cur.fetchone()
            if row is None:
                raise _no_student(student_id)
            student = Student.model_validate_json(row[0]).model_copy(update={"key": new_key()})
            cur.execute("UPDATE students SET doc = %s WHERE id = %s", (_doc(student), student_id))
        return student

    def students_in(self, class_id: str) -> list[Student]:
        self.get_class(class_id)
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT doc::text FROM students WHERE class_id = %s ORDER BY joined", (class_id,)
            )
            return [Student.model_validate_json(doc) for (doc,) in cur.fetchall()]

    def get_student(self, student_id: str) -> Student:
        with self.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM students WHERE id = %s", (student_id,))
            row = cur.fetchone()
        if row is None:
            raise _no_student(student_id)
        return Student.model_validate_json(row[0])

    def delete_student(self, student_id: str) -> None:
        with self.db.cursor() as cur:
            # Their attempts go in the same statement (ON DELETE CASCADE).
            cur.execute("DELETE FROM students WHERE id = %s", (student_id,))
            if cur.rowcount == 0:
                raise _no_student(student_id)

    # assignments --------------------------------------------------------
    def add_assignment(self, assignment: Assignment) -> Assignment:
        with self.db.transaction() as cur:
            self._lock_class(cur, assignment.class_id)
            for excerpt_id in assignment.excerpt_ids:
                self._require_latest(cur, excerpt_id)
            cur.execute("SELECT 1 FROM assignments WHERE id = %s", (assignment.id,))
            if cur.fetchone() is not None:
                raise Conflict(f"assignment {assignment.id} exists already")
            cur.execute(
                "SELECT doc::text FROM assignments WHERE class_id = %s AND title_key = %s "
                "AND NOT deleted", (assignment.class_id, assignment.title.casefold()),
            )  # fmt: skip
            row = cur.fetchone()
            if row is not None:
                other = Assignment.model_validate_json(row[0])
                if other.same_work(assignment):
                    return other
                raise TitleTaken(f"an assignment called {other.title!r} exists in this class")
            cur.execute(
                "INSERT INTO assignments (id, class_id, title_key, deleted, created_at, doc) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (assignment.id, assignment.class_id, assignment.title.casefold(),
                 assignment.deleted_at is not None, assignment.created_at, _doc(assignment)),
            )  # fmt: skip
        return assignment

    def update_assignment(self, assignment: Assignment) -> Assignment:
        with self.db.transaction() as cur:
            cur.execute("SELECT class_id FROM assignments WHERE id = %s", (assignment.id,))
            row = cur.fetchone()
            if row is None:
                raise NotFound(f"no assignment with id {assignment.id!r}")
            if row[0] != assignment.class_id:
                raise Conflict("an assignment cannot move to another class")
            for excerpt_id in assignment.excerpt_ids:
                self._require_latest(cur, excerpt_id)
            self._lock_class(cur, assignment.class_id)
            try:
                cur.execute(
                    "UPDATE assignments SET title_key = %s, deleted = %s, doc = %s WHERE id = %s",
                    (assignment.title.casefold(), assignment.deleted_at is not None,
                     _doc(assignment), assignment.id),
                )  # fmt: skip
            except psycopg.errors.UniqueViolation:
                raise TitleTaken(
                    f"an assignment called {assignment.title!r} exists in this class"
                ) from None
        return assignment

    def assignments_for(self, class_id: str) -> list[Assignment]:
        self.get_class(class_id)
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT doc::text FROM assignments WHERE class_id = %s ORDER BY created_at",
                (class_id,),
            )
            return [Assignment.model_validate_json(doc) for (doc,) in cur.fetchall()]

    def get_assignment(self, assignment_id: str) -> Assignment:
        with self.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM assignments WHERE id = %s", (assignment_id,))
            row = cur.fetchone()
        if row is None:
            raise NotFound(f"no assignment with id {assignment_id!r}")
        return Assignment.model_validate_json(row[0])

    # helpers ------------------------------------------------------------
    def _one_class(self, column: str, value: str) -> Classroom | None:
        query = {"id": "SELECT doc::text FROM classes WHERE id = %s",
                 "code": "SELECT doc::text FROM classes WHERE code = %s"}[column]  # fmt: skip
        with self.db.cursor() as cur:
            cur.execute(query, (value,))
            row = cur.fetchone()
        return None if row is None else Classroom.model_validate_json(row[0])

    def _lock_class(self, cur: Cursor, class_id: str) -> None:
        cur.execute("SELECT 1 FROM classes WHERE id = %s FOR UPDATE", (class_id,))
        if cur.fetchone() is None:
            raise NotFound(f"no class with id {class_id!r} in the database")

    def _require_latest(self, cur: Cursor, excerpt_id: str) -> None:
        cur.execute("SELECT max(version) FROM excerpts WHERE excerpt_id = %s", (excerpt_id,))
        row = cur.fetchone()
        if row is None or row[0] is None:
            raise NotFound(f"no excerpt {excerpt_id!r} in the database. {HINT}")


def _no_student(student_id: str) -> NotFound:
    return NotFound(f"no student with id {student_id!r}: they may have been deleted")


def _doc(record: Classroom | Student | Assignment) -> Jsonb:
    return Jsonb(record.model_dump(mode="json"))
