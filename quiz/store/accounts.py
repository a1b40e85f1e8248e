"""Teacher accounts in ``school.json``: teachers, their sessions, the first-run setup code.

A mixin of :class:`~quiz.store.tinydb_store.TinyDBStore`. Every change runs under
the school file's lock, so "add the first teacher only when there is none",
"count one more sign-in try" and "hand a teacher's classes over, then remove
them" are each one atomic step for every thread and process. The setup code is
a plain file, ``setup-code.txt`` (mode 0600), for the person who runs the
server to read; it is written and deleted under the same lock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from quiz.records import Classroom, Teacher, TeacherSession
from quiz.storage import Conflict, NotFound
from quiz.store.atomic import atomic_write
from quiz.store.shards import Shards

SCHOOL = "school.json"
LOCK = "school"  # the lock key of school.json
SETUP_CODE = "setup-code.txt"


class SchoolAccounts:
    """The teacher and session methods of the Store protocol."""

    root: Path
    shards: Shards

    # teachers -----------------------------------------------------------
    def add_teacher(self, name: str, password_hash: str) -> Teacher:
        return self._insert_teacher(Teacher(name=name.strip(), password_hash=password_hash))

    def add_first_teacher(self, name: str, password_hash: str) -> Teacher:
        teacher = Teacher(name=name.strip(), password_hash=password_hash)
        return self._insert_teacher(teacher, only_if_none=True)

    def teacher_by_name(self, name: str) -> Teacher | None:
        doc = self._teacher_doc(self._school(), name)
        return None if doc is None else Teacher.model_validate(dict(doc))

    def update_teacher(self, teacher: Teacher) -> Teacher:
        with self._school_write() as db:
            table = db.table("teachers")
            if not table.contains(Query().id == teacher.id):
                raise NotFound(f"no teacher with id {teacher.id!r}: add it before updating it")
            table.update(teacher.model_dump(mode="json"), Query().id == teacher.id)
        return teacher

    def change_teacher(self, teacher_id: str, change: Callable[[Teacher], Teacher]) -> Teacher:
        with self._school_write() as db:
            table = db.table("teachers")
            doc = table.get(Query().id == teacher_id)
            if doc is None:
                raise NotFound(f"no teacher with id {teacher_id!r}")
            changed = change(Teacher.model_validate(dict(doc)))
            if changed.id != teacher_id:
                raise Conflict("a change may not give a teacher another id")
            table.update(changed.model_dump(mode="json"), Query().id == teacher_id)
        return changed

    def teachers(self) -> list[Teacher]:
        found = [Teacher.model_validate(dict(d)) for d in self._school().table("teachers").all()]
        return sorted(found, key=lambda t: t.name.casefold())

    def remove_teacher(self, teacher_id: str, heir_id: str | None = None) -> list[Classroom]:
        with self._school_write() as db:
            teachers, classes = db.table("teachers"), db.table("classes")
            for needed in (teacher_id, heir_id):
                if needed is not None and not teachers.contains(Query().id == needed):
                    raise NotFound(f"no teacher with id {needed!r}")
            if heir_id == teacher_id:
                raise Conflict("a teacher cannot hand their classes to themselves")
            owned = [dict(d) for d in classes.search(Query().teacher_id == teacher_id)]
            if owned and heir_id is None:
                raise Conflict(
                    f"this teacher has {len(owned)} class(es): hand them to another teacher"
                )
            if owned:
                classes.update({"teacher_id": heir_id}, Query().teacher_id == teacher_id)
            teachers.remove(Query().id == teacher_id)
            db.table("sessions").remove(Query().teacher_id == teacher_id)
        return [Classroom.model_validate({**d, "teacher_id": heir_id}) for d in owned]

    # sessions -----------------------------------------------------------
    def add_session(self, session: TeacherSession) -> TeacherSession:
        with self._school_write() as db:
            if not db.table("teachers").contains(Query().id == session.teacher_id):
                raise NotFound(f"no teacher with id {session.teacher_id!r}")
            table = db.table("sessions")
            now = session.created_at
            table.remove(Query().expires_at.test(lambda e: dt.datetime.fromisoformat(e) <= now))
            table.insert(session.model_dump(mode="json"))
        return session

    def session(self, session_id: str) -> TeacherSession | None:
        doc = self._school().table("sessions").get(Query().id == session_id)
        return None if doc is None else TeacherSession.model_validate(dict(doc))

    def remove_sessions(self, *, session_id: str = "", teacher_id: str = "") -> int:
        if not (session_id or teacher_id):
            return 0
        field, value = ("id", session_id) if session_id else ("teacher_id", teacher_id)
        with self._school_write() as db:
            return len(db.table("sessions").remove(Query()[field] == value))

    # the first-run setup code -------------------------------------------
    def setup_code(self) -> str | None:
        try:
            return self._setup_file.read_text("utf-8").strip() or None
        except FileNotFoundError:
            return None

    def new_setup_code(self, code: str) -> str | None:
        with self.shards.locks.hold(LOCK):
            if len(self._school().table("teachers")):
                self._setup_file.unlink(missing_ok=True)
                return None
            kept = self.setup_code()
            if kept is not None:
                return kept
            # atomic_write's temporary file is created with mode 0600 (mkstemp).
            atomic_write(self._setup_file, f"{code}\n".encode())
            os.chmod(self._setup_file, 0o600)
            return code

    # helpers ------------------------------------------------------------
    @property
    def _setup_file(self) -> Path:
        return self.root / SETUP_CODE

    def _insert_teacher(self, teacher: Teacher, *, only_if_none: bool = False) -> Teacher:
        with self.shards.locks.hold(LOCK):
            with self.shards.edit(self.root / SCHOOL, "school") as db:
                table = db.table("teachers")
                if only_if_none and len(table):
                    raise Conflict("a teacher account exists already")
                if self._teacher_doc(db, teacher.name) is not None:
                    raise Conflict(
                        f"a teacher named {teacher.name!r} exists: choose another name"
                    )
                table.insert(teacher.model_dump(mode="json"))
            # Any teacher makes the setup code useless: deleted once the teacher is saved,
            # under the same lock.
            self._setup_file.unlink(missing_ok=True)
        return teacher

    def _school(self) -> TinyDB:
        return self.shards.read(self.root / SCHOOL, "school")

    def _school_write(self) -> Any:
        return self.shards.write(self.root / SCHOOL, LOCK, "school")

    @staticmethod
    def _teacher_doc(db: TinyDB, name: str) -> Any:
        wanted = name.strip().casefold()
        return db.table("teachers").get(Query().name.test(lambda n: n.casefold() == wanted))
