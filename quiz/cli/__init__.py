"""``python -m quiz``: the command line.

Each command family lives in its own module of this package with a
``register(subparsers)`` function; this module only builds the parser and
dispatches. Heavy imports (the store, the suggester, the benchmarks) happen
inside the commands that need them, so ``validate`` stays light.

- :mod:`quiz.cli.common`: the usage error and path helpers every module shares
- :mod:`quiz.cli.content`: ``validate``, ``stats``, ``schema``, ``content import``
- :mod:`quiz.cli.score`: ``score``
- :mod:`quiz.cli.report`: ``report`` (a class's discernment figures as JSON)
- :mod:`quiz.cli.store`: ``db check|export|backup``
- :mod:`quiz.cli.suggest`: ``suggest``
- :mod:`quiz.cli.teacher`: ``teacher add|setup-code|unlock|reset-password|remove``
- :mod:`quiz.cli.simulate`: ``simulate``
- :mod:`quiz.cli.measure`: ``bench``, ``loadtest`` (code in the top-level ``bench`` package)

Exit codes: 0 when all is well, 1 when the input is bad (with a message),
2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from quiz.cli import content, measure, report, score, simulate, store, suggest, teacher
from quiz.cli.common import UsageError, content_paths
from quiz.cli.content import content_stats
from quiz.files import disk_full
from quiz.storage import Unavailable
from quiz.stores import close_opened

__all__ = ["UsageError", "build_parser", "content_paths", "content_stats", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(parser, args)
    finally:
        close_opened()  # a database's pool, when the command opened one


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
        raise  # pragma: no cover - parser.error does not return
    except Unavailable as exc:
        # The database is away or its URL wrong: one line naming the host, never the password.
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if not disk_full(exc):
            raise
        print(
            "error: the disk is full; this command's last change was not saved and nothing "
            "was lost (every data file is replaced whole or not at all). Free some space and "
            "run it again.",
            file=sys.stderr,
        )
        return 1


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, in the order ``--help`` lists them."""
    parser = argparse.ArgumentParser(prog="python -m quiz", description="Spin Spotter tools")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    content.register(sub)  # validate, stats, schema
    measure.register_bench(sub)
    score.register(sub)
    report.register(sub)
    content.register_import(sub)  # content import
    store.register(sub)  # db
    measure.register_loadtest(sub)
    suggest.register(sub)
    teacher.register(sub)
    simulate.register(sub)
    return parser
