"""``python -m quiz``: the command line.

Each command family lives in its own module with a ``register(subparsers)``
function; this module only builds the parser and dispatches. Exit codes: 0 when
all is well, 1 when the input is bad (with a message), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from quiz import config
from quiz.content import check_content, content_schema
from quiz.models import Excerpt, Genre

# Command families defined elsewhere, imported lazily so `validate` stays light.
COMMAND_MODULES: list[str] = [
    "quiz.cli_score",  # score
    "quiz.cli_store",  # content import, db, loadtest
    "quiz.cli_suggest",
    "quiz.cli_teacher",  # teacher add
]
# `python -m quiz bench NAME`: module with `run(quick: bool) -> int`.
BENCHMARKS: dict[str, str] = {
    "scoring": "quiz.benchmarks.scoring",
    "reports": "quiz.benchmarks.reports",
    "storage": "quiz.benchmarks.storage",
    "ui": "quiz.ui.bench",
    "suggest": "quiz.benchmarks.suggest",
}


class UsageError(Exception):
    """Bad arguments: exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
        raise  # pragma: no cover - parser.error does not return


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m quiz", description="Spin Spotter tools")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check content files; exit 1 with every problem")
    validate.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: content/)"
    )
    validate.set_defaults(func=cmd_validate)

    stats = sub.add_parser("stats", help="counts of the content set")
    stats.add_argument("paths", nargs="*", type=Path, help="files or folders (default: content/)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=cmd_stats)

    schema = sub.add_parser("schema", help="print the JSON Schema of a content file")
    schema.set_defaults(func=cmd_schema)

    if BENCHMARKS:
        bench = sub.add_parser("bench", help="run a benchmark and print its table")
        bench.add_argument("name", choices=sorted(BENCHMARKS))
        bench.add_argument("--quick", action="store_true", help="a small run, for CI")
        bench.set_defaults(func=cmd_bench)

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def content_paths(paths: Sequence[Path]) -> list[Path]:
    """The given paths, or the bundled content; a missing path is a usage error."""
    chosen = list(paths) or [config.DEFAULT_CONTENT]
    missing = [str(p) for p in chosen if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    return chosen


def cmd_validate(args: argparse.Namespace) -> int:
    excerpts, errors = check_content(content_paths(args.paths))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s); {len(excerpts)} excerpt(s) valid", file=sys.stderr)
        return 1
    print(f"ok: {len(excerpts)} excerpts, {sum(len(e.spans) for e in excerpts)} spans")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    excerpts, errors = check_content(content_paths(args.paths))
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        return 1
    figures = content_stats(excerpts)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


def content_stats(excerpts: Sequence[Excerpt]) -> dict[str, object]:
    """Counts for ``stats --json``.

    ``spans`` and ``by_category`` count every annotated span, attributed ones
    included; ``controls`` counts news excerpts with at most one scored span.
    """
    spans = [s for e in excerpts for s in e.spans]
    return {
        "excerpts": len(excerpts),
        "spans": len(spans),
        "by_genre": dict(sorted(Counter(e.genre.value for e in excerpts).items())),
        "by_leaning": dict(sorted(Counter(e.leaning.value for e in excerpts).items())),
        "by_difficulty": {
            str(k): v for k, v in sorted(Counter(e.difficulty for e in excerpts).items())
        },
        "by_category": dict(sorted(Counter(s.category.value for s in spans).items())),
        "controls": sum(
            1
            for e in excerpts
            if e.genre is Genre.NEWS and sum(1 for s in e.spans if s.is_gold) <= 1
        ),
    }


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(content_schema(), indent=2))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    module = importlib.import_module(BENCHMARKS[args.name])
    return int(module.run(quick=args.quick))
