"""Attempts, sharded per student into chunks of bounded size.

Recording an answer rewrites one small file: the student's newest chunk, which
holds at most :data:`CHUNK_SIZE` attempts. The cost of a write therefore does
not grow with the school's history, nor even with one student's; full chunks
are never written again. A class report reads the chunks of its students only.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from tinydb import Query, TinyDB

from quiz.records import Attempt
from quiz.store.shards import Shards

ATTEMPTS_DIR = "attempts"
ATTEMPTS_TABLE = "attempts"
CHUNK_SIZE = 50
# The newest chunk carries the first PREFIX hex digits of every earlier attempt
# id, so a duplicate id is caught without reading the full chunks (a write
# reads one file, however long the student's history).
EARLIER_TABLE = "earlier"
PREFIX = 8
DELETED_PREFIX = ".deleted-"


def student_lock(student_id: str) -> str:
    """The lock that guards a student's attempt files."""
    return f"student-{student_id}"


def chunk_name(number: int) -> str:
    """The file name of a student's chunk ``number`` (0-based)."""
    return f"{number:05d}.json"


class AttemptFiles:
    """The ``attempts/<student_id>/<chunk>.json`` files of a data folder."""

    def __init__(self, shards: Shards) -> None:
        self.shards = shards
        self.folder = shards.root / ATTEMPTS_DIR

    def record(self, attempt: Attempt, student_exists: Callable[[], None]) -> Attempt:
        """Append ``attempt`` to its student's newest chunk (idempotent on the id).

        Args:
            attempt: the attempt to save.
            student_exists: raises when the student is gone; called inside the
                student's lock so a concurrent deletion cannot be missed.

        Returns:
            The stored attempt: ``attempt``, or the one saved earlier with its id.
        """
        with self.shards.locks.hold(student_lock(attempt.student_id)):
            student_exists()
            chunks = self.chunks(attempt.student_id)
            target = chunks[-1] if chunks else self._chunk(attempt.student_id, 0)
            with self.shards.edit(target, "attempts") as db:
                table = db.table(ATTEMPTS_TABLE)
                earlier_doc = table.get(Query().id == attempt.id)
                if earlier_doc is not None:
                    return Attempt.model_validate(dict(earlier_doc))
                earlier = _earlier_prefixes(db)
                # A prefix hit may be a coincidence: only the full chunks can say.
                if attempt.id[:PREFIX] in earlier:
                    found = self._search(chunks[:-1], attempt.id)
                    if found is not None:
                        return found
                if len(table) < CHUNK_SIZE:
                    table.insert(attempt.model_dump(mode="json"))
                    return attempt
                earlier += "".join(str(doc["id"])[:PREFIX] for doc in table.all())
            new_chunk = self._chunk(attempt.student_id, len(chunks))
            with self.shards.edit(new_chunk, "attempts") as db:
                db.table(EARLIER_TABLE).insert({"id_prefixes": earlier})
                db.table(ATTEMPTS_TABLE).insert(attempt.model_dump(mode="json"))
            return attempt

    def chunks(self, student_id: str) -> list[Path]:
        """A student's chunk files, oldest first."""
        return sorted(self.folder.joinpath(student_id).glob("[0-9]*.json"))

    def for_student(self, student_id: str) -> list[Attempt]:
        """A student's attempts, oldest first."""
        attempts = [
            Attempt.model_validate(dict(doc))
            for chunk in self.chunks(student_id)
            for doc in self.shards.read(chunk, "attempts").table(ATTEMPTS_TABLE).all()
        ]
        attempts.sort(key=lambda a: a.submitted_at)
        return attempts

    def student_ids(self) -> list[str]:
        """Students with an attempt folder (deleted ones excluded)."""
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.is_dir() and p.name[0] != ".")

    def iter_all(self) -> Iterator[Attempt]:
        """Every attempt, student by student."""
        for student_id in self.student_ids():
            yield from self.for_student(student_id)

    def remove(self, student_id: str) -> None:
        """Delete a student's attempts; call inside the student's lock."""
        folder = self.folder / student_id
        if not folder.exists():
            return
        # The rename makes every attempt vanish at once; a crash before the
        # rmtree finishes leaves a hidden folder that purge_deleted() removes.
        doomed = self.folder / f"{DELETED_PREFIX}{student_id}-{uuid.uuid4().hex[:8]}"
        folder.rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    def purge_deleted(self) -> list[Path]:
        """Remove folders a crashed deletion left behind."""
        if not self.folder.is_dir():
            return []
        leftovers = [p for p in self.folder.iterdir() if p.name.startswith(DELETED_PREFIX)]
        for folder in leftovers:
            shutil.rmtree(folder, ignore_errors=True)
        return leftovers

    def _search(self, chunks: list[Path], attempt_id: str) -> Attempt | None:
        for chunk in chunks:
            doc = (
                self.shards.read(chunk, "attempts")
                .table(ATTEMPTS_TABLE)
                .get(Query().id == attempt_id)
            )
            if doc is not None:
                return Attempt.model_validate(dict(doc))
        return None

    def _chunk(self, student_id: str, number: int) -> Path:
        return self.folder / student_id / chunk_name(number)


def _earlier_prefixes(db: TinyDB) -> str:
    doc = db.table(EARLIER_TABLE).get(doc_id=1)
    return "" if doc is None else str(doc["id_prefixes"])
