"""What every page shares: the store, the bundled content, who is using the app.

One store object per process and location (``st.cache_resource``), shared by
every session's thread; the store is thread-safe and process-safe. The location
is the PostgreSQL database of ``SPIN_SPOTTER_DATABASE_URL`` when that is set
(environment or ``secrets.toml`` in ``.streamlit``), else the data folder
(``$SPIN_SPOTTER_DATA`` or ``data/`` in the project), created and filled with
the bundled content on first run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from quiz import config
from quiz.auth import SESSION_COOKIE, session_expired
from quiz.content import ContentInvalid
from quiz.models import Excerpt
from quiz.records import Student, Teacher
from quiz.storage import Store, StoreError, ensure_content
from quiz.store.accounts import SETUP_CODE
from quiz.stores import configured_location, open_store
from quiz.ui import trouble
from quiz.usecases import accounts, learners, roster, saving


@dataclass(frozen=True)
class AppStore:
    """The store and what starting it said (a content problem is shown, not raised)."""

    store: Store
    content_problem: str | None


@st.cache_resource(show_spinner=False)
def _open(location: str, content: str) -> AppStore:
    # An unreachable database raises Unavailable here, which is not cached: the
    # next rerun tries again, so the app recovers without a restart.
    store = open_store(location)
    announce_setup_code(store, location)  # a damaged school file: it says what to run
    try:
        ensure_content(store, [Path(content)])
    except ContentInvalid as exc:
        return AppStore(store, str(exc))
    except trouble.DAMAGED as exc:
        # A damaged content.json must not stop the app: Home still shows, and the
        # pages that need excerpts say they are unavailable.
        return AppStore(store, str(exc))
    return AppStore(store, None)


def app_store() -> AppStore:
    """The shared store of this process for the configured database or data folder."""
    return _open(configured_location(), str(config.content_dir()))


def store() -> Store:
    """:func:`app_store`'s store, patient: while the database is away (a restart), each call
    is tried again for a minute, a toast saying so, and an answer is saved once it is back."""
    return saving.patient(app_store().store, on_retry=trouble.retrying)


def excerpts_damaged() -> bool:
    """Whether the excerpts cannot be read (content.json is damaged)."""
    try:
        store().excerpts()
    except trouble.DAMAGED:
        return True
    return False


def excerpts_or_stop() -> list[Excerpt]:
    """The latest version of every excerpt; stops the page with a message when there are none."""
    opened = app_store()
    try:
        excerpts = [s.excerpt for s in store().excerpts()]
    except trouble.DAMAGED:
        st.error(trouble.unavailable("The excerpts are"))
        st.stop()
    if not excerpts:
        st.warning(
            "There are no excerpts to practise on yet. A teacher can import content with "
            "`python -m quiz content import content/ --data DIR`."
        )
        if opened.content_problem:
            with st.expander("Why the bundled content was not loaded"):
                st.text(opened.content_problem)
        st.stop()
    return excerpts


# --- who is using the app ------------------------------------------------------------
# A student is remembered in the session and in the page address (``?learner=``),
# so a reload or a server restart mid-quiz resumes as the same student.

LEARNER_PARAM = roster.LEARNER_PARAM


def current_student() -> Student | None:
    """The student of this session, from session state or the page address.

    The address holds the student's link (``<id>.<key>``); it opens the student
    only while it is their current link, so a teacher's key reset locks out an
    old link, even in a session that is open.
    """
    link = st.session_state.get("student_link") or st.query_params.get(LEARNER_PARAM)
    if not link:
        return None
    student = learners.student_by_link(store(), str(link))
    if student is None:
        forget_student()
        return None
    st.session_state["student_link"] = str(link)
    return student


def remember_student(student: Student) -> None:
    st.session_state["student_link"] = student.link
    st.query_params[LEARNER_PARAM] = student.link


def forget_student() -> None:
    st.session_state.pop("student_link", None)
    if LEARNER_PARAM in st.query_params:
        del st.query_params[LEARNER_PARAM]


# --- teachers ---------------------------------------------------------------------------
# On the real server a teacher is signed in by an HttpOnly cookie that server.py's
# sign-in route sets (a random token; the store keeps its hash and expiry), so a
# reload keeps them signed in. Session state (``teacher_id``, ``teacher_signed_in_at``)
# is the fallback AppTest uses, since it has no cookies.

_announced: set[str] = set()


def announce_setup_code(store: Store, data: Path | str) -> str | None:
    """While no teacher exists, the setup code, printed once per process to the console.

    A damaged data folder must not stop the server from starting (its pages say
    what is unavailable): the console says what to run instead.
    """
    try:
        code = accounts.setup_code(store)
    except StoreError as exc:
        option = "--database-url URL" if config.is_database_url(data) else f"--data {data}"
        print(f"\n  Spin Spotter: {exc}\n  Run: python -m quiz db check {option}\n",
              flush=True)
        return None
    if code is not None and code not in _announced:
        _announced.add(code)
        print(
            "\n  Spin Spotter has no teacher account yet. To create the first one, open "
            f"Teacher sign-in and enter this setup code:\n\n    {code}\n\n"
            f"  (It is also in {_code_home(data)}; it works once.)\n",
            flush=True,
        )
    return code


def _code_home(data: Path | str) -> str:
    if config.is_database_url(data):
        return f"the database {config.where(data)}: python -m quiz teacher setup-code prints it"
    return str(Path(data) / SETUP_CODE)


def session_cookie() -> str | None:
    """The session token the browser sent, if any (AppTest has no cookies)."""
    token = st.context.cookies.get(SESSION_COOKIE)
    return token if isinstance(token, str) and token else None


def current_teacher() -> Teacher | None:
    """The signed-in teacher, or None (also once the session has expired)."""
    check = accounts.session_teacher(store(), session_cookie(), dt.datetime.now(dt.UTC))
    if check.expired:
        st.session_state["teacher_expired"] = True
    if check.teacher is not None:
        return check.teacher
    teacher_id = st.session_state.get("teacher_id")
    signed_in_at = st.session_state.get("teacher_signed_in_at")
    if not teacher_id or not isinstance(signed_in_at, dt.datetime):
        return None
    if session_expired(signed_in_at, dt.datetime.now(dt.UTC)):
        sign_out_teacher()
        st.session_state["teacher_expired"] = True
        return None
    return accounts.teacher_by_id(store(), teacher_id)


def sign_out_teacher() -> None:
    """End the session-state sign-in (a cookie session ends through the sign-out route)."""
    for key in ("teacher_id", "teacher_signed_in_at"):
        st.session_state.pop(key, None)
