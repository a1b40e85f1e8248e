"""``python -m quiz teacher add NAME``: create a teacher account from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from quiz import config
from quiz.cli.common import Subparsers

ADD_HELP = """\
Asks for the password twice (or reads one line with --password-stdin), keeps
only its Argon2id hash and prints "teacher 'NAME' added to DATA". Two
different passwords, a weak one, an empty name or a name already taken: a
message on stderr, nothing saved, exit 1.
"""


def register(sub: Subparsers) -> None:
    """Add ``teacher add`` to ``python -m quiz``."""
    teacher = sub.add_parser("teacher", help="manage teacher accounts")
    actions = teacher.add_subparsers(dest="teacher_command", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add", help="create a teacher account (asks for a password)",
        description=ADD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    add.add_argument("name", help="the name the teacher signs in with")
    add.add_argument(
        "--data", type=Path, default=None,
        help="data folder (default: $SPIN_SPOTTER_DATA or data/ in the project)",
    )
    add.add_argument(
        "--password-stdin", action="store_true",
        help="read the password from standard input instead of asking (for scripts)",
    )
    add.set_defaults(func=cmd_teacher_add)


def cmd_teacher_add(args: argparse.Namespace) -> int:
    # Imported here: the password hasher and the store take ~0.1 s that other commands skip.
    from quiz.store import open_store
    from quiz.usecases import Refused
    from quiz.usecases.teachers import add_teacher

    data = args.data or config.data_dir()
    again: str | None = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password again: ")
    try:
        teacher = add_teacher(open_store(data), args.name, password, again)
    except Refused as exc:
        print(f"error: {str(exc).rstrip('.')}. Nothing was saved.", file=sys.stderr)
        return 1
    print(f"teacher {teacher.name!r} added to {data}")
    return 0
