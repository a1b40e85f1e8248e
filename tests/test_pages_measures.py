"""Pages: the test series form, the dashboard's gains and test quality, measured difficulty."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Attempt, Teacher
from quiz.reports import class_report
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.usecases import ratings
from quiz.usecases.simulation import simulate_class
from tests.pages import sign_in_teacher, texts

pytestmark = pytest.mark.usefixtures("fast_hashes")
LT = Category.LOADED_TERM


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path)
    import_content(opened, [DEFAULT_CONTENT])
    return opened


@pytest.fixture
def rivera(store: Store) -> Teacher:
    return store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))


def test_a_teacher_sets_the_three_tests_in_one_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store, rivera: Teacher
) -> None:
    room = store.create_class(rivera.id, "8B")
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_assignments.py").run()
    at.text_input(key="series_title").input("Spring")
    at.slider(key="series_size").set_value(4)
    next(b for b in at.button if b.label == "Set the three tests").click().run()
    assert not at.exception, [e.value for e in at.exception]
    tests = store.assignments_for(room.id)
    assert [t.kind for t in tests] == ["pre_test", "post_test", "retention_test"]
    assert all(len(t.excerpt_ids) == 4 for t in tests)
    assert len({e for t in tests for e in t.excerpt_ids}) == 12
    said = texts(at)
    assert "Tests set" in said
    assert "**Spring: post-test** · Post-test · 4 excerpt(s) · opens" in said
    balance = at.dataframe[0].value
    assert list(balance.columns) == ["Matched on", *(t.title for t in tests)]
    # A title already used is refused, and nothing more is set.
    at.text_input(key="series_title").input("spring")
    next(b for b in at.button if b.label == "Set the three tests").click().run()
    assert "already set" in texts(at) and len(store.assignments_for(room.id)) == 3


def test_the_dashboard_shows_gains_and_the_test_quality(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store, rivera: Teacher
) -> None:
    made = simulate_class(store, students=9, seed=3, practice=2, test_size=4,
                          teacher_name="Ms Rivera")
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Did the class get better at telling spin from plain text?" in texts(at)
    report = class_report(store, made.class_id)
    gains = next(d.value for d in at.dataframe if "Hedges' g" in d.value.columns)
    first = report.gains[0]
    assert gains["Hedges' g"][0] == round(first.hedges_g, 2)  # type: ignore[arg-type]
    assert gains["95% interval"][0] == f"{first.ci_low:.2f} to {first.ci_high:.2f}"
    assert "d ≈ 0.2 to 0.4" in texts(at)
    pre_test = made.tests[0]
    at.selectbox(key=f"dash_view:{made.class_id}").set_value(pre_test.id).run()
    assert not at.exception, [e.value for e in at.exception]
    quality = class_report(store, made.class_id, assignment_id=pre_test.id).quality
    assert quality is not None and quality.alpha is not None
    assert f"Reliability (Cronbach's α): {quality.alpha:.2f}** over 9 student(s)" in texts(at)
    items = next(d.value for d in at.dataframe if "Efficiency" in d.value.columns)
    assert list(items["Check"]) == ["⚠ Review" if i.review else "" for i in quality.items]


def test_measured_difficulty_shows_beside_the_authored_level(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store, rivera: Teacher
) -> None:
    room = store.create_class(rivera.id, "8B")
    excerpt = store.excerpt("opl-01").excerpt
    gold = [(s.start, s.end) for s in excerpt.gold(LT)]
    for n in range(20):  # 20 answers: enough to measure; every one finds every loaded term
        student = store.join_class(room.code, f"s{n}")
        store.record_attempt(Attempt(student_id=student.id, class_id=room.id, mode="class",
                                     excerpt_id="opl-01", excerpt_version=1, categories=[LT],
                                     selections={LT: gold}, score=100))
    [row] = [r for r in ratings.measured_difficulties(store) if r.excerpt_id == "opl-01"]
    assert row.measured is not None and row.answers == 20
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "Measured" in d.value.columns)
    assert list(table["Excerpt"]) == [excerpt.title]
    assert list(table["Measured"]) == [round(row.measured, 1)]
    assert list(table["Check"]) == ["✗ Disagrees" if row.disagrees else "✓ Agrees"]
    at.switch_page("app_pages/teacher_assignments.py").run()
    label = f"level {excerpt.difficulty}, measured {row.measured:.1f}, grade"
    assert any(label in o for o in at.multiselect(key="assign_pick").options)
