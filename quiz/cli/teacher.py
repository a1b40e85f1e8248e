"""``python -m quiz teacher ...``: teacher accounts from the command line.

``add`` creates an account, ``setup-code`` shows the one-time code that claims
a fresh server's first account in the browser, ``unlock``, ``reset-password``
and ``remove`` repair accounts. Each prints one line and exits 0, or prints
``error: ...`` on stderr and exits 1 with nothing changed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import config
from quiz.cli.common import Subparsers

if TYPE_CHECKING:
    from quiz.storage import Store

ADD_HELP = """\
Asks for the password twice (or reads one line with --password-stdin), keeps
only its Argon2id hash and prints "teacher 'NAME' added to DATA". Two
different passwords, a weak one, an empty name or a name already taken: a
message on stderr, nothing saved, exit 1.
"""
SETUP_CODE_HELP = """\
While the data folder has no teacher account, prints the one-time setup code
that Teacher sign-in asks for to create the first account (made when missing,
kept in DATA/setup-code.txt, mode 0600, until it is used). Once a teacher
exists, says so: there is nothing to claim.
"""
UNLOCK_HELP = """\
Clears the account's count of wrong tries, so its next sign-in does not wait.
A client's own waits (per address) are kept by the server process and end
when it restarts.
"""
RESET_HELP = """\
Sets a new password (asked twice, or one line with --password-stdin), clears
the wrong-try count and signs the teacher out of every browser.
"""
REMOVE_HELP = """\
Removes the account and signs it out everywhere. A teacher who still has
classes is refused unless --to OTHER names the teacher who takes the classes
over (with their students and answers): classes never lose their teacher.
"""
DATA_HELP = ("data folder (default: SPIN_SPOTTER_DATABASE_URL's database when set, else "
             "$SPIN_SPOTTER_DATA or data/ in the project)")
DATABASE_HELP = "a PostgreSQL database (postgresql://...) instead of a data folder"


def register(sub: Subparsers) -> None:
    """Add ``teacher add|setup-code|unlock|reset-password|remove`` to ``python -m quiz``."""
    teacher = sub.add_parser("teacher", help="manage teacher accounts")
    actions = teacher.add_subparsers(dest="teacher_command", required=True, metavar="ACTION")

    def action(
        name: str, summary: str, description: str, func: Callable[..., int]
    ) -> argparse.ArgumentParser:
        parser = actions.add_parser(
            name, help=summary, description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--data", type=Path, default=None, help=DATA_HELP)
        where.add_argument("--database-url", metavar="URL", default=None, help=DATABASE_HELP)
        parser.set_defaults(func=func)
        return parser

    add = action("add", "create a teacher account (asks for a password)", ADD_HELP, cmd_add)
    add.add_argument("name", help="the name the teacher signs in with")
    _password_stdin(add)
    action("setup-code", "show the code that claims the first account", SETUP_CODE_HELP,
           cmd_setup_code)  # fmt: skip
    unlock = action("unlock", "clear an account's wrong-try delays", UNLOCK_HELP, cmd_unlock)
    unlock.add_argument("name", help="the teacher's name")
    reset = action("reset-password", "set a new password", RESET_HELP, cmd_reset_password)
    reset.add_argument("name", help="the teacher's name")
    _password_stdin(reset)
    remove = action("remove", "remove a teacher account", REMOVE_HELP, cmd_remove)
    remove.add_argument("name", help="the teacher's name")
    remove.add_argument("--to", metavar="OTHER", default=None,
                        help="the teacher who takes over NAME's classes")  # fmt: skip


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true",
        help="read the password from standard input instead of asking (for scripts)",
    )  # fmt: skip


def _password(args: argparse.Namespace) -> tuple[str, str | None]:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), None
    return getpass.getpass("Password: "), getpass.getpass("Password again: ")


def _fail(message: str, hint: str = "") -> int:
    print(f"error: {message.rstrip('.')}. Nothing was changed.{hint}", file=sys.stderr)
    return 1


def _location(args: argparse.Namespace) -> str:
    """``--data``, ``--database-url``, the configured database, or the default folder."""
    if args.data is not None:
        return str(args.data)
    return str(args.database_url or config.database_url() or config.data_dir())


def _existing_store(args: argparse.Namespace) -> Store:
    """The store given (or configured); a missing data folder is refused, never created,
    so a mistyped ``--data`` changes nothing."""
    from quiz.stores import open_store
    from quiz.usecases import Refused

    location = _location(args)
    if not config.is_database_url(location) and not Path(location).is_dir():
        raise Refused(f"no data folder at {location}")
    return open_store(location)


def cmd_add(args: argparse.Namespace) -> int:
    # Imported here: the password hasher and the store take ~0.1 s that other commands skip.
    from quiz.stores import open_store
    from quiz.usecases import Refused
    from quiz.usecases.accounts import add_teacher

    data = config.where(_location(args))
    password, again = _password(args)
    try:
        teacher = add_teacher(open_store(_location(args)), args.name, password, again)
    except Refused as exc:
        print(f"error: {str(exc).rstrip('.')}. Nothing was saved.", file=sys.stderr)
        return 1
    print(f"teacher {teacher.name!r} added to {data}")
    return 0


def cmd_setup_code(args: argparse.Namespace) -> int:
    from quiz.store.accounts import SETUP_CODE
    from quiz.stores import open_store
    from quiz.usecases.accounts import setup_code

    location = _location(args)
    data = config.where(location)
    code = setup_code(open_store(location))
    if code is None:
        print(f"no setup code: {data} has a teacher account (sign in, or use teacher add)")
    else:
        kept = "the database" if config.is_database_url(location) else Path(location) / SETUP_CODE
        print(f"setup code for the first teacher account: {code} (in {kept})")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from quiz.usecases import Refused
    from quiz.usecases.accounts import unlock

    try:
        teacher = unlock(_existing_store(args), args.name)
    except Refused as exc:
        return _fail(str(exc))
    print(f"teacher {teacher.name!r} unlocked: the next sign-in does not wait")
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    from quiz.usecases import Refused
    from quiz.usecases.accounts import reset_password, teacher_named

    try:
        store = _existing_store(args)
        teacher_named(store, args.name)  # before asking for a password
        password, again = _password(args)
        teacher = reset_password(store, args.name, password, again)
    except Refused as exc:
        return _fail(str(exc))
    print(f"password of teacher {teacher.name!r} reset; they are signed out everywhere")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from quiz.usecases import Refused
    from quiz.usecases.accounts import HandOverNeeded, remove_teacher

    try:
        moved = remove_teacher(_existing_store(args), args.name, args.to)
    except HandOverNeeded as exc:
        return _fail(str(exc), " Add --to OTHER to hand the classes to another teacher.")
    except Refused as exc:
        return _fail(str(exc))
    handed = f"; {len(moved)} class(es) handed to {args.to.strip()!r}" if moved else ""
    print(f"teacher {args.name.strip()!r} removed from {config.where(_location(args))}{handed}")
    return 0
