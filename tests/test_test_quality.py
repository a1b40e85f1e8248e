"""Reliability, items to review, strong students' misses, and gains: hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from quiz.models import Category
from quiz.records import Assignment, Attempt, new_id
from quiz.reports import judge
from quiz.reports.gains import bootstrap_interval, gains, hedges_g, normalised_gain
from quiz.reports.quality import (
    alpha_if_deleted,
    assignment_quality,
    cronbach_alpha,
    discriminative_efficiency,
    strong_students,
)
from quiz.reports.scores import latest_answers
from tests.conftest import SUGGEST_FILLER, make_excerpt

LT = Category.LOADED_TERM
MATRIX = [[1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1]]  # 4 students x 3 items


def test_cronbach_alpha_by_hand() -> None:
    # Item variances 1/4, 1/3, 1/4 (sum 5/6); totals 2, 1, 0, 3 have variance 5/3.
    # alpha = 3/2 * (1 - (5/6) / (5/3)) = 0.75
    assert cronbach_alpha(MATRIX) == pytest.approx(0.75)
    # Without item 3: variances 1/4 + 1/3 = 7/12; totals 2, 1, 0, 2 have variance 11/12.
    # alpha = 2 * (1 - 7/11) = 8/11
    assert alpha_if_deleted(MATRIX)[2] == pytest.approx(8 / 11)
    assert cronbach_alpha([[1, 1], [1, 1]]) is None  # no spread
    assert cronbach_alpha([[1], [0]]) is None  # one item


def test_discriminative_efficiency_by_hand() -> None:
    # cov(item, rest) = 0.05; sorted alike the largest possible is 0.1.
    assert discriminative_efficiency([(0, 0.2), (0.5, 0.6), (1, 0.4)]) == pytest.approx(0.5)
    assert discriminative_efficiency([(1, 0.5), (0, 1.0), (1, 0.0)]) == pytest.approx(-1.0)
    assert discriminative_efficiency([(1, 0.5), (1, 0.2)]) is None  # the item does not vary


def test_strong_students_are_the_top_third_with_ties() -> None:
    assert strong_students({"a": 0.9, "b": 0.5, "c": 0.4, "d": 0.1}) == {"a", "b"}  # ceil(4/3)
    assert strong_students({"a": 0.9, "b": 0.9, "c": 0.9, "d": 0.1}) == {"a", "b", "c"}
    assert strong_students({}) == set()


def test_hedges_g_and_normalised_gain_by_hand() -> None:
    pairs = [(0.2, 0.4), (0.4, 0.5), (0.6, 0.9)]
    # mean gain 0.2; SDs 0.2 and sqrt(0.07); d_av = 0.2 / sqrt(0.055) = 0.8528
    # J = 1 - 3 / (4 * 2 - 1) = 4/7, so g = 0.4873
    assert hedges_g(pairs) == pytest.approx(0.2 / 0.055**0.5 * 4 / 7)
    assert hedges_g(pairs[:2]) is None
    assert normalised_gain(0.4, 0.6) == pytest.approx(1 / 3)
    assert normalised_gain(1.0, 1.0) is None
    low, high = bootstrap_interval(pairs * 4)  # type: ignore[misc]
    assert low < hedges_g(pairs * 4) < high  # type: ignore[operator]
    assert bootstrap_interval(pairs * 4) == (low, high)  # seeded: the same every time


TEXT = "The mayor slammed the plan on Monday. " + SUGGEST_FILLER.strip()


def answer(student: str, test: Assignment, excerpt_id: str, words: list[str]) -> Attempt:
    spans = [(TEXT.index(w), TEXT.index(w) + len(w)) for w in words]
    score = 100.0 if words == ["slammed"] else 50.0 if "slammed" in words else 0.0
    return Attempt(student_id=student, class_id=test.class_id, assignment_id=test.id,
                   excerpt_id=excerpt_id, excerpt_version=1, categories=[LT],
                   selections={LT: spans}, score=score, mode="class",
                   submitted_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


def test_quality_and_gains_of_a_small_class() -> None:
    excerpts = {(e, 1): make_excerpt(e, TEXT, [(LT, "slammed")]) for e in ("x1", "x2", "y1")}
    room = new_id()
    pre = Assignment(class_id=room, title="pre", excerpt_ids=["x1", "x2"], kind="pre_test")
    post = Assignment(class_id=room, title="post", excerpt_ids=["y1"], kind="post_test")
    students = [new_id() for _ in range(3)]
    attempts = [
        answer(students[0], pre, "x1", ["slammed"]), answer(students[0], pre, "x2", ["slammed"]),
        answer(students[1], pre, "x1", ["slammed"]), answer(students[1], pre, "x2", []),
        answer(students[2], pre, "x1", []), answer(students[2], pre, "x2", ["Monday"]),
        answer(students[0], post, "y1", ["slammed"]), answer(students[1], post, "y1", ["slammed"]),
        answer(students[2], post, "y1", ["slammed", "Monday"]),
    ]
    made = [a for a in attempts if a.assignment_id == pre.id]
    latest = latest_answers(made)
    judged = [judge(a, excerpts[a.excerpt_id, 1]) for a in latest.values()]
    quality = assignment_quality(pre.id, pre.excerpt_ids, latest, judged, {"x1": "X one"})
    # Item scores (x1, x2): (1, 1), (1, 0), (0, 0): alpha = 2 * (1 - (1/3 + 1/3) / 1) = 2/3.
    assert quality.alpha == pytest.approx(2 / 3) and quality.complete == 3
    assert [i.facility for i in quality.items] == pytest.approx([2 / 3, 1 / 3])
    assert quality.items[0].title == "X one" and not quality.items[0].review  # too few to judge
    # The strong third is the first student (mean 1.0); they found "slammed" both times.
    assert [(m.excerpt_id, m.strong, m.missed) for m in quality.strong_misses] == [
        ("x1", 1, 0), ("x2", 1, 0)]
    rows = gains([pre, post], attempts, excerpts)
    # H - F per student, pre (pooled over x1 and x2; 1 gold and 52 plain words each):
    # 1 - 0, 1/2 - 0, 0 - 1/104; post: 1, 1, 1 - 1/52.
    pre_values, post_values = [1.0, 0.5, -1 / 104], [1.0, 1.0, 1 - 1 / 52]
    (row,) = rows
    assert (row.category, row.later_kind, row.students) == (LT, "post_test", 3)
    assert row.pre == pytest.approx(sum(pre_values) / 3)
    assert row.gain == pytest.approx((sum(post_values) - sum(pre_values)) / 3)
    assert row.hedges_g == pytest.approx(hedges_g(list(zip(pre_values, post_values, strict=True))))
    assert row.normalised_gain == pytest.approx(row.gain / (1 - row.pre))
