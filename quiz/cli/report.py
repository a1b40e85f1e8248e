"""``python -m quiz report --data DIR --class CODE --json``: a class's figures for other tools.

Prints one JSON object (:mod:`quiz.reports.json_report` gives its shape): per
student and skill the hit rate, false-alarm rate, d′ and criterion; ``null``
where a figure cannot be computed yet. An unknown class code: a message on
stderr, exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quiz.cli.common import EXISTING_DATA_HELP, Subparsers, UsageError, existing_data

HELP = """\
Prints one JSON object:

  {"students": [{"student_id": ID, "nickname": NAME,
                 "skills": {CATEGORY: {"hit_rate": H, "false_alarm_rate": F,
                                       "d_prime": D, "criterion": C, "rating": R}}}],
   "assignments": [{"assignment_id": ID, "title": TITLE, "alpha": A}],
   "gains": [{"skill": CATEGORY, "hedges_g": G, "ci_low": L, "ci_high": U,
              "compared_with": KIND, "students": N, "gain": X, "normalised_gain": Y}]}

H and F are shares of words (gold words marked, other words marked); D and C
are d' and the criterion c with the log-linear correction. Only class answers
count for them. R is the student's rating in the skill in logits, from every
answer of theirs (0: average; see quiz/ratings.py). A is Cronbach's alpha of
the assignment's excerpts. Gains compare the first pre-test with the last
post-test and retention test (KIND "post_test" or "retention_test"), per
skill, in discernment (share of spin words marked minus share of plain words
marked): Hedges' g with a 95% bootstrap interval (L to U), the mean gain X and
Hake's normalised gain Y, over the N students who took both. A figure that
cannot be computed yet is null.
"""


def register(sub: Subparsers) -> None:
    """Add ``report`` to ``python -m quiz``."""
    report = sub.add_parser(
        "report",
        help="a class's discernment figures as JSON",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("--data", type=Path, required=True, help=EXISTING_DATA_HELP)
    report.add_argument("--class", dest="code", required=True, help="the class's join code")
    report.add_argument("--json", action="store_true", help="print JSON (the only format)")
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Print the class's figures; 1 with a message for an unknown class."""
    if not args.json:
        raise UsageError("give --json: the report is printed as JSON only")
    data = existing_data(args.data)
    from quiz.storage import StoreError
    from quiz.store import open_store
    from quiz.usecases import Refused
    from quiz.usecases.discernment import class_figures_json

    try:
        figures = class_figures_json(open_store(data), args.code)
    except (Refused, StoreError) as exc:
        print(f"python -m quiz report: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0
