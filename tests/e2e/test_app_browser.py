"""The real app in headless Chromium: a student's class quiz, and a teacher's day.

Both tests run ``streamlit run app.py`` on a data folder seeded through the
store, drive the pages with mouse and keyboard, and check what the store kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from quiz.models import Category, Excerpt
from quiz.records import Assignment
from quiz.storage import Store
from quiz.text import tokenize

from .conftest import PASSWORD, SCREENSHOTS, AxeAudit, StartServer

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
EXCERPT = "opl-01"  # difficulty 1, two loaded terms
LT = Category.LOADED_TERM


@pytest.fixture
def context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    context = chromium_browser.new_context(
        viewport={"width": 1100, "height": 1400}, reduced_motion="reduce"
    )
    yield context
    context.close()


def gold_words(excerpt: Excerpt) -> list[int]:
    return [
        t.index for t in tokenize(excerpt.text)
        if any(t.start < s.end and t.end > s.start for s in excerpt.gold(LT))
    ]


def join_and_answer(page: Page, url: str, code: str, nickname: str, excerpt: Excerpt,
                    axe: AxeAudit | None = None) -> None:
    """Join with the code, mark the loaded terms (mouse and keyboard), submit."""
    page.goto(f"{url}/class_quiz")
    page.get_by_label("Class code").fill(code.lower())
    page.get_by_label("Nickname").fill(nickname)
    page.get_by_role("button", name="Join the class").click()
    words = page.locator(".tok")
    expect(words).to_have_count(len(tokenize(excerpt.text)), timeout=TIMEOUT_MS)
    runs: list[list[int]] = []
    for index in gold_words(excerpt):
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    # The first gold span with the mouse: press on its first word, drag to its last.
    first, last = runs[0][0], runs[0][-1]
    box_a, box_b = words.nth(first).bounding_box(), words.nth(last).bounding_box()
    assert box_a and box_b
    page.mouse.move(box_a["x"] + 3, box_a["y"] + box_a["height"] / 2)
    page.mouse.down()
    page.mouse.move(box_b["x"] + box_b["width"] - 3, box_b["y"] + box_b["height"] / 2, steps=5)
    page.mouse.up()
    marked = len(runs[0])
    expect(page.get_by_text(f"{marked} word(s) marked.")).to_be_visible(timeout=TIMEOUT_MS)
    # The other gold spans with the keyboard: arrow keys to each word, Space to mark it.
    words.nth(last).focus()
    at = last
    for index in [i for run in runs[1:] for i in run]:
        for _ in range(index - at):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        at = index
        marked += 1
        expect(page.get_by_text(f"{marked} word(s) marked.")).to_be_visible(timeout=TIMEOUT_MS)
    if axe is not None:
        violations = axe(page)
        assert not violations, axe.describe(violations)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "marking.png", full_page=True)
    page.get_by_role("button", name="Submit my marks").click()
    expect(page.get_by_text("Your score", exact=True)).to_be_visible(timeout=TIMEOUT_MS)


def test_student_joins_marks_submits_and_reads_feedback(
    context: BrowserContext, school: Store, data: Path, streamlit_server: StartServer,
    axe_audit: AxeAudit,
) -> None:
    teacher = school.teacher_by_name("Ms Rivera")
    assert teacher is not None
    room = school.create_class(teacher.id, "8B")
    school.add_assignment(
        Assignment(class_id=room.id, title="Week 1", excerpt_ids=[EXCERPT], categories=[LT])
    )
    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    excerpt = school.excerpt(EXCERPT).excerpt
    page = context.new_page()
    join_and_answer(page, url, room.code, "Sam", excerpt, axe=axe_audit)

    n = len(excerpt.gold(LT))
    expect(page.get_by_text("100 / 100").first).to_be_visible()  # the score (and discernment)
    summary = f"{n} found, 0 partly found, 0 missed, of {n} loaded terms"
    expect(page.get_by_text(summary, exact=False)).to_be_visible()
    expect(page.get_by_text(excerpt.gold(LT)[0].explanation)).to_be_visible()
    expect(page.locator(".text .badge", has_text="Found")).to_have_count(n)
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)
    page.screenshot(path=SCREENSHOTS / "feedback.png", full_page=True)

    [attempt] = list(school.iter_attempts())
    assert attempt.excerpt_id == EXCERPT and attempt.class_id == room.id
    assert attempt.score == 100.0
    assert attempt.selections[LT] == [(s.start, s.end) for s in excerpt.gold(LT)]


def test_teacher_creates_class_student_submits_dashboard_shows_it(
    chromium_browser: Browser, context: BrowserContext, school: Store, data: Path,
    streamlit_server: StartServer,
) -> None:
    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    teacher_page = context.new_page()
    teacher_page.goto(f"{url}/teacher_sign_in")
    teacher_page.get_by_label("Name", exact=True).fill("Ms Rivera")
    teacher_page.get_by_label("Password", exact=True).fill(PASSWORD)
    teacher_page.get_by_role("button", name="Sign in").click()
    expect(teacher_page.get_by_text("Signed in as")).to_be_visible(timeout=TIMEOUT_MS)
    teacher_page.get_by_role("link", name="Your classes").click()
    teacher_page.get_by_label("New class name").fill("9C <b>Media</b>")
    teacher_page.get_by_role("button", name="Create class").click()
    expect(teacher_page.get_by_text("join code is")).to_be_visible(timeout=TIMEOUT_MS)
    teacher = school.teacher_by_name("Ms Rivera")
    assert teacher is not None
    [room] = school.classes_for(teacher.id)
    expect(teacher_page.get_by_text(room.code).first).to_be_visible()
    # The class name is shown as text: the tags are visible characters, not bold.
    expect(teacher_page.get_by_text("9C <b>Media</b>").first).to_be_visible()
    school.add_assignment(
        Assignment(class_id=room.id, title="Week 1", excerpt_ids=[EXCERPT], categories=[LT])
    )

    # A second browser context: another device, no shared cookies or session.
    student_context = chromium_browser.new_context(viewport={"width": 1100, "height": 1400})
    try:
        student = student_context.new_page()
        join_and_answer(student, url, room.code, "<img src=x onerror=alert(1)>",
                        school.excerpt(EXCERPT).excerpt)
        expect(student.get_by_text("you are <img src=x onerror=alert(1)>")).to_be_visible()
        assert student.locator("img[src='x']").count() == 0
    finally:
        student_context.close()

    # In-app navigation keeps the teacher's session (a page reload would start a new one).
    teacher_page.get_by_role("link", name="Dashboard").click()
    expect(teacher_page.get_by_text("1 student(s); 1 have answered something.")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(teacher_page.get_by_text("Class averages per skill")).to_be_visible()
    assert teacher_page.locator("img[src='x']").count() == 0
