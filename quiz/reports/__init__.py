"""The teacher's reports: pure functions from stored records to rows a page can chart.

``class_report(store, class_id)`` is the entry point; the functions it composes
are exported too, so a page can compute one figure over the records it holds
(for example :func:`scores_by_period` over one student's attempts).
"""

from __future__ import annotations

from quiz.reports.build import ClassData, build_report, class_report, read_class, read_versions
from quiz.reports.detection import (
    ClassTrend,
    Point,
    StudentDetection,
    class_trend,
    student_detection,
    trend_verdict,
    word_keys,
)
from quiz.reports.rows import (
    AssignmentInfo,
    CategoryAverage,
    ClassReport,
    FalseAlarmRow,
    GainRow,
    GradeCell,
    HeatMap,
    HeatToken,
    ItemRow,
    PrePost,
    ProgressPoint,
    SpanFoundRow,
    StudentCategoryRow,
    StudentRow,
    table,
)
from quiz.reports.scores import (
    category_averages,
    grade_cells,
    item_analysis,
    latest_answers,
    pre_post,
    scores_by_period,
    student_category_rows,
    student_rows,
)
from quiz.reports.spans import (
    Answer,
    false_alarm_rows,
    heat_maps,
    judge,
    normalise_mark,
    span_rows,
)
from quiz.reports.views import made_for, skill_rows

__all__ = [
    "Answer",
    "AssignmentInfo",
    "CategoryAverage",
    "ClassData",
    "ClassReport",
    "ClassTrend",
    "FalseAlarmRow",
    "GainRow",
    "GradeCell",
    "HeatMap",
    "HeatToken",
    "ItemRow",
    "Point",
    "PrePost",
    "ProgressPoint",
    "SpanFoundRow",
    "StudentCategoryRow",
    "StudentDetection",
    "StudentRow",
    "build_report",
    "category_averages",
    "class_report",
    "class_trend",
    "false_alarm_rows",
    "grade_cells",
    "heat_maps",
    "item_analysis",
    "judge",
    "latest_answers",
    "made_for",
    "normalise_mark",
    "pre_post",
    "read_class",
    "read_versions",
    "scores_by_period",
    "skill_rows",
    "span_rows",
    "student_category_rows",
    "student_detection",
    "student_rows",
    "table",
    "trend_verdict",
    "word_keys",
]
