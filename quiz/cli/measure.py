"""``bench NAME`` and ``loadtest``: the measuring commands.

Their code is the top-level ``bench`` package beside ``quiz/`` (not part of the
app); it is imported inside each command, so no other command loads it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz import config
from quiz.cli.common import NEW_DATA_HELP, Subparsers

# The names bench.run_benchmark knows (tests/test_benchmarks.py keeps the two equal).
BENCHMARKS = ("reports", "scoring", "storage", "suggest", "ui")

BENCH_HELP = """\
Runs one benchmark (its code is in bench/) and prints its table: the figures
for the code measured, a baseline measured in the same process, and a line
"ratio ..." between them, then whether the target was met. Exit 0: the figures
are information. Exit 1: storage missed a target on a full run; ui could not
show the quiz page; suggest found no content to train and test on.
"""

LOADTEST_HELP = """\
Starts W processes that join one class with their own students and record
attempts into the data folder (or the PostgreSQL database of --database-url);
each appends an attempt's id to --ack-log only after the store confirmed the
write. Prints one line: "W workers: N attempts acknowledged in S s (R/s); F
worker(s) failed". Exit 1 when a worker failed (or the store cannot be
opened), 2 for a count below its minimum.
"""


def register_bench(sub: Subparsers) -> None:
    """Add ``bench`` to ``python -m quiz``."""
    bench = sub.add_parser(
        "bench", help="run a benchmark and print its table",
        description=BENCH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    bench.add_argument("name", choices=sorted(BENCHMARKS))
    bench.add_argument("--quick", action="store_true", help="a small run, for CI")
    bench.add_argument("--backend", choices=["tinydb", "postgres"], default="tinydb",
                       help="storage only: the store to measure (postgres: a throwaway local "
                            "server, durable settings)")  # fmt: skip
    bench.set_defaults(func=cmd_bench)


def register_loadtest(sub: Subparsers) -> None:
    """Add ``loadtest`` to ``python -m quiz``."""
    load = sub.add_parser(
        "loadtest", help="W processes recording attempts into one class",
        description=LOADTEST_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    where = load.add_mutually_exclusive_group(required=True)
    where.add_argument("--data", type=Path, help=NEW_DATA_HELP)
    where.add_argument("--database-url", metavar="URL",
                       help="a PostgreSQL database (postgresql://...) instead of a data folder")
    load.add_argument("--workers", type=int, default=4, help="processes (default 4)")
    load.add_argument("--attempts", type=int, default=100, help="attempts per worker")
    load.add_argument(
        "--ack-log", type=Path, required=True, help="file each acknowledged attempt id goes to"
    )
    load.set_defaults(func=cmd_loadtest)


def cmd_bench(args: argparse.Namespace) -> int:
    _bench_importable()
    from bench import run_benchmark

    return run_benchmark(args.name, quick=args.quick, backend=args.backend)


def cmd_loadtest(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.attempts < 0:
        print("--workers must be at least 1 and --attempts at least 0", file=sys.stderr)
        return 2
    _bench_importable()
    from bench.loadtest import run_load
    from quiz.storage import StoreError

    try:
        result = run_load(args.database_url or args.data, args.workers, args.attempts,
                          args.ack_log)  # fmt: skip
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(result)
    return 1 if result.failed_workers else 0


def _bench_importable() -> None:
    """Put the project folder, which holds both ``quiz/`` and ``bench/``, on the import path.

    ``python -m quiz`` from the project folder has it already; this also covers
    a ``quiz`` found through another entry of the path (PYTHONPATH, say).
    """
    root = str(config.PROJECT_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)
