"""Discernment for people: a learner's habits in plain words, a class's figures as JSON.

The figures are :mod:`quiz.discernment`'s; these functions read what they need
from the store (the excerpt version each attempt was scored on) and hand the
pure code its records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from quiz.discernment import Detection, WordKey, pool
from quiz.habits import Habit, habits
from quiz.records import Attempt
from quiz.reports import build_report, read_class, read_versions
from quiz.reports.json_report import class_json
from quiz.storage import Store
from quiz.usecases import Refused
from quiz.usecases.ratings import class_ratings
from quiz.vocabulary import Category


def marking_habits(store: Store, attempts: Sequence[Attempt]) -> list[Habit]:
    """One plain-words habit per kind of spin the learner has done often enough.

    Counts pool the learner's answers per kind, each on the excerpt version it
    was scored on; a kind shows after :data:`quiz.habits.MIN_EXCERPTS` answers.
    """
    versions = read_versions(store, ((a.excerpt_id, a.excerpt_version) for a in attempts))
    keys = {key: WordKey.of(excerpt) for key, excerpt in versions.items()}
    per_kind: dict[Category, list[Detection]] = {c: [] for c in Category}
    asked: Counter[Category] = Counter()
    for attempt in attempts:
        key = keys[attempt.excerpt_id, attempt.excerpt_version]
        for category, counts in key.counts(attempt.selections, attempt.categories).items():
            per_kind[category].append(counts)
            asked[category] += 1
    return habits({c: pool(v) for c, v in per_kind.items() if v}, asked)


def class_figures_json(store: Store, code: str) -> dict[str, Any]:
    """The class with this join code, as :func:`quiz.reports.json_report.class_json`.

    Raises:
        Refused: no class has this code.
    """
    classroom = store.class_by_code(code)
    if classroom is None:
        raise Refused(f"no class has the code {code!r}: check the code the teacher gave out")
    data = read_class(store, classroom.id)
    alphas: dict[str, float | None] = {}
    for assignment in data.assignments:
        quality = build_report(data, assignment_id=assignment.id).quality
        alphas[assignment.id] = None if quality is None else quality.alpha
    return class_json(build_report(data), ratings=class_ratings(store, classroom.id),
                      alphas=alphas)
