"""The span suggester of this server process: readied in the background for authors.

Training takes about ten seconds (a MiniLM pass over the content set and some
small fits) the first time a server runs with new code or content; loading the
model it saved in the data folder's cache takes about a second. The authoring
page starts it (:func:`warm_up`, through :func:`is_ready`) on a thread of its
own when a teacher opens it, so the spans form is usable at once, and a teacher
who clicks "Suggest spans" sooner sees how far it is (:func:`ready_suggester`).

Not sooner: a server whose first visitors are a class of students would spend
the class's first minute training (measured through the real server: 49 s of
CPU for one class instead of 13, and 200 MB more memory) and keep a model no
student needs.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from quiz import config

if TYPE_CHECKING:
    from quiz.suggest import Suggester

_lock = threading.Lock()
_job: Future[Suggester] | None = None


def warm_up() -> Future[Suggester]:
    """Start readying the suggester of this process (once; again after a failure)."""
    global _job
    with _lock:
        if _job is None or (_job.done() and _job.exception() is not None):
            job: Future[Suggester] = Future()
            job.set_running_or_notify_cancel()
            # A daemon thread: a server stopping mid-training does not wait for it.
            threading.Thread(
                target=_train, args=(job, config.cache_dir()), name="suggester-warm-up",
                daemon=True,
            ).start()
            _job = job
        return _job


def is_ready() -> bool:
    """Whether a click on "Suggest spans" gets its answer at once."""
    job = warm_up()
    return job.done() and job.exception() is None


def ready_suggester() -> Suggester:
    """The trained suggester; while it is still getting ready, a status box counts the wait.

    Raises:
        Exception: whatever stopped the training (the next call tries again).
    """
    job = warm_up()
    if not job.done():
        started = time.monotonic()
        with st.status(
            "Getting the span suggester ready: it learns from the bundled excerpts once per "
            "server start…", expanded=False
        ) as status:
            while not job.done():
                waited = time.monotonic() - started
                status.update(label=f"Getting the span suggester ready… {waited:.0f} s "
                                    "(it learns from the bundled excerpts once per server start)")
                time.sleep(0.5)
            status.update(label="The span suggester is ready.", state="complete")
    return job.result()


def _train(job: Future[Suggester], cache: Path) -> None:
    try:
        # Imported here: numpy and the MiniLM weights load on this thread, not the page's.
        from quiz.suggest import default_suggester

        job.set_result(default_suggester(saved=cache))
    except BaseException as exc:  # handed to the page that waits for it
        job.set_exception(exc)
