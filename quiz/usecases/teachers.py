"""What a teacher does: run classes, set assignments, delete a student.

Signing in and the accounts themselves: :mod:`quiz.usecases.accounts`.
"""

from __future__ import annotations

from quiz.records import Classroom, Student, Teacher
from quiz.storage import NotFound, Store
from quiz.usecases import Refused


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


def students_of(store: Store, teacher: Teacher, class_id: str) -> list[Student]:
    """A class's students by nickname."""
    own_class(store, teacher, class_id)
    return sorted(store.students_in(class_id), key=lambda s: s.nickname.casefold())


def own_student(store: Store, teacher: Teacher, student_id: str) -> Student:
    """A student of one of the teacher's own classes; anyone else is refused."""
    try:
        student = store.get_student(student_id)
    except NotFound as exc:
        raise Refused("That student was deleted already.") from exc
    if student.class_id is None:
        raise Refused("That learner is in no class of yours.")
    own_class(store, teacher, student.class_id)
    return student


def delete_student(store: Store, teacher: Teacher, student_id: str, confirm: str) -> Student:
    """Delete a student of one's own class and every answer; ``confirm`` repeats the nickname."""
    student = own_student(store, teacher, student_id)
    if confirm != student.nickname:
        raise Refused("Type the nickname exactly as shown to confirm.")
    store.delete_student(student.id)
    return student
