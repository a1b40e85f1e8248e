"""The PostgreSQL side of the contract suite: a real server, one fresh database per test.

``pg_cluster`` (session-scoped) starts a throwaway cluster (:mod:`bench.pg_cluster`:
initdb in a temporary folder, run as the ``postgres`` user when the tests run as
root, a free loopback port) and stops it when the tests end. ``pg_url`` gives a
test its own database, copied from a migrated template in ~60 ms, and drops it
after. Nothing is skipped when PostgreSQL is missing: ``scripts/install.sh``
installs it, and the cluster says so if it is not there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from bench.pg_cluster import Cluster
from quiz.store_pg import PostgresStore

TEMPLATE = "spin_template"
_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        cluster.start()
        cluster.create_database(TEMPLATE)
        PostgresStore(cluster.url(TEMPLATE)).close()  # migrated once; every test copies it
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, migrated database of its own for one test."""
    name = f"test_{next(_numbers)}"
    url = pg_cluster.create_database(name, TEMPLATE)
    yield url
    pg_cluster.drop_database(name)
