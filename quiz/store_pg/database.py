"""The connection pool, transactions, and the database's errors said in the store's words.

A URL is checked before anything connects: a malformed one, or a server that
cannot be reached, gives :class:`~quiz.storage.Unavailable` with one line that
names the host and never the password. The pool checks a connection before
handing it out, so after the server restarts the next call reconnects by
itself: no app restart is needed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg.rows import TupleRow
from psycopg_pool import ConnectionPool, PoolTimeout

from quiz.storage import Conflict, StoreError, Unavailable

SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT = 3  # seconds to wait for the server before saying it is unreachable
POOL_SIZE = 10  # connections per process: a Streamlit replica serves a class on threads
USAGE = "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"

Cursor = psycopg.Cursor[TupleRow]

# The pool logs each failed reconnection over several lines; the store says it in
# one (Unavailable). Without this handler Python would print them on stderr.
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())
logging.getLogger("psycopg.pool").propagate = False


def describe(url: str) -> str:
    """Where ``url`` points, for messages: ``host:port/database``, never the password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "an unreadable database URL"
    host = parts.hostname or "localhost"
    try:
        port: object = parts.port or 5432
    except ValueError:
        port = "(not a number)"
    name = parts.path.lstrip("/") or "(default database)"
    return f"{host}:{port}/{name}"


def check_url(url: str) -> None:
    """Refuse a malformed URL with a one-line :class:`Unavailable` (the password left out)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError when the port is not a number
    except ValueError as exc:
        raise Unavailable(f"the database URL for {describe(url)} is malformed ({exc}); "
                          f"write it as {USAGE}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise Unavailable(f"the database URL must start with postgresql://; write it as {USAGE}")
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise Unavailable(f"the database URL for {describe(url)} is malformed; write it as "
                          f"{USAGE}") from None


class Database:
    """A pool of connections to one database, shared by the threads of a process."""

    def __init__(self, url: str, *, size: int = POOL_SIZE) -> None:
        check_url(url)
        self.url = url
        self.where = describe(url)
        self._secret = unquote(urlsplit(url).password or "")
        self.size = size
        self.pool = self._new_pool()
        self._opened = False
        self._guard = threading.Lock()
        self._pinned = threading.local()

    def _new_pool(self) -> ConnectionPool[psycopg.Connection[TupleRow]]:
        return ConnectionPool(
            self.url, min_size=1, max_size=self.size, open=False, timeout=CONNECT_TIMEOUT,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            check=ConnectionPool.check_connection, name=f"spin-spotter {self.where}",
        )  # fmt: skip

    def open(self) -> None:
        """Connect once (Unavailable, with the server's reason, when that fails); open the pool."""
        with self._guard:
            if self._opened:
                return
            with self.errors():
                psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT).close()
            self.pool.open(wait=False)
            self._opened = True

    def close(self) -> None:
        """Close the pool's connections; the next call opens a new pool."""
        with self._guard:
            if self._opened:
                self.pool.close()
                self.pool = self._new_pool()  # a closed pool cannot be opened again
                self._opened = False

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[TupleRow]]:
        """A connection of the pool (or this thread's snapshot), errors translated."""
        pinned = getattr(self._pinned, "conn", None)
        if pinned is not None:
            with self.errors():
                yield pinned
            return
        if not self._opened:
            self.open()
        with self.errors(), self.pool.connection() as conn:
            yield conn

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        """One statement's cursor, in autocommit (each statement commits by itself)."""
        with self.connection() as conn, conn.cursor() as cur:
            yield cur

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """A cursor inside one transaction: committed on exit, rolled back on an exception."""
        with self.connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield cur

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read of this thread inside the block sees one consistent state (for copies)."""
        with self.connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            self._pinned.conn = conn
            try:
                yield
            finally:
                self._pinned.conn = None
                conn.execute("ROLLBACK")

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Say the driver's connection trouble as :class:`Unavailable`, the password left out."""
        try:
            yield
        except PoolTimeout:
            raise Unavailable(f"cannot reach the database at {self.where}: {self._probe()}"
                              ) from None
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise Unavailable(f"cannot reach the database at {self.where}: "
                              f"{self.reason(exc)}") from None
        except psycopg.DataError as exc:
            raise Conflict(f"the database refused a value: {self.reason(exc)}") from None
        except psycopg.errors.UndefinedTable:
            raise StoreError(f"the database at {self.where} has no Spin Spotter tables: run "
                             f"python -m quiz db migrate --database-url URL") from None

    def _probe(self) -> str:
        """Why the pool has no connection: the server's own answer to one direct try."""
        try:
            psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT).close()
        except psycopg.Error as exc:
            return self.reason(exc)
        return f"no free connection within {CONNECT_TIMEOUT} s (the server is busy)"

    def reason(self, exc: BaseException) -> str:
        """The first line of a driver message, the password replaced if it appears."""
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        text = text.removeprefix("connection failed: ")
        return text.replace(self._secret, "***") if self._secret else text

