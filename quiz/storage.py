"""The store interface: what the app keeps, named after the domain, and its errors.

The use cases, reports and the command line depend on :class:`Store` only, so a second
backend (SQLite, say) can be added without touching them. Every implementation
must be safe to share between the threads of one process and between
processes using the same data folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from quiz.content import load_content
from quiz.models import Excerpt
from quiz.records import (
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
    """Everything the app keeps. Unknown ids raise :class:`~quiz.storage.NotFound`."""

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
        """A new teacher; :class:`~quiz.storage.Conflict` when the name is taken."""
        ...

    def teacher_by_name(self, name: str) -> Teacher | None:
        """The teacher with this name (case-insensitive), or None."""
        ...

    def update_teacher(self, teacher: Teacher) -> Teacher:
        """Save a changed teacher (failed logins, lock-out time, new hash)."""
        ...

    def change_teacher(self, teacher_id: str, change: Callable[[Teacher], Teacher]) -> Teacher:
        """Read, change and save one teacher atomically (under the store's write lock).

        ``change`` gets the current record and returns the new one; it must be quick
        (no password hashing inside). Parallel changes never overwrite each other.
        """
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
        """Join a class as a new student.

        A nickname already taken in the class (case and extra spaces ignored)
        raises :class:`NicknameTaken`: the same name is not the same person.
        """
        ...

    def reset_student_key(self, student_id: str) -> Student:
        """Give a student a new link key; the old link stops working."""
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


class StoreError(Exception):
    """Base class of every store error."""


class NotFound(StoreError, KeyError):
    """A record asked for by id, code or name does not exist."""

    def __str__(self) -> str:
        # KeyError would print the message with quotes around it.
        return str(self.args[0]) if self.args else "not found"


class Conflict(StoreError, ValueError):
    """A change would break a rule of the store (a taken name, an archived class)."""


class NicknameTaken(Conflict):
    """Another student of the class has this nickname."""


class CorruptFile(StoreError):
    """A data file cannot be read; the store refuses to overwrite it."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path}: {reason}. The store will not overwrite it. Hint: restore the file from "
            "a backup (python -m quiz db backup) or move it aside, then run "
            "python -m quiz db check --data <folder>"
        )


class SchemaTooNew(StoreError):
    """A file was written by a newer version of the app."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path}: schema version {found} is newer than this app supports ({supported}). "
            "Hint: upgrade the app before opening this data folder"
        )


def import_content(store: Store, paths: Iterable[Path]) -> ImportReport:
    """Validate content files and load them into the store.

    Raises:
        quiz.content.ContentInvalid: with every problem when a file is bad;
            nothing is imported then.
    """
    return store.import_excerpts(load_content(paths))


def ensure_content(store: Store, paths: Iterable[Path]) -> ImportReport | None:
    """Import ``paths`` on first run (when the store holds no excerpt yet)."""
    if store.excerpts():
        return None
    return import_content(store, paths)
