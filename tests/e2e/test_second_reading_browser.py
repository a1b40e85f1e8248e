"""Read an excerpt blind, in headless Chromium: mark by keyboard, compare, decide, save.

The page is audited with axe-core before and after the comparison (no serious or
critical violation), and the saved version is checked in the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from quiz.models import Category
from quiz.storage import Store
from quiz.text import tokenize
from quiz.usecases.second_reading import compare_reading

from .conftest import PASSWORD, AxeAudit, StartServer

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


@pytest.fixture
def context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 1400}, reduced_motion="reduce"
    )
    yield context
    context.close()


def test_teacher_reads_blind_compares_and_saves_a_new_version(
    context: BrowserContext, school: Store, data: Path, streamlit_server: StartServer,
    axe_audit: AxeAudit,
) -> None:
    first = sorted(s.id for s in school.excerpts())[0]  # the page's first choice
    excerpt = school.excerpt(first).excerpt
    word = tokenize(excerpt.text)[0]
    expected = compare_reading(school, first, 1, {Category.OPINION_MARKER: [
        (word.start, word.end)]}, "Ms Rivera")

    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    page = context.new_page()
    page.goto(f"{url}/teacher_sign_in")
    page.get_by_label("Name", exact=True).fill("Ms Rivera")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Read an excerpt blind").click()

    words = page.locator(".tok")
    expect(words).to_have_count(len(tokenize(excerpt.text)), timeout=TIMEOUT_MS)
    for span in excerpt.spans:  # blind: no explanation of the key on the page
        expect(page.get_by_text(span.explanation, exact=True)).to_have_count(0)
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)

    words.nth(0).focus()
    page.keyboard.press("Space")  # the first word, as an opinion marker (the first kind)
    page.get_by_role("button", name="Compare with the key").click()
    heading = page.get_by_role("heading", name="How far you agree with the key")
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    count = len(expected.disagreements)
    expect(page.get_by_text(f"Disagreements ({count})")).to_be_visible()
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)

    reasons = page.get_by_label("Reason (required)", exact=True)
    expect(reasons).to_have_count(count)
    for index in range(count):
        reasons.nth(index).fill("Checked against the guide.")
        reasons.nth(index).press("Tab")
    page.get_by_role("button", name="Save the decisions as a new version").click()
    expect(page.get_by_text("as version 2")).to_be_visible(timeout=TIMEOUT_MS)
    saved = school.excerpt(first)
    assert saved.version == 2 and saved.excerpt.second is not None
    assert [r.decision for r in saved.excerpt.second.rulings] == ["keep"] * count
    assert saved.excerpt.spans == excerpt.spans  # every decision kept the key
