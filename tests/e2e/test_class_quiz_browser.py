"""Issue 13 in a real browser: the assignment picker keeps the student's place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Assignment
from quiz.storage import import_content
from quiz.store import open_store
from quiz.text import tokenize

from .conftest import StartServer

pytestmark = pytest.mark.browser
TIMEOUT_MS = 20_000
LT = Category.LOADED_TERM


@pytest.fixture
def context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    context = chromium_browser.new_context(viewport={"width": 1100, "height": 1400})
    yield context
    context.close()


def test_after_a_submit_the_chosen_assignment_stays_chosen(
    context: BrowserContext, tmp_path: Path, streamlit_server: StartServer
) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Rivera", hash_password("correct horse battery"))
    room = store.create_class(teacher.id, "8B")
    easy = [s.id for s in store.excerpts() if s.excerpt.difficulty == 1 and s.excerpt.gold(LT)]
    for n, ids in ((1, easy[:2]), (2, easy[2:4])):
        store.add_assignment(Assignment(class_id=room.id, title=f"Week {n}", excerpt_ids=ids,
                                        categories=[LT]))
    student = store.join_class(room.code, "Sam")
    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    page = context.new_page()
    page.goto(f"{url}/class_quiz?learner={student.link}")
    week2 = page.get_by_role("radio", name=re.compile("Week 2"))
    expect(week2).to_be_attached(timeout=TIMEOUT_MS)
    page.get_by_text(re.compile(r"^Week 2")).click()
    first = store.excerpt(easy[2]).excerpt
    expect(page.get_by_role("heading", name=first.title)).to_be_visible(timeout=TIMEOUT_MS)
    words = page.locator(".tok")
    expect(words).to_have_count(len(tokenize(first.text)), timeout=TIMEOUT_MS)
    words.first.click()
    expect(page.get_by_text("1 word(s) marked.")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Submit my marks").click()
    expect(page.get_by_text("Your score", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expect(week2).to_be_checked(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Excerpt 2 of 2")).to_be_visible(timeout=TIMEOUT_MS)
    expect(week2).to_be_checked()
    [attempt] = store.attempts_for_student(student.id)
    week2_id = next(a.id for a in store.assignments_for(room.id) if a.title == "Week 2")
    assert attempt.assignment_id == week2_id
