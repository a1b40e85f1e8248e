"""The test's own quality: reliability, items to review, spans strong students miss.

For one assignment, each excerpt is an *item* and its item score is the
student's latest answer's ``score / 100`` (as in :func:`quiz.reports.scores.item_analysis`).

- **Cronbach's α** over the students who answered every item (α for
  continuous item scores; KR-20 is its special case for 0/1 items), and
  **α if item deleted**: an item whose removal raises α measures something
  else than the rest.
- **Discriminative efficiency** (Moodle's statistic): the covariance of the
  item score with the rest score (the mean of the student's other items) over
  the largest covariance those two sets of numbers could have, reached when
  they are sorted in the same order. It says how much of the discrimination
  the item's facility allows it actually achieves. Moodle flags an item
  below 15% for review, and so does this report (:data:`REVIEW_BELOW`), once
  :data:`MIN_REVIEW_STUDENTS` students answered it and another item.
- **Strong students who missed a span**: the strong students are the top
  third by mean score on the assignment (rounded up; ties at the line go
  in); *missed* means less than half the span's characters marked (the
  dashboard's "found"). A span that strong students miss is often a key
  problem, not a student problem.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

from quiz.models import Category
from quiz.records import Attempt
from quiz.reports.measures import AssignmentQuality, ItemQuality, StrongMiss
from quiz.reports.spans import Answer

REVIEW_BELOW = 0.15
MIN_REVIEW_STUDENTS = 5
STRONG_SHARE = 1 / 3


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """α of a students x items matrix; None with fewer than 2 items or students, or no spread."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    totals = [math.fsum(row) for row in matrix]
    total_variance = statistics.variance(totals)
    if total_variance == 0:
        return None
    item_variance = math.fsum(statistics.variance(column) for column in zip(*matrix, strict=True))
    return k / (k - 1) * (1 - item_variance / total_variance)


def alpha_if_deleted(matrix: Sequence[Sequence[float]]) -> list[float | None]:
    """α of the matrix without each item in turn."""
    k = len(matrix[0]) if matrix else 0
    return [cronbach_alpha([[v for j, v in enumerate(row) if j != i] for row in matrix])
            for i in range(k)]


def discriminative_efficiency(pairs: Sequence[tuple[float, float]]) -> float | None:
    """cov(item, rest) over its largest possible value; None when that is 0 or n < 2."""
    if len(pairs) < 2:
        return None
    items, rests = [x for x, _ in pairs], [y for _, y in pairs]
    actual = _covariance(items, rests)
    largest = _covariance(sorted(items), sorted(rests))
    return None if largest <= 0 else actual / largest


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def assignment_quality(
    assignment_id: str,
    excerpt_ids: Sequence[str],
    latest: Mapping[tuple[str, str], Attempt],
    answers: Sequence[Answer],
    titles: Mapping[str, str],
) -> AssignmentQuality:
    """The quality figures of one assignment from its latest answers (made for it).

    Args:
        assignment_id: the assignment.
        excerpt_ids: its items, in order.
        latest: each student's latest answer made for it, keyed (student, excerpt).
        answers: the same answers judged against their excerpt versions.
        titles: excerpt titles by id.
    """
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for (student_id, excerpt_id), attempt in latest.items():
        if excerpt_id in excerpt_ids:
            scores[student_id][excerpt_id] = attempt.score / 100
    items = [e for e in excerpt_ids if any(e in mine for mine in scores.values())]
    complete = [mine for mine in scores.values() if all(e in mine for e in items)]
    matrix = [[mine[e] for e in items] for mine in complete]
    alpha = cronbach_alpha(matrix) if matrix else None
    deleted = alpha_if_deleted(matrix) if matrix else [None] * len(items)
    rows: list[ItemQuality] = []
    for index, item in enumerate(items):
        answered = [mine for mine in scores.values() if item in mine]
        pairs = [
            (mine[item], math.fsum(v for k, v in mine.items() if k != item) / (len(mine) - 1))
            for mine in answered
            if len(mine) > 1
        ]
        efficiency = discriminative_efficiency(pairs)
        rows.append(ItemQuality(
            item, titles.get(item, item), len(answered),
            statistics.fmean(m[item] for m in answered), efficiency, deleted[index],
            efficiency is not None and len(pairs) >= MIN_REVIEW_STUDENTS
            and efficiency < REVIEW_BELOW,
        ))
    return AssignmentQuality(assignment_id, len(complete), alpha, tuple(rows),
                       tuple(strong_misses(answers, scores)))


def strong_students(means: Mapping[str, float]) -> set[str]:
    """The top third by mean score (rounded up); everyone tied with the last one is in."""
    if not means:
        return set()
    ranked = sorted(means.values(), reverse=True)
    line = ranked[math.ceil(len(ranked) * STRONG_SHARE) - 1]
    return {s for s, v in means.items() if v >= line}


def strong_misses(
    answers: Sequence[Answer], scores: Mapping[str, Mapping[str, float]]
) -> list[StrongMiss]:
    """Per gold span, the strong students asked it and how many of them missed it.

    Most-missed first; spans no strong student was asked are left out.
    """
    strong = strong_students({s: statistics.fmean(v.values()) for s, v in scores.items() if v})
    tally: dict[tuple[str, int, Category, int, int], list[int]] = {}
    quotes: dict[tuple[str, int, Category, int, int], str] = {}
    for answer in answers:
        if answer.student_id not in strong:
            continue
        for category, result in answer.results.items():
            for span in answer.excerpt.gold(category):
                key = (answer.excerpt.id, answer.attempt.excerpt_version, category,
                       span.start, span.end)
                counts = tally.setdefault(key, [0, 0])
                counts[0] += 1
                counts[1] += (span.start, span.end) not in result.found
                quotes[key] = span.quote
    rows = [StrongMiss(k[0], k[2], quotes[k], n, missed) for k, (n, missed) in tally.items()]
    return sorted(rows, key=lambda r: (-r.share, -r.strong, r.excerpt_id, r.quote))
