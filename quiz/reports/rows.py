"""The rows of the teacher's reports: flat, frozen records a page turns into tables and charts.

Every row is a frozen dataclass of plain values (str, int, float, None, dates),
so ``pandas.DataFrame(rows)`` or :func:`table` gives a table and Altair can
chart it without reshaping. Scores are 0..100 like ``Attempt.score``;
precision, recall, F1, facility and shares are 0..1. Names are kept exactly as
stored: escaping them is the page's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from quiz.models import Category
from quiz.reports.detection import ClassTrend, StudentDetection
from quiz.reports.measures import AssignmentQuality, GainStats


@dataclass(frozen=True, slots=True)
class StudentRow:
    """One student of the class, over their latest answer to each excerpt."""

    student_id: str
    nickname: str
    attempts: int  # every class attempt, repeats included
    excerpts: int  # excerpts answered at least once
    score: float | None  # mean score of the latest answers; None before any
    last_submitted: dt.datetime | None
    readable: bool = True  # False: their attempt file cannot be read, so no figure counts them


@dataclass(frozen=True, slots=True)
class StudentCategoryRow:
    """A student's mean precision, recall and F1 in one category (latest answers asking it)."""

    student_id: str
    nickname: str
    category: Category
    answers: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class CategoryAverage:
    """Class average of one category: each student's mean counts once."""

    category: Category
    students: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class AssignmentInfo:
    """What the gradebook needs to know about an assignment."""

    assignment_id: str
    title: str
    kind: str  # "regular", "pre_test" or "post_test"
    excerpt_ids: tuple[str, ...]
    created_at: dt.datetime
    due: dt.datetime | None


@dataclass(frozen=True, slots=True)
class GradeCell:
    """A student's mark on an assignment: the mean score of the excerpts they answered.

    ``score`` is None when they answered none; ``done`` of ``of`` excerpts were
    answered (the latest attempt made for this assignment counts). Show
    :attr:`completion` beside the score: 100 on 1 of 2 is not 100 on the whole.
    """

    student_id: str
    assignment_id: str
    score: float | None
    done: int
    of: int

    @property
    def completion(self) -> str:
        """How much of the assignment was answered, for people: '1 of 2'."""
        return f"{self.done} of {self.of}"


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """Mean score of every attempt submitted in one day or week (weeks start on Monday)."""

    period_start: dt.date
    attempts: int
    students: int
    mean_score: float


@dataclass(frozen=True, slots=True)
class ItemRow:
    """Item analysis of one excerpt over each student's latest answer to it.

    ``facility`` is the mean item score (score / 100). ``discrimination`` is the
    Pearson correlation between the item score and the student's mean score on
    the other excerpts, over the ``discrimination_students`` who answered at
    least one other; None when fewer than 3 or when either side does not vary.
    """

    excerpt_id: str
    title: str
    students: int
    facility: float | None
    discrimination: float | None
    discrimination_students: int


@dataclass(frozen=True, slots=True)
class SpanFoundRow:
    """How many students found one gold span of one excerpt version.

    ``students`` counts the latest answers on this version that asked the
    span's category; *found* means at least half its characters were marked.
    """

    excerpt_id: str
    version: int
    category: Category
    start: int
    end: int
    quote: str
    students: int
    found: int
    partly_found: int
    share_found: float


@dataclass(frozen=True, slots=True)
class FalseAlarmRow:
    """Marks that touch no gold span of their category, grouped by text.

    ``text`` is the grouping key (casefolded, spaces collapsed); ``example`` is
    the first mark as the student wrote it; ``students`` counts each student once.
    ``key_category``: right place, wrong kind, the kind of spin the key calls
    these words (they touch a scored span of that other category); None when
    they touch none.
    """

    excerpt_id: str
    category: Category
    text: str
    example: str
    students: int
    key_category: Category | None = None


@dataclass(frozen=True, slots=True)
class HeatToken:
    """How many students marked one token: per category, and in any category."""

    index: int
    start: int
    end: int
    text: str
    total: int
    by_category: Mapping[Category, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HeatMap:
    """Per-token mark counts of one excerpt version, over the latest answers on it."""

    excerpt_id: str
    version: int
    students: int
    tokens: tuple[HeatToken, ...]


@dataclass(frozen=True, slots=True)
class GainRow:
    """Mean F1 of one category on the pre-test and the post-test, and the gain."""

    category: Category
    students: int
    pre_f1: float
    post_f1: float
    gain: float


@dataclass(frozen=True, slots=True)
class PrePost:
    """The gain per skill between a pre-test and a post-test.

    Only students who answered both count; a category counts for a student
    when both tests asked it of them.
    """

    pre_assignment_id: str
    post_assignment_id: str
    students: int
    rows: tuple[GainRow, ...]


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Everything the teacher's dashboard and exports show about one class."""

    class_id: str
    class_name: str
    generated_at: dt.datetime
    students: tuple[StudentRow, ...]
    student_categories: tuple[StudentCategoryRow, ...]
    category_averages: tuple[CategoryAverage, ...]
    assignments: tuple[AssignmentInfo, ...]
    grades: tuple[GradeCell, ...]
    progress: tuple[ProgressPoint, ...]
    items: tuple[ItemRow, ...]
    spans: tuple[SpanFoundRow, ...]
    false_alarms: tuple[FalseAlarmRow, ...]
    heat_maps: tuple[HeatMap, ...]
    pre_post: PrePost | None
    # Students whose attempts cannot be read (a damaged file): every figure leaves them out.
    unreadable: tuple[str, ...] = ()
    # The assignment this report is about (its answers only); None: the whole class's work.
    assignment_id: str | None = None
    # That assignment's reliability and items to review; None in the whole class's view.
    quality: AssignmentQuality | None = None
    # Gains in discernment per skill from the pre-test to the post- and retention tests.
    gains: tuple[GainStats, ...] = ()
    # Per student: d′ and c now, before and after (quiz.reports.detection), and the class trend.
    detection: tuple[StudentDetection, ...] = ()
    trend: ClassTrend | None = None

    def heat_map(self, excerpt_id: str, version: int | None = None) -> HeatMap | None:
        """The heat map of an excerpt: the given version, or the newest one answered."""
        found = [h for h in self.heat_maps if h.excerpt_id == excerpt_id]
        if version is not None:
            found = [h for h in found if h.version == version]
        return max(found, key=lambda h: h.version, default=None)


def table(rows: Iterable[object]) -> list[dict[str, Any]]:
    """Rows as plain dicts, enums as their values: ready for ``st.dataframe`` or Altair.

    Mapping fields (a heat token's ``by_category``) become one column per key.
    """
    result: list[dict[str, Any]] = []
    for row in rows:
        flat: dict[str, Any] = {}
        for f in dataclasses.fields(row):  # type: ignore[arg-type]
            value = getattr(row, f.name)
            if isinstance(value, Mapping):
                flat.update({_plain(k): _plain(v) for k, v in value.items()})
            elif isinstance(value, tuple):
                flat[f.name] = [_plain(v) for v in value]
            else:
                flat[f.name] = _plain(value)
        result.append(flat)
    return result


def _plain(value: object) -> Any:
    return value.value if isinstance(value, Enum) else value
