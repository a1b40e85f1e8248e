"""The store interface: what the app keeps, named after the domain, and its errors.

The use cases, reports and the command line depend on :class:`Store` only, so a second
backend (PostgreSQL: :mod:`quiz.store_pg`) was added without touching them. Every implementation
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
    ExcerptDraft,
    ImportReport,
    StoredExcerpt,
    Student,
    Teacher,
    TeacherSession,
)


@runtime_checkable
class Store(Protocol):
    """Everything the app keeps. Unknown ids raise :class:`~quiz.storage.NotFound`."""

    # content: the published excerpts and their answer keys, versioned; teachers' drafts
    def import_excerpts(self, excerpts: list[Excerpt]) -> ImportReport:
        """Add new excerpts, give changed ones a new version, leave the rest (idempotent).

        What is imported is published: the bundled content, ``content import``.
        """
        ...

    def excerpts(self) -> list[StoredExcerpt]:
        """The latest version of every published excerpt, by id (never a draft)."""
        ...

    def excerpt(self, excerpt_id: str, version: int | None = None) -> StoredExcerpt:
        """One published excerpt at ``version`` (the latest when None)."""
        ...

    def save_draft(self, draft: ExcerptDraft) -> ExcerptDraft:
        """Keep a teacher's unpublished excerpt, replacing their earlier draft of the same id.

        :class:`~quiz.storage.Conflict` when another teacher has a draft with this id.
        """
        ...

    def drafts(self, author_id: str) -> list[ExcerptDraft]:
        """A teacher's drafts, by id."""
        ...

    def publish_draft(self, excerpt_id: str, author_id: str) -> StoredExcerpt:
        """Make a teacher's draft the excerpt's next version and drop the draft (atomic).

        A draft equal to the latest version only drops the draft. NotFound when
        the teacher has no draft with this id.
        """
        ...

    def discard_draft(self, excerpt_id: str, author_id: str) -> None:
        """Drop a teacher's draft (NotFound when there is none); published versions stay."""
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

    def add_first_teacher(self, name: str, password_hash: str) -> Teacher:
        """The first teacher; :class:`~quiz.storage.Conflict` when any teacher exists (atomic)."""
        ...

    def remove_teacher(self, teacher_id: str, heir_id: str | None = None) -> list[Classroom]:
        """Remove a teacher and their sessions; their classes go to ``heir_id`` (atomic).

        :class:`~quiz.storage.Conflict` when the teacher has classes and no heir is given.
        Returns the classes handed over.
        """
        ...

    # teacher sessions (ids are hashes of the cookie tokens) and the first-run setup code
    def add_session(self, session: TeacherSession) -> TeacherSession:
        """Keep a new session; sessions expired by its ``created_at`` are dropped."""
        ...

    def session(self, session_id: str) -> TeacherSession | None:
        """The session with this id, or None."""
        ...

    def remove_sessions(self, *, session_id: str = "", teacher_id: str = "") -> int:
        """Remove the session with this id, or every session of this teacher; how many."""
        ...

    def setup_code(self) -> str | None:
        """The first-run setup code kept in the data folder, or None."""
        ...

    def new_setup_code(self, code: str) -> str | None:
        """Keep ``code`` unless a code is kept already; None (and no code) once a teacher exists.

        Atomic with adding a teacher: adding any teacher deletes the code.
        """
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
        """Set excerpts for a class; the excerpts must have been imported.

        Titles are unique among a class's assignments that are not deleted (case
        ignored): another one raises :class:`TitleTaken`, but the same work sent
        again (a double click) returns the stored assignment.
        """
        ...

    def update_assignment(self, assignment: Assignment) -> Assignment:
        """Save an edited, closed or deleted assignment (same id, class and excerpts check)."""
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


class TitleTaken(Conflict):
    """Another assignment of the class has this title."""


class Unavailable(StoreError):
    """The database cannot be reached (or its URL is wrong): one line naming the host,
    never the password. Safe to retry: recording an attempt is idempotent by id."""


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
