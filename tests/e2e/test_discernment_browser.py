"""The dashboard's discernment section in headless Chromium, and the README's screenshot.

Six students answer a pre-test and a post-test (two excerpts each, loaded
terms) through the use case the class page calls; the teacher signs in and
opens the dashboard. The section must render its chart with no serious
accessibility violation, and the class verdict must be on screen. The
screenshot (``docs/screenshots/discernment.png`` when
``SPIN_SPOTTER_SCREENSHOTS=1``) is the screen that answers "did my class get
better at telling spin from plain text, or just more suspicious?".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from quiz.models import Category, Excerpt
from quiz.records import Assignment
from quiz.storage import Store
from quiz.text import tokenize
from quiz.usecases import learners

from .conftest import PASSWORD, SCREENSHOTS, StartServer, serious_violations

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
LT, UC = Category.LOADED_TERM, Category.UNSUPPORTED_CLAIM
Marks = dict[Category, list[tuple[int, int]]]
Plan = Callable[[Excerpt], Marks]


def key(excerpt: Excerpt) -> Marks:
    return {LT: [(s.start, s.end) for s in excerpt.gold(LT)]}


def half(excerpt: Excerpt) -> Marks:
    spans = key(excerpt)[LT]
    return {LT: spans[: max(1, len(spans) // 2)]}


def nothing(excerpt: Excerpt) -> Marks:
    return {}


def key_and_more(excerpt: Excerpt) -> Marks:
    """The key, and every third word besides."""
    words = [(t.start, t.end) for t in tokenize(excerpt.text)][::3]
    return {LT: key(excerpt)[LT] + words}


def everything(excerpt: Excerpt) -> Marks:
    return {LT: [(0, len(excerpt.text))]}


PLANS: dict[str, tuple[Plan, Plan]] = {
    "Ana": (half, key),
    "Ben": (key, everything),
    "Cal": (nothing, half),
    "Dee": (key_and_more, key),
    "Eli": (half, key_and_more),
    "Fay": (key, key),
}


@pytest.fixture
def context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 1600}, reduced_motion="reduce"
    )
    yield context
    context.close()


def seed(store: Store) -> None:
    teacher = store.teacher_by_name("Ms Rivera")
    assert teacher is not None
    room = store.create_class(teacher.id, "8B")
    easy = [s.excerpt for s in store.excerpts()
            if s.excerpt.difficulty < 3 and s.excerpt.gold(LT)][:4]
    pre = store.add_assignment(Assignment(
        class_id=room.id, title="Pre-test", excerpt_ids=[e.id for e in easy[:2]],
        categories=[LT], kind="pre_test"))
    post = store.add_assignment(Assignment(
        class_id=room.id, title="Post-test", excerpt_ids=[e.id for e in easy[2:]],
        categories=[LT], kind="post_test"))
    for nickname, (before, after) in PLANS.items():
        student = learners.join_class(store, room.code, nickname)
        for test, plan, excerpts in ((pre, before, easy[:2]), (post, after, easy[2:])):
            for excerpt in excerpts:
                learners.answer_assignment(
                    store, student, test.id, excerpt.id, plan(excerpt), version=1
                )


def test_the_dashboard_shows_sharper_or_just_more_suspicious(
    context: BrowserContext, school: Store, data: Path, streamlit_server: StartServer
) -> None:
    seed(school)
    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    page = context.new_page()
    page.goto(f"{url}/teacher_sign_in")
    page.get_by_label("Name", exact=True).fill("Ms Rivera")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Dashboard").click()
    heading = page.get_by_role("heading", name="Telling spin from plain text")
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("(6 student(s), pre-test to post-test)")).to_be_visible(
        timeout=TIMEOUT_MS)
    chart = page.locator(".vega-embed").first
    expect(chart).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Sceptical of everything", exact=False).first).to_be_visible()
    page.wait_for_timeout(1500)  # let the chart finish drawing
    violations = serious_violations(page)
    assert not violations, violations

    heading.evaluate("e => e.scrollIntoView({block: 'start'})")
    end = page.get_by_role("heading", name="Class averages per skill")
    top, bottom = heading.bounding_box(), end.bounding_box()
    assert top and bottom
    page.screenshot(path=SCREENSHOTS / "discernment.png", clip={
        "x": top["x"] - 24, "y": max(top["y"] - 16, 0), "width": 1280 - top["x"],
        "height": min(bottom["y"] - top["y"], 1600 - top["y"])})
