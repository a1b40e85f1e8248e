"""Class files (``classes/<class_id>.json``: students and assignments) and ``learners.json``.

Attempts do not name the file their student sits in, so a lookup by student id
goes through a map of where each student was seen; a miss rebuilds it from every
roster at once (a student who joined in another process), so a busy process
reads one small roster per lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from tinydb import Query

from quiz.records import Assignment, Student, new_key, nickname_key
from quiz.storage import Conflict, CorruptFile, NicknameTaken, NotFound, TitleTaken
from quiz.store.shards import Shards

LEARNERS, CLASSES_DIR = "learners.json", "classes"


def roster_lock(path: Path) -> str:
    """The lock of a roster file: learners.json or classes/<id>.json."""
    return "learners" if path.name == LEARNERS else f"class-{path.stem}"


class Rosters:
    """Students and assignments, one file per class plus one for self-guided learners."""

    def __init__(self, shards: Shards) -> None:
        self.shards = shards
        self.learners = shards.root / LEARNERS
        self._home: dict[str, Path] = {}  # where each student was last seen
        self._guard = threading.Lock()

    def path(self, class_id: str) -> Path:
        """The roster file of a class."""
        return self.shards.root / CLASSES_DIR / f"{class_id}.json"

    def add_student(
        self, path: Path, class_id: str | None, nickname: str, unique: bool
    ) -> Student:
        """Add a student to a roster; with ``unique``, a taken nickname raises NicknameTaken."""
        student = Student(nickname=nickname, class_id=class_id)
        with self.shards.write(path, roster_lock(path), "class") as db:
            table = db.table("students")
            wanted = nickname_key(student.nickname)
            if unique and any(nickname_key(d["nickname"]) == wanted for d in table.all()):
                raise NicknameTaken(
                    f"the nickname {student.nickname!r} is taken in this class"
                )
            table.insert(student.model_dump(mode="json"))
        with self._guard:
            self._home[student.id] = path
        return student

    def students(self, path: Path) -> list[Student]:
        """A roster's students, in joining order."""
        docs = self.shards.read(path, "class").table("students").all()
        return [Student.model_validate(dict(d)) for d in docs]

    def find_student(self, student_id: str, class_ids: Iterable[str]) -> tuple[Student, Path]:
        """A student and the roster holding them.

        Raises:
            NotFound: in no roster.
            CorruptFile: not found, and a roster that might hold them is broken.
        """
        for path in self._homes(student_id, class_ids):
            doc = self.shards.read(path, "class").table("students").get(Query().id == student_id)
            if doc is not None:
                with self._guard:
                    self._home[student_id] = path
                return Student.model_validate(dict(doc)), path
        raise NotFound(f"no student with id {student_id!r}: they may have been deleted")

    def reset_key(self, student_id: str, path: Path) -> Student:
        """Give a student a fresh link key (under the roster's lock)."""
        with self.shards.write(path, roster_lock(path), "class") as db:
            table = db.table("students")
            doc = table.get(Query().id == student_id)
            if doc is None:
                raise NotFound(f"no student with id {student_id!r}: they may have been deleted")
            student = Student.model_validate(dict(doc)).model_copy(update={"key": new_key()})
            table.update(student.model_dump(mode="json"), Query().id == student_id)
        return student

    def remove_student(self, student_id: str, path: Path) -> None:
        """Take a student off a roster (their attempts are the caller's business)."""
        with self.shards.write(path, roster_lock(path), "class") as db:
            db.table("students").remove(Query().id == student_id)
        with self._guard:
            self._home.pop(student_id, None)

    def add_assignment(self, assignment: Assignment) -> Assignment:
        """Save a new assignment in its class file; the same work again returns the stored one.

        Raises:
            TitleTaken: another assignment of the class (not deleted) has the title.
        """
        path = self.path(assignment.class_id)
        with self.shards.write(path, roster_lock(path), "class") as db:
            table = db.table("assignments")
            if table.contains(Query().id == assignment.id):
                raise Conflict(f"assignment {assignment.id} exists already")
            wanted = assignment.title.casefold()
            for doc in table.all():
                other = Assignment.model_validate(dict(doc))
                if other.deleted_at is None and other.title.casefold() == wanted:
                    if other.same_work(assignment):
                        return other
                    raise TitleTaken(
                        f"an assignment called {other.title!r} exists in this class"
                    )
            table.insert(assignment.model_dump(mode="json"))
        return assignment

    def update_assignment(self, assignment: Assignment) -> Assignment:
        """Replace an assignment in its class file (titles stay unique among live ones)."""
        path = self.path(assignment.class_id)
        with self.shards.write(path, roster_lock(path), "class") as db:
            table = db.table("assignments")
            if not table.contains(Query().id == assignment.id):
                raise NotFound(f"no assignment with id {assignment.id!r} in this class")
            if assignment.deleted_at is None:
                for doc in table.all():
                    other = Assignment.model_validate(dict(doc))
                    if (other.id != assignment.id and other.deleted_at is None
                            and other.title.casefold() == assignment.title.casefold()):
                        raise TitleTaken(
                            f"an assignment called {other.title!r} exists in this class"
                        )
            table.update(assignment.model_dump(mode="json"), Query().id == assignment.id)
        return assignment

    def assignments(self, class_id: str) -> list[Assignment]:
        """A class's assignments, oldest first."""
        docs = self.shards.read(self.path(class_id), "class").table("assignments").all()
        return sorted(
            (Assignment.model_validate(dict(d)) for d in docs), key=lambda a: a.created_at
        )

    def find_assignment(self, assignment_id: str, class_ids: list[str]) -> Assignment:
        """An assignment from one of the given classes."""
        for class_id in class_ids:
            db = self.shards.read(self.path(class_id), "class")
            doc = db.table("assignments").get(Query().id == assignment_id)
            if doc is not None:
                return Assignment.model_validate(dict(doc))
        where = "" if len(class_ids) != 1 else f" in class {class_ids[0]}"
        raise NotFound(f"no assignment with id {assignment_id!r}{where}")

    def _homes(self, student_id: str, class_ids: Iterable[str]) -> Iterator[Path]:
        with self._guard:
            home = self._home.get(student_id)
        if home is not None:
            yield home
        # A miss maps every roster at once, so the next lookups cost one read.
        homes: dict[str, Path] = {}
        broken: list[CorruptFile] = []
        for path in [self.learners, *(self.path(c) for c in class_ids)]:
            try:
                docs = self.shards.read(path, "class").table("students").all()
            except CorruptFile as exc:
                broken.append(exc)  # one bad class must not stop the others
                continue
            homes.update((str(doc["id"]), path) for doc in docs)
        with self._guard:
            self._home.update(homes)
        if student_id in homes and homes[student_id] != home:
            yield homes[student_id]
        elif broken and student_id not in homes:
            raise broken[0]  # the student may be in the broken file: say so
