"""The store interface: what the app keeps, named after the domain.

Pages, reports and the command line depend on :class:`Store` only, so a second
backend (SQLite, say) can be added without touching them. Every implementation
must be safe to share between the threads of one process and between
processes using the same data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from quiz.models import Excerpt
from quiz.store.records import (
    Assignment,
    Attempt,
    Classroom,
    ImportReport,
    StoredExcerpt,
    Student,
    Teacher,
)


@runtime_checkable
class Store(Protocol):
    """Everything the app keeps. Unknown ids raise :class:`~quiz.store.errors.NotFound`."""

    # content: the excerpts and their answer keys, versioned
    def import_excerpts(self, excerpts: list[Excerpt]) -> ImportReport:
        """Add new excerpts, give changed ones a new version, leave the rest (idempotent)."""
        ...

    def excerpts(self) -> list[StoredExcerpt]:
        """The latest version of every excerpt, by id."""
        ...

    def excerpt(self, excerpt_id: str, version: int | None = None) -> StoredExcerpt:
        """One excerpt at ``version`` (the latest when None)."""
        ...

    # teachers
    def add_teacher(self, name: str, password_hash: str) -> Teacher:
        """A new teacher; :class:`~quiz.store.errors.Conflict` when the name is taken."""
        ...

    def teacher_by_name(self, name: str) -> Teacher | None:
        """The teacher with this name (case-insensitive), or None."""
        ...

    def update_teacher(self, teacher: Teacher) -> Teacher:
        """Save a changed teacher (failed logins, lock-out time, new hash)."""
        ...

    def teachers(self) -> list[Teacher]:
        """All teachers, by name."""
        ...

    # classes
    def create_class(self, teacher_id: str, name: str) -> Classroom:
        """A new class with a fresh, unique join code."""
        ...

    def class_by_code(self, code: str) -> Classroom | None:
        """The class with this join code (case and spaces ignored), or None."""
        ...

    def classes_for(self, teacher_id: str) -> list[Classroom]:
        """A teacher's classes, oldest first."""
        ...

    def classes(self) -> list[Classroom]:
        """Every class of the school, oldest first."""
        ...

    def get_class(self, class_id: str) -> Classroom:
        """One class by id."""
        ...

    def update_class(self, classroom: Classroom) -> Classroom:
        """Save a renamed or archived class (its code and teacher cannot change)."""
        ...

    # students
    def join_class(self, code_or_class_id: str, nickname: str) -> Student:
        """Join a class; the same nickname again returns the same student."""
        ...

    def add_learner(self, nickname: str) -> Student:
        """A self-guided learner, in no class."""
        ...

    def students_in(self, class_id: str) -> list[Student]:
        """A class's students, in joining order."""
        ...

    def get_student(self, student_id: str) -> Student:
        """One student by id."""
        ...

    def delete_student(self, student_id: str) -> None:
        """Remove a student and every attempt of theirs."""
        ...

    # assignments
    def add_assignment(self, assignment: Assignment) -> Assignment:
        """Set excerpts for a class; the excerpts must have been imported."""
        ...

    def assignments_for(self, class_id: str) -> list[Assignment]:
        """A class's assignments, oldest first."""
        ...

    def get_assignment(self, assignment_id: str) -> Assignment:
        """One assignment by id."""
        ...

    # attempts
    def record_attempt(self, attempt: Attempt) -> Attempt:
        """Save an attempt durably; the same id again is a no-op returning the stored one."""
        ...

    def attempts_for_student(self, student_id: str) -> list[Attempt]:
        """A student's attempts, oldest first."""
        ...

    def attempts_for_class(self, class_id: str) -> list[Attempt]:
        """The class attempts (mode 'class') of a class's students, oldest first."""
        ...

    def attempts_for_assignment(self, assignment_id: str) -> list[Attempt]:
        """The attempts made for one assignment, oldest first."""
        ...

    def iter_attempts(self) -> Iterator[Attempt]:
        """Every attempt in the store, student by student (for exports)."""
        ...
