"""``python -m quiz simulate``: a class of simulated learners, for demos and tests.

Prints one JSON object: the class code and, per student, the id, nickname and
the truth the figures should recover (``true_ability``: d′; ``true_bias``:
positive marks too much). See :mod:`quiz.usecases.simulation`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quiz.cli.common import NEW_DATA_HELP, Subparsers

DESCRIPTION = """\
Creates a class flagged as simulated ("Simulated class (seed N)", students
"sim 01", ...) owned by the teacher "Simulation (not a person)" (or --teacher).
Every student takes a matched pre-test, practises adaptively, then takes the
post-test and a retention test, through the app's own use cases and store.
The bundled excerpts are imported first when the folder has none. Simulated
answers never change a real excerpt's measured difficulty.

Prints one JSON object:

  {"class_code": CODE, "class_id": ID, "class_name": NAME, "simulated": true,
   "teacher": NAME,
   "students": [{"student_id": ID, "nickname": NAME, "kind": KIND,
                 "true_ability": D, "true_bias": B}],
   "tests": [{"assignment_id": ID, "title": TITLE, "kind": KIND, "excerpt_ids": [ID]}]}

D is the learner's true d' (1 to 3.5); B how much more readily than a
careful reader they mark (positive: marks too much). The student KIND is
"careful", "over-flagger" or "under-flagger"; a test's is "pre_test",
"post_test" or "retention_test".
"""


def register(sub: Subparsers) -> None:
    """Add ``simulate`` to ``python -m quiz``."""
    parser = sub.add_parser(
        "simulate", help="create a class of simulated learners (demos, tests)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, required=True, help=NEW_DATA_HELP)
    parser.add_argument("--students", type=int, default=60, help="how many (default 60)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--practice", type=int, default=20,
                        help="practice excerpts per student (default 20)")
    parser.add_argument("--test-size", type=int, default=6,
                        help="excerpts per test form (default 6)")
    parser.add_argument("--teacher", default=None,
                        help="an existing teacher who gets the class (for a demo)")
    parser.set_defaults(func=cmd_simulate)


def cmd_simulate(args: argparse.Namespace) -> int:
    from quiz import config
    from quiz.storage import ensure_content
    from quiz.store import open_store
    from quiz.usecases import Refused
    from quiz.usecases.simulation import simulate_class

    store = open_store(args.data)
    ensure_content(store, [config.DEFAULT_CONTENT])
    try:
        made = simulate_class(
            store, students=args.students, seed=args.seed, practice=args.practice,
            test_size=args.test_size, teacher_name=args.teacher,
        )
    except Refused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(made.as_dict(), ensure_ascii=False))
    return 0
