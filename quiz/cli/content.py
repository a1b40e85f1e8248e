"""``validate``, ``stats``, ``schema`` and ``content import``: the content set's commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from quiz import config
from quiz.agreement import Agreement, contested_categories, pooled, ruling_counts
from quiz.cli.common import NEW_DATA_HELP, PATHS_HELP, Subparsers, content_paths
from quiz.content import ContentInvalid, check_content, content_schema
from quiz.models import Category, Excerpt, Genre
from quiz.readability import grade_spread
from quiz.storage import StoreError, import_content

VALIDATE_HELP = """\
Prints "ok: N excerpts, M spans" when every file is valid. Otherwise prints
every problem on stderr, one line each naming file, excerpt, span and field,
then "P problem(s); N excerpt(s) valid", and exits 1.
"""

STATS_HELP = """\
Prints the counts of the content set, one "KEY: VALUE" line per key, or with
--json one JSON object:

  {"excerpts": N,
   "spans": N,                  every annotated span, attributed ones included
   "by_genre": {GENRE: N},
   "by_leaning": {LEANING: N},
   "by_difficulty": {DIFFICULTY: N},
   "by_category": {CATEGORY: N},  every annotated span, attributed ones included
   "controls": N,               news excerpts with at most one scored span
   "reading_grade": {min, median, max},  Flesch-Kincaid grades (null: no excerpt)
   "second_readings": N,        excerpts with a blind second reading (content/second/)
   "agreement": {CATEGORY: {span_f1, kappa}},  key before adjudication against the
                                second readings, pooled over them (null: none)
   "agreement_after": {CATEGORY: {span_f1, kappa}},  the same after adjudication
   "adjudication": {keep, drop, change, add, spans_changed, open},  rulings by
                                decision; open: disagreements with no ruling yet
   "contested": N}              excerpts whose key and second reading still agree
                                below kappa 0.4 in some category

Invalid content: every problem on stderr, exit 1.
"""

IMPORT_HELP = """\
Validates the files, then adds new excerpts, gives changed ones a new version
and leaves the rest. Prints one line: "A added, U updated to a new version,
N unchanged (DATA)". Invalid content: every problem on stderr, nothing
imported, exit 1.
"""


def register(sub: Subparsers) -> None:
    """Add ``validate``, ``stats`` and ``schema`` to ``python -m quiz``."""
    validate = sub.add_parser(
        "validate", help="check content files; exit 1 with every problem",
        description=VALIDATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    validate.add_argument("paths", nargs="*", type=Path, help=PATHS_HELP)
    validate.set_defaults(func=cmd_validate)

    stats = sub.add_parser(
        "stats", help="counts of the content set",
        description=STATS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    stats.add_argument("paths", nargs="*", type=Path, help=PATHS_HELP)
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(func=cmd_stats)

    schema = sub.add_parser(
        "schema", help="print the JSON Schema of a content file",
        description="Prints the JSON Schema of a content file (for editors that check JSON).",
    )  # fmt: skip
    schema.set_defaults(func=cmd_schema)


def register_import(sub: Subparsers) -> None:
    """Add ``content import`` to ``python -m quiz``."""
    content = sub.add_parser("content", help="load content files into the store")
    content_sub = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    imp = content_sub.add_parser(
        "import", help="validate and import excerpts (idempotent)",
        description=IMPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    imp.add_argument("paths", nargs="*", type=Path, help=PATHS_HELP)
    where = imp.add_mutually_exclusive_group(required=True)
    where.add_argument("--data", type=Path, help=NEW_DATA_HELP)
    where.add_argument("--database-url", metavar="URL",
                       help="a PostgreSQL database (postgresql://...) instead of a data folder")
    imp.set_defaults(func=cmd_content_import)


def cmd_validate(args: argparse.Namespace) -> int:
    excerpts, errors = check_content(content_paths(args.paths))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s); {len(excerpts)} excerpt(s) valid", file=sys.stderr)
        return 1
    read = sum(1 for e in excerpts if e.second is not None)
    also = f", {read} with a second reading" if read else ""
    print(f"ok: {len(excerpts)} excerpts, {sum(len(e.spans) for e in excerpts)} spans{also}")
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
    The agreement figures are :mod:`quiz.agreement`'s, pooled over the excerpts
    with a second reading.
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
        "reading_grade": grade_spread(e.reading_grade for e in excerpts),
        "second_readings": sum(1 for e in excerpts if e.second is not None),
        "agreement": _figures(pooled(excerpts, before=True)),
        "agreement_after": _figures(pooled(excerpts, before=False)),
        "adjudication": ruling_counts(excerpts),
        "contested": sum(1 for e in excerpts if contested_categories(e)),
    }


def _figures(agreement: dict[Category, Agreement] | None) -> dict[str, object] | None:
    if agreement is None:
        return None
    return {c.value: a.as_dict() for c, a in agreement.items()}


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(content_schema(), indent=2))
    return 0


def cmd_content_import(args: argparse.Namespace) -> int:
    # The backend is imported here: the other content commands never open a store.
    from quiz.stores import open_store

    location = args.database_url or args.data
    try:
        report = import_content(open_store(location), content_paths(args.paths))
    except ContentInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s); nothing imported", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{report} ({config.where(location)})")
    return 0
