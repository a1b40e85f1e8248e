"""A test series in one step: pre-test now, post-test later, retention test weeks after.

The three tests use disjoint, matched forms (:mod:`quiz.forms`), so a gain is
the class's, not the difference between two sets of texts. Each test keeps its
answer key until it closes (feedback after the due date), and its excerpts
stay out of practice until then (:func:`quiz.usecases.learners.held_back`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quiz.forms import Forms, NotEnough, build_forms
from quiz.ratings import excerpt_levels
from quiz.records import Assignment, Teacher, utcnow
from quiz.storage import Conflict, NotFound, Store, TitleTaken
from quiz.usecases import Refused, ratings
from quiz.usecases.teachers import own_class

MAX_FORM_SIZE = 12
FORM_FIGURES = {"difficulty": "Difficulty (1 to 3)", "opinion_marker": "Opinion markers",
                "unsupported_claim": "Unsupported claims", "loaded_term": "Loaded terms",
                "control": "Controls (share)", "left": "Left-leaning (share)",
                "right": "Right-leaning (share)", "words": "Words"}


@dataclass(frozen=True)
class SeriesSet:
    """The tests set, and how their forms match (each form's mean per feature)."""

    tests: list[Assignment]
    forms: Forms

    def balance(self) -> list[dict[str, object]]:
        """One row per feature, one column per test: how alike the forms are."""
        return [
            {"Matched on": label} | {
                test.title: round(means[feature], 2)
                for test, means in zip(self.tests, self.forms.means, strict=True)
            }
            for feature, label in FORM_FIGURES.items()
        ]


def free_excerpts(store: Store, class_id: str) -> list[str]:
    """Excerpts the class has not met in a test yet (a repeat would measure memory)."""
    tested = {
        e for a in store.assignments_for(class_id)
        if a.kind != "regular" and a.deleted_at is None for e in a.excerpt_ids
    }
    return [s.id for s in store.excerpts() if s.id not in tested]


def plan_forms(store: Store, class_id: str, *, count: int, size: int, seed: int = 0) -> Forms:
    """Matched disjoint forms from the class's free excerpts (see :mod:`quiz.forms`)."""
    free = set(free_excerpts(store, class_id))
    excerpts = [s.excerpt for s in store.excerpts() if s.id in free]
    levels = excerpt_levels(ratings.calibration(store), excerpts)
    try:
        return build_forms(excerpts, levels, count=count, size=size, seed=seed)
    except NotEnough as exc:
        raise Refused(f"Not enough excerpts for these tests: {exc}. Ask for fewer.") from exc


def set_test_series(
    store: Store,
    teacher: Teacher,
    class_id: str,
    *,
    title: str,
    size: int,
    post_opens: dt.datetime,
    retention_weeks: int | None,
    open_days: int = 7,
    now: dt.datetime | None = None,
    seed: int = 0,
) -> SeriesSet:
    """Set a pre-test (open now), a post-test (from ``post_opens``) and, with
    ``retention_weeks``, a retention test that many weeks after the post-test.

    Each test stays open ``open_days`` days (the pre-test closes when the
    post-test opens, if that is sooner); all three are set or none.
    """
    own_class(store, teacher, class_id)
    now = now or utcnow()
    title = " ".join(title.split())
    if not title:
        raise Refused("Give the tests a title, e.g. “Spring term”.")
    if not 1 <= size <= MAX_FORM_SIZE:
        raise Refused(f"Each test has 1 to {MAX_FORM_SIZE} excerpts.")
    if open_days < 1:
        raise Refused("Each test stays open at least one day.")
    if post_opens <= now:
        raise Refused("The post-test opens later than now: choose a day after today.")
    if retention_weeks is not None and retention_weeks < 1:
        raise Refused("The retention test comes at least one week after the post-test.")
    span = dt.timedelta(days=open_days)
    plan: list[tuple[str, str, dt.datetime | None, dt.datetime]] = [
        ("pre_test", f"{title}: pre-test", None, min(now + span, post_opens)),
        ("post_test", f"{title}: post-test", post_opens, post_opens + span)]
    if retention_weeks is not None:
        later = post_opens + dt.timedelta(weeks=retention_weeks)
        plan.append(("retention_test", f"{title}: retention test", later, later + span))
    taken = {a.title.casefold() for a in store.assignments_for(class_id) if a.deleted_at is None}
    clash = [name for _, name, _, _ in plan if name.casefold() in taken]
    if clash:
        raise Refused(f"“{clash[0]}” is already set for this class: choose another title.")
    forms = plan_forms(store, class_id, count=len(plan), size=size, seed=seed)
    made: list[Assignment] = []
    for (kind, name, opens, due), form in zip(plan, forms.forms, strict=True):
        assignment = Assignment.model_validate({
            "class_id": class_id, "title": name, "excerpt_ids": list(form), "due": due,
            "feedback": "after_due", "kind": kind, "opens_at": opens,
        })
        try:
            made.append(store.add_assignment(assignment))
        except (TitleTaken, Conflict, NotFound) as exc:
            raise Refused(str(exc)) from exc
    return SeriesSet(made, forms)
