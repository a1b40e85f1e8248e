"""Tasks, practice progress and the choice of the next excerpt."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from quiz.content import build_excerpt
from quiz.feedback import build_feedback
from quiz.learning import (
    attempt_from,
    choose_next,
    progress,
    streak,
    task_for,
    weakest_category,
)
from quiz.models import Category, Excerpt
from quiz.records import Attempt, Figures, new_id
from tests.conftest import sample_entry

STUDENT = new_id()
DAY = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM


def excerpt(excerpt_id: str, difficulty: int = 1, spans: bool = True) -> Excerpt:
    data: dict[str, Any] = sample_entry() | {"id": excerpt_id, "difficulty": difficulty}
    if not spans:
        data["spans"] = []
    built, problems = build_excerpt(data)
    assert built is not None, problems
    return built


def attempt(excerpt_id: str, when: dt.datetime, f1: dict[Category, float]) -> Attempt:
    return Attempt(
        student_id=STUDENT, excerpt_id=excerpt_id, excerpt_version=1, categories=list(f1),
        figures={c: Figures(precision=v, recall=v, f1=v) for c, v in f1.items()},
        score=100 * sum(f1.values()) / len(f1), submitted_at=when,
    )


@pytest.mark.parametrize(
    ("difficulty", "asked", "expected"),
    [
        (1, [LT], (LT,)),
        (2, [LT, OM], (OM, LT)),
        (1, None, (OM, UC, LT)),
        (3, [LT], (OM, UC, LT)),
    ],
)
def test_task_categories(
    difficulty: int, asked: list[Category] | None, expected: tuple[Category, ...]
) -> None:
    task = task_for(excerpt("e", difficulty), asked)
    assert task.categories == expected
    assert task.all_at_once is (len(expected) > 1)


def test_progress_skill_streak_best() -> None:
    attempts = [
        attempt("a", DAY - dt.timedelta(days=2), {LT: 0.2}),
        attempt("b", DAY - dt.timedelta(days=1), {LT: 0.6, OM: 1.0}),
        attempt("c", DAY, {OM: 0.5}),
    ]
    result = progress(attempts, DAY.date())
    assert result.attempts == 3
    assert result.skill == {OM: 0.75, UC: None, LT: pytest.approx(0.4)}
    assert result.streak_days == 3
    assert result.best_score == 80.0


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [([], 0), ([0], 1), ([1], 1), ([0, 1, 2], 3), ([1, 2], 2), ([0, 2, 3], 1), ([2, 3], 0)],
)
def test_streak(offsets: list[int], expected: int) -> None:
    today = DAY.date()
    assert streak([today - dt.timedelta(days=n) for n in offsets], today) == expected


def test_weakest_category_prefers_untried_then_lowest() -> None:
    assert weakest_category({OM: 0.9, UC: None, LT: 0.1}) is UC
    assert weakest_category({OM: 0.9, UC: 0.5, LT: 0.1}) is LT


def test_next_excerpt_is_unseen_with_something_to_find() -> None:
    pool = [excerpt("seen"), excerpt("fresh"), excerpt("empty", spans=False)]
    history = [attempt("seen", DAY, {LT: 1.0})]
    picks = {choose_next(pool, history, category=LT, rng=random.Random(seed))[0].id  # type: ignore[index]
             for seed in range(40)}
    assert picks == {"fresh", "empty"}  # unseen only; controls now and then


def test_next_excerpt_falls_back_to_least_recently_seen() -> None:
    pool = [excerpt("old"), excerpt("new")]
    history = [attempt("old", DAY - dt.timedelta(days=3), {LT: 1.0}),
               attempt("new", DAY, {LT: 1.0})]
    chosen = choose_next(pool, history, category=LT, rng=random.Random(1))
    assert chosen is not None and chosen[0].id == "old"


def test_next_excerpt_respects_difficulty_and_reports_none() -> None:
    pool = [excerpt("easy", 1), excerpt("hard", 3)]
    chosen = choose_next(pool, [], category=OM, difficulty=3, rng=random.Random(0))
    assert chosen is not None
    assert chosen[0].id == "hard" and chosen[1].categories == (OM, UC, LT)
    assert choose_next(pool, [], difficulty=2) is None


def test_attempt_from_feedback_keeps_figures_and_mode() -> None:
    built = excerpt("e1")
    gold = [(s.start, s.end) for s in built.gold(LT)]
    feedback = build_feedback(built, {LT: gold}, [LT])
    practice = attempt_from(feedback, {LT: gold}, student_id=STUDENT, excerpt_version=3)
    assert (practice.mode, practice.class_id, practice.excerpt_version) == ("practice", None, 3)
    assert practice.figures[LT].f1 == 1.0 and practice.score == 100.0
    assert practice.selections == {LT: gold} and practice.categories == [LT]
    room, task = new_id(), new_id()
    again = attempt_from(feedback, {LT: gold}, student_id=STUDENT, excerpt_version=3,
                         class_id=room, assignment_id=task, attempt_id=practice.id)
    assert (again.mode, again.class_id, again.id) == ("class", room, practice.id)
