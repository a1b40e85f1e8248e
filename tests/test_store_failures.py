"""The store and the reports under damage and load: what one bad file may take down (issue 12).

Real data folders, real files damaged on disk; the trash bound is measured on
the folder itself while a real store writes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from bench.loadtest import sample_attempt, sample_excerpt
from quiz.records import Classroom, Student
from quiz.reports import class_report
from quiz.storage import CorruptFile
from quiz.store import TinyDBStore
from quiz.store.atomic import load


@pytest.fixture
def school(tmp_path: Path) -> tuple[TinyDBStore, Classroom, Student, Student]:
    store = TinyDBStore(tmp_path / "data")
    store.import_excerpts([sample_excerpt()])
    teacher = store.add_teacher("Ms Rivera", "$argon2id$not-a-real-hash")
    room = store.create_class(teacher.id, "8A")
    ana, ben = store.join_class(room.code, "Ana"), store.join_class(room.code, "Ben")
    for student in (ana, ana, ben):
        store.record_attempt(sample_attempt(student.id, room.id))
    return store, room, ana, ben


def damage(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def test_a_damaged_attempt_file_leaves_the_rest_of_the_class_report(
    school: tuple[TinyDBStore, Classroom, Student, Student],
) -> None:
    store, room, ana, _ = school
    damage(store.root / "attempts" / ana.id / "00000.json")
    report = class_report(store, room.id)
    assert report.unreadable == (ana.id,)
    rows = {r.nickname: r for r in report.students}
    assert (rows["Ana"].readable, rows["Ana"].attempts) == (False, 0)
    assert (rows["Ben"].readable, rows["Ben"].attempts) == (True, 1)
    assert [g.score for g in report.grades] == []  # no assignment: nothing to grade
    assert report.items and report.items[0].students == 1  # Ben's answer still counts


def test_a_student_with_a_damaged_attempt_file_can_be_deleted(
    school: tuple[TinyDBStore, Classroom, Student, Student],
) -> None:
    store, room, ana, ben = school
    damage(store.root / "attempts" / ana.id / "00000.json")
    store.delete_student(ana.id)
    assert [s.id for s in store.students_in(room.id)] == [ben.id]
    assert not (store.root / "attempts" / ana.id).exists()


def test_a_damaged_school_file_does_not_lock_out_learners_or_class_students(
    school: tuple[TinyDBStore, Classroom, Student, Student],
) -> None:
    store, room, ana, _ = school
    solo = store.add_learner("Solo")
    damage(store.root / "school.json")
    fresh = TinyDBStore(store.root)  # a restarted app: nothing remembered of where anyone is
    assert fresh.get_student(solo.id).nickname == "Solo"
    fresh.record_attempt(sample_attempt(solo.id, None))
    assert fresh.get_student(ana.id).class_id == room.id
    with pytest.raises(CorruptFile, match=r"school\.json"):
        fresh.classes()


def test_a_deeply_nested_data_file_is_a_corrupt_file_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "school.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(CorruptFile, match="nested too deeply"):
        load(path, cached=False)


def live_bytes(root: Path) -> int:
    """Bytes of the data files (the hidden .trash and .locks left out)."""
    return sum(
        p.stat().st_size for p in root.rglob("*")
        if p.is_file() and not p.relative_to(root).parts[0].startswith(".")
    )


def trash(root: Path) -> tuple[int, int]:
    """(files, bytes) in the trash folder."""
    sizes = []
    for entry in os.scandir(root / ".trash"):
        with contextlib.suppress(FileNotFoundError):  # swept meanwhile
            sizes.append(entry.stat().st_size)
    return len(sizes), sum(sizes)


def test_the_trash_never_grows_past_the_live_data(tmp_path: Path) -> None:
    # Unsynced writes are fast: hundreds of versions land between two sweeps of
    # the background sweeper, which alone let the trash reach many times the data.
    store = TinyDBStore(tmp_path / "data", durable=False)
    store.import_excerpts([sample_excerpt()])
    teacher = store.add_teacher("Ms Rivera", "$argon2id$not-a-real-hash")
    room = store.create_class(teacher.id, "8A")
    students = [store.join_class(room.code, f"student {n}") for n in range(20)]
    live = live_bytes(store.root)
    for n in range(600):
        store.record_attempt(sample_attempt(students[n % 20].id, room.id))
        if n % 50 == 0:
            live = live_bytes(store.root)  # only grows: a stale figure is the stricter bound
        files, size = trash(store.root)
        assert size <= max(live, 64 * 1024), (n, files, size, live)
        assert files <= 100, (n, files, size, live)
