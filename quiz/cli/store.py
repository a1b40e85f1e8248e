"""``db check|export|backup``: the data folder's commands.

``export`` reads through the :class:`~quiz.storage.Store` protocol. ``check``
and ``backup`` are whole-folder jobs of the TinyDB backend
(:mod:`quiz.store.maintenance`): they must work when a file is broken, which a
store refuses to read. The backend is imported inside each command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli.common import EXISTING_DATA_HELP, Subparsers, existing_data
from quiz.storage import StoreError

CHECK_HELP = """\
Parses every data file, validates every record, verifies the references between
them and removes leftovers of killed writers. Prints "removed leftover PATH"
for each, then "ok: N file(s) in DATA"; or each problem on stderr, naming its
file, then "P problem(s) in N file(s)", and exits 1.
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
Zips every data file into one archive (written atomically). Prints
"N file(s) from DATA saved to ZIP"; files that do not parse are still saved,
named on stderr, and the exit code is 1.
"""


def register(sub: Subparsers) -> None:
    """Add ``db check|export|backup`` to ``python -m quiz``."""
    raw = argparse.RawDescriptionHelpFormatter
    db = sub.add_parser("db", help="check, export or back up a data folder")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    check = db_sub.add_parser(
        "check", help="parse every file, verify references; exit 1 if bad",
        description=CHECK_HELP, formatter_class=raw,
    )  # fmt: skip
    check.add_argument("--data", type=Path, required=True, help=EXISTING_DATA_HELP)
    check.set_defaults(func=cmd_db_check)
    export = db_sub.add_parser(
        "export", help="print all attempts (no password hashes)",
        description=EXPORT_HELP, formatter_class=raw,
    )  # fmt: skip
    export.add_argument("--data", type=Path, required=True, help=EXISTING_DATA_HELP)
    export.add_argument("--format", choices=["csv", "json"], default="csv", help="default: csv")
    export.set_defaults(func=cmd_db_export)
    backup = db_sub.add_parser(
        "backup", help="zip every data file into one archive",
        description=BACKUP_HELP, formatter_class=raw,
    )  # fmt: skip
    backup.add_argument("--data", type=Path, required=True, help=EXISTING_DATA_HELP)
    backup.add_argument("--to", type=Path, required=True, help="the .zip file to write")
    backup.set_defaults(func=cmd_db_backup)


def cmd_db_check(args: argparse.Namespace) -> int:
    data = existing_data(args.data)
    from quiz.store.maintenance import check

    report = check(data)
    for path in report.cleaned:
        print(f"removed leftover {path}")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.ok:
        print(f"{len(report.problems)} problem(s) in {report.files} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {report.files} file(s) in {data}")
    return 0


def cmd_db_export(args: argparse.Namespace) -> int:
    data = existing_data(args.data)
    from quiz.store import open_store
    from quiz.store.maintenance import export

    try:
        sys.stdout.write(export(open_store(data), args.format))
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    data = existing_data(args.data)
    from quiz.store.maintenance import backup

    count, problems = backup(data, args.to)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{count} file(s) from {data} saved to {args.to}")
    return 1 if problems else 0
