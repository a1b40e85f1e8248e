"""``content import``, ``db check|export|backup`` and ``loadtest``: the store's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli import UsageError, content_paths
from quiz.content import ContentInvalid
from quiz.storage import StoreError, import_content
from quiz.store import TinyDBStore

DATA_HELP = "the data folder (created when missing)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to ``python -m quiz``."""
    content = sub.add_parser("content", help="load content files into the store")
    content_sub = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    imp = content_sub.add_parser("import", help="validate and import excerpts (idempotent)")
    imp.add_argument("paths", nargs="*", type=Path, help="files or folders (default: content/)")
    imp.add_argument("--data", type=Path, required=True, help=DATA_HELP)
    imp.set_defaults(func=cmd_content_import)

    db = sub.add_parser("db", help="check, export or back up a data folder")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    check = db_sub.add_parser("check", help="parse every file, verify references; exit 1 if bad")
    check.add_argument("--data", type=Path, required=True, help=DATA_HELP)
    check.set_defaults(func=cmd_db_check)
    export = db_sub.add_parser("export", help="print all attempts (no password hashes)")
    export.add_argument("--data", type=Path, required=True, help=DATA_HELP)
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.set_defaults(func=cmd_db_export)
    backup = db_sub.add_parser("backup", help="zip every data file into one archive")
    backup.add_argument("--data", type=Path, required=True, help=DATA_HELP)
    backup.add_argument("--to", type=Path, required=True, help="the .zip file to write")
    backup.set_defaults(func=cmd_db_backup)

    load = sub.add_parser("loadtest", help="W processes recording attempts into one class")
    load.add_argument("--data", type=Path, required=True, help=DATA_HELP)
    load.add_argument("--workers", type=int, default=4, help="processes (default 4)")
    load.add_argument("--attempts", type=int, default=100, help="attempts per worker")
    load.add_argument(
        "--ack-log", type=Path, required=True, help="file each acknowledged attempt id goes to"
    )
    load.set_defaults(func=cmd_loadtest)


def cmd_content_import(args: argparse.Namespace) -> int:
    try:
        report = import_content(TinyDBStore(args.data), content_paths(args.paths))
    except ContentInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s); nothing imported", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{report} ({args.data})")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    _existing(args.data)
    from quiz.store.maintenance import check

    report = check(args.data)
    for path in report.cleaned:
        print(f"removed leftover {path}")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.ok:
        print(f"{len(report.problems)} problem(s) in {report.files} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {report.files} file(s) in {args.data}")
    return 0


def cmd_db_export(args: argparse.Namespace) -> int:
    _existing(args.data)
    from quiz.store.maintenance import export

    try:
        sys.stdout.write(export(TinyDBStore(args.data), args.format))
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    _existing(args.data)
    from quiz.store.maintenance import backup

    count, problems = backup(args.data, args.to)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{count} file(s) from {args.data} saved to {args.to}")
    return 1 if problems else 0


def cmd_loadtest(args: argparse.Namespace) -> int:
    from quiz.loadtest import run_load

    if args.workers < 1 or args.attempts < 0:
        print("--workers must be at least 1 and --attempts at least 0", file=sys.stderr)
        return 2
    result = run_load(args.data, args.workers, args.attempts, args.ack_log)
    print(result)
    return 1 if result.failed_workers else 0


def _existing(data: Path) -> None:
    # Checking or exporting a mistyped folder must not create an empty one.
    if not data.is_dir():
        raise UsageError(f"no data folder at {data}: give the folder the app uses (--data DIR)")
