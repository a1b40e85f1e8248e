"""The authoring page in headless Chromium: paste, suggest, accept, save a draft, publish.

Also takes the README's authoring screenshot (``docs/screenshots/authoring.png``
when ``SPIN_SPOTTER_SCREENSHOTS=1``): the spans step, one span beside the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from quiz.storage import Store
from quiz.text import word_count

from .conftest import PASSWORD, SCREENSHOTS, StartServer

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
TRAINING_MS = 300_000  # a fresh data folder: the suggester trains once (about 10 s when idle)
TEXT = (
    "Once again the council has slammed the door on families. Most parents now say the "
    "crossing on Mill Road is the most dangerous in the county, yet nothing is done. The "
    "mayor claims the budget is tight. It is high time the councillors stopped hiding behind "
    "spreadsheets and built the crossing the town has asked for since 2019. Children cross "
    "there every morning."
)
TITLE = "Mill Road crossing"


@pytest.fixture
def context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 1400}, reduced_motion="reduce"
    )
    yield context
    context.close()


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_teacher_writes_an_excerpt_and_publishes_it(
    context: BrowserContext, school: Store, data: Path, streamlit_server: StartServer
) -> None:
    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    page = context.new_page()
    page.goto(f"{url}/teacher_sign_in")
    page.get_by_label("Name", exact=True).fill("Ms Rivera")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Write an excerpt").click()

    text_box = page.get_by_label("Text of the excerpt", exact=True)
    text_box.fill(TEXT)
    text_box.press("Tab")
    expect(page.get_by_text(f"{word_count(TEXT)} words.")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("Title (required)", exact=True).fill(TITLE)
    page.get_by_label("Source (required)", exact=True).fill("written for practice")
    page.get_by_label("Source (required)", exact=True).press("Tab")
    choose(page, "Genre (required)", "Opinion piece")
    choose(page, "Leaning (required)", "Left")
    page.get_by_text("2 medium").click()

    page.get_by_role("button", name="Suggest spans").click()
    accept = page.get_by_role("button", name="Accept")
    expect(accept).to_be_visible(timeout=TRAINING_MS)
    shown = page.locator("mark").first  # the suggestion on show, highlighted in the text
    expect(shown).to_have_text(re.compile(r"\w"), timeout=TIMEOUT_MS)
    quote = shown.inner_text().strip()
    assert quote in TEXT
    accept.click()
    explanation = page.get_by_label("Explanation (a 13-year-old can follow it)", exact=True)
    expect(explanation).not_to_have_value("", timeout=TIMEOUT_MS)  # the reason, to edit
    expect(page.get_by_text("1 span(s) kept")).to_be_visible(timeout=TIMEOUT_MS)
    chooser = page.get_by_role("combobox", name="Span", exact=True)
    expect(chooser).to_have_value(re.compile(rf"^1\. .+: “{re.escape(quote)}” \(kept\)$"),
                                  timeout=TIMEOUT_MS)

    heading = page.get_by_role("heading", name="3. Spans")
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")  # the app scrolls inside
    top, bottom = heading.bounding_box(), page.get_by_role("heading", name="4. Preview")
    end = bottom.bounding_box()
    assert top and end
    page.screenshot(path=SCREENSHOTS / "authoring.png", clip={
        "x": top["x"] - 24, "y": max(top["y"] - 16, 0), "width": 1280 - top["x"],
        "height": min(end["y"] - top["y"], 1400 - top["y"])})

    page.get_by_role("button", name="Check and save as a draft").click()
    expect(page.get_by_text("as a draft. Only you see it")).to_be_visible(timeout=TIMEOUT_MS)
    assert "mill-road-crossing" not in {s.id for s in school.excerpts()}
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"Published “{TITLE}” (version 1)")).to_be_visible(
        timeout=TIMEOUT_MS)
    published = school.excerpt("mill-road-crossing").excerpt
    assert [s.quote for s in published.spans] == [quote]
