"""A teacher's excerpt reaches learners only once published (AppTest, real pages).

Saved from the authoring page, an excerpt is its author's draft: practice never
draws it, the assignment picker never offers it, other teachers never see it.
Publishing it puts it in both pools.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quiz.auth import hash_password
from quiz.records import Teacher
from quiz.store import open_store
from quiz.usecases import learners
from tests.pages import ROOT, seat_teacher, texts

AUTHORING = str(ROOT / "app_pages" / "teacher_authoring.py")
ASSIGNMENTS = str(ROOT / "app_pages" / "teacher_assignments.py")
PRACTICE = str(ROOT / "app_pages" / "practice.py")
TEXT = (
    "The council met on Tuesday evening to discuss the crossing on Mill Road. Officers said "
    "a survey of traffic would be finished in May and that the cost of a crossing would then "
    "be known. Parents at the meeting asked for a date. The mayor said a decision would follow "
    "the survey. The next meeting is on 12 June at the town hall."
)
TITLE = "Mill Road crossing meeting"


def as_teacher(page: str, teacher: Teacher) -> AppTest:
    at = AppTest.from_file(page, default_timeout=120)
    seat_teacher(at, teacher.id)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def offered_for_assignments(teacher: Teacher) -> list[str]:
    at = as_teacher(ASSIGNMENTS, teacher)
    return list(at.multiselect(key="assign_pick").options)


def test_a_saved_excerpt_reaches_practice_and_assignments_only_once_published(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data, empty = tmp_path / "data", tmp_path / "no-content"
    empty.mkdir()
    monkeypatch.setenv("SPIN_SPOTTER_DATA", str(data))
    monkeypatch.setenv("SPIN_SPOTTER_CONTENT", str(empty))  # the teacher's excerpt alone
    store = open_store(data)
    author = store.add_teacher("Ms Rivera", hash_password("long enough words"))
    colleague = store.add_teacher("Mr Okafor", hash_password("other long words"))
    store.create_class(author.id, "7B")

    at = as_teacher(AUTHORING, author)
    at.text_area(key="author_text").input(TEXT).run()
    at.text_input(key="author_title").input(TITLE)
    at.text_input(key="author_source").input("written for practice")
    at.selectbox(key="author_genre").set_value("news")
    at.selectbox(key="author_leaning").set_value("none")
    at.radio(key="author_difficulty").set_value(1).run()
    at.button(key="author_save").click().run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]

    # Saved, not published: no learner gets it, no assignment offers it.
    assert learners.next_practice(store, [], category=None, difficulty=None) is None
    practice = AppTest.from_file(PRACTICE, default_timeout=120).run()
    assert "There are no excerpts to practise on yet" in texts(practice)
    assert not any(TITLE in option for option in offered_for_assignments(author))
    other = as_teacher(AUTHORING, colleague)  # nor does another teacher see the draft
    assert "You have no unpublished drafts." in texts(other)
    assert TITLE not in texts(other)

    at.button(key="author_publish_mill-road-crossing-meeting").click().run()
    assert not at.exception and not at.error
    assert f"Published “{TITLE}” (version 1)" in texts(at)

    task = learners.next_practice(store, [], category=None, difficulty=None)
    assert task is not None and task.excerpt_id == "mill-road-crossing-meeting"
    assert any(TITLE in option for option in offered_for_assignments(author))
