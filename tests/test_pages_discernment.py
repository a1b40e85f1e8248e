"""Discernment on the pages (AppTest): the teacher's chart and tables, the learner's habits.

Answers go in through the use cases the pages call, on the bundled content in
a real TinyDB store, so every figure on screen comes from stored selections.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quiz.habits import MIN_EXCERPTS
from quiz.models import Category, Excerpt
from quiz.records import Assignment
from quiz.storage import Store
from quiz.store import open_store
from quiz.usecases import learners
from tests.pages import seat_teacher, start, texts

LT, UC = Category.LOADED_TERM, Category.UNSUPPORTED_CLAIM
Marks = dict[Category, list[tuple[int, int]]]


def gold(excerpt: Excerpt, category: Category = LT) -> Marks:
    return {LT: [(s.start, s.end) for s in excerpt.gold(category)]}


def first_words(excerpt: Excerpt, category: Category) -> Marks:
    """The first word of each span of ``category`` (outside the loaded terms), as loaded terms:
    a few marks in the wrong places, whatever the length of the excerpt's claims."""
    loaded = [(s.start, s.end) for s in excerpt.gold(LT)]
    marks = []
    for span in excerpt.gold(category):
        end = span.start + len(span.quote.split()[0])
        if not any(a < end and span.start < b for a, b in loaded):
            marks.append((span.start, end))
    return {LT: marks}


def everything(excerpt: Excerpt) -> Marks:
    return {LT: [(0, len(excerpt.text))]}


def two_excerpts(store: Store) -> list[Excerpt]:
    """Two easy excerpts with loaded terms and unsupported claims."""
    found = [
        s.excerpt for s in store.excerpts()
        if s.excerpt.difficulty < 3 and s.excerpt.gold(LT) and s.excerpt.gold(UC)
    ]
    return found[:2]


def seed_class(store: Store) -> dict[str, Any]:
    """Ann finds half, then all; Ben finds all, then marks every word; Cal marks a few
    words of the claims (as loaded terms)."""
    teacher = store.add_teacher("Ms Rivera", "x" * 20)
    room = store.create_class(teacher.id, "8B")
    first, second = two_excerpts(store)
    work = store.add_assignment(Assignment(
        class_id=room.id, title="Week 1", excerpt_ids=[first.id, second.id], categories=[LT]
    ))
    half = {LT: [(s.start, s.end) for s in first.gold(LT)][: max(1, len(first.gold(LT)) // 2)]}
    plans: dict[str, tuple[Marks, Marks]] = {
        "Ann": (half, gold(second)),
        "Ben": (gold(first), everything(second)),
        "Cal": (first_words(first, UC), first_words(second, UC)),  # claims' first words only
    }
    for nickname, answers in plans.items():
        student = learners.join_class(store, room.code, nickname)
        for excerpt, marks in zip((first, second), answers, strict=True):
            learners.answer_assignment(store, student, work.id, excerpt.id, marks, version=1)
    return {"teacher": teacher, "first": first}


def test_the_dashboard_answers_sharper_or_just_more_suspicious(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    seeded = seed_class(open_store(tmp_path))
    seat_teacher(at, seeded["teacher"].id)
    at.run()  # the teacher's pages register once signed in
    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at)
    assert "Telling spin from plain text" in said
    assert "(3 student(s), each student's first half of answers to second)" in said
    # Words for every quadrant in use, with the shape named: not colour alone.
    assert "**Sceptical of everything** (marks a lot, plain text too; triangle up" in "\n".join(
        m.value for m in at.markdown
    )
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    [people] = [t for cols, t in tables.items() if "Quadrant" in cols]
    quadrants = dict(zip(people["Nickname"], people["Quadrant"], strict=True))
    assert quadrants["Ben"] == "sceptical of everything"  # every word of the second text
    assert quadrants["Ann"] in {"sharp", "careful"}
    assert quadrants["Cal"] == "misses a lot"
    assert list(people["Telling spin apart (0-100)"])[2] == 0  # Cal found no loaded term
    [trend] = [t for cols, t in tables.items() if cols == ("Figure", "Before", "After")]
    assert len(trend) == 3
    # The chart: d′ across, c up, shape and colour by quadrant, the nickname as text.
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    [layered] = [
        s for s in specs
        if any(layer.get("encoding", {}).get("x", {}).get("field") == "d_prime"
               for layer in s.get("layer", []))
    ]
    encodings = [layer.get("encoding", {}) for layer in layered["layer"]]
    dots = next(e for e in encodings if "shape" in e)
    assert dots["x"]["field"] == "d_prime" and dots["y"]["field"] == "criterion"
    assert dots["shape"]["field"] == dots["color"]["field"] == "quadrant"
    assert any(e.get("text", {}).get("field") == "nickname" for e in encodings)
    assert "F1" not in json.dumps(layered)


def test_the_false_alarm_table_names_the_right_place_wrong_kind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    seeded = seed_class(open_store(tmp_path))
    seat_teacher(at, seeded["teacher"].id)
    at.run()  # the teacher's pages register once signed in
    at.switch_page("app_pages/teacher_dashboard.py").run()
    at.selectbox(key="dash_excerpt").set_value(seeded["first"].id).run()
    assert not at.exception, [e.value for e in at.exception]
    column = "Right place, wrong kind: the key calls it"
    [alarms] = [d.value for d in at.dataframe if column in d.value.columns]
    assert "Unsupported claim" in set(alarms[column])


def test_progress_words_the_learners_habit_after_enough_excerpts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    store = open_store(tmp_path)
    sam = store.add_learner("Sam")
    easy = [s.excerpt for s in store.excerpts()
            if s.excerpt.difficulty < 3 and s.excerpt.gold(LT)][:MIN_EXCERPTS]
    at.session_state["student_link"] = sam.link
    for done, excerpt in enumerate(easy, start=1):
        # Every loaded term found, and every other word marked too.
        learners.answer_practice(store, sam, excerpt.id, [LT], everything(excerpt))
        at.switch_page("app_pages/progress.py").run()
        assert not at.exception, [e.value for e in at.exception]
        said = texts(at)
        sentence = "You find most loaded terms but also mark nearly all plain words: slow down"
        assert (sentence in said) is (done == MIN_EXCERPTS), (done, said)
    assert "After 3 excerpts of a kind of spin" in texts(at)  # the other kinds wait
