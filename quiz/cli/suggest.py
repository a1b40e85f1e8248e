"""``python -m quiz suggest``: candidate spans for a text, offline.

Exit codes follow :mod:`quiz.cli`: 0 on success, 1 when the input is bad
(unreadable file, text too long), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quiz import config
from quiz.cli.common import Subparsers
from quiz.models import Category

SUGGEST_HELP = """\
Prints candidate spans of the text, in text order: for each, a line
"START-END CATEGORY 'QUOTE'" and an indented line saying why; or
"no suggestions". With --json, a JSON list of objects

  {"start": N, "end": N, "category": CATEGORY, "quote": TEXT, "why": TEXT}

with character offsets into the text. An unreadable file or a text too long:
a message on stderr, exit 1.
"""


def register(sub: Subparsers) -> None:
    """Add ``suggest`` to ``python -m quiz``."""
    parser = sub.add_parser(
        "suggest",
        help="suggest spans per category for a text (offline word lists and rules)",
        description=SUGGEST_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--text-file", type=Path, required=True, help="UTF-8 text file, or - for standard input"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list (keys above)")
    parser.add_argument(
        "--category",
        action="append",
        choices=[c.value for c in Category],
        help="only this category (repeat for more; default: all three)",
    )
    parser.set_defaults(func=cmd_suggest)


def cmd_suggest(args: argparse.Namespace) -> int:
    """Print suggestions for ``--text-file``."""
    # Imported here so other commands do not pay for loading the lexicons.
    from quiz.suggest import TextTooLong, suggest

    path: Path = args.text_file
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"error: {path} does not exist: give the path of a UTF-8 text file", file=sys.stderr)
        return 1
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        print(f"error: cannot read {path} as UTF-8 text ({exc}): save it as UTF-8", file=sys.stderr)
        return 1
    categories = [Category(c) for c in args.category] if args.category else None
    try:
        # The trained model is kept in the data folder: only the first run trains.
        found = suggest(text, categories, saved=config.cache_dir())
    except TextTooLong as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([s.as_dict() for s in found], ensure_ascii=False, indent=2))
        return 0
    for s in found:
        print(f"{s.start:>5}-{s.end:<5} {s.category.label:<18} {s.quote!r}\n{'':30}{s.why}")
    if not found:
        print("no suggestions")
    return 0
