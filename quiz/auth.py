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


def sign_in(teacher: Teacher | None, password: str, now: dt.datetime) -> LoginResult:
    """Check a password and update the failure counter.

    Args:
        teacher: the account found by name, or None when no teacher has that name.
        password: what was typed.
        now: the current aware time.

    Returns:
        The outcome; ``teacher`` is the record to save back (counters changed),
        None when the name was unknown.
    """
    # One message whether the name or the password was wrong: it must not tell
    # a stranger which teacher names exist.
    wrong = (
        "That name and password do not match. After "
        f"{MAX_FAILURES} wrong tries in a row an account is locked for a while."
    )
    if teacher is None:
        _verify(_DUMMY_HASH, password)
        return LoginResult(Outcome.WRONG, None, wrong)
    if teacher.locked_until is not None and teacher.locked_until > now:
        minutes = max(1, round((teacher.locked_until - now).total_seconds() / 60))
        return LoginResult(
            Outcome.LOCKED, teacher,
            f"Too many wrong passwords: this account is locked for {minutes} more minute(s).",
        )
    if _verify(teacher.password_hash, password):
        updated = teacher.model_copy(update={"failed_logins": 0, "locked_until": None})
        if _HASHER.check_needs_rehash(teacher.password_hash):
            updated = updated.model_copy(update={"password_hash": hash_password(password)})
        return LoginResult(Outcome.OK, updated, "Signed in.")
    failures = teacher.failed_logins + 1
    if failures >= MAX_FAILURES:
        locked = teacher.model_copy(update={"failed_logins": 0, "locked_until": now + LOCKOUT})
        minutes = int(LOCKOUT.total_seconds() // 60)
        return LoginResult(
            Outcome.LOCKED, locked,
            f"Too many wrong passwords: this account is locked for {minutes} minutes.",
        )
    return LoginResult(Outcome.WRONG, teacher.model_copy(update={"failed_logins": failures}), wrong)


def session_expired(signed_in_at: dt.datetime, now: dt.datetime) -> bool:
    """True once a teacher session is older than ``SESSION_TTL``."""
    return now - signed_in_at >= SESSION_TTL


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
