"""Issue 12, assessment integrity: practice never gives away an open test's answer key."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from quiz.auth import hash_password
from quiz.authoring import excerpt_to_entry
from quiz.config import DEFAULT_CONTENT
from quiz.content import load_content
from quiz.models import Category
from quiz.records import Assignment, utcnow
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.usecases import Refused, learners
from tests.pages import start

LT = Category.LOADED_TERM


@pytest.fixture
def two_excerpts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A content folder of two easy excerpts with loaded terms, for the first-run import."""
    chosen = [e for e in load_content([DEFAULT_CONTENT]) if e.difficulty == 1 and e.gold(LT)][:2]
    folder = tmp_path / "content"
    folder.mkdir()
    entries = [{k: v for k, v in excerpt_to_entry(e).items() if k != "pair"} for e in chosen]
    (folder / "two.json").write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.setenv("SPIN_SPOTTER_CONTENT", str(folder))
    return [e.id for e in chosen]


def set_test(store: Store, excerpt_id: str, due: dt.datetime | None) -> None:
    teacher = store.add_teacher(f"T{utcnow().timestamp()}", hash_password("a long password"))
    room = store.create_class(teacher.id, "8B")
    store.add_assignment(Assignment(class_id=room.id, title="Post-test", excerpt_ids=[excerpt_id],
                                    kind="post_test", feedback="after_due", due=due))


def test_practice_never_draws_an_open_tests_excerpt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, two_excerpts: list[str]
) -> None:
    data = tmp_path / "data"
    at = start(monkeypatch, data)  # the first run imports the two-excerpt content folder
    store = open_store(data)
    assert sorted(s.id for s in store.excerpts()) == sorted(two_excerpts)
    held = two_excerpts[0]
    set_test(store, held, utcnow() + dt.timedelta(days=3))
    at.switch_page("app_pages/practice.py").run()
    drawn = set()
    for _ in range(30):  # without the hold, each draw shows the test text about half the time
        at.button(key="practice_new").click().run()
        assert not at.exception, [e.value for e in at.exception]
        if "practice_task" in at.session_state:
            drawn.add(at.session_state["practice_task"][0])
    assert drawn == {two_excerpts[1]}  # the rest of the pool is still offered


def test_a_test_excerpt_is_released_when_the_test_is_over(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    excerpt_id = next(s.id for s in store.excerpts() if s.excerpt.gold(LT))
    due = utcnow() + dt.timedelta(hours=1)
    set_test(store, excerpt_id, due)
    assert excerpt_id in learners.held_back(store)
    with pytest.raises(Refused, match="class test"):
        learners.answer_practice(store, None, excerpt_id, [LT], {})
    assert excerpt_id not in learners.held_back(store, due + dt.timedelta(seconds=1))
