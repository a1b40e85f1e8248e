"""A hostile content file in real headless Chromium: the student page stays text and talks
to nothing but the app.

The content file is imported with ``python -m quiz content import`` into the
server's data folder. Its excerpt's source is the probe's
``![t](http://127.0.0.1:9/s.png) [src](javascript:alert(3)) :red[X]``; its title,
explanations, neutral wordings and evidence carry images, links, colour
directives, bare web and e-mail addresses and ``:streamlit:``, and so do the
class name, the assignment title and the student's nickname. A student joins,
reads the excerpt, marks, submits and reads the feedback. Every request the page
makes is recorded: none may leave the app's origin (``127.0.0.1:9`` is another
origin: same host, other port). No link or image from the hostile text may be
in the page, and the hostile text must be on screen, character for character.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from quiz.auth import hash_password
from quiz.records import Assignment
from quiz.store import open_store
from tests.hostile import (
    ASSIGNMENT,
    CLASS_NAME,
    EVIDENCE,
    EXCERPT_ID,
    EXPLANATION,
    NEUTRAL,
    SOURCE,
    TITLE,
    hostile_entry,
)

from .conftest import ROOT, StartServer

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
NICKNAME = "kid@evil.example www.evil.example"  # e-mail and web autolinks, 33 characters
HOSTILE_TARGETS = ("127.0.0.1:9", "evil.example", "javascript:", "mailto:")

# Every link and image in the page whose target is not the app, every element the
# hostile Markdown would make (coloured text, an image inside Markdown).
FIND_HOSTILE = """({origin, targets}) => {
  const bad = [];
  const outside = (value) => {
    if (!value || value.startsWith('#') || value.startsWith('data:') ||
        value.startsWith('blob:')) return false;
    try { return new URL(value, document.baseURI).origin !== origin; }
    catch (e) { return true; }
  };
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || '';
    if (outside(href) || targets.some((t) => href.includes(t))) bad.push(a.outerHTML);
  }
  for (const img of document.querySelectorAll('img')) {
    if (outside(img.getAttribute('src'))) bad.push(img.outerHTML);
  }
  for (const el of document.querySelectorAll(
      '[data-testid="stMarkdownContainer"] img, .stMarkdownColoredText, .katex')) {
    bad.push(el.outerHTML);
  }
  return bad;
}"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding the hostile excerpt, imported from a content file by the CLI."""
    folder = tmp_path / "data"
    content = tmp_path / "hostile.json"
    content.write_text(json.dumps([hostile_entry()]), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "quiz", "content", "import", str(content), "--data", str(folder)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )
    return folder


@pytest.fixture
def page(chromium_browser: Browser) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport={"width": 1100, "height": 1400})
    yield context.new_page()
    context.close()


def hostile_elements(page: Page, url: str) -> list[str]:
    origin = urlsplit(url)._replace(path="").geturl()
    found: list[str] = page.evaluate(
        FIND_HOSTILE, {"origin": origin, "targets": list(HOSTILE_TARGETS)}
    )
    return found


def test_a_hostile_content_file_stays_text_and_the_page_talks_only_to_the_app(
    page: Page, data: Path, streamlit_server: StartServer
) -> None:
    store = open_store(data)
    assert store.excerpt(EXCERPT_ID).excerpt.source == SOURCE  # the CLI imported it
    teacher = store.add_teacher("Ms Rivera", hash_password("correct horse battery"))
    room = store.create_class(teacher.id, CLASS_NAME)
    store.add_assignment(Assignment(class_id=room.id, title=ASSIGNMENT, excerpt_ids=[EXCERPT_ID]))
    url = streamlit_server("app.py", env={"SPIN_SPOTTER_DATA": str(data)})
    origin = urlsplit(url).netloc
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{url}/class_quiz")
    page.get_by_label("Class code").fill(room.code)
    page.get_by_label("Nickname").fill(NICKNAME)
    page.get_by_role("button", name="Join the class").click()
    words = page.locator(".tok")
    expect(words.first).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1_000)  # room for any image the page would still fetch
    assert not outside_requests(requests, origin)
    assert not hostile_elements(page, url)
    # Shown as typed and stored, character for character (a copy and paste gives them back).
    for text in (f"From {SOURCE}", TITLE, CLASS_NAME, NICKNAME, ASSIGNMENT):
        expect(page.get_by_text(text).first).to_be_visible()

    words.first.click()
    expect(page.get_by_text("1 word(s) marked.")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Submit my marks").click()
    expect(page.get_by_text("Your score", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1_000)
    assert not outside_requests(requests, origin)
    assert not hostile_elements(page, url)
    for text in (EXPLANATION, NEUTRAL, EVIDENCE):
        expect(page.get_by_text(text).first).to_be_visible()
    assert not errors, f"JavaScript errors in the page: {errors}"


def outside_requests(requests: list[str], origin: str) -> list[str]:
    """The requests that left the app's origin (``data:`` and ``blob:`` stay in the page)."""
    return [
        r for r in requests
        if urlsplit(r).scheme not in ("data", "blob") and urlsplit(r).netloc != origin
    ]
