"""Every store test runs against both backends: a TinyDB data folder and a PostgreSQL database.

``backend`` is parametrised over :data:`BACKENDS`; ``location`` is where that
backend keeps the school (a folder under ``tmp_path``, or a fresh database of
the session's throwaway server: ``tests/postgres.py``); ``make_store`` opens a
store there through the app's one factory (call it twice: two handles, as two
processes or two replicas would have), and closes what it opened afterwards.
A test about TinyDB's files narrows itself with :data:`TINYDB_ONLY`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quiz.storage import Store
from quiz.stores import close, open_store

BACKENDS = ("tinydb", "postgres")
TINYDB_ONLY = pytest.mark.parametrize("backend", ["tinydb"])
POSTGRES_ONLY = pytest.mark.parametrize("backend", ["postgres"])


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A data folder or a database URL: what ``--data`` or ``--database-url`` would name."""
    if backend == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "data")


@pytest.fixture
def make_store(location: str) -> Iterator[Callable[[], Store]]:
    opened: list[Store] = []

    def make() -> Store:
        store = open_store(location)
        opened.append(store)
        return store

    yield make
    for store in opened:
        close(store)
