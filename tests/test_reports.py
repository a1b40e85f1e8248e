"""The teacher's reports: figures checked against values worked out by hand."""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.content import build_excerpt
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt, Figures, Student, new_id
from quiz.reports import (
    build_report,
    category_averages,
    class_report,
    grade_cells,
    item_analysis,
    judge,
    latest_answers,
    pre_post,
    read_class,
    scores_by_period,
    student_category_rows,
    table,
)
from quiz.storage import Store
from quiz.store import open_store
from tests.conftest import SAMPLE_TEXT, sample_entry

CLASS = new_id()
MONDAY = dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM


def excerpt(excerpt_id: str, drop: str | None = None) -> Excerpt:
    """The conftest sample under another id, optionally without the span quoting ``drop``."""
    data: dict[str, Any] = sample_entry() | {"id": excerpt_id}
    data["spans"] = [s for s in data["spans"] if s["quote"] != drop]
    built, problems = build_excerpt(data)
    assert built is not None, problems
    return built


def at(quote: str, occurrence: int = 1, cut: int | None = None) -> tuple[int, int]:
    """Offsets of the n-th ``quote`` in the sample text; ``cut`` keeps only its first chars."""
    start = -1
    for _ in range(occurrence):
        start = SAMPLE_TEXT.index(quote, start + 1)
    return start, start + (len(quote) if cut is None else cut)


def attempt(
    student: str, excerpt_id: str, score: float, when: dt.datetime = MONDAY, **extra: Any
) -> Attempt:
    fields: dict[str, Any] = {"categories": [OM], "mode": "class", "class_id": CLASS}
    return Attempt(
        student_id=student, excerpt_id=excerpt_id, excerpt_version=1, score=score,
        submitted_at=when, **(fields | extra),
    )


def student(nickname: str) -> Student:
    return Student(nickname=nickname, class_id=CLASS)


# --- item analysis -------------------------------------------------------------------

def test_facility_and_discrimination_by_hand() -> None:
    ann, ben, cat, dan = (new_id() for _ in range(4))
    attempts = [
        attempt(ann, "e1", 10, MONDAY - dt.timedelta(days=1)),  # replaced by the 80 below
        attempt(ann, "e1", 80), attempt(ann, "e2", 60), attempt(ann, "e3", 70),
        attempt(ben, "e1", 40), attempt(ben, "e2", 50), attempt(ben, "e3", 20),
        attempt(cat, "e1", 100), attempt(cat, "e2", 90),
        attempt(dan, "e1", 20),
    ]
    rows = {r.excerpt_id: r for r in item_analysis(latest_answers(attempts), {"e1": "One"})}
    e1 = rows["e1"]
    assert (e1.title, e1.students) == ("One", 4)
    assert e1.facility == pytest.approx((0.8 + 0.4 + 1.0 + 0.2) / 4)
    # Dan answered e1 only, so three students have a rest score.
    assert e1.discrimination_students == 3
    expected = statistics.correlation([0.8, 0.4, 1.0], [0.65, 0.35, 0.9])
    assert e1.discrimination == pytest.approx(expected)
    assert rows["e2"].discrimination == pytest.approx(
        statistics.correlation([0.6, 0.5, 0.9], [0.75, 0.3, 1.0])
    )
    e3 = rows["e3"]
    assert (e3.title, e3.students) == ("e3", 2)
    assert e3.facility == pytest.approx(0.45)
    assert (e3.discrimination, e3.discrimination_students) == (None, 2)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # item score rises with the rest score: perfect discrimination
        ([(20, 20), (50, 50), (80, 80)], 1.0),
        ([(20, 80), (50, 50), (80, 20)], -1.0),
        ([(50, 20), (50, 50), (50, 80)], None),  # everyone scored the same on the item
        ([(20, 60), (50, 60), (80, 60)], None),  # the rest scores do not vary
        ([(20, 20), (80, 80)], None),  # too few students
    ],
)
def test_discrimination_edges(scores: list[tuple[int, int]], expected: float | None) -> None:
    attempts = []
    for item_score, rest in scores:
        someone = new_id()
        attempts += [attempt(someone, "item", item_score), attempt(someone, "other", rest)]
    row = next(r for r in item_analysis(latest_answers(attempts)) if r.excerpt_id == "item")
    assert row.discrimination == (None if expected is None else pytest.approx(expected))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 100)),
                max_size=40))
def test_item_figures_stay_in_range(answers: list[tuple[int, int, int]]) -> None:
    ids = [new_id() for _ in range(6)]
    attempts = [attempt(ids[s], f"e{e}", score) for s, e, score in answers]
    for row in item_analysis(latest_answers(attempts)):
        assert row.facility is not None and 0.0 <= row.facility <= 1.0
        assert row.discrimination is None or -1.0 - 1e-9 <= row.discrimination <= 1.0 + 1e-9
        assert row.discrimination_students <= row.students


# --- students, categories, progress, grades, gain ------------------------------------

def figures(p: float, r: float, f: float) -> Figures:
    return Figures(precision=p, recall=r, f1=f)


def test_student_means_and_class_averages() -> None:
    ann, ben = student("Ann"), student("Ben")
    attempts = [
        attempt(ann.id, "e1", 60, categories=[OM, LT],
                figures={OM: figures(1.0, 0.5, 0.6), LT: figures(0.0, 0.0, 0.0)}),
        attempt(ann.id, "e2", 50, figures={OM: figures(0.5, 0.5, 0.5)}),
        attempt(ben.id, "e1", 20, figures={OM: figures(0.25, 0.25, 0.25)}),
        attempt(ben.id, "e2", 0, categories=[OM, UC]),  # no figures stored: left out
    ]
    rows = student_category_rows([ann, ben], latest_answers(attempts))
    got = {(r.nickname, r.category): (r.answers, r.precision, r.recall, r.f1) for r in rows}
    assert got == {
        ("Ann", OM): (2, 0.75, 0.5, pytest.approx(0.55)),
        ("Ann", LT): (1, 0.0, 0.0, 0.0),
        ("Ben", OM): (1, 0.25, 0.25, 0.25),
    }
    averages = {a.category: a for a in category_averages(rows)}
    assert set(averages) == {OM, LT}
    # each student's mean counts once: (0.55 + 0.25) / 2, not (0.6 + 0.5 + 0.25) / 3
    assert averages[OM].f1 == pytest.approx(0.4)
    assert (averages[OM].students, averages[OM].precision) == (2, 0.5)


@pytest.mark.parametrize(
    ("period", "tz", "expected"),
    [
        ("week", dt.UTC,
         [(dt.date(2026, 11, 16), 3, 2, 50.0), (dt.date(2026, 11, 23), 1, 1, 90.0)]),
        ("day", dt.UTC, [(dt.date(2026, 11, 16), 2, 2, 40.0), (dt.date(2026, 11, 22), 1, 1, 70.0),
                         (dt.date(2026, 11, 23), 1, 1, 90.0)]),
        # Sunday 23:30 UTC is already Monday in UTC+2: a new week there
        ("week", dt.timezone(dt.timedelta(hours=2)),
         [(dt.date(2026, 11, 16), 2, 2, 40.0), (dt.date(2026, 11, 23), 2, 1, 80.0)]),
    ],
)
def test_progress_periods(
    period: Any, tz: dt.tzinfo, expected: list[tuple[dt.date, int, int, float]]
) -> None:
    ann, ben = new_id(), new_id()
    attempts = [
        attempt(ann, "e1", 30), attempt(ben, "e1", 50),
        attempt(ann, "e2", 70, dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)),
        attempt(ann, "e3", 90, dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)),
    ]
    points = scores_by_period(attempts, period=period, tz=tz)
    assert [(p.period_start, p.attempts, p.students, p.mean_score) for p in points] == expected


def test_progress_rejects_unknown_period() -> None:
    with pytest.raises(ValueError, match="'month' is not 'day' or 'week'"):
        scores_by_period([], period="month")  # type: ignore[arg-type]


def test_grade_cells_use_latest_answer_made_for_the_assignment() -> None:
    ann, ben, cat = student("Ann"), student("Ben"), student("Cat")
    week = Assignment(class_id=CLASS, title="Week 1", excerpt_ids=["e1", "e2"])
    attempts = [
        attempt(ann.id, "e1", 10, MONDAY - dt.timedelta(hours=1), assignment_id=week.id),
        attempt(ann.id, "e1", 60, assignment_id=week.id),
        attempt(ann.id, "e2", 80, assignment_id=week.id),
        attempt(ben.id, "e2", 45, assignment_id=week.id),
        attempt(cat.id, "e1", 99),  # not made for the assignment
    ]
    cells = {c.student_id: c for c in grade_cells([ann, ben, cat], [week], attempts)}
    assert (cells[ann.id].score, cells[ann.id].done, cells[ann.id].of) == (70.0, 2, 2)
    assert (cells[ben.id].score, cells[ben.id].done) == (45.0, 1)
    assert (cells[cat.id].score, cells[cat.id].done) == (None, 0)


def test_pre_post_gain_counts_students_who_took_both() -> None:
    ann, ben, cat = new_id(), new_id(), new_id()
    pre = Assignment(class_id=CLASS, title="Before", excerpt_ids=["e1"], kind="pre_test")
    post = Assignment(class_id=CLASS, title="After", excerpt_ids=["e2"], kind="post_test")

    def took(who: str, test: Assignment, om: float, lt: float | None = None) -> Attempt:
        figs = {OM: figures(om, om, om)} | ({} if lt is None else {LT: figures(lt, lt, lt)})
        return attempt(who, test.excerpt_ids[0], 50, assignment_id=test.id,
                       categories=list(figs), figures=figs)

    attempts = [
        took(ann, pre, 0.2, 0.5), took(ann, post, 0.8, 0.5),
        took(ben, pre, 0.4), took(ben, post, 0.6, 1.0),
        took(cat, pre, 0.1),  # no post-test: left out
    ]
    result = pre_post([pre, post], attempts)
    assert result is not None
    assert (result.pre_assignment_id, result.post_assignment_id, result.students) == (
        pre.id, post.id, 2
    )
    rows = {r.category: r for r in result.rows}
    assert rows[OM].students == 2
    assert (rows[OM].pre_f1, rows[OM].post_f1) == pytest.approx((0.3, 0.7))
    assert rows[OM].gain == pytest.approx(0.4)
    # only Ann was asked loaded terms on both tests
    assert (rows[LT].students, rows[LT].gain) == (1, 0.0)
    assert pre_post([pre], attempts) is None


# --- the class report from a real store ------------------------------------------------

@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def seed(store: Store) -> dict[str, Any]:
    """A class of four on the sample excerpt; version 2 drops the 'I think' span."""
    store.import_excerpts([excerpt("sample-01")])
    teacher = store.add_teacher("Ms Lee", "$argon2id$v=19$m=65536,t=3,p=4$known-hash")
    room = store.create_class(teacher.id, "7B")
    people = {n: store.join_class(room.code, n) for n in ("Ann", "Ben", "Cat", "Dan")}

    def answer(name: str, om: list[tuple[int, int]], lt: list[tuple[int, int]],
               version: int = 1, score: float = 50) -> None:
        store.record_attempt(Attempt(
            student_id=people[name].id, class_id=room.id, mode="class",
            excerpt_id="sample-01", excerpt_version=version, categories=[OM, LT],
            selections={OM: om, LT: lt}, score=score,
        ))

    # "the council" 1 sits inside "the councillors"; 2 and 3 are whole words.
    answer("Ann", [at("Clearly"), at("I think"), at("In"), at("the council", 2),
                   at("the council", 3)], [at("Clearly")])
    answer("Ben", [at("Clearly", cut=3), at("the council", 2), at("in", 2)], [])
    answer("Cat", [at("the council", 3)], [at("complete desperation")])
    store.import_excerpts([excerpt("sample-01", drop="I think")])
    answer("Dan", [at("I think")], [], version=2)
    return {"room": room, "people": people}


def test_class_report_spans_false_alarms_heat_map(store: Store) -> None:
    seeded = seed(store)
    report = class_report(store, seeded["room"].id)
    assert report.class_name == "7B"
    assert [s.nickname for s in report.students] == ["Ann", "Ben", "Cat", "Dan"]

    spans = {(r.version, r.category, r.quote, r.start): r for r in report.spans}
    first, second = at("Clearly"), at("Clearly", 2)
    clearly = spans[1, OM, "Clearly", first[0]]
    assert (clearly.students, clearly.found, clearly.partly_found) == (3, 1, 1)
    assert clearly.share_found == pytest.approx(1 / 3)
    assert spans[1, OM, "Clearly", second[0]].found == 0
    assert spans[1, OM, "I think", at("I think")[0]].share_found == pytest.approx(1 / 3)
    assert spans[1, LT, "complete desperation", at("complete desperation")[0]].found == 1
    # scored against the version each attempt names: v2 has no "I think" span
    assert (2, OM, "I think", at("I think")[0]) not in spans
    assert spans[2, OM, "Clearly", first[0]].students == 1

    alarms = {(r.category, r.text): (r.students, r.example) for r in report.false_alarms}
    # Ann marked it twice (both places), Ben and Cat once each: three students
    assert alarms[OM, "the council"] == (3, "the council")
    assert alarms[OM, "in"] == (2, "In")  # "In" and "in" are one group
    assert alarms[OM, "i think"] == (1, "I think")  # Dan, on version 2
    assert alarms[LT, "clearly"] == (1, "Clearly")
    assert report.false_alarms[0].text == "the council"  # most students first

    heat = report.heat_map("sample-01", 1)
    assert heat is not None and heat.students == 3
    token = next(t for t in heat.tokens if t.start == first[0])
    # Ann (both categories) and Ben (part of the word) marked it: two students in all
    assert (token.total, token.by_category[OM], token.by_category[LT]) == (2, 2, 1)
    council = [t for t in heat.tokens if t.text == "council"]
    assert [t.total for t in council] == [0, 2, 2]  # "Millbrook council" was never marked
    latest = report.heat_map("sample-01")
    assert latest is not None and latest.version == 2


def test_report_is_build_report_of_read_class(store: Store) -> None:
    seeded = seed(store)
    now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    data = read_class(store, seeded["room"].id)
    assert sorted(data.excerpts) == [("sample-01", 1), ("sample-01", 2)]
    assert build_report(data, now=now) == class_report(store, seeded["room"].id, now=now)


def test_deleted_student_leaves_the_report(store: Store) -> None:
    seeded = seed(store)
    store.delete_student(seeded["people"]["Ann"].id)
    report = class_report(store, seeded["room"].id)
    assert [s.nickname for s in report.students] == ["Ben", "Cat", "Dan"]
    alarms = {(r.category, r.text): r.students for r in report.false_alarms}
    assert alarms[OM, "the council"] == 2


def test_table_flattens_rows_for_charts(store: Store) -> None:
    report = class_report(store, seed(store)["room"].id)
    rows = table(report.spans)
    assert rows[0]["category"] in {c.value for c in Category}
    heat = report.heat_map("sample-01", 1)
    assert heat is not None
    flat = table(heat.tokens)
    assert set(flat[0]) == {"index", "start", "end", "text", "total", OM.value, LT.value}


# --- benchmark ---------------------------------------------------------------------

def test_benchmark_seed_builds_a_reportable_class(tmp_path: Path) -> None:
    import random

    from bench import reports as bench

    store = open_store(tmp_path / "data")
    class_id = bench.seed_class(store, random.Random(7), students=3, attempts_each=12)
    data = read_class(store, class_id)
    assert len(data.students) == 3 and len(data.attempts) == 36
    assert [a.kind for a in data.assignments] == [
        "pre_test", "regular", "regular", "regular", "post_test"
    ]
    report = build_report(data)
    assert len(report.items) == bench.EXCERPTS
    assert report.pre_post is not None and report.pre_post.students == 3
    for attempt in data.attempts:  # stored figures agree with the report's own scoring
        excerpt = data.excerpts[attempt.excerpt_id, attempt.excerpt_version]
        for category, result in judge(attempt, excerpt).results.items():
            assert attempt.figures[category].f1 == pytest.approx(result.f1)
