"""Issue 13, items 6 and 7: what the teacher sees.

6. Figures per assignment: a pre-test's figures and the pre/post gain keep the
   pre-test answer after the same excerpt is answered in regular work; the
   gradebook shows how much of an assignment was done.
7. No raw values on teacher screens (enum values, "None", ISO times); times on
   the teacher's clock, which is a setting.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.exports import gradebook_csv
from quiz.models import Category
from quiz.records import Assignment, Attempt, Figures, Teacher
from quiz.reports import build_report, read_class
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.usecases import Refused, settings
from tests.pages import sign_in_teacher, start, table_with, texts

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM
MONDAY = dt.datetime(2026, 11, 16, 15, 30, tzinfo=dt.UTC)
DUE = dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.UTC)  # 11:00 in New York (EST)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
RAW = ("social_post", "unsupported_claim", "opinion_marker", "loaded_term", "None", "nan")


def figures(f1: float, *categories: Category) -> dict[Category, Figures]:
    return {c: Figures(precision=f1, recall=f1, f1=f1) for c in categories}


@pytest.fixture
def school(tmp_path: Path) -> dict[str, Any]:
    """Ana answers ev-06 (a social post) in a pre-test, again in regular work, then a post-test.

    The pre-test asks all three skills, the regular work only loaded terms.
    """
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    room = store.create_class(teacher.id, "8B")
    pre = store.add_assignment(Assignment(
        class_id=room.id, title="Before", excerpt_ids=["ev-06"], kind="pre_test", due=DUE,
    ))
    regular = store.add_assignment(Assignment(
        class_id=room.id, title="Week 2", excerpt_ids=["ev-06", "ev-05"], categories=[LT],
        due=DUE,
    ))
    post = store.add_assignment(Assignment(
        class_id=room.id, title="After", excerpt_ids=["ev-06"], kind="post_test",
    ))
    ana = store.join_class(room.code, "Ana")

    def answer(assignment: Assignment, f1: float, hours: int, *asked: Category) -> None:
        store.record_attempt(Attempt(
            student_id=ana.id, class_id=room.id, assignment_id=assignment.id, mode="class",
            excerpt_id="ev-06", excerpt_version=1, categories=list(asked),
            selections={c: [] for c in asked}, figures=figures(f1, *asked), score=100 * f1,
            submitted_at=MONDAY + dt.timedelta(hours=hours),
        ))

    answer(pre, 0.4, 0, OM, UC, LT)
    answer(regular, 0.9, 1, LT)
    answer(post, 0.7, 2, OM, UC, LT)
    return {"store": store, "room": room, "pre": pre, "regular": regular, "post": post,
            "teacher": teacher, "data": tmp_path}


# --- item 6: figures per assignment -------------------------------------------------------

def test_a_pre_test_keeps_its_answer_once_the_excerpt_is_set_again(
    school: dict[str, Any],
) -> None:
    data = read_class(school["store"], school["room"].id)
    pre = build_report(data, assignment_id=school["pre"].id)
    [ana] = pre.students
    assert ana.score == pytest.approx(40.0)
    assert {r.category: r.f1 for r in pre.student_categories} == pytest.approx(
        {OM: 0.4, UC: 0.4, LT: 0.4}
    )
    assert {a.category for a in pre.category_averages} == {OM, UC, LT}

    regular = build_report(data, assignment_id=school["regular"].id)
    assert regular.students[0].score == pytest.approx(90.0)
    assert {r.category: r.f1 for r in regular.student_categories} == pytest.approx({LT: 0.9})
    assert [g.completion for g in regular.grades] == ["1 of 2"]

    for report in (pre, regular, build_report(data)):
        gain = report.pre_post
        assert gain is not None and gain.pre_assignment_id == school["pre"].id
        assert {g.category: g.pre_f1 for g in gain.rows} == pytest.approx(
            {OM: 0.4, UC: 0.4, LT: 0.4}
        )


def test_all_assignments_together_keep_every_skill(school: dict[str, Any]) -> None:
    store: Store = school["store"]
    [ana] = store.students_in(school["room"].id)
    store.record_attempt(Attempt(  # Week 2 again, after the post-test: loaded terms only
        student_id=ana.id, class_id=school["room"].id, assignment_id=school["regular"].id,
        mode="class", excerpt_id="ev-06", excerpt_version=1, categories=[LT],
        selections={LT: []}, figures=figures(0.9, LT), score=90.0,
        submitted_at=MONDAY + dt.timedelta(hours=3),
    ))
    report = build_report(read_class(store, school["room"].id))
    # Each skill from the latest answer asking it: two from the post-test, one from Week 2.
    assert {a.category: a.f1 for a in report.category_averages} == pytest.approx(
        {OM: 0.7, UC: 0.7, LT: 0.9}
    )


def test_the_gradebook_shows_how_much_was_done(school: dict[str, Any]) -> None:
    report = build_report(read_class(school["store"], school["room"].id))
    table = list(csv.reader(io.StringIO(gradebook_csv(report))))
    row = dict(zip(table[0], table[1], strict=True))
    assert (row["Week 2"], row["Week 2 (done)"]) == ("90.0", "1 of 2")
    assert (row["Before"], row["Before (done)"]) == ("40.0", "1 of 1")


# --- item 7: labels, blanks and the teacher's clock ---------------------------------------

def test_a_teacher_time_zone_is_a_checked_setting(school: dict[str, Any]) -> None:
    store: Store = school["store"]
    old = school["teacher"].model_dump(mode="json")
    del old["time_zone"]
    assert Teacher.model_validate(old).time_zone == "UTC"  # records from before the setting
    with pytest.raises(ValidationError, match="not a time zone"):
        Teacher.model_validate(old | {"time_zone": "Mars/Olympus"})
    with pytest.raises(Refused, match="not a time zone"):
        settings.set_time_zone(store, school["teacher"], "Mars/Olympus")
    changed = settings.set_time_zone(store, school["teacher"], "America/New_York")
    assert store.teacher_by_name("Ms Rivera") == changed
    assert changed.time_zone == "America/New_York"


def cells(at: AppTest) -> list[str]:
    """Every table cell as the grid shows it (a Styler's display text when there is one)."""
    shown: list[str] = []
    for table in at.dataframe:
        styler = table.proto.arrow_data.styler
        if styler.display_values:
            frame = dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
        else:
            frame = table.value
        shown += [str(v) for v in frame.to_numpy().ravel().tolist()]
        shown += [str(c) for c in frame.columns]
    return shown


def assert_plain(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at) + "\n" + "\n".join(cells(at))
    said += "\n".join(str(s.label) for s in at.selectbox)
    for raw in RAW:
        assert not re.search(rf"\b{raw}\b", said), raw
    assert not ISO.search(said), ISO.search(said)


def test_teacher_screens_show_labels_blanks_and_local_time(
    monkeypatch: pytest.MonkeyPatch, school: dict[str, Any]
) -> None:
    settings.set_time_zone(school["store"], school["teacher"], "America/New_York")
    at = sign_in_teacher(monkeypatch, school["data"], "Ms Rivera")

    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert_plain(at)
    assert "16 Nov 2026, 12:30 EST" in cells(at)  # the post-test answer, 17:30 UTC
    view = at.selectbox(key=f"dash_view:{school['room'].id}")
    view.set_value(school["regular"].id).run()
    assert_plain(at)
    students = table_with(at, "Score", "Done")
    assert list(students["Score"]) == [90.0] and list(students["Done"]) == ["1 of 2"]

    at.switch_page("app_pages/teacher_assignments.py").run()
    assert_plain(at)
    assert "due 20 Nov 2026, 11:00 EST" in texts(at)
    assert all("America/New" in t.label for t in at.time_input)


def test_the_time_zone_is_chosen_on_the_classes_page(
    monkeypatch: pytest.MonkeyPatch, school: dict[str, Any]
) -> None:
    at = sign_in_teacher(monkeypatch, school["data"], "Ms Rivera")
    at.switch_page("app_pages/teacher_classes.py").run()
    zone = at.selectbox(key="settings_time_zone")
    assert zone.value == "UTC" and "Europe/Paris" in zone.options
    zone.set_value("Europe/Paris").run()
    assert not at.exception, [e.value for e in at.exception]
    teacher = open_store(school["data"]).teacher_by_name("Ms Rivera")
    assert teacher is not None and teacher.time_zone == "Europe/Paris"


def test_students_see_due_times_on_their_teacher_clock(
    monkeypatch: pytest.MonkeyPatch, school: dict[str, Any]
) -> None:
    store: Store = school["store"]
    settings.set_time_zone(store, school["teacher"], "America/New_York")
    ben = store.join_class(school["room"].code, "Ben")
    at = start(monkeypatch, school["data"])
    at.session_state["student_link"] = ben.link
    at.switch_page("app_pages/class_quiz.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "due 20 Nov 2026, 11:00 EST" in texts(at)
    assert "UTC" not in texts(at)
