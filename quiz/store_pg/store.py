"""The PostgreSQL implementation of :class:`~quiz.storage.Store`.

One database holds the whole school, content included, so every app server
(replica) behind a load balancer sees the same excerpts, classes and answers
at once. Threads share one :class:`PostgresStore` (its connection pool);
processes and replicas each open their own.
"""

from __future__ import annotations

from quiz.store_pg import migrations
from quiz.store_pg.accounts import AccountTables
from quiz.store_pg.attempts import AttemptTables
from quiz.store_pg.content import ContentTables
from quiz.store_pg.database import Database
from quiz.store_pg.school import SchoolTables


class PostgresStore(ContentTables, AccountTables, SchoolTables, AttemptTables):
    """A school in one PostgreSQL database, shared safely by threads, processes and replicas."""

    def __init__(self, url: str, *, migrate: bool = True, pool_size: int | None = None) -> None:
        """Connect to ``url``; bring its schema up to date unless ``migrate`` is False.

        Raises:
            quiz.storage.Unavailable: the URL is malformed or the server unreachable
                (one line naming the host, never the password).
            quiz.storage.SchemaTooNew: a newer app migrated the database.
        """
        self.db = Database(url) if pool_size is None else Database(url, size=pool_size)
        self.url = url
        self._init_content()
        self.db.open()
        if migrate:
            try:
                migrations.ensure(self.db)
            except BaseException:
                self.db.close()  # no pool left behind by a store that did not open
                raise

    def close(self) -> None:
        """Close the pool's connections (a process that ends need not)."""
        self.db.close()
