"""The span picker in real headless Chromium: mouse, keyboard, touch, submit, feedback, axe.

The touch tests use a phone context (touch screen, mobile viewport) and touch
the page through CDP ``Input.dispatchTouchEvent``: the browser's own touch
path, with hit testing, touch-action and scrolling, as a phone's screen sends it.
Run alone with ``-s`` to see the measured click round trips.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, CDPSession, Locator, Page, expect

from quiz.text import tokenize

from .conftest import SCREENSHOTS, AxeAudit, StartServer
from .picker_harness import SAMPLE_TEXT

pytestmark = pytest.mark.browser

WORDS = [t.text for t in tokenize(SAMPLE_TEXT)]
HARNESS = "tests/e2e/picker_harness.py"
LOCAL = {"127.0.0.1", None}  # None: blob: and data: URLs of the component code
TIMEOUT_MS = 15_000
CLICK_GAP_MS = 90  # shorter than a round trip, so reruns overlap the clicks
DESKTOP: dict[str, Any] = {"viewport": {"width": 1000, "height": 1000}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
HOLD_MS = 600  # longer than the picker's press-and-hold (300 ms)
MIN_TARGET_PX = 24  # WCAG 2.2 AA, 2.5.8 Target Size (Minimum)


def at(word: str, nth: int = 0) -> int:
    """Token index of the ``nth`` occurrence of ``word`` in the sample text."""
    return [i for i, w in enumerate(WORDS) if w == word][nth]


@pytest.fixture(scope="module")
def app_url(streamlit_server: StartServer) -> str:
    # The harness runs as a script of its own, outside the app.
    return streamlit_server(HARNESS)


@pytest.fixture
def page(chromium_browser: Browser, app_url: str) -> Iterator[Page]:
    yield from open_picker(chromium_browser, app_url, DESKTOP)


@pytest.fixture
def phone(chromium_browser: Browser, app_url: str) -> Iterator[Page]:
    yield from open_picker(chromium_browser, app_url, PHONE)


def open_picker(browser: Browser, url: str, device: dict[str, Any]) -> Iterator[Page]:
    """The harness in a new context; after the test, no page errors, no outside requests."""
    context = browser.new_context(**device, reduced_motion="reduce")
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Usage statistics are off: the page talks to nothing but the app.
    page.on(
        "request",
        lambda r: None if urlsplit(r.url).hostname in LOCAL else outside.append(r.url),
    )
    page.goto(url)
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


def center(locator: Locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


class Finger:
    """One finger on a phone's screen, through CDP ``Input.dispatchTouchEvent``."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.cdp: CDPSession = page.context.new_cdp_session(page)
        self.x = self.y = 0.0

    def down(self, point: tuple[float, float]) -> None:
        self._send("touchStart", *point)

    def slide(self, point: tuple[float, float], steps: int = 10) -> None:
        """Move to ``point`` in even steps, about a frame apart, as a finger moves."""
        (x0, y0), (x1, y1) = (self.x, self.y), point
        for k in range(1, steps + 1):
            self._send("touchMove", x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
            self.page.wait_for_timeout(16)

    def up(self) -> None:
        self.cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def _send(self, kind: str, x: float, y: float) -> None:
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
        self.x, self.y = x, y


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


def test_touch_swipe_scrolls_and_touch_drag_marks_the_whole_run(phone: Page) -> None:
    finger = Finger(phone)
    # A swipe up that starts on a word scrolls the page, as anywhere else, and marks nothing.
    first_word = token(phone, 0)
    start = center(first_word)
    finger.down(start)
    finger.slide((start[0], start[1] - 250))
    finger.up()
    phone.wait_for_timeout(HOLD_MS)
    assert center(first_word)[1] < start[1] - 100, "a swipe over the words did not scroll"
    assert pressed(phone) == []

    # Touch and hold a word, then slide to the fifth word: all five are marked,
    # and the page stays still while the finger marks.
    first, last = at("Studies"), at("Studies") + 4
    token(phone, last).scroll_into_view_if_needed()
    token(phone, first).scroll_into_view_if_needed()
    a, b = center(token(phone, first)), center(token(phone, last))
    finger.down(a)
    phone.wait_for_timeout(HOLD_MS)
    expect(token(phone, first)).to_have_class(re.compile(r"\bpreview-add\b"))  # the cue
    finger.slide(b)
    finger.up()
    wait_marked(phone, 5)
    assert pressed(phone) == list(range(first, last + 1))
    assert center(token(phone, first)) == pytest.approx(a, abs=1), "the page moved while marking"

    # A slide sideways along a line marks at once, without the hold.
    line = same_line_run(phone, at("going"), 3)
    a, b = center(token(phone, line[0])), center(token(phone, line[-1]))
    finger.down(a)
    finger.slide(b)
    finger.up()
    wait_marked(phone, 8)
    assert pressed(phone) == list(range(first, last + 1)) + line


def same_line_run(page: Page, start: int, count: int) -> list[int]:
    """The first ``count`` consecutive words from ``start`` on that sit on one line."""
    tops = page.locator(".tok").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    for i in range(start, len(tops) - count + 1):
        if len({round(t) for t in tops[i : i + count]}) == 1:
            return list(range(i, i + count))
    raise AssertionError(f"no {count} words on one line from word {start}")


@pytest.mark.parametrize("device", ["phone", "mouse"])
def test_tap_the_first_word_then_the_last_marks_the_run(
    device: str, request: pytest.FixtureRequest, axe_audit: AxeAudit
) -> None:
    page: Page = request.getfixturevalue("phone" if device == "phone" else "page")
    tap: Callable[[Locator], None] = (
        (lambda target: target.tap()) if device == "phone" else (lambda target: target.click())
    )
    expect(page.locator(".help")).to_contain_text(
        "switch on “Mark a run” and tap the first word, then the last"
    )
    run = page.get_by_role("button", name="Mark a run")
    hint = page.locator(".run-hint")
    expect(run).to_have_attribute("aria-pressed", "false")
    expect(hint).to_be_hidden()
    slammed = at("slammed")
    tap(token(page, slammed))  # the switch off: a tap marks one word, as before
    wait_marked(page, 1)

    tap(run)
    expect(run).to_have_attribute("aria-pressed", "true")
    expect(hint).to_have_text("Mark a run is on: tap the first word of the run.")
    first, last = at("Studies"), at("streets")
    tap(token(page, first))
    expect(token(page, first)).to_have_class(re.compile(r"\brun-start\b"))
    expect(token(page, first)).to_have_attribute("aria-label", "Studies, start of the run")
    expect(hint).to_contain_text("The run starts at “Studies”: now tap its last word")
    assert pressed(page) == [slammed]
    violations = axe_audit(page)
    assert not violations, axe_audit.describe(violations)
    tap(token(page, last))
    wait_marked(page, 11)
    assert pressed(page) == [slammed, *range(first, last + 1)]
    expect(hint).to_have_text("Mark a run is on: tap the first word of the run.")

    # The same word twice is a run of one: it toggles, as a tap does.
    tap(token(page, slammed))
    tap(token(page, slammed))
    wait_marked(page, 10)
    tap(run)
    expect(hint).to_be_hidden()
    tap(token(page, slammed))
    wait_marked(page, 11)


def test_keys_follow_the_run_switch(page: Page) -> None:
    page.get_by_role("button", name="Mark a run").click()
    token(page, at("complete")).focus()
    page.keyboard.press("Space")  # the first word of the run
    page.keyboard.press("Escape")  # dropped
    expect(page.locator(".tok.run-start")).to_have_count(0)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # the last word
    wait_marked(page, 2)
    assert pressed(page) == [at("complete"), at("desperation")]


def test_a_click_from_assistive_technology_marks_a_word(page: Page) -> None:
    # Screen readers activate a word with a click that no pointer made (detail 0).
    token(page, at("slammed")).dispatch_event("click")
    wait_marked(page, 1)
    assert pressed(page) == [at("slammed")]


def test_every_word_and_button_is_a_24px_target(phone: Page, axe_audit: AxeAudit) -> None:
    phone.get_by_text("All three categories").tap()
    expect(phone.locator("button.cat-btn")).to_have_count(3, timeout=TIMEOUT_MS)
    measure = "els => els.map(e => [e.textContent, e.getBoundingClientRect().toJSON()])"
    for selector, count in ((".tok", len(WORDS)), (".picker button", 5)):
        boxes = phone.locator(selector).evaluate_all(measure)
        assert len(boxes) == count
        small = [
            f"{name!r} {box['width']:.1f}×{box['height']:.1f}"
            for name, box in boxes
            if box["width"] < MIN_TARGET_PX or box["height"] < MIN_TARGET_PX
        ]
        assert not small, f"targets under {MIN_TARGET_PX}×{MIN_TARGET_PX} px: {small}"
    violations = axe_audit(phone)
    assert not violations, axe_audit.describe(violations)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SCREENSHOTS / "picker-phone.png", full_page=True)

