"""Learner use cases against a real store with the bundled content: TinyDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.pg_cluster import Cluster
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Assignment, Student, utcnow
from quiz.storage import Store, import_content
from quiz.store import open_store as open_folder
from quiz.stores import close, open_store
from quiz.usecases import Refused, learners
from tests.backends import BACKENDS
from tests.postgres import TEMPLATE

LT = Category.LOADED_TERM


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One store per backend for the module (each test makes its own class or learner)."""
    if request.param == "postgres":
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        location = cluster.create_database("usecases_learners", TEMPLATE)
    else:
        location = str(tmp_path_factory.mktemp("data"))
    opened = open_store(location)
    import_content(opened, [DEFAULT_CONTENT])
    yield opened
    close(opened)
    if request.param == "postgres":
        cluster.drop_database("usecases_learners")


@pytest.fixture
def room(store: Store) -> tuple[str, str]:
    teacher = store.add_teacher(f"T {utcnow().timestamp()}", hash_password("a long password"))
    classroom = store.create_class(teacher.id, "8B")
    return classroom.id, classroom.code


def with_loaded_terms(store: Store) -> str:
    return next(s.id for s in store.excerpts() if s.excerpt.gold(LT) and s.excerpt.difficulty < 3)


def perfect(store: Store, excerpt_id: str) -> dict[Category, list[tuple[int, int]]]:
    return {LT: [(s.start, s.end) for s in store.excerpt(excerpt_id).excerpt.gold(LT)]}


def test_join_refusals_say_what_to_do(store: Store, room: tuple[str, str]) -> None:
    with pytest.raises(Refused, match="both"):
        learners.join_class(store, room[1], " ")
    with pytest.raises(Refused, match="No class has the code"):
        learners.join_class(store, "ZZZZZZ", "alice")
    joined = learners.join_class(store, room[1].lower(), "alice")
    assert joined.class_id == room[0]


def test_practice_answer_is_saved_only_with_a_nickname(store: Store) -> None:
    excerpt_id = with_loaded_terms(store)
    anonymous = learners.answer_practice(store, None, excerpt_id, [LT], perfect(store, excerpt_id))
    assert anonymous.feedback.score == 100
    assert anonymous.attempt.id not in {a.id for a in store.iter_attempts()}
    learner = learners.keep_progress(store, "sam", [anonymous.attempt])
    kept = store.attempts_for_student(learner.id)
    assert [a.score for a in kept] == [100]
    with pytest.raises(Refused, match="nickname"):
        learners.keep_progress(store, "  ", [])


def test_class_answer_is_checked_against_the_students_class(
    store: Store, room: tuple[str, str]
) -> None:
    class_id, code = room
    excerpt_id = with_loaded_terms(store)
    other = next(s.id for s in store.excerpts() if s.id != excerpt_id)
    task = store.add_assignment(
        Assignment(class_id=class_id, title="Week 1", excerpt_ids=[excerpt_id], categories=[LT])
    )
    alice = learners.join_class(store, code, "alice")
    outsider = learners.keep_progress(store, "mallory", [])
    with pytest.raises(Refused, match="not in a class"):
        learners.answer_assignment(store, outsider, task.id, excerpt_id, {}, version=1)
    with pytest.raises(Refused, match="not part of this assignment"):
        learners.answer_assignment(store, alice, task.id, other, {}, version=1)
    version = store.excerpt(excerpt_id).version
    answered = learners.answer_assignment(
        store, alice, task.id, excerpt_id, perfect(store, excerpt_id), version=version
    )
    assert answered.attempt.score == 100
    with pytest.raises(Refused, match="answered this excerpt already"):  # another tab
        learners.answer_assignment(store, alice, task.id, excerpt_id, {}, version=version)
    assert [a.score for a in store.attempts_for_student(alice.id)] == [100]  # the first counts
    with pytest.raises(Refused, match="changed this excerpt"):
        learners.answer_assignment(store, alice, task.id, excerpt_id, {}, version=version + 1)
    view = learners.assignments_of(store, alice)[0]
    assert view.state.finished and view.average == 100
    assert view.progress() == "1 of 1 done"


def test_a_closed_assignment_takes_no_answer(store: Store, room: tuple[str, str]) -> None:
    class_id, code = room
    excerpt_id = with_loaded_terms(store)
    due = utcnow() + dt.timedelta(hours=1)
    task = store.add_assignment(
        Assignment(class_id=class_id, title="Quiz", excerpt_ids=[excerpt_id], due=due)
    )
    bob: Student = learners.join_class(store, code, "bob")
    with pytest.raises(Refused, match="closed"):
        learners.answer_assignment(
            store, bob, task.id, excerpt_id, {}, version=1, now=due + dt.timedelta(seconds=1)
        )
    assert store.attempts_for_student(bob.id) == []


def test_another_class_assignment_is_refused(store: Store, room: tuple[str, str]) -> None:
    excerpt_id = with_loaded_terms(store)
    teacher = store.add_teacher(f"U {utcnow().timestamp()}", hash_password("a long password"))
    elsewhere = store.create_class(teacher.id, "9C")
    foreign = store.add_assignment(
        Assignment(class_id=elsewhere.id, title="Theirs", excerpt_ids=[excerpt_id])
    )
    carol = learners.join_class(store, room[1], "carol")
    with pytest.raises(Refused, match="no longer set for your class"):
        learners.answer_assignment(store, carol, foreign.id, excerpt_id, {}, version=1)


def test_review_scores_against_the_version_answered(tmp_path: Path) -> None:
    opened = open_folder(tmp_path)
    import_content(opened, [DEFAULT_CONTENT])
    excerpt_id = with_loaded_terms(opened)
    answered = learners.answer_practice(
        opened, opened.add_learner("dee"), excerpt_id, [LT], perfect(opened, excerpt_id)
    )
    excerpt, feedback = learners.review(opened, answered.attempt)
    assert excerpt.id == excerpt_id and feedback.score == 100
