"""Learning gains between tests, the way the research field reports them.

Per skill, each student's *discernment* on a test is ``H - F`` on their pooled
word counts over the test's excerpts (:mod:`quiz.discernment`): the share of
that skill's spin words they marked minus the share of its plain words they
marked. A class that only learned to mark more gains nothing on it, which is
the failure the field found in inoculation games; the span score's gain
(:func:`quiz.reports.scores.pre_post`) is shown beside it.

For the students who took both tests:

- **Hedges' g**: the mean gain over the average of the two tests' standard
  deviations (Cohen's d_av, the effect size comparable with between-group
  studies), times the small-sample correction ``J = 1 - 3 / (4 (n - 1) - 1)``;
- a **95% bootstrap interval** of g: 2000 resamples of the students (pairs
  kept together), percentile method, seeded so the same data give the same
  interval;
- the **normalised gain** (Hake): the class's gain over what was left to
  gain, ``(post - pre) / (1 - pre)``.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from quiz.discernment import Detection, WordKey
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt
from quiz.reports.measures import GainStats
from quiz.reports.scores import latest_answers

RESAMPLES = 2000
SEED = 20261129  # fixed: a report says the same thing every time it is opened
MIN_STUDENTS = 3  # fewer pairs give no effect size


def hedges_g(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Hedges' g of (before, after) pairs; None below 3 pairs or with no spread at all."""
    n = len(pairs)
    if n < MIN_STUDENTS:
        return None
    before, after = [b for b, _ in pairs], [a for _, a in pairs]
    spread = math.sqrt((_variance(before) + _variance(after)) / 2)
    if spread == 0:
        return None
    correction = 1 - 3 / (4 * (n - 1) - 1)
    return correction * (math.fsum(after) - math.fsum(before)) / n / spread


def _variance(values: Sequence[float]) -> float:
    """The sample variance in floats, as the bootstrap computes it (numpy, ``ddof=1``)."""
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)


def bootstrap_interval(
    pairs: Sequence[tuple[float, float]], *, seed: int = SEED, resamples: int = RESAMPLES
) -> tuple[float, float] | None:
    """The 95% percentile bootstrap interval of Hedges' g, resampling students.

    Resamples whose g has no spread (every score alike) are left out, as
    :func:`hedges_g` gives none; fewer than half left gives no interval.
    """
    if hedges_g(pairs) is None:
        return None
    n = len(pairs)
    data = np.asarray(pairs, dtype=float)
    picks = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    before, after = data[:, 0][picks], data[:, 1][picks]
    spread = np.sqrt((before.var(axis=1, ddof=1) + after.var(axis=1, ddof=1)) / 2)
    kept = spread > 1e-12
    if kept.sum() < resamples // 2:
        return None
    correction = 1 - 3 / (4 * (n - 1) - 1)
    values = correction * (after.mean(axis=1) - before.mean(axis=1))[kept] / spread[kept]
    low, high = np.percentile(values, [2.5, 97.5])  # linear interpolation between ranks
    return float(low), float(high)


def normalised_gain(before: float, after: float) -> float | None:
    """Hake's normalised gain; None when there was nothing left to gain."""
    return None if before >= 1 else (after - before) / (1 - before)


def discernment_on(
    test: Assignment, attempts: Sequence[Attempt], excerpts: Mapping[tuple[str, int], Excerpt]
) -> dict[str, dict[Category, float]]:
    """Each student's H - F per skill on one test, from pooled counts of their latest answers."""
    wanted = set(test.excerpt_ids)
    answers = latest_answers(
        a for a in attempts if a.assignment_id == test.id and a.excerpt_id in wanted
    )
    pooled: dict[str, dict[Category, Detection]] = defaultdict(dict)
    keys: dict[tuple[str, int], WordKey] = {}
    for (student_id, _), answer in answers.items():
        version = (answer.excerpt_id, answer.excerpt_version)
        if version not in keys:
            keys[version] = WordKey.of(excerpts[version])
        for category, counts in keys[version].counts(answer.selections, answer.categories).items():
            pooled[student_id][category] = pooled[student_id].get(category, Detection()) + counts
    return {
        student: {
            c: d.hit_rate - (d.false_alarm_rate or 0.0)
            for c, d in per.items()
            if d.hit_rate is not None
        }
        for student, per in pooled.items()
    }


def gains(
    assignments: Sequence[Assignment],
    attempts: Sequence[Attempt],
    excerpts: Mapping[tuple[str, int], Excerpt],
) -> list[GainStats]:
    """Per skill, the gain from the first pre-test to the last post-test and retention test."""
    live = [a for a in assignments if a.deleted_at is None]
    pre = next((a for a in live if a.kind == "pre_test"), None)
    if pre is None:
        return []
    before = discernment_on(pre, attempts, excerpts)
    rows: list[GainStats] = []
    for kind in ("post_test", "retention_test"):
        later_test = next((a for a in reversed(live) if a.kind == kind), None)
        if later_test is None:
            continue
        after = discernment_on(later_test, attempts, excerpts)
        for category in Category:
            pairs = [
                (before[s][category], after[s][category])
                for s in sorted(before)
                if category in before[s] and s in after and category in after[s]
            ]
            if not pairs:
                continue
            pre_mean = statistics.fmean(b for b, _ in pairs)
            later_mean = statistics.fmean(a for _, a in pairs)
            low, high = bootstrap_interval(pairs) or (None, None)
            rows.append(GainStats(
                category, kind, len(pairs), pre_mean, later_mean, later_mean - pre_mean,
                hedges_g(pairs), low, high, normalised_gain(pre_mean, later_mean),
            ))
    return rows
