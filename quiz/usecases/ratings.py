"""Ratings from the store: the calibration practice adapts to, and what teachers see of it.

The calibration (:func:`quiz.ratings.calibrate`) is computed from attempts,
so nothing new is stored and nothing needs migrating. Fitting it reads every
attempt, so it is cached per store object for :data:`CACHE_SECONDS`: an
excerpt's difficulty moves slowly, and a learner's own rating is always
computed fresh from their own history (:func:`quiz.ratings.rate`), so their
last answer counts at once. Answers of simulated classes (``python -m quiz
simulate``) never count towards the calibration of real data.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Sequence

from quiz.discernment import WordKey
from quiz.learning import Task
from quiz.models import Category, Excerpt
from quiz.ratings import (
    Calibration,
    DifficultyRow,
    Observation,
    calibrate,
    difficulty_rows,
    excerpt_levels,
    expected_score,
    observations,
    rate,
)
from quiz.records import Attempt
from quiz.storage import Store, StoreError

CACHE_SECONDS = 300.0

_cache: weakref.WeakKeyDictionary[object, tuple[float, Calibration]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def word_keys(store: Store, attempts: Sequence[Attempt]) -> dict[tuple[str, int], WordKey]:
    """The word key of every excerpt version the attempts were scored on, read once each."""
    wanted = sorted({(a.excerpt_id, a.excerpt_version) for a in attempts})
    return {key: WordKey.of(store.excerpt(*key).excerpt) for key in wanted}


def outcomes_of(store: Store, attempts: Sequence[Attempt]) -> list[Observation]:
    """The rating outcomes of the attempts (see :func:`quiz.ratings.outcome`)."""
    return observations(attempts, word_keys(store, attempts))


def simulated_students(store: Store) -> set[str]:
    """The ids of every student of a simulated class."""
    found: set[str] = set()
    for classroom in store.classes():
        if classroom.simulated:
            found.update(s.id for s in store.students_in(classroom.id))
    return found


def real_attempts(store: Store) -> list[Attempt]:
    """Every attempt in the store except those of simulated learners."""
    simulated = simulated_students(store)
    return [a for a in store.iter_attempts() if a.student_id not in simulated]


def calibration(store: Store, *, fresh: bool = False) -> Calibration:
    """The store's calibration over real attempts, cached for :data:`CACHE_SECONDS`.

    A store whose attempts cannot all be read falls back on the authored
    difficulties alone: practice must go on when one file is damaged.
    """
    now = time.monotonic()
    with _lock:
        held = _cache.get(store)
    if held is not None and not fresh and now - held[0] < CACHE_SECONDS:
        return held[1]
    excerpts = [s.excerpt for s in store.excerpts()]
    try:
        fitted = calibrate(outcomes_of(store, real_attempts(store)), excerpts)
    except StoreError:
        fitted = calibrate([], excerpts)
    with _lock:
        _cache[store] = (now, fitted)
    return fitted


def expectation(store: Store, history: Sequence[Attempt]) -> Callable[[Excerpt, Task], float]:
    """The learner's expected score (0..1) on a task, from their history and the calibration."""
    fitted = calibration(store)
    ratings = rate(outcomes_of(store, history), fitted)

    def expect(excerpt: Excerpt, task: Task) -> float:
        return expected_score(excerpt, task.categories, ratings, fitted)

    return expect


def class_calibration(store: Store, class_id: str) -> Calibration:
    """The calibration a class's report uses.

    A real class reads the store's (cached) calibration; a simulated class is
    its own population, fitted on its own answers, so a demo never borrows
    from real learners nor lends to them.
    """
    classroom = store.get_class(class_id)
    if not classroom.simulated:
        return calibration(store)
    attempts: list[Attempt] = []
    for student in store.students_in(class_id):
        attempts.extend(store.attempts_for_student(student.id))
    return calibrate(outcomes_of(store, attempts), [s.excerpt for s in store.excerpts()])


def class_ratings(store: Store, class_id: str) -> dict[tuple[str, Category], float]:
    """Each student's rating per skill (logits), from every attempt of theirs."""
    fitted = class_calibration(store, class_id)
    ratings: dict[tuple[str, Category], float] = {}
    for student in store.students_in(class_id):
        mine = outcomes_of(store, store.attempts_for_student(student.id))
        for category, value in rate(mine, fitted).items():
            ratings[student.id, category] = value
    return ratings


def measured_difficulties(store: Store) -> list[DifficultyRow]:
    """Authored beside measured difficulty for every answered excerpt, for teachers."""
    return difficulty_rows(calibration(store), [s.excerpt for s in store.excerpts()])


def measured_levels(store: Store) -> dict[str, float]:
    """Each excerpt's measured level (1..3 scale), for those with enough answers in a skill."""
    fitted = calibration(store)
    excerpts = [s.excerpt for s in store.excerpts()]
    measured = {item.excerpt_id for item in fitted.items.values() if item.measured}
    levels = excerpt_levels(fitted, [e for e in excerpts if e.id in measured])
    return levels
