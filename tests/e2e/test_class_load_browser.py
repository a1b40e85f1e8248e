"""Issue 14 in real Chromium: three students submit at once, and a server crash mid-class."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.appserver import AppServer
from bench.classroom_bench import prepare

pytestmark = pytest.mark.browser
TIMEOUT_MS = 30_000


@pytest.fixture
def contexts(chromium_browser: Browser) -> Iterator[list[BrowserContext]]:
    made = [chromium_browser.new_context(viewport={"width": 1100, "height": 1400})
            for _ in range(3)]
    yield made
    for context in made:
        context.close()


def join(page: Page, url: str, code: str, nickname: str) -> None:
    page.goto(f"{url}/class_quiz")
    page.get_by_label("Class code").fill(code)
    page.get_by_label("Nickname").fill(nickname)
    page.get_by_role("button", name="Join the class").click()
    expect(page.locator(".tok").first).to_be_visible(timeout=TIMEOUT_MS)


def mark_words(page: Page, *indices: int) -> None:
    words = page.locator(".tok")
    for index in indices:
        words.nth(index).click()
    expect(page.get_by_text(f"{len(indices)} word(s) marked.")).to_be_visible(timeout=TIMEOUT_MS)


def test_three_students_submitting_at_once_all_get_feedback_and_every_answer_is_stored(
    contexts: list[BrowserContext], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    store, [code] = prepare(data, 1)
    with AppServer(data, tmp_path / "server.log") as server:
        pages = [context.new_page() for context in contexts]
        for n, page in enumerate(pages):
            join(page, server.url, code, f"Student {n + 1}")
            mark_words(page, 1, 4)
        buttons = [page.get_by_role("button", name="Submit my marks") for page in pages]
        for button in buttons:  # three clicks, none waiting for the last one's answer
            button.click(no_wait_after=True)
        for page in pages:
            expect(page.get_by_text("Your score")).to_be_visible(timeout=TIMEOUT_MS)
    classroom = store.class_by_code(code)
    assert classroom is not None
    attempts = store.attempts_for_class(classroom.id)
    assert len(attempts) == 3
    assert len({a.student_id for a in attempts}) == 3


def test_after_a_server_crash_the_page_reconnects_with_the_student_and_the_marks(
    contexts: list[BrowserContext], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    store, [code] = prepare(data, 1)
    server = AppServer(data, tmp_path / "server.log").start()
    try:
        page = contexts[0].new_page()
        join(page, server.url, code, "Kai")
        mark_words(page, 2, 5, 7)
        expect(page).to_have_url(re.compile(r"marks="), timeout=TIMEOUT_MS)
        server.kill()  # SIGKILL: no goodbye to the browser
        expect(page.get_by_role("status").get_by_text("Reconnecting…")).to_be_visible(
            timeout=TIMEOUT_MS)
        expect(page.get_by_text("your marks are kept")).to_be_visible()
        expect(page.get_by_text("Streamlit server is not responding")).to_be_hidden()
        assert "Traceback" not in page.locator("body").inner_text()
        server.start()  # the same port: the page's own reconnection finds it
        expect(page.get_by_text("3 word(s) marked.")).to_be_visible(timeout=TIMEOUT_MS)
        assert page.get_by_role("button", name="Join the class").count() == 0
        page.get_by_role("button", name="Submit my marks").click()
        expect(page.get_by_text("Your score")).to_be_visible(timeout=TIMEOUT_MS)
        assert "Traceback" not in page.locator("body").inner_text()
    finally:
        server.stop()
    classroom = store.class_by_code(code)
    assert classroom is not None
    [attempt] = store.attempts_for_class(classroom.id)
    assert sum(len(v) for v in attempt.selections.values()) >= 1
