"""Teacher sign-in rules: hashing, the growing delays, session tokens, the setup code.

The sign-in itself, against a real store, is tested in test_usecases_teachers.py.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from quiz.auth import (
    ACCOUNT_BACKOFF,
    CLIENT_BACKOFF,
    FORGET_AFTER,
    MAX_FAILURES,
    SESSION_TTL,
    Backoff,
    Throttle,
    Tries,
    account_tries,
    after_success,
    hash_password,
    password_matches,
    password_problem,
    session_expired,
    session_id,
    setup_code_matches,
    take_try,
    with_tries,
)
from quiz.records import Teacher

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
SECOND = dt.timedelta(seconds=1)


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


def test_account_waits_double_from_the_fifth_try_and_stay_short() -> None:
    waits = [ACCOUNT_BACKOFF.delay(n).total_seconds() for n in range(1, 13)]
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]
    assert MAX_FAILURES == 5
    # A client that keeps trying waits far longer than any account ever does.
    assert CLIENT_BACKOFF.delay(10) == SECOND
    assert CLIENT_BACKOFF.delay(1000) == dt.timedelta(minutes=15)


def test_a_try_during_a_wait_is_refused_and_counted_but_does_not_move_the_wait() -> None:
    backoff = Backoff(free=2, cap=dt.timedelta(seconds=30))
    first = take_try(Tries(), NOW, backoff)
    assert first.refused is None and first.tries == Tries(1, None)
    second = take_try(first.tries, NOW, backoff)
    assert second.refused is None and second.tries == Tries(2, NOW + SECOND)
    refused = take_try(second.tries, NOW + dt.timedelta(milliseconds=400), backoff)
    assert refused.refused == dt.timedelta(milliseconds=600)
    assert refused.tries == Tries(3, NOW + SECOND)  # counted; the wait stays put
    after = take_try(refused.tries, NOW + SECOND, backoff)
    assert after.refused is None and after.tries == Tries(4, NOW + 5 * SECOND)  # 1 s * 2**2


def test_a_counter_is_forgotten_an_hour_after_its_wait() -> None:
    waited = Tries(40, NOW)
    assert take_try(waited, NOW + FORGET_AFTER - SECOND, ACCOUNT_BACKOFF).tries.count == 41
    assert take_try(waited, NOW + FORGET_AFTER, ACCOUNT_BACKOFF).tries == Tries(1, None)


def test_teacher_record_holds_the_counter_and_success_clears_it(teacher: Teacher) -> None:
    counted = with_tries(teacher, Tries(20, NOW))
    assert (counted.failed_logins, counted.locked_until) == (20, NOW)
    assert account_tries(counted) == Tries(20, NOW)
    cleared = after_success(counted)
    assert (cleared.failed_logins, cleared.locked_until) == (0, None)


def test_throttle_counts_every_parallel_try_and_keeps_a_bounded_table() -> None:
    throttle = Throttle(Backoff(free=1000, cap=SECOND), max_keys=3)
    with ThreadPoolExecutor(20) as pool:
        verdicts = list(pool.map(lambda _: throttle.take("10.0.0.1", NOW), range(200)))
    assert sorted(v.tries.count for v in verdicts) == list(range(1, 201))
    for key in ("a", "b", "c"):
        throttle.take(key, NOW)
    assert len(throttle) == 3
    assert throttle.take("10.0.0.1", NOW).tries.count == 1  # the oldest key went first


def test_session_ids_are_hashes_of_the_token() -> None:
    token = "a-random-token"
    assert len(session_id(token)) == 64 and token not in session_id(token)
    assert session_id(token) == session_id(token) != session_id(token + "x")


@pytest.mark.parametrize(
    ("given", "ok"),
    [("0123abcd", True), (" 0123abcd\n", True), ("0123abce", False), ("", False),
     ("0123abcdé", False)],
)
def test_setup_code_comparison(given: str, ok: bool) -> None:
    assert setup_code_matches("0123abcd", given) is ok
