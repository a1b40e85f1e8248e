"""Teacher sign-in: slow password hashes, growing delays after wrong tries, sessions.

Passwords are hashed with Argon2id (argon2-cffi's defaults, which follow RFC
9106's recommendations) and never stored, logged or exported in clear.

There is no hard lock. Every sign-in try is counted twice: per account (in the
teacher record, so the count holds across sessions, restarts and processes; for
a name that does not exist, in memory by the same rule, so the answers do not
tell which names exist) and per client (the address the request came from, in
the memory of the server process). Past a number of free tries each counter
makes the next try wait 1, 2, 4, ... seconds: at most :data:`ACCOUNT_BACKOFF`'s
cap (30 s) for an account, at most :data:`CLIENT_BACKOFF`'s cap (15 min) for a
client. A try made while a wait is in force is counted but not checked, and it
does not move the wait. So someone hammering a teacher's name slows down only
their own client, and the teacher, from another client, waits half a minute at
most. A right password clears the account's and the client's counters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from quiz.records import Teacher

MAX_FAILURES = 5  # tries in a row an account gets before the first wait
CLIENT_FREE_TRIES = 10  # tries a client gets (over all names) before the first wait
FORGET_AFTER = dt.timedelta(hours=1)  # quiet time after a wait that starts a counter over
SESSION_TTL = dt.timedelta(hours=8)
MIN_PASSWORD_LENGTH = 10
SESSION_COOKIE = "spin_spotter_session"

_HASHER = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as much
# time as a wrong password and does not reveal which teachers exist.
_DUMMY_HASH = _HASHER.hash("not a real password, only for timing")


@dataclass(frozen=True)
class Backoff:
    """How long the next try waits after ``tries`` tries: 0 for the free ones, then doubling."""

    free: int
    cap: dt.timedelta
    first: dt.timedelta = dt.timedelta(seconds=1)

    def delay(self, tries: int) -> dt.timedelta:
        if tries < self.free:
            return dt.timedelta(0)
        return min(self.cap, self.first * (1 << min(tries - self.free, 30)))


ACCOUNT_BACKOFF = Backoff(free=MAX_FAILURES, cap=dt.timedelta(seconds=30))
CLIENT_BACKOFF = Backoff(free=CLIENT_FREE_TRIES, cap=dt.timedelta(minutes=15))


@dataclass(frozen=True)
class Tries:
    """One counter: tries since the last success, and no try is checked before ``wait_until``."""

    count: int = 0
    wait_until: dt.datetime | None = None


@dataclass(frozen=True)
class Verdict:
    """A try counted: the counter to keep, and the wait in force (None: check the password)."""

    tries: Tries
    refused: dt.timedelta | None


def take_try(tries: Tries, now: dt.datetime, backoff: Backoff) -> Verdict:
    """Count one try. While a wait is in force the try is refused and the wait stays put."""
    if tries.wait_until is not None and now >= tries.wait_until + FORGET_AFTER:
        tries = Tries()
    count = tries.count + 1
    if tries.wait_until is not None and tries.wait_until > now:
        return Verdict(Tries(count, tries.wait_until), tries.wait_until - now)
    delay = backoff.delay(count)
    return Verdict(Tries(count, now + delay if delay else None), None)


def account_tries(teacher: Teacher) -> Tries:
    return Tries(teacher.failed_logins, teacher.locked_until)


def with_tries(teacher: Teacher, tries: Tries) -> Teacher:
    """The teacher record holding this counter."""
    return teacher.model_copy(
        update={"failed_logins": tries.count, "locked_until": tries.wait_until}
    )


class Throttle:
    """Counters kept in memory by key (a client's address, an unknown name); thread-safe.

    At most ``max_keys`` keys are kept; the ones not tried for longest go first.
    """

    def __init__(self, backoff: Backoff, *, max_keys: int = 10_000) -> None:
        self.backoff = backoff
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._tries: OrderedDict[str, Tries] = OrderedDict()

    def take(self, key: str, now: dt.datetime) -> Verdict:
        with self._lock:
            verdict = take_try(self._tries.pop(key, Tries()), now, self.backoff)
            self._tries[key] = verdict.tries
            while len(self._tries) > self.max_keys:
                self._tries.popitem(last=False)
            return verdict

    def clear(self, key: str) -> None:
        with self._lock:
            self._tries.pop(key, None)

    def __len__(self) -> int:
        return len(self._tries)


@dataclass
class Guard:
    """The in-memory half of the delays: one per server process, shared by its threads."""

    clients: Throttle = field(default_factory=lambda: Throttle(CLIENT_BACKOFF))
    unknown_names: Throttle = field(default_factory=lambda: Throttle(ACCOUNT_BACKOFF))


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"


@dataclass(frozen=True)
class LoginResult:
    """What a sign-in try gave: the outcome, the teacher when OK, words for the person."""

    outcome: Outcome
    teacher: Teacher | None
    message: str
    retry_after: int | None = None  # seconds, when a wait is in force


WRONG_MESSAGE = "That name and password do not match."


def seconds(wait: dt.timedelta) -> int:
    """A wait in whole seconds, rounded up (never 0 for a wait in force)."""
    return max(1, math.ceil(wait.total_seconds()))


def wait_result(wait: dt.timedelta) -> LoginResult:
    """The answer while a wait is in force: the same for every name, known or not."""
    n = seconds(wait)
    return LoginResult(Outcome.WAIT, None, f"Too many tries: wait {_say(n)}, then try again.", n)


def wrong_result(next_wait: dt.timedelta | None) -> LoginResult:
    """The answer to a wrong name or password, with the wait the next try faces."""
    if next_wait is None or next_wait <= dt.timedelta(0):
        return LoginResult(Outcome.WRONG, None, WRONG_MESSAGE)
    n = seconds(next_wait)
    return LoginResult(
        Outcome.WRONG, None, f"{WRONG_MESSAGE} Wait {_say(n)} before the next try.", n
    )


def _say(n: int) -> str:
    return "1 second" if n == 1 else f"{n} seconds"


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


def password_matches(teacher: Teacher | None, password: str) -> bool:
    """The slow Argon2 check; an unknown name (None) costs the same time and never matches.

    One cost and one message whether the name or the password was wrong: a
    stranger must not learn which teacher names exist.
    """
    if teacher is None:
        _verify(_DUMMY_HASH, password)
        return False
    return _verify(teacher.password_hash, password)


def after_success(teacher: Teacher, new_hash: str | None = None) -> Teacher:
    """The record after a right password: counter cleared, hash upgraded when given."""
    update: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if new_hash is not None:
        update["password_hash"] = new_hash
    return teacher.model_copy(update=update)


def upgraded_hash(teacher: Teacher, password: str) -> str | None:
    """A fresh hash when the stored one uses weaker parameters than today's, else None."""
    return hash_password(password) if _HASHER.check_needs_rehash(teacher.password_hash) else None


def session_expired(signed_in_at: dt.datetime, now: dt.datetime) -> bool:
    """True once a teacher session is older than ``SESSION_TTL``."""
    return now - signed_in_at >= SESSION_TTL


def new_session_token() -> str:
    """The random secret a session cookie holds (256 bits)."""
    return secrets.token_urlsafe(32)


def session_id(token: str) -> str:
    """What the store keeps of a session token: its SHA-256, so stored ids sign nobody in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_setup_code() -> str:
    """A one-time code (128 bits, hex) that claims a fresh server's first teacher account."""
    return secrets.token_hex(16)


def setup_code_matches(expected: str, given: str) -> bool:
    """Constant-time comparison of the setup code with what was typed (spaces ignored)."""
    return secrets.compare_digest(expected.encode("utf-8"), given.strip().encode("utf-8"))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
