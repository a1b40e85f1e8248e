"""What a learner is asked, and how practice adapts: tasks, skill, streaks, next excerpt.

Pure functions over excerpts and stored attempts; the pages call them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from quiz.feedback import Feedback
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt, Figures, new_id, utcnow

ALL_AT_ONCE_DIFFICULTY = 3
SKILL_WINDOW = 10  # recent attempts per category that make up a skill figure
# How much a disputed span (one the blind second reader did not mark, kept by the
# adjudicator) counts in the recall of the skill estimate, against 1 for the others.
# Half: the adjudicator kept it with a reason, so it still teaches something, but a
# careful reader missed it too, so missing it is no sure sign of a weak skill. The
# score a learner and a teacher see stays the metric's; only the skill figure moves.
DISPUTED_WEIGHT = 0.5
TARGET = 0.7  # adaptive practice aims at a 70% expected score
NEAR_TARGET = 0.05  # candidates this close to the best fit are equally good: pick at random


@dataclass(frozen=True)
class CategoryGuide:
    """The short reminder shown with a task; the category's own words are on the enum."""

    category: Category
    instruction: str
    meaning: str
    example: str

    @property
    def title(self) -> str:
        """The heading: ``category.plural_label``, e.g. 'Loaded terms'."""
        return self.category.plural_label


GUIDES: dict[Category, CategoryGuide] = {
    Category.OPINION_MARKER: CategoryGuide(
        Category.OPINION_MARKER,
        "Mark every word or phrase that shows the writer's own opinion.",
        "Words that show what the writer thinks or feels, not what can be checked: "
        "“I think”, “clearly”, “sadly”, “it is high time”, sarcastic questions.",
        "“**Sadly**, the match was cancelled.” The fact is the cancellation; "
        "“sadly” is the writer's feeling.",
    ),
    Category.UNSUPPORTED_CLAIM: CategoryGuide(
        Category.UNSUPPORTED_CLAIM,
        "Mark every claim presented as fact with no source or evidence in the text.",
        "A statement you would want checked, where the text does not say who says so: "
        "“studies show...”, a precise number from nowhere, a guess about someone's motives.",
        "“**Nine in ten parents hate the new timetable.**” Who asked them? No survey is named.",
    ),
    Category.LOADED_TERM: CategoryGuide(
        Category.LOADED_TERM,
        "Mark every loaded word or phrase: emotional or judging where a neutral word exists.",
        "Words chosen to make you feel something: name-calling, dramatic verbs, hype.",
        "“The council **slammed** the plan” instead of “the council **criticised** the plan”.",
    ),
}


@dataclass(frozen=True)
class Task:
    """One excerpt and the categories the learner marks in it."""

    excerpt_id: str
    categories: tuple[Category, ...]

    @property
    def all_at_once(self) -> bool:
        return len(self.categories) > 1


def task_for(excerpt: Excerpt, categories: Sequence[Category] | None = None) -> Task:
    """The task for an excerpt.

    At difficulty 3 the learner marks all three categories at once. Below that,
    the learner marks the given categories (one step each) or, when none are
    given, every category, so a control with nothing to find still counts.
    """
    if excerpt.difficulty >= ALL_AT_ONCE_DIFFICULTY or not categories:
        return Task(excerpt.id, tuple(Category))
    return Task(excerpt.id, tuple(c for c in Category if c in set(categories)))


@dataclass(frozen=True)
class Progress:
    """A learner's practice record, for the progress panel."""

    attempts: int
    # Mean F1 (0..1) of recent attempts, disputed spans weighing less (skill_f1); None: not tried.
    skill: dict[Category, float | None]
    streak_days: int
    best_score: float | None


def progress(attempts: Sequence[Attempt], today: dt.date) -> Progress:
    """Skill per category, the streak of days practised up to today, the best score."""
    ordered = sorted(attempts, key=lambda a: a.submitted_at)
    skill: dict[Category, float | None] = {}
    for category in Category:
        recent = [_skill(a.figures[category]) for a in ordered if category in a.figures]
        recent = recent[-SKILL_WINDOW:]
        skill[category] = sum(recent) / len(recent) if recent else None
    return Progress(
        attempts=len(ordered),
        skill=skill,
        streak_days=streak(sorted({a.submitted_at.date() for a in ordered}), today),
        best_score=max((a.score for a in ordered), default=None),
    )


def _skill(figures: Figures) -> float:
    return figures.f1 if figures.skill_f1 is None else figures.skill_f1


def skill_f1(feedback: Feedback, category: Category) -> float | None:
    """The F1 of one category with disputed spans weighing :data:`DISPUTED_WEIGHT` in recall.

    Recall becomes a weighted mean of how much of each span of the key the marks
    cover; precision stays the metric's (a mark on a disputed span is not wrong).
    With every weight 1 this is the metric's F1. None when the category has no
    disputed span: the metric's F1 is the skill figure then.
    """
    key = [s for s in feedback.spans if s.category is category and not s.attributed]
    if not any(s.disputed for s in key):
        return None
    result = feedback.result.categories[category]
    if not result.marks:
        return 0.0
    weights = [DISPUTED_WEIGHT if s.disputed else 1.0 for s in key]
    covered = [
        sum(max(0, min(end, s.end) - max(start, s.start)) for start, end in result.marks)
        / (s.end - s.start)
        for s in key
    ]
    recall = sum(w * c for w, c in zip(weights, covered, strict=True)) / sum(weights)
    precision = result.precision
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def streak(days: Sequence[dt.date], today: dt.date) -> int:
    """Days in a row with practice, ending today (or yesterday: today is not over)."""
    practised = set(days)
    day = today if today in practised else today - dt.timedelta(days=1)
    count = 0
    while day in practised:
        count += 1
        day -= dt.timedelta(days=1)
    return count


def weakest_category(skill: dict[Category, float | None]) -> Category:
    """The category to practise next: never tried first, then the lowest skill."""
    return min(Category, key=lambda c: (skill.get(c) is not None, skill.get(c) or 0.0))


def choose_next(
    excerpts: Sequence[Excerpt],
    attempts: Sequence[Attempt],
    *,
    category: Category | None = None,
    difficulty: int | None = None,
    rng: random.Random | None = None,
    expect: Callable[[Excerpt, Task], float] | None = None,
) -> tuple[Excerpt, Task] | None:
    """Pick the next practice excerpt.

    The category is the learner's choice or their weakest. A new learner starts
    at difficulty 1 unless a difficulty is asked for. Texts with nothing to find
    for the task (controls) come up at their share of the pool, so marking
    everything never pays; within each group, unseen texts come first, then the
    least recently seen. With ``expect`` (the learner's expected score, 0..1,
    on a task: see :mod:`quiz.ratings`) the pick among those is the one whose
    expected score is nearest :data:`TARGET`, at random among near ties, so
    practice is neither a walk-over nor hopeless.

    Returns:
        The excerpt and its task, or None when no excerpt fits the filters.
    """
    rng = rng or random.Random()
    if category is None:
        category = weakest_category(progress(attempts, dt.date.today()).skill)
    if difficulty is None and not attempts and any(e.difficulty == 1 for e in excerpts):
        difficulty = 1
    pool = [e for e in excerpts if difficulty is None or e.difficulty == difficulty]
    if not pool:
        return None
    empty = [e for e in pool if not _something_to_find(e, category)]
    full = [e for e in pool if _something_to_find(e, category)]
    group = empty if empty and (not full or rng.random() < len(empty) / len(pool)) else full
    last_seen: dict[str, dt.datetime] = {}
    for attempt in attempts:
        seen = last_seen.get(attempt.excerpt_id)
        if seen is None or attempt.submitted_at > seen:
            last_seen[attempt.excerpt_id] = attempt.submitted_at
    candidates = [e for e in group if e.id not in last_seen]
    if not candidates:
        oldest = min(last_seen[e.id] for e in group)
        candidates = [e for e in group if last_seen[e.id] == oldest]
    candidates = sorted(candidates, key=lambda e: e.id)
    if expect is not None:
        gaps = {e.id: abs(expect(e, task_for(e, [category])) - TARGET) for e in candidates}
        best = min(gaps.values())
        candidates = [e for e in candidates if gaps[e.id] <= best + NEAR_TARGET]
    excerpt = rng.choice(candidates)
    return excerpt, task_for(excerpt, [category])


def _something_to_find(excerpt: Excerpt, category: Category) -> bool:
    """Whether the task this excerpt would get has a scored span to find."""
    return any(excerpt.gold(c) for c in task_for(excerpt, [category]).categories)


@dataclass(frozen=True)
class AssignmentState:
    """Where a student stands in one assignment."""

    done: tuple[str, ...]  # excerpt ids answered, in assignment order
    next_excerpt: str | None  # the next one to answer, None when all are done
    closed: bool  # the due date has passed
    feedback_visible: bool  # feedback may be shown now

    @property
    def finished(self) -> bool:
        return self.next_excerpt is None


def assignment_state(
    assignment: Assignment, attempts: Sequence[Attempt], now: dt.datetime
) -> AssignmentState:
    """What is done, what comes next, and whether feedback may be shown.

    Only attempts made for this assignment count; an excerpt answered once is
    done (a second submission of the same excerpt is never asked for).
    """
    answered = {a.excerpt_id for a in attempts if a.assignment_id == assignment.id}
    done = tuple(e for e in assignment.excerpt_ids if e in answered)
    pending = [e for e in assignment.excerpt_ids if e not in answered]
    closed = assignment.closed or (assignment.due is not None and now >= assignment.due)
    return AssignmentState(
        done=done,
        next_excerpt=pending[0] if pending else None,
        closed=closed,
        feedback_visible=assignment.feedback == "immediate" or closed,
    )


def attempt_from(
    feedback: Feedback,
    selections: Mapping[Category, Sequence[tuple[int, int]]],
    *,
    student_id: str,
    excerpt_version: int,
    class_id: str | None = None,
    assignment_id: str | None = None,
    attempt_id: str | None = None,
) -> Attempt:
    """The record of one submitted answer: the marks, the figures, the score, now.

    A class attempt (``class_id`` given) may name its assignment; a practice one
    may not. Passing the same ``attempt_id`` twice makes a double submit harmless.
    """
    return Attempt(
        id=attempt_id or new_id(),
        student_id=student_id,
        class_id=class_id,
        assignment_id=assignment_id,
        excerpt_id=feedback.result.excerpt_id,
        excerpt_version=excerpt_version,
        categories=feedback.categories,
        selections={c: list(spans) for c, spans in selections.items()},
        figures={
            c: Figures(precision=r.precision, recall=r.recall, f1=r.f1,
                       skill_f1=skill_f1(feedback, c))
            for c, r in feedback.result.categories.items()
        },
        score=feedback.score,
        submitted_at=utcnow(),
        mode="practice" if class_id is None else "class",
    )
