"""The records the store keeps, as pydantic models.

Records are frozen: to change one, ``model_copy(update=...)`` it and hand it to
the store's ``update_*`` method. Times are aware UTC datetimes; a naive time is
rejected because a school's server and its teachers may sit in different zones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from quiz.models import Category, Excerpt, Slug
from quiz.timefmt import DEFAULT_ZONE, is_zone


def new_id() -> str:
    """A fresh record id: 32 lower-case hex digits."""
    return uuid.uuid4().hex


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def _aware_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("needs a time zone (an aware datetime, e.g. datetime.now(UTC))")
    return value.astimezone(dt.UTC)


def _clean_nickname(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("a nickname needs at least one letter or digit")
    return value


UtcTime = Annotated[dt.datetime, AfterValidator(_aware_utc)]
RecordId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$", description="uuid4 hex")]
Nickname = Annotated[str, AfterValidator(_clean_nickname), Field(max_length=40)]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


def _known_zone(value: str) -> str:
    if not is_zone(value):
        raise ValueError(f"{value!r} is not a time zone: use an IANA name such as 'Europe/Paris'")
    return value


TimeZone = Annotated[str, AfterValidator(_known_zone)]


def nickname_key(nickname: str) -> str:
    """How nicknames compare: case and extra spaces do not make a new student."""
    return " ".join(nickname.split()).casefold()


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Teacher(_Record):
    """A teacher account. The store keeps the password hash, never the password.

    ``failed_logins`` counts sign-in tries since the last success (see
    :mod:`quiz.auth`); no try is checked before ``locked_until``.
    """

    id: RecordId = Field(default_factory=new_id)
    name: Name
    password_hash: str = Field(min_length=1, repr=False)
    failed_logins: int = Field(default=0, ge=0)
    locked_until: UtcTime | None = None
    created_at: UtcTime = Field(default_factory=utcnow)
    # The IANA zone the teacher reads times in; records from before the setting read as UTC.
    time_zone: TimeZone = DEFAULT_ZONE


class TeacherSession(_Record):
    """A signed-in browser. Its cookie holds a random token; ``id`` is the token's SHA-256.

    The store never holds the token itself, so a copy of the data folder (a
    backup, an export) signs nobody in.
    """

    id: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    teacher_id: RecordId
    created_at: UtcTime
    expires_at: UtcTime


JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud safely
JOIN_CODE_LENGTH = 6


def normalise_code(code: str) -> str:
    """A join code as typed ('ab3 k9x') in its stored form ('AB3K9X')."""
    return re.sub(r"[\s-]+", "", code).upper()


class Classroom(_Record):
    """A class a teacher runs; students join it with its code."""

    id: RecordId = Field(default_factory=new_id)
    teacher_id: RecordId
    name: Name
    code: Annotated[str, Field(pattern=rf"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$")]
    archived: bool = False
    created_at: UtcTime = Field(default_factory=utcnow)
    # Made by ``python -m quiz simulate``: its learners are not people, and their
    # answers never count towards a real excerpt's measured difficulty.
    simulated: bool = False


def new_key() -> str:
    """A fresh secret for a student's return link: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


class Student(_Record):
    """A learner known by a nickname only; ``class_id`` is None for self-guided practice.

    ``key`` is the secret of the student's return link (:attr:`link`); a teacher
    can reset it, which invalidates the old link. Students stored before keys
    existed were reached by their id alone: their key is their id until reset.
    """

    id: RecordId = Field(default_factory=new_id)
    nickname: Nickname
    class_id: RecordId | None = None
    joined_at: UtcTime = Field(default_factory=utcnow)
    key: str = Field(default_factory=new_key, min_length=16, max_length=64, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _legacy_key(cls, data: object) -> object:
        if isinstance(data, dict) and "key" not in data and "id" in data:
            return {**data, "key": data["id"]}
        return data

    @property
    def link(self) -> str:
        """What the page address holds to come back as this student: ``<id>.<key>``."""
        return f"{self.id}.{self.key}"

    def opens(self, link: str) -> bool:
        """Whether ``link`` (or a legacy bare-id link) is this student's current link."""
        student_id, _, key = link.partition(".")
        return hmac.compare_digest(student_id, self.id) and hmac.compare_digest(
            key or student_id, self.key
        )


class Assignment(_Record):
    """Excerpts a teacher sets for a class."""

    id: RecordId = Field(default_factory=new_id)
    class_id: RecordId
    title: Name
    excerpt_ids: list[Slug] = Field(min_length=1)
    categories: list[Category] | None = Field(
        default=None, description="None: each excerpt's own categories"
    )
    due: UtcTime | None = None
    feedback: Literal["immediate", "after_due"] = "immediate"
    kind: Literal["regular", "pre_test", "post_test", "retention_test"] = "regular"
    created_at: UtcTime = Field(default_factory=utcnow)
    opens_at: UtcTime | None = Field(
        default=None, description="students see it from this time on; None: at once"
    )
    closed: bool = Field(default=False, description="closed by the teacher: takes no answers")
    deleted_at: UtcTime | None = Field(
        default=None, description="deleted by the teacher: hidden, its answers kept"
    )

    def open_at(self, now: dt.datetime) -> bool:
        """Whether students may see and answer it at ``now`` (closing aside)."""
        return self.opens_at is None or now >= self.opens_at

    def same_work(self, other: Assignment) -> bool:
        """Whether ``other`` sets the same work (a double submit of the same form)."""
        fields = ("class_id", "title", "excerpt_ids", "categories", "due", "feedback", "kind",
                  "opens_at")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


class Figures(_Record):
    """Precision, recall and F1 of one category, computed on characters (the span metric),
    and the F1 of the skill estimate where disputed spans weigh less
    (:func:`quiz.learning.skill_f1`; None, and not stored, when it is the same)."""

    precision: Fraction
    recall: Fraction
    f1: Fraction
    skill_f1: Fraction | None = Field(default=None, exclude_if=lambda value: value is None)


class Attempt(_Record):
    """One submitted answer to one excerpt, with the figures the caller computed."""

    id: RecordId = Field(default_factory=new_id)
    student_id: RecordId
    class_id: RecordId | None = None
    assignment_id: RecordId | None = None
    excerpt_id: Slug
    excerpt_version: int = Field(ge=1)
    categories: list[Category] = Field(min_length=1)
    selections: dict[Category, list[tuple[int, int]]] = Field(default_factory=dict)
    figures: dict[Category, Figures] = Field(default_factory=dict)
    score: float = Field(ge=0.0, le=100.0)
    submitted_at: UtcTime = Field(default_factory=utcnow)
    seconds_taken: float | None = Field(default=None, ge=0.0)
    mode: Literal["practice", "class"] = "practice"

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.mode == "class") != (self.class_id is not None):
            raise ValueError("mode 'class' needs a class_id and mode 'practice' must not have one")
        if self.assignment_id is not None and self.mode != "class":
            raise ValueError("an assignment_id belongs to a class attempt (mode 'class')")
        extra = (set(self.selections) | set(self.figures)) - set(self.categories)
        if extra:
            names = ", ".join(sorted(c.value for c in extra))
            raise ValueError(f"selections/figures name categories not asked: {names}")
        for category, ranges in self.selections.items():
            for start, end in ranges:
                if not 0 <= start < end:
                    raise ValueError(
                        f"selection [{start}, {end}) of {category.value} needs 0 <= start < end"
                    )
        return self


def content_hash(excerpt: Excerpt) -> str:
    """A hash of everything an excerpt says: equal hashes, same answer key."""
    canonical = json.dumps(
        excerpt.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class StoredExcerpt(_Record):
    """One published version of an excerpt; attempts name the version they were scored on.

    Every stored version is published: learners practise on it and teachers set
    it. A teacher's unpublished work is an :class:`ExcerptDraft`, kept apart.
    """

    excerpt: Excerpt
    version: int = Field(ge=1)
    content_hash: str
    imported_at: UtcTime = Field(default_factory=utcnow)

    @property
    def id(self) -> str:
        return self.excerpt.id


class ExcerptDraft(_Record):
    """An excerpt a teacher saved and has not published: only its author sees it.

    A draft is no version: practice and assignments never see it. Publishing
    makes it the excerpt's next version (:meth:`quiz.storage.Store.publish_draft`);
    an author has at most one draft per excerpt id, and an id is one author's.
    """

    excerpt: Excerpt
    author_id: RecordId
    saved_at: UtcTime = Field(default_factory=utcnow)

    @property
    def id(self) -> str:
        return self.excerpt.id


@dataclass
class ImportReport:
    """What :meth:`Store.import_excerpts` did, excerpt ids per outcome."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated to a new version, "
            f"{len(self.unchanged)} unchanged"
        )
