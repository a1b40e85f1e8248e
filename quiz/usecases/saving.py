"""Riding out a database that went away for a moment: every store call waits and tries again.

A PostgreSQL server restarted mid-class must not cost a learner their answer.
:func:`patient` wraps a store so that a call failing with
:class:`~quiz.storage.Unavailable` is tried again every :data:`PAUSE` seconds
for up to :data:`PATIENCE` seconds, telling the caller each time (the page
shows "couldn't save, trying again"). Trying again is safe: reads change
nothing, and recording an attempt is idempotent by its id, the same attempt
object every time, so an answer saved just before the connection broke is
never counted twice. Past the patience, Unavailable reaches the page, which
says the database is away; the learner's marks stay on the page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from quiz.storage import Store, Unavailable

PATIENCE = 60.0  # seconds a page waits for the database before giving up
PAUSE = 1.0  # seconds between two tries
SAVING = "record_attempt"  # the call that saves an answer

T = TypeVar("T")
# Told on each failed try: the store method that failed and the error; and once
# the call worked after failing (so the page can take its notice away).
OnRetry = Callable[[str, Unavailable], None]
OnRecovered = Callable[[], None]


def keep_trying(
    action: Callable[[], T], *, what: str = "", on_retry: OnRetry | None = None,
    on_recovered: OnRecovered | None = None, patience: float = PATIENCE, pause: float = PAUSE,
) -> T:  # fmt: skip
    """``action()``, tried again while it raises Unavailable, for up to ``patience`` seconds."""
    deadline = time.monotonic() + patience
    failed = False
    while True:
        try:
            result = action()
        except Unavailable as exc:
            if time.monotonic() + pause > deadline:
                raise
            failed = True
            if on_retry is not None:
                on_retry(what, exc)
            time.sleep(pause)
            continue
        if failed and on_recovered is not None:
            on_recovered()
        return result


class _Patient:
    """The wrapped store's methods, each through :func:`keep_trying`."""

    def __init__(self, store: Store, on_retry: OnRetry | None, on_recovered: OnRecovered | None,
                 patience: float) -> None:  # fmt: skip
        self._store = store
        self._on_retry, self._on_recovered = on_retry, on_recovered
        self._patience = patience

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)
        if not callable(method):
            return method

        def patiently(*args: Any, **kwargs: Any) -> Any:
            return keep_trying(lambda: method(*args, **kwargs), what=name,
                               on_retry=self._on_retry, on_recovered=self._on_recovered,
                               patience=self._patience)  # fmt: skip

        return patiently


def patient(
    store: Store, *, on_retry: OnRetry | None = None, on_recovered: OnRecovered | None = None,
    patience: float = PATIENCE,
) -> Store:  # fmt: skip
    """``store``, its every call tried again while the database is away (see the module)."""
    return cast(Store, _Patient(store, on_retry, on_recovered, patience))
