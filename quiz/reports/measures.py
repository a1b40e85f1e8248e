"""The rows of the test-quality and gain figures (see :mod:`quiz.reports.quality` and
:mod:`quiz.reports.gains`), kept apart so :mod:`quiz.reports.rows` can hold them."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.models import Category


@dataclass(frozen=True, slots=True)
class ItemQuality:
    """One excerpt of a test: how hard, how well it separates, whether to review it."""

    excerpt_id: str
    title: str
    students: int
    facility: float | None
    efficiency: float | None  # discriminative efficiency, 0..1 (may be negative)
    alpha_if_deleted: float | None
    review: bool  # efficiency below REVIEW_BELOW


@dataclass(frozen=True, slots=True)
class StrongMiss:
    """How many of the strong students who were asked a span missed it."""

    excerpt_id: str
    category: Category
    quote: str
    strong: int
    missed: int

    @property
    def share(self) -> float:
        return self.missed / self.strong


@dataclass(frozen=True)
class AssignmentQuality:
    """The quality figures of one assignment."""

    assignment_id: str
    complete: int  # students who answered every item (α counts only them)
    alpha: float | None
    items: tuple[ItemQuality, ...]
    strong_misses: tuple[StrongMiss, ...]


@dataclass(frozen=True, slots=True)
class GainStats:
    """The gain in discernment (H - F, -1..1) of one skill from the pre-test to a later test."""

    category: Category
    later_kind: str  # "post_test" or "retention_test"
    students: int
    pre: float
    later: float
    gain: float
    hedges_g: float | None
    ci_low: float | None
    ci_high: float | None
    normalised_gain: float | None
