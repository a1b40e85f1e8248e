"""Issue 13, item 3: one assignment per form, unique titles, edit, close and delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from quiz import config
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.records import Assignment, Teacher, utcnow
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.usecases import Refused, assignments, learners
from tests.pages import sign_in_teacher, texts


@pytest.fixture
def store(
    make_store: Callable[[], Store], location: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    """Each backend's store (``tests/backends.py``); the pages open the same one."""
    if config.is_database_url(location):
        monkeypatch.setenv(config.DATABASE_ENV, location)
        opened = make_store()
    else:
        opened = open_store(tmp_path)  # the folder the page tests start the app on
    import_content(opened, [DEFAULT_CONTENT])
    return opened


@pytest.fixture
def rivera(store: Store) -> Teacher:
    return store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))


def week(store: Store, teacher: Teacher, class_id: str, title: str = "Week 1") -> Assignment:
    ids = [s.id for s in store.excerpts() if s.excerpt.difficulty == 1][:2]
    return assignments.set_assignment(
        store, teacher, class_id, title=title, excerpt_ids=ids, categories=None, due=None,
        feedback="immediate", kind="regular",
    )


def test_a_double_clicked_set_assignment_makes_one_assignment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store, rivera: Teacher
) -> None:
    room = store.create_class(rivera.id, "8B")
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_assignments.py").run()
    at.multiselect(key="flt_difficulty").set_value([1]).run()
    at.text_input[0].input("Week 1")
    at.multiselect(key="assign_pick").set_value(at.multiselect(key="assign_pick").options[:2])
    form_submit = at.button[0]
    form_submit.click().run()
    form_submit.click().run()  # the same form sent again, as a double click does
    assert not at.exception, [e.value for e in at.exception]
    assert [a.title for a in store.assignments_for(room.id)] == ["Week 1"]


def test_titles_are_unique_within_a_class(store: Store, rivera: Teacher) -> None:
    room = store.create_class(rivera.id, "8B")
    first = week(store, rivera, room.id)
    assert week(store, rivera, room.id) == first  # the same work again: the same assignment
    with pytest.raises(Refused, match="already set for this class"):
        week(store, rivera, room.id, title=" week  1 ")  # other excerpts would differ too
    other_room = store.create_class(rivera.id, "8C")
    week(store, rivera, other_room.id)  # another class may use the title


def test_edit_close_and_delete(store: Store, rivera: Teacher) -> None:
    room = store.create_class(rivera.id, "8B")
    task = week(store, rivera, room.id)
    week(store, rivera, room.id, title="Week 2")
    with pytest.raises(Refused, match="already set"):
        assignments.edit_assignment(store, rivera, task.id, title="Week 2", due=None,
                                    feedback="immediate")
    due = utcnow() + dt.timedelta(days=2)
    edited = assignments.edit_assignment(store, rivera, task.id, title="Week 1: loaded words",
                                         due=due, feedback="after_due")
    assert (edited.title, edited.due, edited.feedback) == ("Week 1: loaded words", due,
                                                           "after_due")
    sam = store.join_class(room.code, "Sam")
    excerpt_id = task.excerpt_ids[0]
    version = store.excerpt(excerpt_id).version
    learners.answer_assignment(store, sam, task.id, excerpt_id, {}, version=version)
    assignments.set_closed(store, rivera, task.id, True)
    with pytest.raises(Refused, match="closed"):
        learners.answer_assignment(store, sam, task.id, task.excerpt_ids[1], {}, version=1)
    assert learners.assignments_of(store, sam)[0].state.closed
    with pytest.raises(Refused, match="has 1 answer"):
        assignments.delete_assignment(store, rivera, task.id)
    assignments.delete_assignment(store, rivera, task.id, confirmed=True)
    assert [v.assignment.title for v in learners.assignments_of(store, sam)] == ["Week 2"]
    assert len(store.attempts_for_assignment(task.id)) == 1  # the answers are kept
    week(store, rivera, room.id, title="Week 1: loaded words")  # the title is free again


def test_old_duplicate_titles_are_told_apart_for_students() -> None:
    room = "f" * 32
    made = [Assignment(class_id=room, title="Week 1", excerpt_ids=["a"],
                       created_at=dt.datetime(2026, 11, d, tzinfo=dt.UTC)) for d in (2, 3)]
    labels = learners.assignment_labels(made)
    assert labels[made[0].id] != labels[made[1].id]
    assert all(label.startswith("Week 1") for label in labels.values())


def test_the_teacher_page_lists_edits_and_deletes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store, rivera: Teacher
) -> None:
    room = store.create_class(rivera.id, "8B")
    task = week(store, rivera, room.id)
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_assignments.py").run()
    assert "**Week 1** · Regular · 2 excerpt(s) · feedback straight after each answer" in texts(at)
    at.button(key=f"close:{task.id}").click().run()
    assert store.get_assignment(task.id).closed
    at.button(key=f"delete:{task.id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.get_assignment(task.id).deleted_at is not None
    assert "Deleted “Week 1”." in texts(at)
