"""Issue 13, wrong or lost answers in the class quiz: each test replays the defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Assignment
from quiz.storage import Store, import_content
from quiz.store import open_store
from tests.pages import gold_tokens, mark, picker_key, plain, start, texts

LT = Category.LOADED_TERM


@pytest.fixture
def school(tmp_path: Path) -> dict[str, object]:
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    room = store.create_class(teacher.id, "8B")
    easy = [s.id for s in store.excerpts() if s.excerpt.difficulty == 1 and s.excerpt.gold(LT)]
    first = store.add_assignment(Assignment(class_id=room.id, title="Week 1",
                                            excerpt_ids=easy[:2], categories=[LT]))
    second = store.add_assignment(Assignment(class_id=room.id, title="Week 2",
                                             excerpt_ids=easy[2:4], categories=[LT]))
    student = store.join_class(room.code, "Sam")
    return {"store": store, "student": student, "first": first, "second": second}


def tab(monkeypatch: pytest.MonkeyPatch, data: Path, link: str) -> AppTest:
    at = start(monkeypatch, data)
    at.query_params["learner"] = link
    at.switch_page("app_pages/class_quiz.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def mark_gold(at: AppTest, store: Store, excerpt_id: str) -> None:
    task = f"class:{at.radio[0].value}"
    key = picker_key(at, task) if f"{task}:shown" in at.session_state else f"{task}:picker"
    mark(at, key, {LT: gold_tokens(store.excerpt(excerpt_id).excerpt, LT)})
    at.run()


def submit(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Submit my marks").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_stale_tab_cannot_submit_marks_made_on_another_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: dict[str, object]
) -> None:
    store, student = school["store"], school["student"]
    assert isinstance(store, Store)
    week1 = school["first"]
    assert isinstance(week1, Assignment)
    one, two = week1.excerpt_ids
    tab_a = tab(monkeypatch, tmp_path, student.link)  # type: ignore[attr-defined]
    mark_gold(tab_a, store, one)
    tab_b = tab(monkeypatch, tmp_path, student.link)  # type: ignore[attr-defined]
    mark_gold(tab_b, store, one)
    submit(tab_b)
    submit(tab_a)  # tab A still shows excerpt 1, but the server has moved on
    attempts = store.attempts_for_student(student.id)  # type: ignore[attr-defined]
    assert [a.excerpt_id for a in attempts] == [one]  # nothing scored against excerpt 2
    assert attempts[0].score == 100
    said = texts(tab_a)
    assert "another tab or device" in said
    assert "Excerpt 2 of 2" in said  # the stale tab is shown the current excerpt
    assert two not in {a.excerpt_id for a in attempts}


def test_the_assignment_picker_keeps_the_students_place(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: dict[str, object]
) -> None:
    store, student, week2 = school["store"], school["student"], school["second"]
    assert isinstance(store, Store) and isinstance(week2, Assignment)
    at = tab(monkeypatch, tmp_path, student.link)  # type: ignore[attr-defined]
    at.radio[0].set_value(week2.id).run()
    mark_gold(at, store, week2.excerpt_ids[0])
    submit(at)  # the label changes to "(1 of 2 done)"
    assert at.radio[0].value == week2.id
    next(b for b in at.button if b.label == "Next").click().run()
    assert at.radio[0].value == week2.id
    assert "Excerpt 2 of 2" in texts(at)
    shown = store.excerpt(week2.excerpt_ids[1]).excerpt.title
    assert shown in [plain(h.value) for h in at.subheader]
