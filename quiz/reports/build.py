"""The class report: read what a class needs from the store once, then compute everything.

:func:`read_class` is the only part that touches the store; :func:`build_report`
is pure, so a page (or a test) can build a report from records it already has.
Only class attempts (mode ``"class"``) count: practice at home is the
learner's own business. A student whose attempt file cannot be read is kept in
the report, marked unreadable and left out of every figure: one damaged file
must not take the class's report down with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from quiz.models import Excerpt
from quiz.records import Assignment, Attempt, Classroom, Student, utcnow
from quiz.reports.detection import class_trend, student_detection, test_pair, word_keys
from quiz.reports.gains import gains
from quiz.reports.quality import assignment_quality
from quiz.reports.rows import ClassReport
from quiz.reports.scores import (
    Period,
    assignment_info,
    category_averages,
    grade_cells,
    item_analysis,
    latest_answers,
    pre_post,
    scores_by_period,
    student_rows,
)
from quiz.reports.spans import false_alarm_rows, heat_maps, judge, span_rows
from quiz.reports.views import made_for, skill_rows
from quiz.storage import Store, StoreError

ExcerptKey = tuple[str, int]  # (excerpt_id, version)


@dataclass(frozen=True)
class ClassData:
    """The raw records of one class, as read from the store."""

    classroom: Classroom
    students: list[Student]
    assignments: list[Assignment]
    attempts: list[Attempt]
    excerpts: dict[ExcerptKey, Excerpt]
    # student id -> why their attempts cannot be read (a damaged file, named)
    unreadable: dict[str, str] = field(default_factory=dict)


def read_class(store: Store, class_id: str) -> ClassData:
    """Read a class, its students, assignments and attempts, and each excerpt version they used.

    Each student's attempts are read on their own: a student whose file cannot
    be read lands in ``unreadable`` and the others are read as usual.

    Raises:
        quiz.storage.NotFound: no class with this id.
        quiz.storage.StoreError: the class's own files (or the excerpts) cannot be read.
    """
    classroom = store.get_class(class_id)
    students = store.students_in(class_id)
    attempts: list[Attempt] = []
    unreadable: dict[str, str] = {}
    for student in students:
        try:
            mine = store.attempts_for_student(student.id)
        except StoreError as exc:
            unreadable[student.id] = str(exc)
            continue
        attempts.extend(a for a in mine if a.class_id == class_id)
    attempts.sort(key=lambda a: a.submitted_at)
    return ClassData(
        classroom=classroom,
        students=students,
        assignments=store.assignments_for(class_id),
        attempts=attempts,
        excerpts=read_versions(store, ((a.excerpt_id, a.excerpt_version) for a in attempts)),
        unreadable=unreadable,
    )


def read_versions(store: Store, keys: Iterable[ExcerptKey]) -> dict[ExcerptKey, Excerpt]:
    """Each distinct (excerpt id, version), read once."""
    return {
        key: store.excerpt(key[0], key[1]).excerpt for key in sorted(set(keys))
    }


def build_report(
    data: ClassData,
    *,
    period: Period = "week",
    tz: dt.tzinfo = dt.UTC,
    now: dt.datetime | None = None,
    assignment_id: str | None = None,
) -> ClassReport:
    """Compute every figure of the class report from the records.

    With ``assignment_id`` the report is that assignment's: every figure reads
    only the answers made for it (and its gradebook has that one column).
    Without it, all class answers count: a student's score uses their latest
    answer to each excerpt, and a skill their latest answer that asked it. The
    pre/post gain reads only the answers made for the two tests, in every view.

    Args:
        data: the class's records (see :func:`read_class`).
        period: the step of the progress chart, ``"day"`` or ``"week"``.
        tz: the school's time zone, for the calendar of the progress chart.
        now: the report's time stamp (the current time when None).
        assignment_id: the one assignment to report on (None: all of them).

    Returns:
        The report; see :mod:`quiz.reports.rows` for what each figure means.

    Raises:
        KeyError: an attempt names an excerpt version missing from ``data.excerpts``.
        ValueError: the class has no assignment ``assignment_id``.
    """
    enrolled = {s.id for s in data.students}
    # A store's class attempts already come from enrolled students only; the
    # filter keeps a hand-built ClassData honest too.
    every = [a for a in data.attempts if a.student_id in enrolled and a.mode == "class"]
    assignments, attempts = data.assignments, every
    if assignment_id is not None:
        assignments = [a for a in data.assignments if a.id == assignment_id]
        if not assignments:
            raise ValueError(f"class {data.classroom.id!r} has no assignment {assignment_id!r}")
        attempts = made_for(assignments[0], every)
    latest = latest_answers(attempts)
    answers = [
        judge(a, data.excerpts[a.excerpt_id, a.excerpt_version]) for a in latest.values()
    ]
    titles: dict[str, str] = {}
    for (excerpt_id, _), excerpt in sorted(data.excerpts.items()):
        titles[excerpt_id] = excerpt.title  # sorted: the newest version's title wins
    per_category = skill_rows(data.students, attempts)
    gain = pre_post(data.assignments, every)
    tests = test_pair(data.assignments, every)
    detection = student_detection(
        data.students, attempts, word_keys(data.excerpts), tests, every
    )
    basis = "pre-test to post-test" if tests else "each student's first half of answers to second"
    return ClassReport(
        class_id=data.classroom.id,
        class_name=data.classroom.name,
        generated_at=now or utcnow(),
        students=tuple(student_rows(data.students, attempts, latest, data.unreadable)),
        student_categories=tuple(per_category),
        category_averages=tuple(category_averages(per_category)),
        assignments=tuple(assignment_info(assignments)),
        grades=tuple(grade_cells(data.students, assignments, attempts)),
        progress=tuple(scores_by_period(attempts, period=period, tz=tz)),
        items=tuple(item_analysis(latest, titles)),
        spans=tuple(span_rows(answers)),
        false_alarms=tuple(false_alarm_rows(answers)),
        heat_maps=tuple(heat_maps(answers)),
        pre_post=gain,
        unreadable=tuple(s.id for s in data.students if s.id in data.unreadable),
        assignment_id=assignment_id,
        quality=None if assignment_id is None else assignment_quality(
            assignment_id, assignments[0].excerpt_ids, latest, answers, titles
        ),
        gains=tuple(gains(data.assignments, every, data.excerpts)),
        detection=tuple(detection),
        trend=class_trend(detection, basis),
    )


def class_report(
    store: Store,
    class_id: str,
    *,
    period: Period = "week",
    tz: dt.tzinfo = dt.UTC,
    now: dt.datetime | None = None,
    assignment_id: str | None = None,
) -> ClassReport:
    """Read one class from the store and build its report (see :func:`build_report`).

    Raises:
        quiz.storage.NotFound: no class with this id.
        ValueError: the class has no assignment ``assignment_id``.
    """
    return build_report(
        read_class(store, class_id), period=period, tz=tz, now=now, assignment_id=assignment_id
    )
