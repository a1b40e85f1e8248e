"""Fixtures for end-to-end tests in real headless Chromium.

* ``chromium_browser``: one Playwright Chromium per session, the Debian
  ``/usr/bin/chromium`` (``playwright install`` cannot download here). Fails,
  never skips, when it is missing: install it with ``scripts/install.sh --browser``.
* ``streamlit_server``: a factory, ``start(script="server.py") -> base URL``, that
  runs ``streamlit run`` on a free loopback port with ``SPIN_SPOTTER_DATA`` in a
  fresh folder, waits for ``/_stcore/health``, and kills the process group when
  the module's tests end. The app is always served as the README starts it,
  through ``server.py`` (whose routes set the teacher's session cookie), also
  when a test asks for ``app.py``; other scripts (test harnesses) run as given.
* ``axe_audit``: ``axe_audit(page, context=None)`` returns axe-core's serious and
  critical violations (axe is bundled with axe-playwright-python, no download);
  ``axe_audit.describe(violations)`` formats them for an assertion message.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from bench.appserver import AppServer
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.storage import Store, import_content
from quiz.store import open_store

ROOT = Path(__file__).resolve().parents[2]
# The README's screenshots are refreshed only when asked for, so that a test run
# leaves the working tree clean: SPIN_SPOTTER_SCREENSHOTS=1 bash scripts/test.sh
if os.environ.get("SPIN_SPOTTER_SCREENSHOTS") == "1":
    SCREENSHOTS = ROOT / "docs" / "screenshots"
else:
    SCREENSHOTS = Path(tempfile.mkdtemp(prefix="spin-spotter-screenshots-"))
    atexit.register(shutil.rmtree, SCREENSHOTS, ignore_errors=True)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 30.0
SERIOUS = {"serious", "critical"}

StartServer = Callable[..., str]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run: "
            "install it with `bash scripts/install.sh --browser` (apt package chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartServer]:
    started: list[AppServer] = []

    def start(script: str = "server.py", env: dict[str, str] | None = None) -> str:
        if script == "app.py":
            script = "server.py"
        server = AppServer(
            tmp_path_factory.mktemp("data"), tmp_path_factory.mktemp("log") / "streamlit.log",
            env=env, script=script, start_timeout=START_TIMEOUT_S,
        )
        started.append(server)
        try:
            server.start()
        except RuntimeError as exc:  # exited, or never healthy: the message holds its log
            pytest.fail(str(exc))
        return server.url

    yield start
    for server in started:
        server.stop()


class AxeAudit:
    """``audit(page)`` runs axe-core; ``audit.describe(violations)`` formats them."""

    def __call__(self, page: Page, context: str | None = None) -> list[dict[str, Any]]:
        return serious_violations(page, context)

    @staticmethod
    def describe(violations: list[dict[str, Any]]) -> str:
        return describe(violations)


@pytest.fixture
def axe_audit() -> AxeAudit:
    return AxeAudit()


def serious_violations(page: Page, context: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core (bundled with axe-playwright-python) on ``page``.

    Args:
        page: the page to audit, fully rendered.
        context: a CSS selector to audit only part of the page.

    Returns:
        The violations whose impact is serious or critical, as axe reports them.
    """
    results = Axe().run(page, context=context)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and affected node, for an assertion message."""
    lines = []
    for v in violations:
        targets = [str(node.get("target")) for node in v.get("nodes", [])][:5]
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(targets)}")
    return "\n".join(lines)


PASSWORD = "correct horse battery"  # the seeded teacher's, for the tests that sign in


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh data folder for the server under test."""
    return tmp_path / "data"


@pytest.fixture
def school(data: Path) -> Store:
    """The data folder with the bundled content and one teacher, Ms Rivera."""
    store = open_store(data)
    import_content(store, [DEFAULT_CONTENT])
    store.add_teacher("Ms Rivera", hash_password(PASSWORD))
    return store
