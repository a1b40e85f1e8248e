"""Plain words for trouble on the server: what is unavailable, and what to tell whom.

A damaged data file disables only what it holds: the page that needs it says so
in a sentence, never with a traceback, and names the command that finds and
explains the file (``python -m quiz db check``). A full disk loses nothing
(every write is atomic: the old file stays whole), and the page says that too.
"""

from __future__ import annotations

import streamlit as st

from quiz.files import disk_full
from quiz.storage import CorruptFile, SchemaTooNew, Unavailable
from quiz.ui.text import md
from quiz.usecases import saving

# What a damaged (or too new) data file raises; NotFound and Conflict are not trouble.
DAMAGED = (CorruptFile, SchemaTooNew)

ASK_THE_ADMIN = (
    "Tell the person who runs the server: “run `python -m quiz db check --data DIR` on the "
    "app's data folder”; it names the damaged file and how to restore it."
)
DISK_FULL = (
    "The server's disk is full: your answer or change was not saved; nothing was lost. "
    "Tell the person who runs the server."
)


def database_away(exc: Unavailable) -> str:
    """One line for a database that cannot be reached: what to do, and where it was looked for.

    The store's message names the host and never the password.
    """
    return (f"Spin Spotter can't reach its database just now, so nothing can be loaded or "
            f"saved. Nothing saved before is lost: try again in a minute. ({exc})")


SAVING_AGAIN = "Couldn't save your answer yet: trying again. Your marks are kept."
LOADING_AGAIN = "The database isn't answering: trying again."


def retrying(what: str, exc: Unavailable) -> None:
    """Say that a store call failed and is being tried again (a toast: it goes by itself).

    Called by :func:`quiz.usecases.saving.patient` on each failed try; ``what``
    is the store method. While a "Submit my marks" click is being handled (the
    page reads before it saves), the toast says the answer is not saved yet.
    """
    st.toast(SAVING_AGAIN if what == saving.SAVING or _submitting() else LOADING_AGAIN,
             icon="⏳")  # fmt: skip


def _submitting() -> bool:
    """Whether this run handles a click on a submit button (keys end in ``:submit``)."""
    return any(str(key).endswith(":submit") and value is True
               for key, value in st.session_state.items())  # fmt: skip


def unavailable(what: str) -> str:
    """A message saying ``what`` (e.g. "This page is") is unavailable: a file is damaged."""
    return f"{what} unavailable: a data file on the server cannot be read. {ASK_THE_ADMIN}"


def show(exc: BaseException, what: str = "This page is") -> bool:
    """Say in plain words what went wrong; False when ``exc`` is not a data problem."""
    if isinstance(exc, DAMAGED):
        st.error(unavailable(what))
    elif isinstance(exc, Unavailable):
        st.error(md(database_away(exc)))
    elif disk_full(exc):
        st.error(DISK_FULL)
    else:
        return False
    return True
