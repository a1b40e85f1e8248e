"""``bench NAME`` and ``loadtest``: the measuring commands.

Their code is the top-level ``bench`` package beside ``quiz/`` (not part of the
app); it is imported inside each command, so no other command loads it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quiz import config
from quiz.cli.common import NEW_DATA_HELP, Subparsers

# The names bench.run_benchmark knows (tests/test_benchmarks.py keeps the two equal).
BENCHMARKS = ("classroom", "reports", "scoring", "storage", "suggest", "ui")

BENCH_HELP = """\
Runs one benchmark (its code is in bench/) and prints its table: the figures
for the code measured, a baseline measured in the same process, and a line
"ratio ..." between them, then whether the target was met. Exit 0: the figures
are information. Exit 1: storage missed a target on a full run; ui could not
show the quiz page; suggest found no content to train and test on; classroom
missed its goal (35 students within 10 s: p95 submit to feedback <= 500 ms,
no errors, every answer stored).
"""

LOADTEST_HELP = """\
Two load tests.

With --app URL (a running Spin Spotter on this machine) and --code JOINCODE:
--students simulated students join that class with fresh nicknames over the
server's own websocket, open the class quiz, mark words in the span picker,
submit and read the feedback, --excerpts times, with think times between steps;
each excerpt's submits fall within --spread seconds. Afterwards the store (the
data folder of --data or the database of --database-url, default the app's) is
read back. Prints one JSON object (--json) or a
summary: students, submitted, stored, lost, errors, page_load_ms, mark_ms and
submit_to_feedback_ms (p50, p95, max), and with --server-pid the server's memory
before and after and its CPU seconds. Only loopback addresses are accepted.
Exit 1 when a student hit an error or an acknowledged answer is not stored.

Without --app: W processes join one class with their own students and record
attempts straight into the data folder (or the database of --database-url);
each appends an attempt's id to
--ack-log only after the store confirmed the write. Prints one line: "W
workers: N attempts acknowledged in S s (R/s); F worker(s) failed". Exit 1 when
a worker failed.

Exit 2 for a bad argument (a count below its minimum, a non-loopback address).
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
    bench.add_argument(
        "--json", action="store_true", help="classroom: print the 35-student run's JSON object"
    )
    bench.set_defaults(func=cmd_bench)


def register_loadtest(sub: Subparsers) -> None:
    """Add ``loadtest`` to ``python -m quiz``."""
    load = sub.add_parser(
        "loadtest", help="a class through a running server (--app), or W store processes",
        description=LOADTEST_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    where = load.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, help=NEW_DATA_HELP)
    where.add_argument("--database-url", metavar="URL",
                       help="a PostgreSQL database (postgresql://...) instead of a data folder")
    load.add_argument("--workers", type=int, default=4, help="processes (default 4)")
    load.add_argument("--attempts", type=int, default=100, help="attempts per worker")
    load.add_argument("--ack-log", type=Path, help="file each acknowledged attempt id goes to")
    app = load.add_argument_group("a class through a running server")
    app.add_argument("--app", help="the app's address, e.g. http://127.0.0.1:8501")
    app.add_argument("--code", action="append", help="the class's join code (repeat for classes)")
    app.add_argument("--students", type=int, default=35, help="students per class (default 35)")
    app.add_argument("--excerpts", type=int, default=3, help="excerpts each (default 3)")
    app.add_argument("--spread", type=float, default=10.0,
                     help="seconds within which a class submits one excerpt (default 10)")
    app.add_argument("--seed", type=int, default=1, help="for the students' choices")
    app.add_argument("--server-pid", type=int, help="the server's PID, for memory and CPU")
    app.add_argument("--json", action="store_true", help="print one JSON object")
    load.set_defaults(func=cmd_loadtest)


def cmd_bench(args: argparse.Namespace) -> int:
    _bench_importable()
    from bench import run_benchmark

    return run_benchmark(args.name, quick=args.quick, json_output=args.json,
                         backend=args.backend)


def cmd_loadtest(args: argparse.Namespace) -> int:
    if args.app:
        return _class_through_server(args)
    if (args.data is None and args.database_url is None) or args.ack_log is None:
        print("without --app, give --data DIR (or --database-url URL) and --ack-log FILE",
              file=sys.stderr)
        return 2
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


def _class_through_server(args: argparse.Namespace) -> int:
    _bench_importable()
    from bench.classroom import Pace
    from bench.loaddriver import drive, loopback_problem
    from quiz.stores import configured_location, open_store

    problem = loopback_problem(args.app) or (None if args.code else "give --code JOINCODE")
    if problem is None and (args.students < 1 or args.excerpts < 1 or args.spread < 0):
        problem = "--students and --excerpts must be at least 1, --spread at least 0"
    if problem:
        print(f"loadtest: {problem}", file=sys.stderr)
        return 2
    store = open_store(args.database_url or args.data or configured_location())
    report = drive(args.app, args.code, students=args.students, excerpts=args.excerpts,
                   store=store, pace=Pace(spread=args.spread), seed=args.seed,
                   server_pid=args.server_pid)
    if args.json:
        print(json.dumps(report))
    else:
        submit = report["submit_to_feedback_ms"]
        print(f"{report['students']} students: {report['submitted']} submitted, "
              f"{report['stored']} stored, {report['lost']} lost, {report['errors']} with "
              f"errors; submit to feedback p50 {submit['p50']} ms, p95 {submit['p95']} ms")
        for message in report["error_messages"]:
            print(f"  {message}")
    return 1 if report["errors"] or report["lost"] else 0


def _bench_importable() -> None:
    """Put the project folder, which holds both ``quiz/`` and ``bench/``, on the import path.

    ``python -m quiz`` from the project folder has it already; this also covers
    a ``quiz`` found through another entry of the path (PYTHONPATH, say).
    """
    root = str(config.PROJECT_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)
