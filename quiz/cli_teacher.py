"""``python -m quiz teacher add NAME``: create a teacher account from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from quiz import config
from quiz.auth import hash_password, password_problem
from quiz.storage import Conflict
from quiz.store import open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``teacher add`` to ``python -m quiz``."""
    teacher = sub.add_parser("teacher", help="manage teacher accounts")
    actions = teacher.add_subparsers(dest="teacher_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a teacher account (asks for a password)")
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
    data = args.data or config.data_dir()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            print("error: the two passwords are different; nothing was saved", file=sys.stderr)
            return 1
    problem = password_problem(password)
    if problem:
        print(f"error: {problem} Nothing was saved.", file=sys.stderr)
        return 1
    if not args.name.strip():
        print("error: the name is empty", file=sys.stderr)
        return 1
    try:
        teacher = open_store(data).add_teacher(args.name, hash_password(password))
    except Conflict as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"teacher {teacher.name!r} added to {data}")
    return 0
