"""Teacher use cases against a real TinyDB store: sign-in, classes, assignments, students."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quiz.auth import LOCKOUT, MAX_FAILURES, Outcome, hash_password
from quiz.records import Teacher
from quiz.storage import Store
from quiz.store import open_store
from quiz.usecases import Refused, teachers

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
HASH = hash_password(PASSWORD)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


@pytest.fixture
def rivera(store: Store) -> Teacher:
    return store.add_teacher("Ms Rivera", HASH)


def test_right_password_signs_in_and_clears_failures(store: Store, rivera: Teacher) -> None:
    store.change_teacher(rivera.id, lambda t: t.model_copy(update={"failed_logins": 3}))
    result = teachers.sign_in(store, " ms rivera ", PASSWORD, NOW)
    assert result.outcome is Outcome.OK
    assert store.teachers()[0].failed_logins == 0


def test_wrong_password_and_unknown_name_get_the_same_answer(
    store: Store, rivera: Teacher
) -> None:
    wrong = teachers.sign_in(store, "Ms Rivera", "nope", NOW)
    unknown = teachers.sign_in(store, "Mr Nobody", "nope", NOW)
    assert wrong.outcome is unknown.outcome is Outcome.WRONG
    assert wrong.message == unknown.message
    assert store.teachers()[0].failed_logins == 1


def test_lock_out_after_repeated_failures_then_the_lock_passes(
    store: Store, rivera: Teacher
) -> None:
    outcomes = [teachers.sign_in(store, "Ms Rivera", "wrong", NOW).outcome
                for _ in range(MAX_FAILURES)]
    assert outcomes == [Outcome.WRONG] * (MAX_FAILURES - 1) + [Outcome.LOCKED]
    locked = teachers.sign_in(store, "Ms Rivera", PASSWORD, NOW + dt.timedelta(minutes=1))
    assert locked.outcome is Outcome.LOCKED and "14 more minute" in locked.message
    assert teachers.sign_in(store, "Ms Rivera", PASSWORD, NOW + LOCKOUT).outcome is Outcome.OK


def test_parallel_wrong_passwords_are_each_counted(store: Store, rivera: Teacher) -> None:
    # The attack: guesses sent from parallel sessions. Before the counter moved into
    # the store, each guess read the record, ran the ~100 ms hash check and wrote
    # the whole record back, so parallel guesses overwrote each other's count.
    guesses = MAX_FAILURES - 1
    with ThreadPoolExecutor(guesses) as pool:
        results = list(pool.map(
            lambda i: teachers.sign_in(store, "Ms Rivera", f"guess {i}", NOW), range(guesses)
        ))
    assert all(r.outcome is Outcome.WRONG for r in results)
    assert store.teachers()[0].failed_logins == guesses
    assert teachers.sign_in(store, "Ms Rivera", "one more", NOW).outcome is Outcome.LOCKED


def test_change_teacher_is_atomic_under_twenty_threads(store: Store, rivera: Teacher) -> None:
    def bump(teacher: Teacher) -> Teacher:
        return teacher.model_copy(update={"failed_logins": teacher.failed_logins + 1})

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(lambda _: store.change_teacher(rivera.id, bump), range(20)))
    assert store.teachers()[0].failed_logins == 20


def test_first_teacher_only_once_and_with_a_checked_password(store: Store) -> None:
    with pytest.raises(Refused, match="at least"):
        teachers.create_first_teacher(store, "Ms Rivera", "short", "short")
    with pytest.raises(Refused, match="different"):
        teachers.create_first_teacher(store, "Ms Rivera", PASSWORD, PASSWORD + "!")
    teachers.create_first_teacher(store, "Ms Rivera", PASSWORD, PASSWORD)
    with pytest.raises(Refused, match="exists already"):
        teachers.create_first_teacher(store, "Mr Kahn", PASSWORD, PASSWORD)


def test_a_teacher_cannot_touch_another_teachers_class_or_students(
    store: Store, rivera: Teacher
) -> None:
    kahn = store.add_teacher("Mr Kahn", HASH)
    room = teachers.create_class(store, rivera, "8B")
    student = store.join_class(room.id, "alice")
    with pytest.raises(Refused, match="another teacher"):
        teachers.rename_class(store, kahn, room.id, "mine now")
    with pytest.raises(Refused, match="another teacher"):
        teachers.delete_student(store, kahn, student.id, "alice")
    with pytest.raises(Refused, match="another teacher"):
        teachers.set_assignment(
            store, kahn, room.id, title="x", excerpt_ids=["a"], categories=None, due=None,
            feedback="immediate", kind="regular",
        )
    with pytest.raises(Refused, match="exactly"):
        teachers.delete_student(store, rivera, student.id, "Alice")
    teachers.delete_student(store, rivera, student.id, "alice")
    assert store.students_in(room.id) == []


def test_assignment_rules(store: Store, rivera: Teacher) -> None:
    room = teachers.create_class(store, rivera, "8B")
    common = {"categories": None, "kind": "regular"}
    with pytest.raises(Refused, match="title"):
        teachers.set_assignment(store, rivera, room.id, title=" ", excerpt_ids=["a"],
                                due=None, feedback="immediate", **common)
    with pytest.raises(Refused, match="needs a due date"):
        teachers.set_assignment(store, rivera, room.id, title="Week 1", excerpt_ids=["a"],
                                due=None, feedback="after_due", **common)
