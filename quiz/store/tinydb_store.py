"""The TinyDB implementation of :class:`~quiz.storage.Store`.

Layout of a data folder (every file a TinyDB JSON file with a ``_meta`` table)::

    school.json                 teachers, classes (with join codes): the small index
    content.json                excerpts, every version of each answer key
    classes/<class_id>.json     a class's students and assignments
    learners.json               self-guided learners (no class)
    attempts/<student_id>/NNNNN.json   a student's attempts, CHUNK_SIZE per file
    .locks/                     lock files (safe to delete when nothing runs)
    .trash/                     replaced versions waiting to be deleted (see quiz.store.trash)

Writes go through :class:`~quiz.store.shards.Shards` (locked, atomic); reads
need no lock because files are replaced whole.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import Query

from quiz.models import Excerpt
from quiz.records import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Assignment,
    Attempt,
    Classroom,
    ExcerptDraft,
    ImportReport,
    StoredExcerpt,
    Student,
    normalise_code,
)
from quiz.storage import Conflict, CorruptFile, NotFound
from quiz.store.accounts import SCHOOL, SchoolAccounts
from quiz.store.attempt_files import AttemptFiles, student_lock
from quiz.store.content_file import ContentFile
from quiz.store.rosters import CLASSES_DIR, LEARNERS, Rosters
from quiz.store.shards import Shards

CONTENT = "content.json"
__all__ = ["CLASSES_DIR", "CONTENT", "LEARNERS", "SCHOOL", "TinyDBStore"]


class TinyDBStore(SchoolAccounts):
    """A data folder of small TinyDB files, shared safely by threads and processes."""

    def __init__(self, root: Path | str, *, durable: bool = True) -> None:
        """Open (and create when missing) the data folder ``root``.

        Args:
            root: the data folder.
            durable: fsync every write. Only bulk loads for benchmarks turn it off.
        """
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.shards = Shards(self.root, durable=durable)
        self.attempt_files = AttemptFiles(self.shards)
        self.rosters = Rosters(self.shards)
        self.content = ContentFile(self.shards, self.root / CONTENT)

    # content: see quiz.store.content_file ------------------------------
    def import_excerpts(self, excerpts: list[Excerpt]) -> ImportReport:
        return self.content.import_excerpts(excerpts)

    def excerpts(self) -> list[StoredExcerpt]:
        return self.content.latest()

    def excerpt(self, excerpt_id: str, version: int | None = None) -> StoredExcerpt:
        return self.content.get(excerpt_id, version)

    def save_draft(self, draft: ExcerptDraft) -> ExcerptDraft:
        return self.content.save_draft(draft)

    def drafts(self, author_id: str) -> list[ExcerptDraft]:
        return self.content.drafts(author_id)

    def publish_draft(self, excerpt_id: str, author_id: str) -> StoredExcerpt:
        return self.content.publish_draft(excerpt_id, author_id)

    def discard_draft(self, excerpt_id: str, author_id: str) -> None:
        self.content.discard_draft(excerpt_id, author_id)

    # teachers, their sessions, the setup code: see quiz.store.accounts (SchoolAccounts)

    # classes ------------------------------------------------------------
    def create_class(self, teacher_id: str, name: str) -> Classroom:
        with self._school_write() as db:
            if not db.table("teachers").contains(Query().id == teacher_id):
                raise NotFound(f"no teacher with id {teacher_id!r}: create the teacher first")
            taken = {d["code"] for d in db.table("classes").all()}
            code = _new_code(taken)
            classroom = Classroom(teacher_id=teacher_id, name=name.strip(), code=code)
            db.table("classes").insert(classroom.model_dump(mode="json"))
        return classroom

    def class_by_code(self, code: str) -> Classroom | None:
        doc = self._school().table("classes").get(Query().code == normalise_code(code))
        return None if doc is None else Classroom.model_validate(dict(doc))

    def classes_for(self, teacher_id: str) -> list[Classroom]:
        docs = self._school().table("classes").search(Query().teacher_id == teacher_id)
        return sorted((Classroom.model_validate(dict(d)) for d in docs), key=lambda c: c.created_at)

    def classes(self) -> list[Classroom]:
        """Every class of the school, oldest first."""
        docs = self._school().table("classes").all()
        return sorted((Classroom.model_validate(dict(d)) for d in docs), key=lambda c: c.created_at)

    def get_class(self, class_id: str) -> Classroom:
        doc = self._school().table("classes").get(Query().id == class_id)
        if doc is None:
            raise NotFound(f"no class with id {class_id!r} in {self.root / SCHOOL}")
        return Classroom.model_validate(dict(doc))

    def update_class(self, classroom: Classroom) -> Classroom:
        with self._school_write() as db:
            table = db.table("classes")
            old = table.get(Query().id == classroom.id)
            if old is not None and (old["code"], old["teacher_id"]) != (
                classroom.code,
                classroom.teacher_id,
            ):
                raise Conflict("a class keeps its join code and teacher: change name or archived")
            self._replace(table, "class", classroom.id, classroom.model_dump(mode="json"))
        return classroom

    # students -----------------------------------------------------------
    def join_class(self, code_or_class_id: str, nickname: str) -> Student:
        classroom = self.class_by_code(code_or_class_id)
        if classroom is None:
            try:
                classroom = self.get_class(code_or_class_id.strip())
            except NotFound:
                raise NotFound(
                    f"no class with join code {code_or_class_id!r}: check the code with "
                    "your teacher"
                ) from None
        if classroom.archived:
            raise Conflict(f"class {classroom.name!r} is archived and takes no new students")
        return self.rosters.add_student(
            self.rosters.path(classroom.id), classroom.id, nickname, unique=True
        )

    def add_learner(self, nickname: str) -> Student:
        return self.rosters.add_student(self.rosters.learners, None, nickname, unique=False)

    def reset_student_key(self, student_id: str) -> Student:
        _, path = self._find_student(student_id)
        return self.rosters.reset_key(student_id, path)

    def students_in(self, class_id: str) -> list[Student]:
        self.get_class(class_id)
        return self.rosters.students(self.rosters.path(class_id))

    def get_student(self, student_id: str) -> Student:
        return self._find_student(student_id)[0]

    def delete_student(self, student_id: str) -> None:
        self._find_student(student_id)
        with self.shards.locks.hold(student_lock(student_id)):
            # Attempts first: a crash in between leaves a student with no attempts.
            self.attempt_files.remove(student_id)
            _, path = self._find_student(student_id)
            self.rosters.remove_student(student_id, path)

    # assignments --------------------------------------------------------
    def add_assignment(self, assignment: Assignment) -> Assignment:
        self.get_class(assignment.class_id)
        for excerpt_id in assignment.excerpt_ids:
            self.excerpt(excerpt_id)
        return self.rosters.add_assignment(assignment)

    def update_assignment(self, assignment: Assignment) -> Assignment:
        stored = self.get_assignment(assignment.id)
        if stored.class_id != assignment.class_id:
            raise Conflict("an assignment cannot move to another class")
        for excerpt_id in assignment.excerpt_ids:
            self.excerpt(excerpt_id)
        return self.rosters.update_assignment(assignment)

    def assignments_for(self, class_id: str) -> list[Assignment]:
        self.get_class(class_id)
        return self.rosters.assignments(class_id)

    def get_assignment(self, assignment_id: str) -> Assignment:
        return self.rosters.find_assignment(assignment_id, [c.id for c in self.classes()])

    # attempts -----------------------------------------------------------
    def record_attempt(self, attempt: Attempt) -> Attempt:
        student = self.get_student(attempt.student_id)
        if attempt.class_id is not None and attempt.class_id != student.class_id:
            raise Conflict(
                f"attempt {attempt.id}: student {student.id} is not in class {attempt.class_id}"
            )
        self.content.require(attempt.excerpt_id, attempt.excerpt_version)
        if attempt.assignment_id is not None:
            # Look in the attempt's class only: a set task of another class is an error too.
            self.rosters.find_assignment(attempt.assignment_id, [str(attempt.class_id)])

        def still_enrolled() -> None:
            self.get_student(student.id)

        return self.attempt_files.record(attempt, still_enrolled)

    def attempts_for_student(self, student_id: str) -> list[Attempt]:
        return self.attempt_files.for_student(student_id)

    def attempts_for_class(self, class_id: str) -> list[Attempt]:
        found = [
            attempt
            for student in self.students_in(class_id)
            for attempt in self.attempt_files.for_student(student.id)
            if attempt.class_id == class_id
        ]
        return sorted(found, key=lambda a: a.submitted_at)

    def attempts_for_assignment(self, assignment_id: str) -> list[Attempt]:
        assignment = self.get_assignment(assignment_id)
        return [
            a
            for a in self.attempts_for_class(assignment.class_id)
            if a.assignment_id == assignment_id
        ]

    def iter_attempts(self) -> Iterator[Attempt]:
        return self.attempt_files.iter_all()

    # helpers (_school and _school_write: in SchoolAccounts) ----------------
    def _find_student(self, student_id: str) -> tuple[Student, Path]:
        return self.rosters.find_student(student_id, self._class_ids())

    def _class_ids(self) -> Iterator[str]:
        """Every class id, read lazily: from school.json or, when it is damaged, the rosters.

        A damaged school file must not lock out the self-guided learners (who
        are not in it) nor the students of classes whose files are whole.
        """
        try:
            classes = self.classes()
        except CorruptFile:
            yield from sorted(p.stem for p in (self.root / CLASSES_DIR).glob("*.json"))
            return
        yield from (c.id for c in classes)

    @staticmethod
    def _replace(table: Any, what: str, record_id: str, doc: dict[str, Any]) -> None:
        if not table.contains(Query().id == record_id):
            raise NotFound(f"no {what} with id {record_id!r}: add it before updating it")
        table.update(doc, Query().id == record_id)


def _new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if code not in taken:
            return code
