"""The class report as one JSON object, for other tools (``python -m quiz report --json``).

The shape is fixed by the issue that asked for it::

    {"students": [{"student_id", "nickname",
                   "skills": {CATEGORY: {"hit_rate", "false_alarm_rate",
                                         "d_prime", "criterion", "rating"}}}],
     "assignments": [{"assignment_id", "title", "alpha"}],
     "gains": [{"skill", "hedges_g", "ci_low", "ci_high"}]}

Every student of the roster is listed, and every skill under each, in the
enum's order; a figure that cannot be computed (no answer asked the skill,
nothing to find in it yet) is ``null``, never a made-up number. ``rating``,
``alpha`` and ``gains`` are filled by the adaptive-practice and test-quality
work; until then they are ``null`` and ``[]``. Pure.
"""

from __future__ import annotations

from typing import Any

from quiz.discernment import Detection
from quiz.models import Category
from quiz.reports.rows import ClassReport


def class_json(report: ClassReport) -> dict[str, Any]:
    """The report's students, assignments and gains in the JSON shape above."""
    detection = {d.student_id: d for d in report.detection}
    students: list[dict[str, Any]] = []
    for student in report.students:
        row = detection.get(student.student_id)
        skills: dict[str, Any] = {}
        for category in Category:
            counts = row.skills.get(category) if row is not None else None
            figures = (counts or Detection()).as_dict()
            skills[category.value] = {**figures, "rating": None}
        students.append(
            {"student_id": student.student_id, "nickname": student.nickname, "skills": skills}
        )
    return {
        "students": students,
        "assignments": [
            {"assignment_id": a.assignment_id, "title": a.title, "alpha": None}
            for a in report.assignments
        ],
        "gains": [],
    }
