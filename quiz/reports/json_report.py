"""The class report as one JSON object, for other tools (``python -m quiz report --json``).

The shape is fixed by the issue that asked for it::

    {"students": [{"student_id", "nickname",
                   "skills": {CATEGORY: {"hit_rate", "false_alarm_rate",
                                         "d_prime", "criterion", "rating"}}}],
     "assignments": [{"assignment_id", "title", "alpha"}],
     "gains": [{"skill", "hedges_g", "ci_low", "ci_high"}]}

Every student of the roster is listed, and every skill under each, in the
enum's order; a figure that cannot be computed (no answer asked the skill,
nothing to find in it yet) is ``null``, never a made-up number.

- ``rating``: the student's rating in the skill, in logits (:mod:`quiz.ratings`:
  0 is an average learner; one logit above an excerpt's difficulty expects
  73%), from every answer of theirs; ``null`` before one that had spin to find.
- ``alpha``: Cronbach's α of the assignment (:mod:`quiz.reports.quality`),
  ``null`` with fewer than two excerpts or students who answered them all.
- ``gains``: one entry per skill and later test (``"compared_with"``:
  ``"post_test"`` or ``"retention_test"``) once a pre-test and a later test
  were both answered; Hedges' g and its 95% bootstrap interval of the gain in
  discernment (:mod:`quiz.reports.gains`), with the students counted, the
  gain and the normalised gain.

Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quiz.discernment import Detection
from quiz.models import Category
from quiz.reports.rows import ClassReport


def class_json(
    report: ClassReport,
    *,
    ratings: Mapping[tuple[str, Category], float] | None = None,
    alphas: Mapping[str, float | None] | None = None,
) -> dict[str, Any]:
    """The report's students, assignments and gains in the JSON shape above.

    ``ratings`` by (student id, skill) and ``alphas`` by assignment id; missing ones are null.
    """
    ratings, alphas = ratings or {}, alphas or {}
    detection = {d.student_id: d for d in report.detection}
    students: list[dict[str, Any]] = []
    for student in report.students:
        row = detection.get(student.student_id)
        skills: dict[str, Any] = {}
        for category in Category:
            counts = row.skills.get(category) if row is not None else None
            figures = (counts or Detection()).as_dict()
            skills[category.value] = {
                **figures, "rating": ratings.get((student.student_id, category))
            }
        students.append(
            {"student_id": student.student_id, "nickname": student.nickname, "skills": skills}
        )
    return {
        "students": students,
        "assignments": [
            {"assignment_id": a.assignment_id, "title": a.title,
             "alpha": alphas.get(a.assignment_id)}
            for a in report.assignments
        ],
        "gains": [
            {"skill": g.category.value, "hedges_g": g.hedges_g, "ci_low": g.ci_low,
             "ci_high": g.ci_high, "compared_with": g.later_kind, "students": g.students,
             "gain": g.gain, "normalised_gain": g.normalised_gain}
            for g in report.gains
        ],
    }
