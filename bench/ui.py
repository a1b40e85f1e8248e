"""``python -m quiz bench ui``: AppTest rerun time of the quiz page against a trivial page.

Both are measured in the same process, interleaved, so the ratio survives a
noisy machine. The quiz page is the practice page with an excerpt on screen and
a few words marked (span picker, reminder, submit button): what a learner reruns
on every click.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from quiz.config import DEFAULT_CONTENT, PROJECT_ROOT
from quiz.storage import import_content
from quiz.store import open_store

TRIVIAL = 'import streamlit as st\nst.title("Hello")\nst.write("A trivial page.")\n'
TARGET_RATIO = 5.0


class PageFailed(Exception):
    """The quiz page raised an exception under AppTest."""


def run(quick: bool = False) -> int:
    """Print the medians and the ratio; exit 0 (a benchmark, not a test), 1 if the page fails."""
    reruns = 10 if quick else 60
    try:
        times = rerun_times(reruns)
    except PageFailed as exc:
        print(f"the quiz page failed: {exc}")
        return 1
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"AppTest reruns, {reruns} each{' (quick)' if quick else ''}")
    for name, value in medians.items():
        p95 = statistics.quantiles(times[name], n=20)[-1] if reruns >= 20 else max(times[name])
        print(f"{name:<14} median {1000 * value:7.1f} ms   p95 {1000 * p95:7.1f} ms")
    ratio = medians["quiz page"] / medians["trivial page"]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio quiz/trivial: {ratio:.1f}x (aim: within {TARGET_RATIO:.0f}x): {verdict}")
    return 0


def rerun_times(reruns: int) -> dict[str, list[float]]:
    """Seconds per AppTest rerun of the trivial page and of the quiz page, ``reruns`` each.

    The bundled content is imported into a temporary data folder first.

    Raises:
        PageFailed: the quiz page raised an exception.
    """
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        import_content(open_store(data), [DEFAULT_CONTENT])
        # The store serves an unchanged file from memory, but not one written in the
        # last 2 s (its stamp could repeat); a classroom's content was imported long ago.
        time.sleep(2.1)
        previous = os.environ.get("SPIN_SPOTTER_DATA")
        os.environ["SPIN_SPOTTER_DATA"] = str(data)
        try:
            return _measure(tmp, reruns)
        finally:  # the temporary folder goes away: do not leave the process pointing at it
            if previous is None:
                del os.environ["SPIN_SPOTTER_DATA"]
            else:
                os.environ["SPIN_SPOTTER_DATA"] = previous


def _measure(tmp: str, reruns: int) -> dict[str, list[float]]:
    """Time both pages with the data folder already set up and configured."""
    trivial_script = Path(tmp) / "trivial.py"
    trivial_script.write_text(TRIVIAL, encoding="utf-8")

    trivial = AppTest.from_file(str(trivial_script), default_timeout=60)
    trivial.run()
    quiz = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    quiz.run()
    quiz.switch_page("app_pages/practice.py").run()
    quiz.session_state["practice_task"] = ("opl-01", ("loaded_term",))
    quiz.session_state["practice:picker"] = {"selection": {"loaded_term": [3, 4, 5]}}
    quiz.run()
    if quiz.exception:
        raise PageFailed(str([e.value for e in quiz.exception]))

    times: dict[str, list[float]] = {"trivial page": [], "quiz page": []}
    for _ in range(reruns):  # interleaved: both see the same machine
        for name, app in (("trivial page", trivial), ("quiz page", quiz)):
            began = time.perf_counter()
            app.run()
            times[name].append(time.perf_counter() - began)
    return times
