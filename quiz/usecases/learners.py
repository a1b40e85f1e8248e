"""What a learner does: practise, keep progress, join a class, answer an assignment.

One learner answer: the page's picker gives character selections; ``answer_*``
scores them against the stored excerpt version (:func:`quiz.feedback.build_feedback`),
builds the attempt record (:func:`quiz.learning.attempt_from`), saves it through
the store, and returns the feedback for the page to show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quiz.feedback import Feedback, build_feedback
from quiz.learning import (
    AssignmentState,
    Task,
    assignment_state,
    attempt_from,
    choose_next,
    task_for,
)
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt, Classroom, Student, new_id, utcnow
from quiz.storage import Conflict, NicknameTaken, NotFound, Store, StoreError
from quiz.timefmt import DEFAULT_ZONE, local_time
from quiz.usecases import Refused, ratings

Selections = Mapping[Category, Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Answered:
    """A scored answer: the feedback to show and the attempt (saved unless anonymous)."""

    feedback: Feedback
    attempt: Attempt


def practice_history(
    store: Store, student: Student | None, unsaved: Sequence[Attempt]
) -> list[Attempt]:
    """The practice attempts that count: the stored ones, or this visit's when anonymous."""
    return store.attempts_for_student(student.id) if student is not None else list(unsaved)


def held_back(store: Store, now: dt.datetime | None = None) -> set[str]:
    """Excerpts kept out of practice: those of pre- and post-tests not yet released.

    A test's answer keys are released when its due date passes; a test with no
    due date keeps its excerpts out of practice for as long as it is set. Tests
    of archived classes are over. A class file that cannot be read is skipped
    (its own pages say so) rather than stopping everyone's practice.
    """
    now = now or utcnow()
    held: set[str] = set()
    for classroom in store.classes():
        if classroom.archived:
            continue
        try:
            assignments = store.assignments_for(classroom.id)
        except StoreError:
            continue
        for assignment in assignments:
            if assignment.kind != "regular" and (assignment.due is None or now < assignment.due):
                held.update(assignment.excerpt_ids)
    return held


def next_practice(
    store: Store,
    history: Sequence[Attempt],
    *,
    category: Category | None,
    difficulty: int | None,
    rng: random.Random | None = None,
) -> Task | None:
    """The next practice task for the filters, the learner's weak spots and rating, or None.

    Excerpts of open tests never come up (:func:`held_back`): practice would show
    their answer keys. Among the rest, practice aims at a 70% expected score.
    """
    held = held_back(store)
    excerpts = [s.excerpt for s in store.excerpts() if s.id not in held]
    chosen = choose_next(excerpts, history, category=category, difficulty=difficulty, rng=rng,
                         expect=ratings.expectation(store, history))
    return None if chosen is None else chosen[1]


def resume_practice(store: Store, excerpt_id: str, categories: Sequence[Category]) -> Task | None:
    """The practice task a reloaded page was showing, if it may still be shown."""
    try:
        excerpt = None if excerpt_id in held_back(store) else store.excerpt(excerpt_id).excerpt
    except NotFound:
        return None
    return None if excerpt is None else task_for(excerpt, categories)


def answer_practice(
    store: Store,
    student: Student | None,
    excerpt_id: str,
    categories: Sequence[Category],
    selections: Selections,
) -> Answered:
    """Score a practice answer on the latest version; save it when the learner has a nickname."""
    if excerpt_id in held_back(store):
        raise Refused(
            "This excerpt is now part of a class test, so its answers stay hidden until the "
            "test is over. Choose “New excerpt” to go on."
        )
    stored = store.excerpt(excerpt_id)
    feedback = build_feedback(stored.excerpt, selections, categories)
    attempt = attempt_from(
        feedback,
        selections,
        student_id=student.id if student else new_id(),
        excerpt_version=stored.version,
    )
    if student is not None:
        attempt = store.record_attempt(attempt)
    return Answered(feedback, attempt)


def keep_progress(store: Store, nickname: str, unsaved: Sequence[Attempt]) -> Student:
    """A self-guided learner with this nickname, taking over this visit's answers."""
    if not nickname.strip():
        raise Refused("Type a nickname first (letters or digits).")
    learner = store.add_learner(nickname)
    for attempt in unsaved:
        store.record_attempt(attempt.model_copy(update={"student_id": learner.id}))
    return learner


def join_class(store: Store, code: str, nickname: str) -> Student:
    """Join the class with this code under a nickname."""
    if not code.strip() or not nickname.strip():
        raise Refused("Type both the class code and a nickname.")
    classroom = store.class_by_code(code)
    if classroom is None:
        raise Refused(
            f"No class has the code “{code.strip()}”. Check it on the board: codes have "
            "6 letters and digits, and never use O, I or L (they look like 0 and 1)."
        )
    try:
        return store.join_class(classroom.id, nickname)
    except NicknameTaken as exc:
        raise Refused(
            f"The nickname “{' '.join(nickname.split())}” is taken in this class: pick another, "
            "or ask your teacher for your link."
        ) from exc
    except Conflict as exc:
        raise Refused("This class is archived and takes no new work. Ask your teacher.") from exc


def student_by_link(store: Store, link: str) -> Student | None:
    """The student whose current return link this is, or None (unknown, deleted, or reset)."""
    student_id = link.partition(".")[0]
    try:
        student = store.get_student(student_id)
    except NotFound:
        return None
    return student if student.opens(link) else None


def class_of(store: Store, student: Student) -> Classroom:
    """The student's class; refused when it was deleted."""
    if student.class_id is None:
        raise Refused("You are not in a class: join one with its code.")
    try:
        return store.get_class(student.class_id)
    except NotFound as exc:
        raise Refused("Your class no longer exists. Join again with a new code.") from exc


@dataclass(frozen=True)
class AssignmentView:
    """One assignment as a student sees it."""

    assignment: Assignment
    state: AssignmentState
    mine: tuple[Attempt, ...]  # the student's attempts for it, in assignment order

    def progress(self, zone: str = DEFAULT_ZONE) -> str:
        """Where the student stands, due time on ``zone``'s clock:
        '1 of 2 done · due 05 Dec 2026, 16:00 UTC'."""
        count = f"{len(self.state.done)} of {len(self.assignment.excerpt_ids)} done"
        due = self.assignment.due
        when = f" · due {local_time(due, zone)}" if due else ""
        closed = " · closed" if self.state.closed and not self.state.finished else ""
        return f"{count}{when}{closed}"

    @property
    def average(self) -> float | None:
        return sum(a.score for a in self.mine) / len(self.mine) if self.mine else None


def assignment_labels(assignments: Sequence[Assignment]) -> dict[str, str]:
    """A label per assignment id that never changes as work is done; equal titles
    are told apart by the day they were set (and their order)."""
    counts: dict[str, int] = {}
    for assignment in assignments:
        counts[assignment.title.casefold()] = counts.get(assignment.title.casefold(), 0) + 1
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for assignment in sorted(assignments, key=lambda a: a.created_at):
        title = assignment.title
        if counts[title.casefold()] > 1:
            seen[title.casefold()] = seen.get(title.casefold(), 0) + 1
            title = f"{title} (set {assignment.created_at:%d %b}, #{seen[title.casefold()]})"
        labels[assignment.id] = title
    return labels


def assignments_of(
    store: Store, student: Student, now: dt.datetime | None = None
) -> list[AssignmentView]:
    """The student's class assignments, oldest first, with where the student stands."""
    classroom = class_of(store, student)
    attempts = store.attempts_for_student(student.id)
    now = now or utcnow()
    views = []
    live = [a for a in store.assignments_for(classroom.id) if not a.deleted_at and a.open_at(now)]
    for assignment in sorted(live, key=lambda a: a.created_at):
        order = {e: i for i, e in enumerate(assignment.excerpt_ids)}
        mine = sorted(
            (a for a in attempts if a.assignment_id == assignment.id),
            key=lambda a: order.get(a.excerpt_id, len(order)),
        )
        state = assignment_state(assignment, attempts, now)
        views.append(AssignmentView(assignment, state, tuple(mine)))
    return views


def task_attempt_id(student_id: str, assignment_id: str, excerpt_id: str) -> str:
    """The one attempt id of a student's answer to one excerpt of one assignment.

    Two tabs, two devices or a double click all name the same attempt, so the
    store keeps the first answer and every other submission is a no-op.
    """
    digest = hashlib.sha256(f"{student_id}:{assignment_id}:{excerpt_id}".encode()).hexdigest()
    return digest[:32]


def answer_assignment(
    store: Store,
    student: Student,
    assignment_id: str,
    excerpt_id: str,
    selections: Selections,
    *,
    version: int,
    now: dt.datetime | None = None,
) -> Answered:
    """Score and save a class answer made on ``version`` of the excerpt.

    Refused when the excerpt was answered already (another tab or device), has a newer
    version than the one marked (marks are positions in one text), or is not open.
    """
    classroom, now = class_of(store, student), now or utcnow()
    try:
        assignment = store.get_assignment(assignment_id)
    except NotFound as exc:
        raise Refused("That assignment no longer exists.") from exc
    if assignment.class_id != classroom.id or assignment.deleted_at is not None:
        raise Refused("That assignment is no longer set for your class.")
    if excerpt_id not in assignment.excerpt_ids:
        raise Refused("That excerpt is not part of this assignment.")
    if not assignment.open_at(now):
        raise Refused("This test has not opened yet: your teacher set it for later.")
    if assignment.closed or (assignment.due is not None and now >= assignment.due):
        raise Refused("This assignment has closed; answers can no longer be sent.")
    stored = store.excerpt(excerpt_id)
    if stored.version != version:
        raise Refused(
            "Your teacher changed this excerpt while you were marking it: nothing was saved. "
            "Here it is again."
        )
    categories = task_for(stored.excerpt, assignment.categories).categories
    feedback = build_feedback(stored.excerpt, selections, categories)
    attempt = attempt_from(
        feedback, selections, student_id=student.id, excerpt_version=stored.version,
        class_id=classroom.id, assignment_id=assignment.id,
        attempt_id=task_attempt_id(student.id, assignment.id, excerpt_id),
    )
    kept = store.record_attempt(attempt)
    if kept.submitted_at != attempt.submitted_at:
        raise Refused(
            "You answered this excerpt already, in another tab or device: that answer counts."
        )
    return Answered(feedback, kept)


def review(store: Store, attempt: Attempt) -> tuple[Excerpt, Feedback]:
    """A stored attempt's excerpt and feedback, against the version it was scored on."""
    excerpt = store.excerpt(attempt.excerpt_id, attempt.excerpt_version).excerpt
    return excerpt, build_feedback(excerpt, attempt.selections, attempt.categories)
