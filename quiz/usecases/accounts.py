"""Teacher accounts: the first account, sign-in with delays, sessions, and account repair.

The rules (hashes, delays, codes) are :mod:`quiz.auth`'s; the atomic steps are
the store's. Sign-in counts every try before the slow password check, in one
store step, so parallel tries are each counted and a wait in force is kept
whatever the order the tries arrive in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quiz import auth
from quiz.records import Classroom, Teacher, TeacherSession
from quiz.storage import Conflict, NotFound, Store
from quiz.usecases import Refused

EXISTS = "A teacher account exists already: sign in instead."
WRONG_CODE = (
    "That setup code is not right. The person who started the server finds it in the "
    "server's console and in setup-code.txt in its data folder."
)
MAX_TOKEN_LENGTH = 200


class HandOverNeeded(Refused):
    """A teacher with classes cannot be removed until someone takes the classes over."""


def add_teacher(store: Store, name: str, password: str, again: str | None = None) -> Teacher:
    """A new teacher account with a checked password; ``again`` must repeat it when given."""
    _check_new_account(name, password, again)
    try:
        return store.add_teacher(name.strip(), auth.hash_password(password))
    except Conflict as exc:
        raise Refused(str(exc)) from exc


# --- the first account of a fresh server ----------------------------------------------


def setup_code(store: Store) -> str | None:
    """The one-time code that claims the first teacher account (made when missing).

    None once a teacher exists: then there is nothing to claim.
    """
    return store.new_setup_code(auth.new_setup_code())


def create_first_teacher(
    store: Store, name: str, password: str, again: str, code: str
) -> Teacher:
    """The first account, for whoever has the setup code; exactly one, however many try."""
    if store.teachers():
        raise Refused(EXISTS)
    expected = store.setup_code()
    if expected is None or not auth.setup_code_matches(expected, code):
        raise Refused(WRONG_CODE)
    _check_new_account(name, password, again)
    try:
        return store.add_first_teacher(name.strip(), auth.hash_password(password))
    except Conflict as exc:
        raise Refused(EXISTS) from exc


# --- sign-in ----------------------------------------------------------------------------


def sign_in(
    store: Store, name: str, password: str, now: dt.datetime, *, client: str, guard: auth.Guard
) -> auth.LoginResult:
    """Check a name and password from ``client`` (its address), with growing delays.

    The try is counted for the client (in ``guard``) and for the account (in the
    store; for an unknown name in ``guard``, by the same rule) before anything is
    checked. While either counter has a wait in force the answer is "wait", and
    the password is not checked. Known and unknown names get the same answers.
    """
    name = name.strip()
    by_client = guard.clients.take(client, now)
    if by_client.refused is not None:
        return auth.wait_result(by_client.refused)
    teacher = store.teacher_by_name(name) if name else None
    by_account: auth.Verdict | None = None
    if teacher is not None:
        try:
            teacher, by_account = _count_try(store, teacher.id, now)
        except NotFound:  # removed meanwhile
            teacher = None
    if teacher is None or by_account is None:
        by_account = guard.unknown_names.take(name.casefold(), now)
    if by_account.refused is not None:
        return auth.wait_result(by_account.refused)
    if not auth.password_matches(teacher, password) or teacher is None:
        waits = [v.tries.wait_until for v in (by_client, by_account) if v.tries.wait_until]
        return auth.wrong_result(max(waits) - now if waits else None)
    new_hash = auth.upgraded_hash(teacher, password)
    signed_in = store.change_teacher(teacher.id, lambda t: auth.after_success(t, new_hash))
    guard.clients.clear(client)
    return auth.LoginResult(auth.Outcome.OK, signed_in, "Signed in.")


def _count_try(store: Store, teacher_id: str, now: dt.datetime) -> tuple[Teacher, auth.Verdict]:
    verdicts: list[auth.Verdict] = []

    def count(teacher: Teacher) -> Teacher:
        verdicts.append(auth.take_try(auth.account_tries(teacher), now, auth.ACCOUNT_BACKOFF))
        return auth.with_tries(teacher, verdicts[-1].tries)

    counted = store.change_teacher(teacher_id, count)
    return counted, verdicts[-1]


# --- sessions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCheck:
    """Whom a session token signs in (None: nobody), and whether it had just expired."""

    teacher: Teacher | None
    expired: bool = False


def start_session(store: Store, teacher: Teacher, now: dt.datetime) -> str:
    """A new session of ``teacher``; returns the token for the cookie (the store keeps a hash)."""
    token = auth.new_session_token()
    store.add_session(
        TeacherSession(
            id=auth.session_id(token), teacher_id=teacher.id,
            created_at=now, expires_at=now + auth.SESSION_TTL,
        )
    )  # fmt: skip
    return token


def session_teacher(store: Store, token: str | None, now: dt.datetime) -> SessionCheck:
    """The teacher a cookie's token signs in; an expired session is deleted and refused."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return SessionCheck(None)
    session = store.session(auth.session_id(token))
    if session is None:
        return SessionCheck(None)
    if session.expires_at <= now:
        store.remove_sessions(session_id=session.id)
        return SessionCheck(None, expired=True)
    return SessionCheck(teacher_by_id(store, session.teacher_id))


def teacher_by_id(store: Store, teacher_id: str) -> Teacher | None:
    """The teacher with this id, or None (a removed account)."""
    return next((t for t in store.teachers() if t.id == teacher_id), None)


def end_session(store: Store, token: str | None) -> None:
    """Sign out: the session is deleted, so its cookie signs nobody in any more."""
    if token and len(token) <= MAX_TOKEN_LENGTH:
        store.remove_sessions(session_id=auth.session_id(token))


# --- account repair (the command line) --------------------------------------------------


def teacher_named(store: Store, name: str) -> Teacher:
    """The teacher with this name (case and outer spaces ignored)."""
    teacher = store.teacher_by_name(name.strip()) if name.strip() else None
    if teacher is None:
        raise Refused(f"There is no teacher named {name.strip()!r}.")
    return teacher


def unlock(store: Store, name: str) -> Teacher:
    """Clear an account's try counter and wait (the per-client waits live in the server)."""
    teacher = teacher_named(store, name)
    return store.change_teacher(teacher.id, auth.after_success)


def reset_password(store: Store, name: str, password: str, again: str | None = None) -> Teacher:
    """A new password; the counter is cleared and every session of the teacher ends."""
    teacher = teacher_named(store, name)
    _check_new_account(teacher.name, password, again)
    new_hash = auth.hash_password(password)
    changed = store.change_teacher(teacher.id, lambda t: auth.after_success(t, new_hash))
    store.remove_sessions(teacher_id=teacher.id)
    return changed


def remove_teacher(store: Store, name: str, heir: str | None = None) -> list[Classroom]:
    """Remove an account; a teacher with classes needs an ``heir`` who takes them over.

    Classes are never left without a teacher, and their students and answers stay.
    Returns the classes handed over.
    """
    teacher = teacher_named(store, name)
    successor = teacher_named(store, heir) if heir is not None else None
    owned = store.classes_for(teacher.id)
    if owned and successor is None:
        names = ", ".join(repr(c.name) for c in owned)
        raise HandOverNeeded(
            f"{teacher.name!r} still has {len(owned)} class(es) ({names}): "
            "name a teacher to hand them to."
        )
    if successor is not None and successor.id == teacher.id:
        raise Refused("A teacher cannot hand their classes to themselves.")
    try:
        return store.remove_teacher(teacher.id, successor.id if successor else None)
    except (Conflict, NotFound) as exc:
        raise Refused(f"{str(exc).capitalize()}.") from exc


def _check_new_account(name: str, password: str, again: str | None) -> None:
    if not name.strip():
        raise Refused("Type your name.")
    problem = auth.password_problem(password)
    if problem:
        raise Refused(problem)
    if again is not None and password != again:
        raise Refused("The two passwords are different.")
