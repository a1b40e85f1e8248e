"""The span suggester is readied in the background when the server opens its store.

The first "Suggest spans" then finds it ready; a teacher who clicks sooner sees a
status box counting the wait instead of a greyed page.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quiz.auth import hash_password
from quiz.models import Category
from quiz.store import open_store
from quiz.suggest import Suggestion
from quiz.ui import authoring_suggester
from tests.pages import ROOT, seat_teacher, start, texts

PAGE = str(ROOT / "app_pages" / "teacher_authoring.py")
TEXT = (
    "Once again the council has slammed the door on families. Most parents now say the "
    "crossing on Mill Road is the most dangerous in the county, yet nothing is done. The "
    "mayor claims the budget is tight. It is high time the councillors stopped hiding behind "
    "spreadsheets and built the crossing the town has asked for since 2019."
)


class Slammed:
    """A stand-in suggester: one loaded term, at once."""

    def suggest(self, text: str) -> list[Suggestion]:
        at = text.index("slammed")
        return [Suggestion(at, at + 7, Category.LOADED_TERM, "slammed", "A violent verb.")]


def teacher_page(monkeypatch: pytest.MonkeyPatch, data: Path) -> AppTest:
    monkeypatch.setenv("SPIN_SPOTTER_DATA", str(data))
    teacher = open_store(data).add_teacher("Ms Rivera", hash_password("long enough words"))
    at = AppTest.from_file(PAGE, default_timeout=60)
    seat_teacher(at, teacher.id)
    return at


def test_opening_the_authoring_page_starts_readying_the_suggester(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[Path] = []
    monkeypatch.setattr(authoring_suggester, "_job", None)
    monkeypatch.setattr(authoring_suggester, "_train",
                        lambda job, cache: (started.append(cache), job.set_result(Slammed())))
    at = teacher_page(monkeypatch, tmp_path)
    at.run()  # the spans section asks whether the suggester is ready, which starts it
    assert not at.exception
    job = authoring_suggester._job
    assert job is not None and job.done()
    assert started == [tmp_path / "cache"]  # the model is kept in the data folder's cache
    authoring_suggester.warm_up()
    assert len(started) == 1  # once per process


def test_a_class_of_students_does_not_start_the_suggester(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 14: opening the store trained the suggester, so a server's first class
    spent its first minute of CPU on a model only authors use."""
    started: list[Path] = []
    monkeypatch.setattr(authoring_suggester, "_job", None)
    monkeypatch.setattr(authoring_suggester, "_train",
                        lambda job, cache: (started.append(cache), job.set_result(Slammed())))
    at = start(monkeypatch, tmp_path)  # Home: the store opens, the content is imported
    at.switch_page("app_pages/class_quiz.py").run()
    assert not at.exception
    assert started == [] and authoring_suggester._job is None


def test_a_click_before_the_suggester_is_ready_shows_the_wait_then_the_suggestions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    job: Future[object] = Future()
    job.set_running_or_notify_cancel()
    monkeypatch.setattr(authoring_suggester, "_job", job)
    at = teacher_page(monkeypatch, tmp_path)
    at.run()
    at.text_area(key="author_text").input(TEXT).run()
    assert "The span suggester is still getting ready" in texts(at)
    threading.Timer(1.5, job.set_result, args=(Slammed(),)).start()
    at.button(key="author_suggest").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [status] = at.status
    assert status.label == "The span suggester is ready."
    assert [r["quote"] for r in at.session_state["author_spans"]] == ["slammed"]
    at.run()
    assert "still getting ready" not in texts(at)


def test_a_failed_training_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def train(job: Future[object], cache: Path) -> None:
        calls.append(1)
        if len(calls) == 1:
            job.set_exception(OSError("disk full"))
        else:
            job.set_result(Slammed())

    monkeypatch.setattr(authoring_suggester, "_job", None)
    monkeypatch.setattr(authoring_suggester, "_train", train)
    first = authoring_suggester.warm_up()
    assert isinstance(first.exception(), OSError)
    second = authoring_suggester.warm_up()
    assert second is not first and isinstance(second.result(), Slammed) and len(calls) == 2
    assert authoring_suggester.is_ready() and len(calls) == 2
