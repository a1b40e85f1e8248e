"""Teacher sign-in: hashing, lock-out, session expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from quiz.auth import (
    LOCKOUT,
    MAX_FAILURES,
    SESSION_TTL,
    Outcome,
    hash_password,
    password_problem,
    session_expired,
    sign_in,
)
from quiz.records import Teacher

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def teacher() -> Teacher:
    return Teacher(name="Ms Rivera", password_hash=hash_password(PASSWORD))


def test_hash_is_argon2id_salted_and_not_the_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert first != second
    assert PASSWORD not in first


def test_right_password_signs_in_and_resets_failures(teacher: Teacher) -> None:
    tried = teacher.model_copy(update={"failed_logins": 3})
    result = sign_in(tried, PASSWORD, NOW)
    assert result.outcome is Outcome.OK
    assert result.teacher is not None and result.teacher.failed_logins == 0


def test_wrong_password_counts_and_does_not_reveal_the_name(teacher: Teacher) -> None:
    wrong = sign_in(teacher, "nope", NOW)
    unknown = sign_in(None, "nope", NOW)
    assert wrong.outcome is unknown.outcome is Outcome.WRONG
    assert wrong.message == unknown.message
    assert wrong.teacher is not None and wrong.teacher.failed_logins == 1
    assert unknown.teacher is None


def test_lock_out_after_repeated_failures(teacher: Teacher) -> None:
    current = teacher
    for attempt in range(1, MAX_FAILURES + 1):
        result = sign_in(current, "wrong password", NOW)
        assert result.teacher is not None
        current = result.teacher
        expected = Outcome.LOCKED if attempt == MAX_FAILURES else Outcome.WRONG
        assert result.outcome is expected
    assert current.locked_until == NOW + LOCKOUT
    # Even the right password is refused while locked...
    locked = sign_in(current, PASSWORD, NOW + dt.timedelta(minutes=1))
    assert locked.outcome is Outcome.LOCKED
    assert "14 more minute" in locked.message
    # ...and accepted once the lock has passed.
    assert sign_in(current, PASSWORD, NOW + LOCKOUT).outcome is Outcome.OK


@pytest.mark.parametrize(
    ("age", "expired"),
    [(dt.timedelta(0), False), (SESSION_TTL - dt.timedelta(seconds=1), False),
     (SESSION_TTL, True)],
)
def test_sessions_expire(age: dt.timedelta, expired: bool) -> None:
    assert session_expired(NOW - age, NOW) is expired


@pytest.mark.parametrize(
    ("password", "ok"),
    [("short", False), (" padded password ", False), ("a long enough sentence", True)],
)
def test_password_rules(password: str, ok: bool) -> None:
    assert (password_problem(password) is None) is ok
