"""A teacher's own settings: the time zone they (and their class) read times in."""

from __future__ import annotations

from quiz.records import Classroom, Teacher
from quiz.storage import NotFound, Store, StoreError
from quiz.timefmt import DEFAULT_ZONE, is_zone
from quiz.usecases import Refused
from quiz.usecases.accounts import teacher_by_id


def set_time_zone(store: Store, teacher: Teacher, zone: str) -> Teacher:
    """Save the teacher's time zone (an IANA name such as 'Europe/Paris'); the changed record.

    Raises:
        Refused: the name is not a known time zone, or the account no longer exists.
    """
    if not is_zone(zone):
        raise Refused(f"“{zone}” is not a time zone: choose one from the list.")
    try:
        return store.change_teacher(
            teacher.id, lambda held: held.model_copy(update={"time_zone": zone})
        )
    except NotFound as exc:
        raise Refused("Your account no longer exists.") from exc


def class_time_zone(store: Store, classroom: Classroom) -> str:
    """The zone a class's students see times in: their teacher's (UTC if it cannot be read).

    Students have no settings of their own; a due time on the teacher's clock
    is the one the teacher said out loud in class.
    """
    try:
        owner = teacher_by_id(store, classroom.teacher_id)
    except StoreError:
        return DEFAULT_ZONE
    return DEFAULT_ZONE if owner is None else owner.time_zone
