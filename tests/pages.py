"""Helpers for AppTest page tests: start the app on a data folder, drive the span picker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quiz.models import Category, Excerpt
from quiz.text import tokenize
from quiz.ui.text import CUT

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def start(monkeypatch: pytest.MonkeyPatch, data: Path) -> AppTest:
    """The whole app (router and all) on its own data folder, first page run."""
    monkeypatch.setenv("SPIN_SPOTTER_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def components(at: AppTest, name: str) -> list[Any]:
    """The custom components named ``name`` on the page (app.py mounts others too)."""
    return [e for e in at.get("bidi_component") if e.proto.component_name == name]


def gold_tokens(excerpt: Excerpt, category: Category) -> list[int]:
    """Token indices covering the gold spans of one category: a perfect answer."""
    spans = excerpt.gold(category)
    return [
        t.index for t in tokenize(excerpt.text)
        if any(t.start < s.end and t.end > s.start for s in spans)
    ]


def mark(at: AppTest, key: str, selection: dict[Category, list[int]]) -> None:
    """Seed the span picker's state, as a learner's clicks would leave it."""
    at.session_state[key] = {"selection": {c.value: v for c, v in selection.items()}}


def texts(at: AppTest) -> str:
    """Everything the page says, as one string, with Markdown escapes (and md's cuts) removed."""
    return plain(raw_texts(at))


def plain(markdown: str) -> str:
    """Text as a reader sees it: Markdown escapes (and md's cuts) removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(CUT, ""))


def raw_texts(at: AppTest) -> str:
    """Everything the page says in Markdown, captions, alerts and metrics, as written."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def table_with(at: AppTest, *columns: str) -> Any:
    """The one table on the page that has all these columns (tables come and go above it)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def picker_key(at: AppTest, task_key: str) -> str:
    """The session key of the picker on screen for a task (``practice``, ``class:<id>``).

    The picker is keyed by the excerpt and version it shows, so marks never move
    to another text; the page records which one it shows under ``<task>:shown``.
    """
    return f"{task_key}:{at.session_state[f'{task_key}:shown']}:picker"


def seat_teacher(at: AppTest, teacher_id: str) -> None:
    """Sign a teacher in for this AppTest session (AppTest has no cookies: the pages'
    session-state fallback)."""
    import datetime as dt

    at.session_state["teacher_id"] = teacher_id
    at.session_state["teacher_signed_in_at"] = dt.datetime.now(dt.UTC)


def sign_in_teacher(monkeypatch: pytest.MonkeyPatch, data: Path, name: str) -> AppTest:
    """The whole app with a signed-in teacher, first page run.

    On the configured store: the data folder, or the database when the test set
    ``SPIN_SPOTTER_DATABASE_URL``.
    """
    from quiz.stores import close, configured_location, open_store

    at = start(monkeypatch, data)
    store = open_store(configured_location())
    teacher = store.teacher_by_name(name)
    close(store)
    assert teacher is not None
    seat_teacher(at, teacher.id)
    at.run()
    return at
