"""Issue 13, items 4 and 13: practice keeps its place, warns before losing work, starts easy,
follows the filters and mixes in controls at their share."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from quiz.config import DEFAULT_CONTENT
from quiz.content import load_content
from quiz.learning import choose_next
from quiz.models import Category
from quiz.records import Attempt, Figures
from quiz.store import open_store
from quiz.ui.draft_url import decode_task, encode_task
from tests.pages import gold_tokens, mark, picker_key, start, texts

LT = Category.LOADED_TERM
EXCERPTS = load_content([DEFAULT_CONTENT])


def test_a_reload_shows_the_same_excerpt_with_its_marks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    at.selectbox(key="practice_category").set_value("Loaded terms").run()
    for _ in range(20):  # a text with loaded terms (a control has none to mark)
        excerpt_id, _ = at.session_state["practice_task"]
        if open_store(tmp_path).excerpt(excerpt_id).excerpt.gold(LT):
            break
        at.button(key="practice_new").click().run()
    excerpt = open_store(tmp_path).excerpt(excerpt_id).excerpt
    gold = gold_tokens(excerpt, LT)
    mark(at, picker_key(at, "practice"), {LT: gold})
    at.run()
    address = dict(at.query_params)
    reloaded = start(monkeypatch, tmp_path)  # a reload: a new session, the same address
    for name, value in address.items():
        reloaded.query_params[name] = value
    reloaded.switch_page("app_pages/practice.py").run()
    assert reloaded.session_state["practice_task"][0] == excerpt_id
    assert f"{len(gold)} word(s) marked." in texts(reloaded)


def test_an_anonymous_learner_is_told_before_work_is_lost(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    at.button(key="practice:submit").click().run()
    assert len(at.session_state["practice_history"]) == 1
    next(b for b in at.button if b.label.startswith("Next")).click().run()
    said = texts(at)
    assert "kept only in this tab" in said and "choose a nickname" in said


def test_a_new_learner_starts_at_difficulty_one() -> None:
    for seed in range(30):
        chosen = choose_next(EXCERPTS, [], rng=random.Random(seed))
        assert chosen is not None and chosen[0].difficulty == 1


def test_changing_a_filter_loads_a_matching_excerpt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    at.selectbox(key="practice_difficulty").set_value("1 (easy)").run()
    at.button(key="practice_new").click().run()
    first_id = at.session_state["practice_task"][0]
    assert open_store(tmp_path).excerpt(first_id).excerpt.difficulty == 1
    at.selectbox(key="practice_difficulty").set_value("3 (hard: all kinds at once)").run()
    excerpt_id, categories = at.session_state["practice_task"]
    assert open_store(tmp_path).excerpt(excerpt_id).excerpt.difficulty == 3
    assert set(categories) == set(Category)


def answered(excerpt_id: str, n: int) -> Attempt:
    figures = {LT: Figures(precision=0.5, recall=0.5, f1=0.5)}
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
    return Attempt(student_id="a" * 32, excerpt_id=excerpt_id, excerpt_version=1,
                   categories=[LT], figures=figures, score=50, submitted_at=when)


def test_controls_come_up_at_their_share_of_the_pool() -> None:
    pool = [e for e in EXCERPTS if e.difficulty == 2]
    empty = {e.id for e in pool if not e.gold(LT)}
    share = len(empty) / len(pool)
    assert 0 < share < 1
    picks = 0
    hits = 0
    for seed in range(40):  # 40 learners, 10 excerpts each, answering what they are given
        rng, history = random.Random(seed), []
        for n in range(10):
            chosen = choose_next(EXCERPTS, history, category=LT, difficulty=2, rng=rng)
            assert chosen is not None
            picks += 1
            hits += chosen[0].id in empty
            history.append(answered(chosen[0].id, n))
    assert abs(hits / picks - share) < 0.08, (hits / picks, share)


def test_the_task_address_round_trips_and_refuses_junk() -> None:
    assert decode_task(encode_task("opl-01", [LT, Category.OPINION_MARKER])) == (
        "opl-01", [LT, Category.OPINION_MARKER])
    for junk in ("", "opl-01", "opl-01~", "opl-01~spin", "~loaded_term"):
        assert decode_task(junk) is None
