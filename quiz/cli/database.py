"""``db migrate`` and ``db copy``, and the database side of ``db check`` and ``db backup``.

A school district keeps Spin Spotter in PostgreSQL (``SPIN_SPOTTER_DATABASE_URL``);
these commands bring its schema up to date, move a school between a data
folder and a database (either way), and check or back up a database. Errors
are one line on stderr that names the host and never the password.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz import config
from quiz.cli.common import Subparsers, UsageError
from quiz.storage import StoreError

MIGRATE_HELP = """\
Applies the schema migrations the database lacks (quiz/store_pg/migrations/,
in order, each in one transaction with its record in schema_migrations).
Prints "applied NAME" for each, then "schema version N at HOST:PORT/NAME".
The app also migrates a database that is behind when it starts; a database
migrated by a newer app is refused.
"""
COPY_HELP = """\
Copies a whole school (teachers with their password hashes, sessions, every
excerpt version and draft, classes with their join codes, students, assignments
and attempts, every id kept) from FROM to TO, each a data folder or a
postgresql:// URL. TO must hold no school yet (a missing folder is created; a
database is migrated first). A database is read in one consistent snapshot and
written in one transaction; stop the app before copying a data folder. Prints
"copied N teachers, ... from FROM to TO" (passwords never shown).
"""


def register(db_sub: Subparsers) -> None:
    """Add ``db migrate`` and ``db copy``."""
    raw = argparse.RawDescriptionHelpFormatter
    migrate = db_sub.add_parser("migrate", help="bring a database's schema up to date",
                                description=MIGRATE_HELP, formatter_class=raw)  # fmt: skip
    migrate.add_argument("--database-url", metavar="URL", default=None,
                         help="the database (default: SPIN_SPOTTER_DATABASE_URL)")  # fmt: skip
    migrate.set_defaults(func=cmd_db_migrate)
    copy = db_sub.add_parser("copy", help="copy a school between a data folder and a database",
                             description=COPY_HELP, formatter_class=raw)  # fmt: skip
    copy.add_argument("--from", dest="source", required=True, metavar="FROM",
                      help="a data folder or a postgresql:// URL")  # fmt: skip
    copy.add_argument("--to", dest="target", required=True, metavar="TO",
                      help="an empty data folder or database")  # fmt: skip
    copy.set_defaults(func=cmd_db_copy)


def cmd_db_migrate(args: argparse.Namespace) -> int:
    url = args.database_url or config.database_url()
    if not url:
        raise UsageError("give --database-url URL (or set SPIN_SPOTTER_DATABASE_URL); a data "
                         "folder's files are migrated by the app as they are written")
    from quiz.store_pg import PostgresStore, migrations

    try:
        store = PostgresStore(url, migrate=False)
        try:
            for name in migrations.migrate(store.db):
                print(f"applied {name}")
            print(f"schema version {migrations.applied(store.db)} at {store.db.where}")
        finally:
            store.close()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    source, target = args.source, args.target
    if not config.is_database_url(source) and not Path(source).is_dir():
        raise UsageError(f"no data folder at {source}: give a folder or a postgresql:// URL")
    from quiz.stores import copy_school

    try:
        copied = copy_school(source, target)
    except StoreError as exc:
        print(f"error: {exc}. Nothing was copied.", file=sys.stderr)
        return 1
    print(f"copied {copied} from {config.where(source)} to {config.where(target)}")
    return 0


def check_database(url: str) -> int:
    """``db check --database-url``: "ok: N row(s) in WHERE", or each problem and exit 1."""
    from quiz.store_pg import PostgresStore
    from quiz.store_pg.check import check

    try:
        store = PostgresStore(url, migrate=False)
        try:
            report = check(store.db)
        finally:
            store.close()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.ok:
        print(f"{len(report.problems)} problem(s) in {report.rows} row(s)", file=sys.stderr)
        return 1
    print(f"ok: {report.rows} row(s) in {config.where(url)}")
    return 0


def backup_database(url: str, archive: Path) -> int:
    """``db backup --database-url``: the school as a data folder's archive (db restore reads it)."""
    from quiz.stores import backup_database as backup

    try:
        count = backup(url, archive)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{count} file(s) from {config.where(url)} saved to {archive}")
    return 0
