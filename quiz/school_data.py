"""Everything a school keeps, as records: what ``db copy`` moves from one backend to another.

Each backend can hand its school over as a :class:`SchoolData` and take one
into an empty store, ids, join codes, password hashes, excerpt versions and
all, so moving a school from a data folder to PostgreSQL (or back) loses
nothing and renames nothing. The attempts are an iterable, read as they are
written: a school's history need not fit in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from quiz.records import (
    Assignment,
    Attempt,
    Classroom,
    ExcerptDraft,
    StoredExcerpt,
    Student,
    Teacher,
    TeacherSession,
)


@dataclass
class SchoolData:
    """A whole school; ``students`` in joining order (self-guided learners included)."""

    teachers: list[Teacher] = field(default_factory=list)
    sessions: list[TeacherSession] = field(default_factory=list)
    setup_code: str | None = None
    excerpts: list[StoredExcerpt] = field(default_factory=list)  # every version
    drafts: list[ExcerptDraft] = field(default_factory=list)
    classes: list[Classroom] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    attempts: Iterable[Attempt] = ()  # student by student, oldest first


@dataclass
class Copied:
    """How many records of each kind a copy wrote."""

    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{n:,} {kind}" for kind, n in self.counts.items())
