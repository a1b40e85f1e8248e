"""The span picker in real headless Chromium: mouse, keyboard, submit, feedback, axe.

Run alone with ``-s`` to see the measured click round trips.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from quiz.text import tokenize

from .conftest import SCREENSHOTS, AxeAudit, StartServer
from .picker_harness import SAMPLE_TEXT

pytestmark = pytest.mark.browser

WORDS = [t.text for t in tokenize(SAMPLE_TEXT)]
HARNESS = "tests/e2e/picker_harness.py"
LOCAL = {"127.0.0.1", None}  # None: blob: and data: URLs of the component code
TIMEOUT_MS = 15_000
CLICK_GAP_MS = 90  # shorter than a round trip, so reruns overlap the clicks


def at(word: str, nth: int = 0) -> int:
    """Token index of the ``nth`` occurrence of ``word`` in the sample text."""
    return [i for i, w in enumerate(WORDS) if w == word][nth]


@pytest.fixture(scope="module")
def app_url(streamlit_server: StartServer) -> str:
    # The harness runs as a script of its own, outside the app.
    return streamlit_server(HARNESS)


@pytest.fixture
def page(chromium_browser: Browser, app_url: str) -> Iterator[Page]:
    context = chromium_browser.new_context(
        viewport={"width": 1000, "height": 1000}, reduced_motion="reduce"
    )
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Usage statistics are off: the page talks to nothing but the app.
    page.on(
        "request",
        lambda r: None if urlsplit(r.url).hostname in LOCAL else outside.append(r.url),
    )
    page.goto(app_url)
    expect(page.locator(".tok")).to_have_count(len(WORDS), timeout=TIMEOUT_MS)
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    assert not outside, f"requests to outside hosts: {outside}"


def token(page: Page, index: int) -> Locator:
    return page.locator(".tok").nth(index)


def wait_marked(page: Page, count: int) -> None:
    """Wait until the server echoes ``count`` marked words (the page prints it)."""
    text = f"{count} word{'' if count == 1 else 's'} marked"
    expect(page.get_by_text(text, exact=True)).to_be_visible(timeout=TIMEOUT_MS)


def drag(page: Page, first: int, last: int) -> None:
    start = token(page, first).bounding_box()
    end = token(page, last).bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=6)
    page.mouse.up()


def pressed(page: Page) -> list[int]:
    values = page.locator(".tok").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-pressed'))"
    )
    return [i for i, v in enumerate(values) if v == "true"]


def test_mark_with_mouse_and_keyboard_then_submit(page: Page, axe_audit: AxeAudit) -> None:
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)

    # Mouse: click marks, a second click removes, and each reaches Python.
    slammed = at("slammed")
    round_trips = []
    for expected in (1, 0, 1):
        began = time.perf_counter()
        token(page, slammed).click()
        wait_marked(page, expected)
        round_trips.append(time.perf_counter() - began)
    print(
        f"\nclick round trips (s): {[round(t, 3) for t in round_trips]}, "
        f"median {statistics.median(round_trips):.3f}"
    )

    drag(page, at("complete"), at("desperation"))
    wait_marked(page, 3)

    # Keyboard: Tab from the Clear button lands on the last word used (roving tabindex).
    page.locator("button.clear").focus()
    page.keyboard.press("Tab")
    expect(page.locator(".tok:focus")).to_have_text("desperation")
    for _ in range(at("going") - at("desperation")):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".tok:focus")).to_have_text("going")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    wait_marked(page, 8)
    # A wrong mark (apart from the run) removed with Delete; "slammed" removed by mouse.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".tok:focus")).to_have_text("plan")
    page.keyboard.press("Enter")
    wait_marked(page, 9)
    page.keyboard.press("Delete")
    wait_marked(page, 8)
    token(page, slammed).click()
    wait_marked(page, 7)

    desperation = list(range(at("complete"), at("desperation") + 1))
    ship = list(range(at("going"), at("ship") + 1))
    assert pressed(page) == desperation + ship
    expect(page.locator(".badge.tag-loaded_term")).to_have_text(["Loaded", "Loaded"])
    expect(token(page, at("ship"))).to_have_attribute("aria-label", "ship, marked Loaded term")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "picker-demo.png", full_page=True)

    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("What you marked")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Loaded term (2):")).to_contain_text(
        "“complete desperation”, “going down with the ship”"
    )
    badges = page.locator(".text .badge")
    expect(badges).to_have_text(["✓ Loaded: Found", "○ Loaded: Missed", "✓ Loaded: Found"])
    expect(page.locator(".tok.fb-missed")).to_have_text(["slammed"])
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)
    page.screenshot(path=SCREENSHOTS / "picker-feedback.png", full_page=True)


def test_three_categories_switch_inside_the_component(page: Page, axe_audit: AxeAudit) -> None:
    page.get_by_text("All three categories").click()
    buttons = page.locator("button.cat-btn")
    expect(buttons).to_have_count(3, timeout=TIMEOUT_MS)
    expect(buttons.first).to_have_attribute("aria-pressed", "true")  # opinion marker first

    token(page, at("Clearly")).click()
    wait_marked(page, 1)
    page.keyboard.press("3")  # focus is on "Clearly": key 3 picks loaded terms
    expect(buttons.nth(2)).to_have_attribute("aria-pressed", "true")
    token(page, at("desperation")).click()
    wait_marked(page, 2)
    buttons.nth(1).click()
    drag(page, at("Studies"), at("streets"))
    wait_marked(page, 12)

    for category, count in (("opinion_marker", 1), ("unsupported_claim", 1), ("loaded_term", 1)):
        expect(page.locator(f".badge.tag-{category}")).to_have_count(count)
    expect(token(page, at("Clearly"))).to_have_attribute(
        "aria-label", "Clearly, marked Opinion marker"
    )
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)
    page.screenshot(path=SCREENSHOTS / "picker-three-categories.png", full_page=True)

    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Opinion marker (1):")).to_contain_text("“Clearly”")
    expect(page.get_by_text("Unsupported claim (1):")).to_contain_text(
        "“Studies show that nine in ten residents want safer streets”"
    )
    expect(page.get_by_text("Loaded term (1):")).to_contain_text("“desperation”")
    expect(page.locator(".text .badge", has_text="Claim: Found")).to_have_count(1)


def test_fast_clicks_are_not_undone_by_late_echoes(page: Page) -> None:
    # Each click reruns the script; the reruns' echoes of older states arrive
    # after newer clicks and must not roll the marks back.
    words = [at("move"), at("council"), at("bike"), at("lives"), at("residents")]
    # Last word first: a mark's tag then shifts only text after it, so the
    # positions measured up front stay right.
    boxes = [token(page, index).bounding_box() for index in reversed(words)]
    page.evaluate(UNMARK_WATCH)
    for box in boxes:
        assert box
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(CLICK_GAP_MS)
    wait_marked(page, len(words))
    page.wait_for_timeout(500)  # let any late rerun land
    assert pressed(page) == sorted(words)
    assert page.evaluate("window.unmarked") == [], "a mark flickered off and back on"


# Records every word whose aria-pressed turns from true to false.
UNMARK_WATCH = """() => {
  window.unmarked = [];
  const root = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.oldValue === "true" && r.target.getAttribute("aria-pressed") === "false") {
        window.unmarked.push(r.target.textContent);
      }
    }
  }).observe(root, {subtree: true, attributeFilter: ["aria-pressed"], attributeOldValue: true});
}"""
