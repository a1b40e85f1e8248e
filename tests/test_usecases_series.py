"""A pre/post/retention test series in one step, on a real store with the bundled content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Teacher, utcnow
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.usecases import Refused, learners, series

NOW = utcnow()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path)
    import_content(opened, [DEFAULT_CONTENT])
    return opened


@pytest.fixture
def teacher(store: Store) -> Teacher:
    return store.add_teacher("Mr Okafor", hash_password("a long enough sentence"))


def test_one_step_sets_three_disjoint_tests_opening_in_turn(
    store: Store, teacher: Teacher
) -> None:
    room = store.create_class(teacher.id, "9C")
    post = NOW + dt.timedelta(weeks=6)
    made = series.set_test_series(
        store, teacher, room.id, title="Spring", size=5, post_opens=post, retention_weeks=8,
        now=NOW,
    )
    pre_test, post_test, retention = made.tests
    balance = {row["Matched on"]: row for row in made.balance()}
    assert set(balance["Words"]) == {"Matched on", *(t.title for t in made.tests)}
    assert [t.kind for t in (pre_test, post_test, retention)] == [
        "pre_test", "post_test", "retention_test"]
    assert [t.title for t in (pre_test, post_test, retention)] == [
        "Spring: pre-test", "Spring: post-test", "Spring: retention test"]
    ids = [set(t.excerpt_ids) for t in (pre_test, post_test, retention)]
    assert all(len(i) == 5 for i in ids) and not (ids[0] & ids[1] or ids[1] & ids[2] or
                                                   ids[0] & ids[2])
    assert pre_test.opens_at is None and pre_test.due == NOW + dt.timedelta(days=7)
    assert post_test.opens_at == post and retention.opens_at == post + dt.timedelta(weeks=8)
    assert {t.feedback for t in (pre_test, post_test, retention)} == {"after_due"}
    # Every test's excerpts stay out of practice until it is over.
    assert set().union(*ids) <= learners.held_back(store)
    # Students see the pre-test now; the later tests only once they open.
    student = learners.join_class(store, room.code, "ana")
    assert [v.assignment.id for v in learners.assignments_of(store, student)] == [pre_test.id]
    later = [v.assignment.id for v in learners.assignments_of(store, student, post)]
    assert later == [pre_test.id, post_test.id]
    excerpt_id = post_test.excerpt_ids[0]
    version = store.excerpt(excerpt_id).version
    with pytest.raises(Refused, match="not opened yet"):
        learners.answer_assignment(store, student, post_test.id, excerpt_id,
                                   {Category.LOADED_TERM: []}, version=version)
    done = learners.answer_assignment(store, student, post_test.id, excerpt_id, {},
                                      version=version, now=post + dt.timedelta(hours=1))
    assert done.attempt.assignment_id == post_test.id
    # A second series for the class uses none of the excerpts the first one tested.
    again = series.set_test_series(store, teacher, room.id, title="Autumn", size=5,
                                   post_opens=post, retention_weeks=None, now=NOW)
    assert len(again.tests) == 2
    assert not set().union(*ids) & set(again.tests[0].excerpt_ids)


def test_series_refusals_say_what_to_do(store: Store, teacher: Teacher) -> None:
    room = store.create_class(teacher.id, "9D")
    later = NOW + dt.timedelta(weeks=2)
    made = 0
    for n in range(len(store.excerpts()) // 36 + 1):  # three forms of 12 each time
        try:
            series.set_test_series(store, teacher, room.id, title=f"Big {n}", size=12,
                                   post_opens=later, retention_weeks=3, now=NOW)
            made += 3
        except Refused as exc:
            assert "Not enough" in str(exc)  # the class has been tested on most excerpts
            break
    else:
        pytest.fail("the excerpt pool never ran out")
    cases = [
        ({"title": " ", "size": 4, "post_opens": later}, "title"),
        ({"title": "T", "size": 0, "post_opens": later}, "1 to 12"),
        ({"title": "T", "size": 4, "post_opens": NOW - dt.timedelta(days=1)}, "later than now"),
        ({"title": "T", "size": 12, "post_opens": later, "retention_weeks": 2}, "Not enough"),
        ({"title": "T", "size": 4, "post_opens": later, "retention_weeks": 0}, "one week"),
    ]
    for kwargs, message in cases:
        with pytest.raises(Refused, match=message):
            series.set_test_series(store, teacher, room.id, now=NOW,
                                   **{"retention_weeks": None, **kwargs})  # type: ignore[arg-type]
    series.set_test_series(store, teacher, room.id, title="T", size=4, post_opens=later,
                           retention_weeks=None, now=NOW)
    with pytest.raises(Refused, match="already set"):
        series.set_test_series(store, teacher, room.id, title="t", size=4, post_opens=later,
                               retention_weeks=None, now=NOW)
    assert len(store.assignments_for(room.id)) == made + 2  # nothing half-set
