"""Teacher use cases against a real TinyDB store: sign-in, accounts, classes, students.

The sign-in tests perform the attacks of issue 12: parallel wrong passwords,
an attacker hammering a teacher's name, probing which names exist, racing to
claim a fresh server's first account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from quiz import auth
from quiz.auth import MAX_FAILURES, Outcome
from quiz.records import Teacher
from quiz.storage import Conflict, Store
from quiz.usecases import Refused, accounts, assignments, teachers
from tests.conftest import FAST

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
# Real Argon2id at its cheapest settings: these tests check hundreds of passwords.
HASH = FAST.hash(PASSWORD)
ATTACKER, TEACHER_DESK = "203.0.113.9", "198.51.100.7"


pytestmark = pytest.mark.usefixtures("fast_hashes")


@pytest.fixture
def store(make_store: Callable[[], Store]) -> Store:
    """A fresh store of each backend (``tests/backends.py``): TinyDB and PostgreSQL."""
    return make_store()


@pytest.fixture
def rivera(store: Store) -> Teacher:
    return store.add_teacher("Ms Rivera", HASH)


@pytest.fixture
def guard() -> auth.Guard:
    return auth.Guard()


def sign_in(
    store: Store, guard: auth.Guard, name: str, password: str, now: dt.datetime = NOW,
    client: str = TEACHER_DESK,
) -> auth.LoginResult:
    return accounts.sign_in(store, name, password, now, client=client, guard=guard)


def test_right_password_signs_in_and_clears_the_counter(
    store: Store, rivera: Teacher, guard: auth.Guard
) -> None:
    store.change_teacher(rivera.id, lambda t: t.model_copy(update={"failed_logins": 3}))
    result = sign_in(store, guard, " ms rivera ", PASSWORD)
    assert result.outcome is Outcome.OK and result.teacher is not None
    assert store.teachers()[0].failed_logins == 0


def test_wrong_password_and_unknown_name_get_the_same_answer(
    store: Store, rivera: Teacher, guard: auth.Guard
) -> None:
    wrong = sign_in(store, guard, "Ms Rivera", "nope")
    unknown = sign_in(store, guard, "Mr Nobody", "nope")
    assert wrong == unknown
    assert wrong.outcome is Outcome.WRONG
    assert store.teachers()[0].failed_logins == 1


def test_twenty_parallel_wrong_passwords_are_each_counted(
    store: Store, rivera: Teacher, guard: auth.Guard
) -> None:
    # The attack: wrong passwords from 20 sessions at once. Each try is counted in
    # one locked store step before its password is checked, so none is lost, and
    # only the tries before the first wait get their password checked at all.
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(
            lambda i: sign_in(store, guard, "Ms Rivera", f"guess {i}", client=f"10.0.0.{i}"),
            range(20),
        ))  # fmt: skip
    assert store.teachers()[0].failed_logins == 20
    outcomes = sorted(r.outcome for r in results)
    assert outcomes.count(Outcome.WRONG) == MAX_FAILURES
    assert outcomes.count(Outcome.WAIT) == 20 - MAX_FAILURES
    assert sign_in(store, guard, "Ms Rivera", PASSWORD).outcome is Outcome.WAIT


def test_no_password_is_checked_while_a_wait_is_in_force(
    store: Store, rivera: Teacher, guard: auth.Guard, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(MAX_FAILURES):
        sign_in(store, guard, "Ms Rivera", "wrong guess")
    checked: list[str] = []
    verify = auth._verify
    monkeypatch.setattr(auth, "_verify", lambda h, p: checked.append(p) or verify(h, p))
    waiting = sign_in(store, guard, "Ms Rivera", PASSWORD)
    assert waiting.outcome is Outcome.WAIT and waiting.message == (
        "Too many tries: wait 1 second, then try again."
    )
    assert checked == []
    later = sign_in(store, guard, "Ms Rivera", PASSWORD, NOW + dt.timedelta(seconds=1))
    assert later.outcome is Outcome.OK and checked == [PASSWORD]


def test_an_attacker_locks_only_itself_out_and_the_teacher_gets_in_soon(
    store: Store, rivera: Teacher, guard: auth.Guard
) -> None:
    # The attack: a student hammers the teacher's name, one wrong password a second
    # for two minutes. Under the old 15-minute lock the teacher was locked out too.
    now = NOW
    for i in range(120):
        now = NOW + dt.timedelta(seconds=i)
        last = sign_in(store, guard, "Ms Rivera", f"guess {i}", now, client=ATTACKER)
    assert last.outcome is Outcome.WAIT and last.retry_after is not None
    assert last.retry_after >= 5 * 60  # the attacker's own address waits minutes
    waited = 0
    result = sign_in(store, guard, "Ms Rivera", PASSWORD, now, client=TEACHER_DESK)
    while result.outcome is Outcome.WAIT and result.retry_after is not None:
        waited += result.retry_after
        result = sign_in(store, guard, "Ms Rivera", PASSWORD,
                         now + dt.timedelta(seconds=waited), client=TEACHER_DESK)  # fmt: skip
    assert result.outcome is Outcome.OK
    assert waited <= auth.ACCOUNT_BACKOFF.cap.total_seconds()
    after = now + dt.timedelta(seconds=waited + 1)
    assert sign_in(store, guard, "Ms Rivera", "again", after, ATTACKER).outcome is Outcome.WAIT


def test_known_and_unknown_names_answer_alike_over_a_run_of_wrong_tries(
    store: Store, rivera: Teacher, guard: auth.Guard
) -> None:
    # The probe: try a name that exists and one that does not, from two addresses,
    # at the same moments, and compare every answer.
    steps = [0, 0, 1, 1, 1, 2, 2, 3, 5, 8, 13, 21, 34, 55, 89, 89, 200, 4000]
    known, unknown = [], []
    for step in steps:
        now = NOW + dt.timedelta(seconds=step)
        known.append(sign_in(store, guard, "Ms Rivera", "wrong guess", now, client="10.0.0.1"))
        unknown.append(sign_in(store, guard, "Mr Nobody", "wrong guess", now, client="10.0.0.2"))
    assert known == unknown
    assert {r.outcome for r in known} == {Outcome.WRONG, Outcome.WAIT}


def test_the_first_account_needs_the_setup_code_which_works_once(
    store: Store, tmp_path: Path, backend: str
) -> None:
    code = accounts.setup_code(store)
    assert code is not None and accounts.setup_code(store) == code  # kept, not remade
    kept = tmp_path / "data" / "setup-code.txt"  # in a data folder; a database keeps it
    if backend == "tinydb":
        assert kept.read_text().strip() == code and kept.stat().st_mode & 0o777 == 0o600
    for wrong in ("", "0" * 32, code[:-1]):
        with pytest.raises(Refused, match="setup code is not right"):
            accounts.create_first_teacher(store, "Eve", PASSWORD, PASSWORD, wrong)
    with pytest.raises(Refused, match="at least"):
        accounts.create_first_teacher(store, "Ms Rivera", "short", "short", code)
    with pytest.raises(Refused, match="different"):
        accounts.create_first_teacher(store, "Ms Rivera", PASSWORD, PASSWORD + "!", code)
    accounts.create_first_teacher(store, "Ms Rivera", PASSWORD, PASSWORD, f" {code} ")
    assert not kept.exists() and store.setup_code() is None
    with pytest.raises(Refused, match="exists already"):
        accounts.create_first_teacher(store, "Mr Kahn", PASSWORD, PASSWORD, code)
    assert accounts.setup_code(store) is None


def test_concurrent_first_accounts_make_exactly_one(store: Store) -> None:
    # The attack: several browsers submit the first-run form at once.
    code = accounts.setup_code(store)
    assert code is not None

    def claim(i: int) -> str:
        try:
            accounts.create_first_teacher(store, f"Teacher {i}", PASSWORD, PASSWORD, code)
        except Refused as exc:
            return str(exc)
        return "created"

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(claim, range(8)))
    assert answers.count("created") == 1, answers
    assert len(store.teachers()) == 1


def test_the_store_adds_a_first_teacher_only_while_there_is_none(store: Store) -> None:
    def add(i: int) -> bool:
        try:
            store.add_first_teacher(f"Teacher {i}", HASH)
        except Conflict:
            return False
        return True

    with ThreadPoolExecutor(12) as pool:
        assert sum(pool.map(add, range(12))) == 1
    assert len(store.teachers()) == 1


def kept_text(store: Store, tmp_path: Path) -> str:
    """What the store keeps about sessions, as text: the school file, or the sessions table."""
    url = getattr(store, "url", None)
    if url is None:
        return (tmp_path / "data" / "school.json").read_text()
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id || doc::text FROM teacher_sessions").fetchall()
    assert rows
    return "".join(row[0] for row in rows)


def test_sessions_are_kept_as_hashes_expire_and_end(
    store: Store, rivera: Teacher, tmp_path: Path
) -> None:
    token = accounts.start_session(store, rivera, NOW)
    assert token not in kept_text(store, tmp_path)
    assert accounts.session_teacher(store, token, NOW).teacher == rivera
    assert accounts.session_teacher(store, token + "x", NOW).teacher is None
    later = NOW + auth.SESSION_TTL
    assert accounts.session_teacher(store, token, later) == accounts.SessionCheck(None, True)
    assert accounts.session_teacher(store, token, NOW) == accounts.SessionCheck(None)  # deleted
    other = accounts.start_session(store, rivera, NOW)
    accounts.end_session(store, other)
    assert accounts.session_teacher(store, other, NOW).teacher is None


def test_unlock_and_reset_password(store: Store, rivera: Teacher, guard: auth.Guard) -> None:
    for _ in range(MAX_FAILURES + 3):
        sign_in(store, guard, "Ms Rivera", "wrong guess", client=ATTACKER)
    token = accounts.start_session(store, rivera, NOW)
    assert sign_in(store, guard, "Ms Rivera", PASSWORD).outcome is Outcome.WAIT
    accounts.unlock(store, "ms rivera")
    assert sign_in(store, guard, "Ms Rivera", PASSWORD).outcome is Outcome.OK
    with pytest.raises(Refused, match="no teacher named 'Mr Nobody'"):
        accounts.unlock(store, "Mr Nobody")
    with pytest.raises(Refused, match="different"):
        accounts.reset_password(store, "Ms Rivera", "a new long password", "typo")
    accounts.reset_password(store, "Ms Rivera", "a new long password")
    assert accounts.session_teacher(store, token, NOW).teacher is None  # signed out
    assert sign_in(store, guard, "Ms Rivera", PASSWORD).outcome is Outcome.WRONG
    assert sign_in(store, guard, "Ms Rivera", "a new long password").outcome is Outcome.OK


def test_removing_a_teacher_never_leaves_classes_without_one(
    store: Store, rivera: Teacher
) -> None:
    kahn = store.add_teacher("Mr Kahn", HASH)
    room = teachers.create_class(store, kahn, "8B")
    student = store.join_class(room.code, "alice")
    token = accounts.start_session(store, kahn, NOW)
    with pytest.raises(accounts.HandOverNeeded, match="'8B'"):
        accounts.remove_teacher(store, "Mr Kahn")
    with pytest.raises(Refused, match="themselves"):
        accounts.remove_teacher(store, "Mr Kahn", "mr kahn")
    assert [c.id for c in accounts.remove_teacher(store, "Mr Kahn", "Ms Rivera")] == [room.id]
    assert [t.name for t in store.teachers()] == ["Ms Rivera"]
    assert store.get_class(room.id).teacher_id == rivera.id
    assert store.students_in(room.id) == [student]
    assert accounts.session_teacher(store, token, NOW).teacher is None
    with pytest.raises(accounts.HandOverNeeded):
        accounts.remove_teacher(store, "Ms Rivera")  # the last teacher, with 8B now
    store.add_teacher("Ms Lee", HASH)
    assert accounts.remove_teacher(store, "ms lee") == []  # no classes: nothing to hand over
    assert [t.name for t in store.teachers()] == ["Ms Rivera"]


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
        assignments.set_assignment(
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
        assignments.set_assignment(store, rivera, room.id, title=" ", excerpt_ids=["a"],
                                due=None, feedback="immediate", **common)
    with pytest.raises(Refused, match="needs a due date"):
        assignments.set_assignment(store, rivera, room.id, title="Week 1", excerpt_ids=["a"],
                                due=None, feedback="after_due", **common)
