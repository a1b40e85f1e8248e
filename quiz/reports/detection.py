"""Discernment in the class report: per student d′ and c, and whether the class got sharper.

The question the teacher asks: *did my class get better at telling spin from
plain text, or just more suspicious?* Sharper means d′ rose; more suspicious
means c fell (marking more of everything). Counts come from
:mod:`quiz.discernment` (words, per category), pooled over a student's answers
per skill; a student's d′ and c are the means over their skills
(:func:`quiz.discernment.across_skills`).

*Before* and *after*: the class's pre-test and post-test when both have
answers (a student counts when they answered both); otherwise the first and
second half of each student's answers in time order (a student counts with at
least two answers; the middle answer of an odd number goes to the second half).

The class verdict reads "better" from the mean headline figure
(:func:`quiz.discernment.discernment`), not from the mean d′: under the
correction, a student who marks nothing or everything has an extreme d′, and
one such student swings a class mean of d′ that the bounded headline does not.
"More suspicious" reads the mean c. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quiz.discernment import Detection, WordKey, across_skills, discernment, pool
from quiz.models import Category, Excerpt
from quiz.quadrants import Quadrant, quadrant
from quiz.records import Assignment, Attempt, Student

ExcerptKey = tuple[str, int]
CLEAR_GAIN = 5.0
"""The smallest change of the class's mean headline figure (0-100) called
better or worse: one word of spin in 20 found more, net of stray marks."""
CLEAR_SHIFT = 0.3
"""The smallest change of the class's mean c called marking more or less:
near the target reader it moves the false-alarm rate by about half and the
hit rate by about 8 points."""


@dataclass(frozen=True, slots=True)
class Point:
    """A place on the chart: d′ across, c up, with the answers it rests on."""

    d_prime: float | None
    criterion: float | None
    answers: int = 0
    discernment: float | None = None  # the mean headline figure (0-100) over the answers
    hit_rate: float | None = None  # over all skills' words together
    false_alarm_rate: float | None = None

    @property
    def quadrant(self) -> Quadrant | None:
        if self.d_prime is None or self.criterion is None:
            return None
        return quadrant(self.d_prime, self.criterion)


@dataclass(frozen=True, slots=True)
class StudentDetection:
    """One student's signal-detection figures over the report's answers."""

    student_id: str
    nickname: str
    answers: int
    skills: Mapping[Category, Detection]
    now: Point
    before: Point | None = None
    after: Point | None = None

    @property
    def latest(self) -> Point:
        """Where the student is now: the "after" answers when there is a before and after
        (so a change is not averaged away), else all their answers."""
        return self.after if self.after is not None else self.now


@dataclass(frozen=True, slots=True)
class ClassTrend:
    """The class's mean d′ and c before and after, and what that means in words."""

    basis: str
    students: int
    before: Point
    after: Point
    verdict: str = field(default="")


def test_pair(
    assignments: Sequence[Assignment], attempts: Iterable[Attempt]
) -> tuple[Assignment, Assignment] | None:
    """The first pre-test and the last post-test (as the gain table picks them), when at
    least one student answered both; else None."""
    pre = next((a for a in assignments if a.kind == "pre_test"), None)
    post = next((a for a in reversed(assignments) if a.kind == "post_test"), None)
    if pre is None or post is None:
        return None
    answered: dict[str, set[str]] = defaultdict(set)
    for attempt in attempts:
        if attempt.assignment_id in (pre.id, post.id):
            answered[attempt.assignment_id].add(attempt.student_id)
    return (pre, post) if answered[pre.id] & answered[post.id] else None


def word_keys(excerpts: Mapping[ExcerptKey, Excerpt]) -> dict[ExcerptKey, WordKey]:
    """Each excerpt version's words and gold words, built once."""
    return {key: WordKey.of(excerpt) for key, excerpt in excerpts.items()}


def answer_counts(
    attempt: Attempt, keys: Mapping[ExcerptKey, WordKey]
) -> dict[Category, Detection]:
    """One attempt's counts per asked category, on the excerpt version it was scored on."""
    key = keys[attempt.excerpt_id, attempt.excerpt_version]
    return key.counts(attempt.selections, attempt.categories)


def summarise(
    counted: Sequence[dict[Category, Detection]],
) -> tuple[dict[Category, Detection], Point]:
    """Counts pooled per skill over answers, and the point (mean d′ and c over skills)."""
    asked = [c for c in Category if any(c in a for a in counted)]
    skills = {c: pool(a[c] for a in counted if c in a) for c in asked}
    d_prime, criterion = across_skills(skills)
    mean = _mean(discernment(a) for a in counted)
    words = pool(skills.values())
    return skills, Point(
        d_prime, criterion, len(counted), mean, words.hit_rate, words.false_alarm_rate
    )


def student_detection(
    students: Sequence[Student],
    attempts: Iterable[Attempt],
    keys: Mapping[ExcerptKey, WordKey],
    tests: tuple[Assignment, Assignment] | None = None,
    every: Iterable[Attempt] = (),
) -> list[StudentDetection]:
    """Per student with answers, in roster order: skills, point, before and after.

    Args:
        students: the roster.
        attempts: the answers the report reads (time order).
        keys: :func:`word_keys` of every excerpt version the attempts name.
        tests: the (pre-test, post-test) pair when both exist; before and after
            then come from ``every`` answer made for them.
        every: all the class's answers, for the tests.
    """
    mine: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        mine[attempt.student_id].append(attempt)
    tested: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    if tests is not None:
        ids = {t.id: set(t.excerpt_ids) for t in tests}
        for attempt in every:
            if attempt.assignment_id in ids and attempt.excerpt_id in ids[attempt.assignment_id]:
                tested[attempt.student_id, attempt.assignment_id].append(attempt)
    rows: list[StudentDetection] = []
    for student in students:
        answers = sorted(mine.get(student.id, []), key=lambda a: a.submitted_at)
        if not answers:
            continue
        counted = [answer_counts(a, keys) for a in answers]
        skills, now = summarise(counted)
        if tests is not None:
            first = [answer_counts(a, keys) for a in tested[student.id, tests[0].id]]
            second = [answer_counts(a, keys) for a in tested[student.id, tests[1].id]]
        else:
            half = len(counted) // 2
            first, second = (counted[:half], counted[half:]) if half else ([], [])
        before = summarise(first)[1] if first and second else None
        after = summarise(second)[1] if first and second else None
        rows.append(
            StudentDetection(student.id, student.nickname, len(answers), skills, now, before, after)
        )
    return rows


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def class_trend(rows: Sequence[StudentDetection], basis: str) -> ClassTrend | None:
    """The class's mean d′, c and headline before and after, over students with both."""
    pairs = [(r.before, r.after) for r in rows if r.before is not None and r.after is not None]
    if not pairs:
        return None
    before, after = (
        Point(
            _mean(p.d_prime for p in side),
            _mean(p.criterion for p in side),
            sum(p.answers for p in side),
            _mean(p.discernment for p in side),
        )
        for side in ([b for b, _ in pairs], [a for _, a in pairs])
    )
    return ClassTrend(basis, len(pairs), before, after, trend_verdict(before, after))


def trend_verdict(before: Point, after: Point) -> str:
    """The answer to "better at telling spin apart, or just more suspicious?" in plain words."""
    if (
        before.discernment is None or after.discernment is None
        or before.criterion is None or after.criterion is None
    ):
        return "Not enough answers yet to tell."
    sharper = after.discernment - before.discernment
    bolder = before.criterion - after.criterion  # c falls: marks more readily
    if sharper >= CLEAR_GAIN:
        first = "Better at telling spin from plain text"
    elif sharper <= -CLEAR_GAIN:
        first = "Worse at telling spin from plain text"
    else:
        first = "No better at telling spin from plain text"
    if bolder >= CLEAR_SHIFT:
        second = "and marking more of everything" + (
            ": just more suspicious." if sharper < CLEAR_GAIN else "."
        )
    elif bolder <= -CLEAR_SHIFT:
        second = "and marking less than before."
    else:
        second = "and no more suspicious than before."
    return f"{first}, {second}"
