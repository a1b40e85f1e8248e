"""``db check|export|backup|restore``: the data folder's (or the database's) commands.

``export`` reads through the :class:`~quiz.storage.Store` protocol. ``check``,
``backup`` and ``restore`` are whole-folder jobs of the TinyDB backend
(:mod:`quiz.store.maintenance`, :mod:`quiz.store.restore`): they must work when
a file is broken, which a store refuses to read. ``check``, ``export`` and
``backup`` take ``--database-url URL`` instead of ``--data DIR`` for a
PostgreSQL database; ``migrate`` and ``copy`` are in :mod:`quiz.cli.database`.
The backend is imported inside each command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli.common import EXISTING_DATA_HELP, Subparsers, UsageError, existing_data
from quiz.storage import StoreError

CHECK_HELP = """\
Parses every data file, validates every record, verifies the references between
them and removes leftovers of killed writers. The data files are the store's
TinyDB files, the authored excerpts (authored/*.json, checked by the rules of
validate) and the setup code; the cache (derived) is left alone. Prints
"removed leftover PATH" for each leftover and "skipped PATH: ..." for a file
the app does not write, then "ok: N file(s) in DATA"; or each problem on
stderr, naming its file (a damaged file once: the references only it could
confirm are not checked), then "P problem(s) in N file(s)", and exits 1.
"""

EXPORT_HELP = """\
Prints every attempt, one row each (never a password hash), with the columns
attempt_id, student_id, nickname, class_id, class_name, assignment_id,
excerpt_id, excerpt_version, mode, categories, score, seconds_taken,
submitted_at, figures, selections.
csv: a header line, then one line per attempt; categories, figures and
selections are JSON text. json: a list of objects with those keys.
"""

BACKUP_HELP = """\
Zips every data file (the store's files and the authored excerpts; not the
one-time setup code nor the derived cache) into one archive, written
atomically, whose comment records when it was taken. Prints
"N file(s) from DATA saved to ZIP"; files that do not parse are still saved,
named on stderr, and the exit code is 1.
"""

RESTORE_HELP = """\
Replaces the data folder with a backup made by db backup. Stop the app first.
The archive is verified before anything changes: every member must be a data
file the app writes, under a plain path inside the folder (no .., no absolute
path), at most 64 MiB each and 4 GiB in all, and the unpacked copy must pass
db check. The folder then holds newer data when one of its data files is
missing from the backup, or differs from the backup's copy and was changed
after the backup was taken (the time db backup records in the archive): then
nothing is restored without --force. The backup is unpacked beside the folder
and swapped in at once (one rename on Linux), so an interruption leaves the
old data or the new, never a mix; the replaced data is kept as
DATA.before-restore-TIME. Prints "restored N file(s) from ZIP into DATA" and
where the old data is kept; a refusal is one line on stderr, exit 1.
"""


DATABASE_HELP = "a PostgreSQL database (postgresql://USER:PASSWORD@HOST:PORT/NAME) instead"


def where(parser: argparse.ArgumentParser) -> None:
    """``--data DIR`` or ``--database-url URL``: one of the two, required."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--data", type=Path, help=EXISTING_DATA_HELP)
    group.add_argument("--database-url", metavar="URL", help=DATABASE_HELP)


def register(sub: Subparsers) -> None:
    """Add ``db check|export|backup|restore|migrate|copy`` to ``python -m quiz``."""
    from quiz.cli import database

    raw = argparse.RawDescriptionHelpFormatter
    db = sub.add_parser("db", help="check, export, back up, restore, migrate or copy a school")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    check = db_sub.add_parser(
        "check", help="parse every file, verify references; exit 1 if bad",
        description=CHECK_HELP, formatter_class=raw,
    )  # fmt: skip
    where(check)
    check.set_defaults(func=cmd_db_check)
    export = db_sub.add_parser(
        "export", help="print all attempts (no password hashes)",
        description=EXPORT_HELP, formatter_class=raw,
    )  # fmt: skip
    where(export)
    export.add_argument("--format", choices=["csv", "json"], default="csv", help="default: csv")
    export.set_defaults(func=cmd_db_export)
    backup = db_sub.add_parser(
        "backup", help="zip every data file into one archive",
        description=BACKUP_HELP, formatter_class=raw,
    )  # fmt: skip
    where(backup)
    backup.add_argument("--to", type=Path, required=True, help="the .zip file to write")
    backup.set_defaults(func=cmd_db_backup)
    restore = db_sub.add_parser(
        "restore", help="put a backup back (verified, atomic; refuses to lose newer data)",
        description=RESTORE_HELP, formatter_class=raw,
    )  # fmt: skip
    restore.add_argument("--from", dest="archive", type=Path, required=True, metavar="ZIP",
                         help="the .zip file db backup wrote")
    restore.add_argument("--data", type=Path, required=True,
                         help="the data folder to replace (created when missing)")
    restore.add_argument("--force", action="store_true",
                         help="restore even over data newer than the backup")
    restore.set_defaults(func=cmd_db_restore)
    database.register(db_sub)


def cmd_db_check(args: argparse.Namespace) -> int:
    if args.database_url:
        from quiz.cli.database import check_database

        return check_database(args.database_url)
    data = existing_data(args.data)
    from quiz.store.maintenance import check

    report = check(data)
    for path in report.cleaned:
        print(f"removed leftover {path}")
    for path in report.skipped:
        print(f"skipped {path}: not a file Spin Spotter writes (not checked, not backed up)")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.ok:
        print(f"{len(report.problems)} problem(s) in {report.files} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {report.files} file(s) in {data}")
    return 0


def cmd_db_export(args: argparse.Namespace) -> int:
    location = args.database_url or existing_data(args.data)
    from quiz.store.maintenance import export
    from quiz.stores import close, open_store

    try:
        store = open_store(location)
        try:
            sys.stdout.write(export(store, args.format))
        finally:
            close(store)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    if args.database_url:
        from quiz.cli.database import backup_database

        return backup_database(args.database_url, args.to)
    data = existing_data(args.data)
    from quiz.store.maintenance import backup

    count, problems = backup(data, args.to)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{count} file(s) from {data} saved to {args.to}")
    return 1 if problems else 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    if not args.archive.is_file():
        raise UsageError(f"no backup at {args.archive}: give the .zip file db backup wrote")
    from quiz.store.restore import RestoreRefused, restore

    try:
        done = restore(args.archive, args.data, force=args.force)
    except RestoreRefused as exc:
        print(f"not restored: {exc}", file=sys.stderr)
        return 1
    print(f"restored {done.files} file(s) from {args.archive} into {args.data}")
    if done.kept is not None:
        print(f"the data it replaced is kept in {done.kept}: delete it once you are satisfied")
    return 0
