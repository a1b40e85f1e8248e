"""The PostgreSQL backend of :class:`quiz.storage.Store`, for a school district.

Chosen by ``SPIN_SPOTTER_DATABASE_URL`` (see :mod:`quiz.config`); the TinyDB
store (:mod:`quiz.store`) stays the default. This package is the only place
that imports the database driver (psycopg 3, with its connection pool).

- :mod:`quiz.store_pg.database`: the pool, transactions, URL checks, errors
- :mod:`quiz.store_pg.migrations`: versioned SQL files in ``migrations/``
- :mod:`quiz.store_pg.store`: :class:`PostgresStore`, from the tables' mixins
  (``content``, ``accounts``, ``school``, ``attempts``)
- :mod:`quiz.store_pg.check`: ``db check`` on a database
"""

from __future__ import annotations

from quiz.store_pg.database import describe
from quiz.store_pg.store import PostgresStore

__all__ = ["PostgresStore", "describe"]
