"""What a teacher does: sign in, run classes, set assignments, delete a student."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from quiz import auth
from quiz.models import Category
from quiz.records import Assignment, Classroom, Student, Teacher
from quiz.storage import Conflict, NotFound, Store
from quiz.usecases import Refused


def create_first_teacher(store: Store, name: str, password: str, again: str) -> Teacher:
    """The first account of a fresh server, created from the sign-in page."""
    if store.teachers():
        raise Refused("A teacher account exists already: sign in instead.")
    return add_teacher(store, name, password, again)


def add_teacher(store: Store, name: str, password: str, again: str | None = None) -> Teacher:
    """A new teacher account with a checked password; ``again`` must repeat it when given."""
    if not name.strip():
        raise Refused("Type your name.")
    problem = auth.password_problem(password)
    if problem:
        raise Refused(problem)
    if again is not None and password != again:
        raise Refused("The two passwords are different.")
    try:
        return store.add_teacher(name.strip(), auth.hash_password(password))
    except Conflict as exc:
        raise Refused(str(exc)) from exc


def sign_in(store: Store, name: str, password: str, now: dt.datetime) -> auth.LoginResult:
    """Check a name and password; count a failure atomically in the store.

    The slow password check runs outside the store's lock; only the counter
    update runs inside it, so parallel wrong guesses are each counted.
    """
    teacher = store.teacher_by_name(name.strip()) if name.strip() else None
    if teacher is not None:
        locked = auth.locked_message(teacher, now)
        if locked:
            return auth.LoginResult(auth.Outcome.LOCKED, teacher, locked)
    if teacher is None or not auth.password_matches(teacher, password):
        if teacher is None:
            return auth.LoginResult(auth.Outcome.WRONG, None, auth.WRONG_MESSAGE)
        counted = store.change_teacher(teacher.id, lambda t: auth.after_failure(t, now))
        return auth.outcome_of(counted, now)
    new_hash = auth.upgraded_hash(teacher, password)
    signed_in = store.change_teacher(teacher.id, lambda t: auth.after_success(t, new_hash))
    return auth.LoginResult(auth.Outcome.OK, signed_in, "Signed in.")


def own_class(store: Store, teacher: Teacher, class_id: str) -> Classroom:
    """One of the teacher's own classes; another teacher's class is refused."""
    try:
        classroom = store.get_class(class_id)
    except NotFound as exc:
        raise Refused("That class no longer exists.") from exc
    if classroom.teacher_id != teacher.id:
        raise Refused("That class belongs to another teacher.")
    return classroom


def classes_of(store: Store, teacher: Teacher, *, include_archived: bool = True) -> list[Classroom]:
    """The teacher's classes: open ones first, then by name."""
    classes = [c for c in store.classes_for(teacher.id) if include_archived or not c.archived]
    return sorted(classes, key=lambda c: (c.archived, c.name.casefold()))


def create_class(store: Store, teacher: Teacher, name: str) -> Classroom:
    """A new class with a fresh join code."""
    if not name.strip():
        raise Refused("Type a name for the class.")
    return store.create_class(teacher.id, name.strip())


def rename_class(store: Store, teacher: Teacher, class_id: str, name: str) -> Classroom:
    if not name.strip():
        raise Refused("Type a name for the class.")
    classroom = own_class(store, teacher, class_id)
    return store.update_class(classroom.model_copy(update={"name": name.strip()}))


def set_archived(store: Store, teacher: Teacher, class_id: str, archived: bool) -> Classroom:
    classroom = own_class(store, teacher, class_id)
    return store.update_class(classroom.model_copy(update={"archived": archived}))


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
    """Set excerpts for one of the teacher's classes."""
    own_class(store, teacher, class_id)
    if not title.strip():
        raise Refused("Give the assignment a title.")
    if not excerpt_ids:
        raise Refused("Choose at least one excerpt.")
    if feedback == "after_due" and due is None:
        raise Refused("Feedback after the due date needs a due date.")
    assignment = Assignment.model_validate(
        {
            "class_id": class_id,
            "title": title.strip(),
            "excerpt_ids": list(excerpt_ids),
            "categories": list(categories) if categories else None,
            "due": due,
            "feedback": feedback,
            "kind": kind,
        }
    )
    try:
        return store.add_assignment(assignment)
    except (Conflict, NotFound) as exc:
        raise Refused(str(exc)) from exc


def students_of(store: Store, teacher: Teacher, class_id: str) -> list[Student]:
    """A class's students by nickname."""
    own_class(store, teacher, class_id)
    return sorted(store.students_in(class_id), key=lambda s: s.nickname.casefold())


def delete_student(store: Store, teacher: Teacher, student_id: str, confirm: str) -> Student:
    """Delete a student of one's own class and every answer; ``confirm`` repeats the nickname."""
    try:
        student = store.get_student(student_id)
    except NotFound as exc:
        raise Refused("That student was deleted already.") from exc
    if student.class_id is None:
        raise Refused("That learner is in no class of yours.")
    own_class(store, teacher, student.class_id)
    if confirm != student.nickname:
        raise Refused("Type the nickname exactly as shown to confirm.")
    store.delete_student(student.id)
    return student
