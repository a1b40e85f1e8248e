"""Scores from stored attempts: per student, per category, per assignment, over time.

Pure functions over :class:`~quiz.records.Attempt` records. A student's
*answer* to an excerpt is their latest attempt at it (:func:`latest_answers`):
a learner who tries an excerpt again is judged on where they are now, and each
excerpt counts once however often it was tried. Figures come from the
attempt's stored ``figures`` (what the student was shown); a category asked
but without figures is left out of the means.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Literal

from quiz.models import Category
from quiz.records import Assignment, Attempt, Student
from quiz.reports.rows import (
    AssignmentInfo,
    CategoryAverage,
    GainRow,
    GradeCell,
    ItemRow,
    PrePost,
    ProgressPoint,
    StudentCategoryRow,
    StudentRow,
)

Period = Literal["day", "week"]
AnswerKey = tuple[str, str]  # (student_id, excerpt_id)
MIN_DISCRIMINATION_STUDENTS = 3


def latest_answers(attempts: Iterable[Attempt]) -> dict[AnswerKey, Attempt]:
    """Each student's latest attempt at each excerpt, keyed by (student_id, excerpt_id).

    Ties on ``submitted_at`` go to the attempt listed last.
    """
    latest: dict[AnswerKey, Attempt] = {}
    for attempt in attempts:
        key = (attempt.student_id, attempt.excerpt_id)
        held = latest.get(key)
        if held is None or attempt.submitted_at >= held.submitted_at:
            latest[key] = attempt
    return latest


def student_rows(
    students: Sequence[Student],
    attempts: Sequence[Attempt],
    latest: Mapping[AnswerKey, Attempt],
    unreadable: Collection[str] = (),
) -> list[StudentRow]:
    """One row per student, in the given order, including students with no attempt.

    A student in ``unreadable`` (whose attempts could not be read) is marked so.
    """
    counts: dict[str, int] = defaultdict(int)
    last: dict[str, dt.datetime] = {}
    for attempt in attempts:
        counts[attempt.student_id] += 1
        if attempt.student_id not in last or attempt.submitted_at > last[attempt.student_id]:
            last[attempt.student_id] = attempt.submitted_at
    scores: dict[str, list[float]] = defaultdict(list)
    for (student_id, _), answer in latest.items():
        scores[student_id].append(answer.score)
    return [
        StudentRow(
            student_id=s.id,
            nickname=s.nickname,
            attempts=counts[s.id],
            excerpts=len(scores[s.id]),
            score=_mean(scores[s.id]),
            last_submitted=last.get(s.id),
            readable=s.id not in unreadable,
        )
        for s in students
    ]


def student_category_rows(
    students: Sequence[Student], latest: Mapping[AnswerKey, Attempt]
) -> list[StudentCategoryRow]:
    """Mean precision, recall and F1 per student and category; pairs with no answer are left out."""
    figures: dict[tuple[str, Category], list[tuple[float, float, float]]] = defaultdict(list)
    for (student_id, _), answer in latest.items():
        for category, fig in answer.figures.items():
            figures[student_id, category].append((fig.precision, fig.recall, fig.f1))
    rows: list[StudentCategoryRow] = []
    for student in students:
        for category in Category:
            values = figures.get((student.id, category))
            if not values:
                continue
            p, r, f = (math.fsum(column) / len(values) for column in zip(*values, strict=True))
            rows.append(
                StudentCategoryRow(student.id, student.nickname, category, len(values), p, r, f)
            )
    return rows


def category_averages(rows: Sequence[StudentCategoryRow]) -> list[CategoryAverage]:
    """Class means per category over the students' means, so each student weighs the same."""
    averages: list[CategoryAverage] = []
    for category in Category:
        mine = [r for r in rows if r.category is category]
        if mine:
            averages.append(
                CategoryAverage(
                    category,
                    len(mine),
                    math.fsum(r.precision for r in mine) / len(mine),
                    math.fsum(r.recall for r in mine) / len(mine),
                    math.fsum(r.f1 for r in mine) / len(mine),
                )
            )
    return averages


def scores_by_period(
    attempts: Iterable[Attempt], *, period: Period = "week", tz: dt.tzinfo = dt.UTC
) -> list[ProgressPoint]:
    """Mean score per day or week (from Monday) of every attempt, repeats included.

    Args:
        attempts: the attempts to chart (a class's, or one student's).
        period: ``"day"`` or ``"week"``.
        tz: the time zone whose calendar days count (the school's).

    Returns:
        One point per period that has attempts, oldest first.
    """
    if period not in ("day", "week"):
        raise ValueError(f"period {period!r} is not 'day' or 'week'")
    groups: dict[dt.date, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        day = attempt.submitted_at.astimezone(tz).date()
        if period == "week":
            day -= dt.timedelta(days=day.weekday())
        groups[day].append(attempt)
    return [
        ProgressPoint(
            period_start=day,
            attempts=len(group),
            students=len({a.student_id for a in group}),
            mean_score=math.fsum(a.score for a in group) / len(group),
        )
        for day, group in sorted(groups.items())
    ]


def assignment_info(assignments: Sequence[Assignment]) -> list[AssignmentInfo]:
    """The gradebook's view of the assignments, in the given order."""
    return [
        AssignmentInfo(a.id, a.title, a.kind, tuple(a.excerpt_ids), a.created_at, a.due)
        for a in assignments
    ]


def grade_cells(
    students: Sequence[Student], assignments: Sequence[Assignment], attempts: Sequence[Attempt]
) -> list[GradeCell]:
    """One cell per student and assignment: mean score of their latest answers made for it."""
    by_assignment: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.assignment_id is not None:
            by_assignment[attempt.assignment_id].append(attempt)
    cells: list[GradeCell] = []
    for assignment in assignments:
        wanted = set(assignment.excerpt_ids)
        answers = latest_answers(a for a in by_assignment[assignment.id] if a.excerpt_id in wanted)
        scores: dict[str, list[float]] = defaultdict(list)
        for (student_id, _), answer in answers.items():
            scores[student_id].append(answer.score)
        for student in students:
            mine = scores[student.id]
            cells.append(
                GradeCell(student.id, assignment.id, _mean(mine), len(mine), len(wanted))
            )
    return cells


def item_analysis(
    latest: Mapping[AnswerKey, Attempt], titles: Mapping[str, str] | None = None
) -> list[ItemRow]:
    """Facility and discrimination of every excerpt answered, by excerpt id.

    The item score is ``score / 100`` of the student's latest answer. The rest
    score is the student's mean item score on the other excerpts they answered.

    Args:
        latest: the answers, from :func:`latest_answers`.
        titles: excerpt titles by id (the id is shown when missing).
    """
    by_student: dict[str, dict[str, float]] = defaultdict(dict)
    for (student_id, excerpt_id), answer in latest.items():
        by_student[student_id][excerpt_id] = answer.score / 100.0
    items = sorted({excerpt_id for _, excerpt_id in latest})
    rows: list[ItemRow] = []
    for item in items:
        scores = [mine[item] for mine in by_student.values() if item in mine]
        pairs = [
            (mine[item], math.fsum(v for k, v in mine.items() if k != item) / (len(mine) - 1))
            for mine in by_student.values()
            if item in mine and len(mine) > 1
        ]
        rows.append(
            ItemRow(
                excerpt_id=item,
                title=(titles or {}).get(item, item),
                students=len(scores),
                facility=_mean(scores),
                discrimination=_correlation(pairs),
                discrimination_students=len(pairs),
            )
        )
    return rows


def pre_post(assignments: Sequence[Assignment], attempts: Sequence[Attempt]) -> PrePost | None:
    """The gain per category from the first pre-test to the last post-test, or None.

    A student's figure on a test is their mean F1 per category over their latest
    answers made for it; only students who answered both tests count.
    """
    pre = next((a for a in assignments if a.kind == "pre_test"), None)
    post = next((a for a in reversed(assignments) if a.kind == "post_test"), None)
    if pre is None or post is None:
        return None
    before, after = _test_f1(pre, attempts), _test_f1(post, attempts)
    both = [s for s in before if s in after]
    rows: list[GainRow] = []
    for category in Category:
        pairs = [
            (before[s][category], after[s][category])
            for s in both
            if category in before[s] and category in after[s]
        ]
        if pairs:
            pre_f1 = math.fsum(p for p, _ in pairs) / len(pairs)
            post_f1 = math.fsum(q for _, q in pairs) / len(pairs)
            rows.append(GainRow(category, len(pairs), pre_f1, post_f1, post_f1 - pre_f1))
    return PrePost(pre.id, post.id, len(both), tuple(rows))


def _test_f1(test: Assignment, attempts: Sequence[Attempt]) -> dict[str, dict[Category, float]]:
    wanted = set(test.excerpt_ids)
    answers = latest_answers(
        a for a in attempts if a.assignment_id == test.id and a.excerpt_id in wanted
    )
    f1s: dict[str, dict[Category, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (student_id, _), answer in answers.items():
        for category, fig in answer.figures.items():
            f1s[student_id][category].append(fig.f1)
    return {
        student: {c: math.fsum(v) / len(v) for c, v in per.items()} for student, per in f1s.items()
    }


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _correlation(pairs: Sequence[tuple[float, float]]) -> float | None:
    if len(pairs) < MIN_DISCRIMINATION_STUDENTS:
        return None
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    # A constant side has no correlation; statistics.correlation would raise.
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)
