"""What a teacher does with assignments: set, edit, close or reopen, delete.

Titles are unique among a class's live assignments, so students never see two
"Week 1"s; the same form sent twice (a double click) sets the work once. A
deleted assignment disappears for students and from the teacher's list, but its
answers stay in the store and in every export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from quiz.models import Category
from quiz.records import Assignment, Teacher, utcnow
from quiz.storage import Conflict, NotFound, Store, TitleTaken
from quiz.usecases import Refused
from quiz.usecases.teachers import own_class


def _checked(title: str, excerpt_ids: Sequence[str], due: dt.datetime | None, feedback: str) -> str:
    if not title.strip():
        raise Refused("Give the assignment a title.")
    if not excerpt_ids:
        raise Refused("Choose at least one excerpt.")
    if feedback == "after_due" and due is None:
        raise Refused("Feedback after the due date needs a due date.")
    return " ".join(title.split())


def _taken(title: str) -> Refused:
    return Refused(
        f"An assignment called “{title}” is already set for this class: give this one another "
        "title, or edit that one."
    )


def set_assignment(
    store: Store,
    teacher: Teacher,
    class_id: str,
    *,
    title: str,
    excerpt_ids: Sequence[str],
    categories: Sequence[Category] | None,
    due: dt.datetime | None,
    feedback: str,
    kind: str,
) -> Assignment:
    """Set excerpts for one of the teacher's classes (once, however often the form is sent)."""
    own_class(store, teacher, class_id)
    title = _checked(title, excerpt_ids, due, feedback)
    assignment = Assignment.model_validate(
        {
            "class_id": class_id,
            "title": title,
            "excerpt_ids": list(excerpt_ids),
            "categories": list(categories) if categories else None,
            "due": due,
            "feedback": feedback,
            "kind": kind,
        }
    )
    try:
        return store.add_assignment(assignment)
    except TitleTaken as exc:
        raise _taken(title) from exc
    except (Conflict, NotFound) as exc:
        raise Refused(str(exc)) from exc


def own_assignment(store: Store, teacher: Teacher, assignment_id: str) -> Assignment:
    """One of the teacher's own, live assignments."""
    try:
        assignment = store.get_assignment(assignment_id)
    except NotFound as exc:
        raise Refused("That assignment no longer exists.") from exc
    own_class(store, teacher, assignment.class_id)
    if assignment.deleted_at is not None:
        raise Refused("That assignment was deleted.")
    return assignment


def answers_to(store: Store, assignment: Assignment) -> int:
    """How many answers an assignment has."""
    return len(store.attempts_for_assignment(assignment.id))


def edit_assignment(
    store: Store,
    teacher: Teacher,
    assignment_id: str,
    *,
    title: str,
    due: dt.datetime | None,
    feedback: str,
) -> Assignment:
    """Change an assignment's title, due date or feedback setting.

    Its excerpts and kinds of spin stay as set: answers already given were made
    on them (set a new assignment for other texts).
    """
    assignment = own_assignment(store, teacher, assignment_id)
    title = _checked(title, assignment.excerpt_ids, due, feedback)
    changed = assignment.model_copy(update={"title": title, "due": due, "feedback": feedback})
    try:
        return store.update_assignment(Assignment.model_validate(changed.model_dump()))
    except TitleTaken as exc:
        raise _taken(title) from exc


def set_closed(store: Store, teacher: Teacher, assignment_id: str, closed: bool) -> Assignment:
    """Close an assignment (it takes no more answers) or open it again."""
    assignment = own_assignment(store, teacher, assignment_id)
    return store.update_assignment(assignment.model_copy(update={"closed": closed}))


def delete_assignment(
    store: Store, teacher: Teacher, assignment_id: str, *, confirmed: bool = False
) -> Assignment:
    """Delete an assignment; one with answers needs ``confirmed`` (its answers are kept)."""
    assignment = own_assignment(store, teacher, assignment_id)
    answered = answers_to(store, assignment)
    if answered and not confirmed:
        raise Refused(
            f"“{assignment.title}” has {answered} answer(s). Confirm to delete it: the answers "
            "stay in the exports, but students no longer see it."
        )
    return store.update_assignment(assignment.model_copy(update={"deleted_at": utcnow()}))
