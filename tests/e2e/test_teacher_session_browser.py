"""Teacher sessions in real headless Chromium against `streamlit run server.py`.

The attacks and accidents of issue 12: a reload signed a teacher out and
showed "Page not found"; anyone on a fresh server could claim the first account,
and three browsers at once made three. Here a teacher signs in through the
form, reloads on a teacher page, signs out, replays the old cookie, outlives
their session; and a fresh server is claimed with and without its setup code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from quiz import auth
from quiz.auth import hash_password
from quiz.records import TeacherSession
from quiz.storage import Store
from quiz.store import open_store

from .conftest import PASSWORD, StartServer

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


@pytest.fixture
def context(chromium_browser: Browser) -> Iterator[BrowserContext]:
    context = chromium_browser.new_context(viewport={"width": 1100, "height": 1000})
    yield context
    context.close()


def sign_in(page: Page, url: str) -> dict[str, Any]:
    """Sign in as Ms Rivera with the form; returns the session cookie Chromium keeps."""
    page.goto(f"{url}/teacher_sign_in")
    page.get_by_label("Name", exact=True).fill("Ms Rivera", timeout=TIMEOUT_MS)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=TIMEOUT_MS)
    cookies = [c for c in page.context.cookies() if c["name"] == auth.SESSION_COOKIE]
    assert len(cookies) == 1, page.context.cookies()
    return dict(cookies[0])


def expect_signed_out(page: Page) -> None:
    expect(page.get_by_label("Password", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_a_reload_keeps_the_teacher_signed_in_and_sign_out_ends_the_session(
    context: BrowserContext, data: Path, streamlit_server: StartServer
) -> None:
    school = open_store(data)
    school.add_teacher("Ms Rivera", hash_password(PASSWORD))
    url = streamlit_server(env={"SPIN_SPOTTER_DATA": str(data)})
    page = context.new_page()
    cookie = sign_in(page, url)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/" and cookie["expires"] > 0  # Max-Age: ends with the session
    assert auth.SESSION_COOKIE not in page.evaluate("document.cookie")  # scripts cannot read it
    session_id = auth.session_id(cookie["value"])
    assert school.session(session_id) is not None

    page.goto(f"{url}/teacher_classes")
    expect(page.get_by_label("New class name")).to_be_visible(timeout=TIMEOUT_MS)
    page.reload()
    expect(page.get_by_label("New class name")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    page.wait_for_timeout(1000)  # a "Page not found" dialog would be up by now
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert cookie["value"] not in page.url

    page.get_by_role("link", name="Teacher sign-in").click()
    page.get_by_role("button", name="Sign out").click()
    expect_signed_out(page)
    assert school.session(session_id) is None
    assert not [c for c in context.cookies() if c["name"] == auth.SESSION_COOKIE]
    page.reload()
    expect_signed_out(page)
    # The old cookie, replayed (copied before sign-out), signs nobody in any more.
    context.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
    page.reload()
    expect_signed_out(page)
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)


def test_an_expired_session_is_refused(
    context: BrowserContext, data: Path, streamlit_server: StartServer
) -> None:
    school = open_store(data)
    teacher = school.add_teacher("Ms Rivera", hash_password(PASSWORD))
    url = streamlit_server(env={"SPIN_SPOTTER_DATA": str(data)})
    page = context.new_page()
    session_id = auth.session_id(sign_in(page, url)["value"])
    # Nine hours later, as far as the session record is concerned.
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=9)
    assert school.remove_sessions(session_id=session_id) == 1
    school.add_session(TeacherSession(
        id=session_id, teacher_id=teacher.id, created_at=long_ago,
        expires_at=long_ago + auth.SESSION_TTL,
    ))  # fmt: skip
    page.reload()
    expect(page.get_by_text("Your session expired")).to_be_visible(timeout=TIMEOUT_MS)
    expect_signed_out(page)
    assert school.session(session_id) is None
    page.goto(f"{url}/teacher_classes")  # no longer a page of this visitor's app
    expect(page.get_by_label("New class name")).to_have_count(0, timeout=TIMEOUT_MS)


def test_a_fresh_server_is_claimed_only_with_its_setup_code_and_only_once(
    context: BrowserContext, data: Path, streamlit_server: StartServer
) -> None:
    url = streamlit_server(env={"SPIN_SPOTTER_DATA": str(data)})
    code = (data / "setup-code.txt").read_text().strip()  # written when the server started
    page = context.new_page()
    page.goto(f"{url}/teacher_sign_in")
    page.get_by_label("Setup code").fill("not the code", timeout=TIMEOUT_MS)
    page.get_by_label("Your name (as your students know you)").fill("Eve")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("That setup code is not right")).to_be_visible(timeout=TIMEOUT_MS)
    school: Store = open_store(data)
    assert school.teachers() == []

    # Three browsers submit the right code at once: one account, the others refused.
    statuses = page.evaluate(
        """async ([code, password]) => Promise.all([1, 2, 3].map(async (i) => (await fetch(
               "/auth/first-teacher", {method: "POST", headers: {"Content-Type":
               "application/json"}, body: JSON.stringify({code, name: `Teacher ${i}`,
               password, again: password})})).status))""",
        [code, PASSWORD],
    )
    assert sorted(statuses) == [200, 403, 403]
    [teacher] = school.teachers()
    assert not (data / "setup-code.txt").exists()
    page.reload()
    expect(page.get_by_text(f"Signed in as {teacher.name}")).to_be_visible(timeout=TIMEOUT_MS)
