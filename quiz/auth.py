"""Teacher sign-in: slow password hashes, lock-out after failures, expiring sessions.

Passwords are hashed with Argon2id (argon2-cffi's defaults, which follow RFC
9106's recommendations) and never stored, logged or exported in clear. After
``MAX_FAILURES`` wrong passwords in a row an account is locked for
``LOCKOUT``; the counter lives in the teacher record, so the lock holds
across sessions, restarts and app processes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from quiz.records import Teacher

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_TTL = dt.timedelta(hours=8)
MIN_PASSWORD_LENGTH = 10

_HASHER = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as much
# time as a wrong password and does not reveal which teachers exist.
_DUMMY_HASH = _HASHER.hash("not a real password, only for timing")


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    """What a sign-in attempt gave, and the teacher record to save (if any)."""

    outcome: Outcome
    teacher: Teacher | None
    message: str


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted; the same password hashes differently)."""
    return _HASHER.hash(password)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters (a short sentence works well)."
    if password.strip() != password:
        return "Leave out spaces at the start and end."
    return None


WRONG_MESSAGE = (
    "That name and password do not match. After "
    f"{MAX_FAILURES} wrong tries in a row an account is locked for a while."
)


def locked_message(teacher: Teacher, now: dt.datetime) -> str | None:
    """Why this account cannot sign in now, or None when it may try."""
    if teacher.locked_until is None or teacher.locked_until <= now:
        return None
    minutes = max(1, round((teacher.locked_until - now).total_seconds() / 60))
    return f"Too many wrong passwords: this account is locked for {minutes} more minute(s)."


def password_matches(teacher: Teacher | None, password: str) -> bool:
    """The slow Argon2 check; an unknown name (None) costs the same time and never matches.

    One cost and one message whether the name or the password was wrong: a
    stranger must not learn which teacher names exist.
    """
    if teacher is None:
        _verify(_DUMMY_HASH, password)
        return False
    return _verify(teacher.password_hash, password)


def after_failure(teacher: Teacher, now: dt.datetime) -> Teacher:
    """The record after one more wrong password: counted, and locked at ``MAX_FAILURES``."""
    failures = teacher.failed_logins + 1
    if failures >= MAX_FAILURES:
        return teacher.model_copy(update={"failed_logins": 0, "locked_until": now + LOCKOUT})
    return teacher.model_copy(update={"failed_logins": failures})


def after_success(teacher: Teacher, new_hash: str | None = None) -> Teacher:
    """The record after a right password: counter cleared, hash upgraded when given."""
    update: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if new_hash is not None:
        update["password_hash"] = new_hash
    return teacher.model_copy(update=update)


def upgraded_hash(teacher: Teacher, password: str) -> str | None:
    """A fresh hash when the stored one uses weaker parameters than today's, else None."""
    return hash_password(password) if _HASHER.check_needs_rehash(teacher.password_hash) else None


def outcome_of(teacher: Teacher, now: dt.datetime) -> LoginResult:
    """The answer to give after a wrong password has been counted in ``teacher``."""
    if teacher.locked_until is not None and teacher.locked_until > now:
        minutes = int(LOCKOUT.total_seconds() // 60)
        return LoginResult(
            Outcome.LOCKED, teacher,
            f"Too many wrong passwords: this account is locked for {minutes} minutes.",
        )
    return LoginResult(Outcome.WRONG, teacher, WRONG_MESSAGE)


def session_expired(signed_in_at: dt.datetime, now: dt.datetime) -> bool:
    """True once a teacher session is older than ``SESSION_TTL``."""
    return now - signed_in_at >= SESSION_TTL


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
