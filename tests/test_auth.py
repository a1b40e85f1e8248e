"""Teacher sign-in rules: hashing, the lock-out counter, session expiry.

The sign-in itself, against a real store, is tested in test_usecases_teachers.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from quiz.auth import (
    LOCKOUT,
    MAX_FAILURES,
    SESSION_TTL,
    after_failure,
    after_success,
    hash_password,
    password_matches,
    password_problem,
    session_expired,
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


def test_password_matches_only_the_right_password_and_never_an_unknown_name(
    teacher: Teacher,
) -> None:
    assert password_matches(teacher, PASSWORD)
    assert not password_matches(teacher, "nope")
    assert not password_matches(None, PASSWORD)


def test_failures_lock_at_the_limit_and_success_clears(teacher: Teacher) -> None:
    current = teacher
    for _ in range(MAX_FAILURES - 1):
        current = after_failure(current, NOW)
        assert current.locked_until is None
    assert current.failed_logins == MAX_FAILURES - 1
    current = after_failure(current, NOW)
    assert current.locked_until == NOW + LOCKOUT and current.failed_logins == 0
    cleared = after_success(current.model_copy(update={"failed_logins": 2}))
    assert (cleared.failed_logins, cleared.locked_until) == (0, None)
