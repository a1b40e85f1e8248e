"""Versioned SQL migrations: ``migrations/NNNN_name.sql``, applied in order, each once.

``schema_migrations`` records what was applied. Applying runs under a
transaction-scoped advisory lock, so two replicas starting at once do not both
migrate; each file runs in the same transaction as its record, so a failed
migration leaves the schema as it was. Never edit a released file: add the
next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quiz.storage import SchemaTooNew, StoreError
from quiz.store_pg.database import Database

FOLDER = Path(__file__).resolve().parent / "migrations"
LOCK_ID = 0x5350494E  # "SPIN": the advisory lock migrations hold
NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """The migrations this app ships, in order."""
    found = []
    for path in sorted(FOLDER.glob("*.sql")):
        match = NAME.fullmatch(path.name)
        if match is None:
            raise StoreError(f"{path}: a migration is named NNNN_words.sql")
        found.append(Migration(int(match.group(1)), path.stem, path.read_text("utf-8")))
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"{FOLDER}: migrations must be numbered 0001, 0002, ... without gaps")
    return found


def latest() -> int:
    """The schema version this app needs."""
    return len(available())


def applied(db: Database) -> int:
    """The schema version of the database (0: a fresh database)."""
    with db.cursor() as cur:
        cur.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        row = cur.fetchone()
        if not row or not row[0]:
            return 0
        cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
        row = cur.fetchone()
    return int(row[0]) if row else 0


def migrate(db: Database) -> list[str]:
    """Apply every pending migration; the names applied (empty: up to date).

    Raises:
        SchemaTooNew: a newer app has migrated the database further.
    """
    done: list[str] = []
    wanted = available()
    with db.transaction() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_ID,))
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
            "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
        row = cur.fetchone()
        current = int(row[0]) if row else 0
        _refuse_newer(db, current)
        for step in wanted[current:]:
            cur.execute(step.sql.encode())
            cur.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                (step.version, step.name),
            )
            done.append(step.name)
    return done


def ensure(db: Database) -> None:
    """Migrate when the database is behind (at start); refuse a database from a newer app."""
    current = applied(db)
    _refuse_newer(db, current)
    if current < latest():
        migrate(db)


def _refuse_newer(db: Database, current: int) -> None:
    if current > latest():
        raise SchemaTooNew(Path(db.where), current, latest())
