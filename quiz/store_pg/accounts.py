"""Teachers, their sessions and the first-run setup code, in PostgreSQL.

Read-modify-write steps lock what they read: ``change_teacher`` reads the
teacher ``FOR UPDATE``, so two replicas counting a wrong password at once both
count. "Add the first teacher only when there is none" and "keep a setup code
only while no teacher exists" take one advisory lock, the database's version of
the TinyDB store's school-file lock.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from psycopg.types.json import Jsonb

from quiz.records import Classroom, Teacher, TeacherSession
from quiz.storage import Conflict, NotFound
from quiz.store_pg.database import Cursor, Database

ACCOUNTS_LOCK = 0x5350_0001  # the advisory lock of "who is the first teacher"


def name_key(name: str) -> str:
    """How teacher names compare: case and outer spaces ignored."""
    return name.strip().casefold()


class AccountTables:
    """The teacher and session methods of the Store protocol."""

    db: Database

    # teachers -----------------------------------------------------------
    def add_teacher(self, name: str, password_hash: str) -> Teacher:
        return self._insert_teacher(Teacher(name=name.strip(), password_hash=password_hash))

    def add_first_teacher(self, name: str, password_hash: str) -> Teacher:
        teacher = Teacher(name=name.strip(), password_hash=password_hash)
        return self._insert_teacher(teacher, only_if_none=True)

    def teacher_by_name(self, name: str) -> Teacher | None:
        with self.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM teachers WHERE name_key = %s", (name_key(name),))
            row = cur.fetchone()
        return None if row is None else Teacher.model_validate_json(row[0])

    def update_teacher(self, teacher: Teacher) -> Teacher:
        with self.db.transaction() as cur:
            try:
                cur.execute(
                    "UPDATE teachers SET name_key = %s, doc = %s WHERE id = %s",
                    (name_key(teacher.name), _doc(teacher), teacher.id),
                )
            except psycopg.errors.UniqueViolation:
                raise Conflict(f"a teacher named {teacher.name!r} exists: choose another name"
                               ) from None
            if cur.rowcount == 0:
                raise NotFound(f"no teacher with id {teacher.id!r}: add it before updating it")
        return teacher

    def change_teacher(self, teacher_id: str, change: Callable[[Teacher], Teacher]) -> Teacher:
        with self.db.transaction() as cur:
            cur.execute("SELECT doc::text FROM teachers WHERE id = %s FOR UPDATE", (teacher_id,))
            row = cur.fetchone()
            if row is None:
                raise NotFound(f"no teacher with id {teacher_id!r}")
            changed = change(Teacher.model_validate_json(row[0]))
            if changed.id != teacher_id:
                raise Conflict("a change may not give a teacher another id")
            cur.execute(
                "UPDATE teachers SET name_key = %s, doc = %s WHERE id = %s",
                (name_key(changed.name), _doc(changed), teacher_id),
            )
        return changed

    def teachers(self) -> list[Teacher]:
        with self.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM teachers")
            found = [Teacher.model_validate_json(doc) for (doc,) in cur.fetchall()]
        return sorted(found, key=lambda t: t.name.casefold())

    def remove_teacher(self, teacher_id: str, heir_id: str | None = None) -> list[Classroom]:
        with self.db.transaction() as cur:
            wanted = [t for t in (teacher_id, heir_id) if t is not None]
            cur.execute(
                "SELECT id FROM teachers WHERE id = ANY(%s) ORDER BY id FOR UPDATE", (wanted,)
            )
            present = {row[0] for row in cur.fetchall()}
            for needed in wanted:
                if needed not in present:
                    raise NotFound(f"no teacher with id {needed!r}")
            if heir_id == teacher_id:
                raise Conflict("a teacher cannot hand their classes to themselves")
            cur.execute(
                "SELECT doc::text FROM classes WHERE teacher_id = %s ORDER BY created_at "
                "FOR UPDATE", (teacher_id,),
            )  # fmt: skip
            owned = [Classroom.model_validate_json(doc) for (doc,) in cur.fetchall()]
            if owned and heir_id is None:
                raise Conflict(
                    f"this teacher has {len(owned)} class(es): hand them to another teacher"
                )
            handed = [c.model_copy(update={"teacher_id": heir_id}) for c in owned]
            for classroom in handed:
                cur.execute(
                    "UPDATE classes SET teacher_id = %s, doc = %s WHERE id = %s",
                    (heir_id, _doc(classroom), classroom.id),
                )
            # The teacher's sessions go with them (ON DELETE CASCADE).
            cur.execute("DELETE FROM teachers WHERE id = %s", (teacher_id,))
        return handed

    # sessions -----------------------------------------------------------
    def add_session(self, session: TeacherSession) -> TeacherSession:
        with self.db.transaction() as cur:
            cur.execute(
                "DELETE FROM teacher_sessions WHERE expires_at <= %s", (session.created_at,)
            )
            try:
                cur.execute(
                    "INSERT INTO teacher_sessions (id, teacher_id, expires_at, doc) "
                    "VALUES (%s, %s, %s, %s)",
                    (session.id, session.teacher_id, session.expires_at, _doc(session)),
                )
            except psycopg.errors.ForeignKeyViolation:
                raise NotFound(f"no teacher with id {session.teacher_id!r}") from None
        return session

    def session(self, session_id: str) -> TeacherSession | None:
        with self.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM teacher_sessions WHERE id = %s", (session_id,))
            row = cur.fetchone()
        return None if row is None else TeacherSession.model_validate_json(row[0])

    def remove_sessions(self, *, session_id: str = "", teacher_id: str = "") -> int:
        if not (session_id or teacher_id):
            return 0
        with self.db.cursor() as cur:
            if session_id:
                cur.execute("DELETE FROM teacher_sessions WHERE id = %s", (session_id,))
            else:
                cur.execute("DELETE FROM teacher_sessions WHERE teacher_id = %s", (teacher_id,))
            return cur.rowcount

    # the first-run setup code -------------------------------------------
    def setup_code(self) -> str | None:
        with self.db.cursor() as cur:
            cur.execute("SELECT code FROM setup_code")
            row = cur.fetchone()
        return None if row is None else str(row[0])

    def new_setup_code(self, code: str) -> str | None:
        with self.db.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (ACCOUNTS_LOCK,))
            if _any_teacher(cur):
                cur.execute("DELETE FROM setup_code")
                return None
            cur.execute(
                "INSERT INTO setup_code (code) VALUES (%s) ON CONFLICT (only_one) DO NOTHING",
                (code,),
            )
            cur.execute("SELECT code FROM setup_code")
            row = cur.fetchone()
        return None if row is None else str(row[0])

    # helpers ------------------------------------------------------------
    def _insert_teacher(self, teacher: Teacher, *, only_if_none: bool = False) -> Teacher:
        with self.db.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (ACCOUNTS_LOCK,))
            if only_if_none and _any_teacher(cur):
                raise Conflict("a teacher account exists already")
            cur.execute(
                "INSERT INTO teachers (id, name_key, doc) VALUES (%s, %s, %s) "
                "ON CONFLICT (name_key) DO NOTHING",
                (teacher.id, name_key(teacher.name), _doc(teacher)),
            )
            if cur.rowcount == 0:
                raise Conflict(f"a teacher named {teacher.name!r} exists: choose another name")
            # Any teacher makes the setup code useless: deleted in the same transaction.
            cur.execute("DELETE FROM setup_code")
        return teacher


def _any_teacher(cur: Cursor) -> bool:
    cur.execute("SELECT EXISTS (SELECT 1 FROM teachers)")
    row = cur.fetchone()
    return bool(row and row[0])


def _doc(record: Teacher | TeacherSession | Classroom) -> Jsonb:
    return Jsonb(record.model_dump(mode="json"))
