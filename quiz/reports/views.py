"""Which answers a view of the report reads: one assignment's, or the class's latest per skill.

A student who answers the same excerpt in a pre-test and then in a regular
assignment has two answers. The view of one assignment reads only the answers
made for it (so a pre-test's figures never change once the excerpt is set
again), and a student's figure in a skill comes from their latest answer that
asked that skill (so an answer asking only loaded terms does not blank their
opinion-marker figure).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from quiz.models import Category
from quiz.records import Assignment, Attempt, Student
from quiz.reports.rows import StudentCategoryRow
from quiz.reports.scores import latest_answers


def made_for(assignment: Assignment, attempts: Iterable[Attempt]) -> list[Attempt]:
    """The attempts made for this assignment, on its excerpts, in the given order."""
    wanted = set(assignment.excerpt_ids)
    return [a for a in attempts if a.assignment_id == assignment.id and a.excerpt_id in wanted]


def skill_rows(
    students: Sequence[Student], attempts: Iterable[Attempt]
) -> list[StudentCategoryRow]:
    """Mean precision, recall and F1 per student and skill, over the latest answer asking it.

    For each skill, a student's answer to an excerpt is their latest attempt at
    it that has figures in that skill; pairs with no such answer are left out.
    """
    attempts = list(attempts)
    figures: dict[tuple[str, Category], list[tuple[float, float, float]]] = defaultdict(list)
    for category in Category:
        asked = latest_answers(a for a in attempts if category in a.figures)
        for (student_id, _), answer in asked.items():
            fig = answer.figures[category]
            figures[student_id, category].append((fig.precision, fig.recall, fig.f1))
    rows: list[StudentCategoryRow] = []
    for student in students:
        for category in Category:
            values = figures.get((student.id, category))
            if values:
                p, r, f = (math.fsum(col) / len(values) for col in zip(*values, strict=True))
                rows.append(
                    StudentCategoryRow(student.id, student.nickname, category, len(values), p, r, f)
                )
    return rows
