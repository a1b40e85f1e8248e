"""Exports: CSV parsed back, the formula guard, the per-student report, the privacy export."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.content import build_excerpt
from quiz.csv_safe import FORMULA_STARTS, Cell, csv_text, safe_cell
from quiz.exports import (
    gradebook_csv,
    item_analysis_csv,
    span_analysis_csv,
    student_data_json,
    student_report,
    unique_titles,
)
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt, Figures
from quiz.reports import class_report
from quiz.storage import NotFound, Store
from quiz.store import open_store
from tests.conftest import SAMPLE_TEXT, sample_entry

OM = Category.OPINION_MARKER
KNOWN_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$known-hash-do-not-leak"
MONDAY = dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
TRICKY = "<img src=x onerror=alert(1)>"
QUOTED = 'Zoë "the builder", Jr.'


def excerpt(excerpt_id: str) -> Excerpt:
    built, problems = build_excerpt(sample_entry() | {"id": excerpt_id})
    assert built is not None, problems
    return built


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def seeded(tmp_path: Path) -> dict[str, Any]:
    """A class with tricky nicknames, two assignments with one title and a formula title.

    Titles are unique among a class's live assignments, so the first "Week 1" is
    deleted before "week 1" is set; a deleted assignment's answers stay in the exports.
    """
    store = open_store(tmp_path / "data")
    store.import_excerpts([excerpt("e-one"), excerpt("e-two")])
    teacher = store.add_teacher("Ms Lee", KNOWN_HASH)
    room = store.create_class(teacher.id, "7B")
    names = ["Ann", TRICKY, QUOTED, "=1+1", "Ben"]
    people = {n: store.join_class(room.code, n) for n in names}
    first = store.add_assignment(
        Assignment(class_id=room.id, title="Week 1", excerpt_ids=["e-one", "e-two"])
    )
    store.update_assignment(first.model_copy(update={"deleted_at": MONDAY}))
    again = store.add_assignment(
        Assignment(class_id=room.id, title="week 1", excerpt_ids=["e-one"])
    )
    formula = store.add_assignment(
        Assignment(class_id=room.id, title="=HYPERLINK(\"x\")", excerpt_ids=["e-two"])
    )

    def answer(name: str, assignment: Assignment, excerpt_id: str, f1: float, hours: int = 0,
               marks: tuple[str, ...] = ()) -> None:
        spans = [(SAMPLE_TEXT.index(m), SAMPLE_TEXT.index(m) + len(m)) for m in marks]
        store.record_attempt(Attempt(
            student_id=people[name].id, class_id=room.id, mode="class",
            assignment_id=assignment.id, excerpt_id=excerpt_id, excerpt_version=1,
            categories=[OM], selections={OM: spans},
            figures={OM: Figures(precision=f1, recall=f1, f1=f1)}, score=100 * f1,
            submitted_at=MONDAY + dt.timedelta(hours=hours),
        ))

    answer("Ann", first, "e-one", 0.1)
    answer("Ann", first, "e-one", 0.6, hours=1, marks=("Clearly", "the Millbrook council"))
    answer("Ann", first, "e-two", 0.85, marks=("I think",))
    answer(TRICKY, first, "e-two", 0.45)
    answer(QUOTED, again, "e-one", 1.0, marks=("Clearly",))
    answer("=1+1", formula, "e-two", 0.3)
    answer("Ben", first, "e-one", 0.2, marks=("the Millbrook council",))
    return {"store": store, "room": room, "people": people, "assignments": [first, again, formula]}


def test_gradebook_csv_shape_and_values(seeded: dict[str, Any]) -> None:
    report = class_report(seeded["store"], seeded["room"].id)
    table = rows(gradebook_csv(report))
    assert table[0] == [
        "nickname", "Week 1", "Week 1 (done)", "week 1 (2)", "week 1 (2) (done)",
        "'=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\") (done)",
    ]
    assert all(len(row) == 7 for row in table)
    body = {row[0]: row[1::2] for row in table[1:]}
    assert body == {
        "Ann": ["72.5", "", ""],  # latest e-one answer (60) and e-two (85)
        TRICKY: ["45.0", "", ""],  # passed through as text: escaping is the page's job
        QUOTED: ["", "100.0", ""],  # quotes and comma survive the round trip
        "'=1+1": ["", "", "30.0"],  # would run as a formula in a spreadsheet
        "Ben": ["20.0", "", ""],
    }
    # Beside each score, how much was done: Ben's 20.0 is on 1 of the 2 excerpts.
    done = {row[0]: row[2::2] for row in table[1:]}
    assert done["Ann"] == ["2 of 2", "0 of 1", "0 of 1"]
    assert done["Ben"] == ["1 of 2", "0 of 1", "0 of 1"]
    assert gradebook_csv(report).encode("utf-8").decode("utf-8") == gradebook_csv(report)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20", "'+44 20"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ann", "Ann"),
        (TRICKY, TRICKY),
        ("a=b", "a=b"),
        ("", ""),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-0.500", "-0.500"),  # a plain number is no formula: it stays a number
        ("-12", "-12"),
        ("-1e5", "'-1e5"),
        ("-1+2", "'-1+2"),
        (-0.25, "-0.25"),
        (-1e-05, "-1e-05"),
        (3, "3"),
        (None, ""),
    ],
)
def test_safe_cell(value: Cell, expected: str) -> None:
    assert safe_cell(value) == expected


@given(st.text())
def test_safe_cell_never_starts_a_formula_and_keeps_the_text(value: str) -> None:
    guarded = safe_cell(value)
    assert not guarded.startswith(FORMULA_STARTS) or re.fullmatch(r"-[0-9]+(\.[0-9]+)?", value)
    assert guarded in (value, "'" + value)


CELLS = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none())


@given(st.lists(st.lists(CELLS, min_size=1, max_size=4), max_size=4))
def test_csv_text_writes_every_cell_guarded(table: list[list[Cell]]) -> None:
    assert rows(csv_text(table)) == [[safe_cell(c) for c in row] for row in table]


@given(st.lists(st.sampled_from(["Quiz", "quiz", "Quiz (2)", "Test", "nickname"]), max_size=8))
def test_unique_titles_are_distinct(titles: list[str]) -> None:
    unique = unique_titles(titles)
    assert len(unique) == len(titles)
    assert len({t.casefold() for t in unique}) == len(unique)
    assert all(u.startswith(t) for u, t in zip(unique, titles, strict=True))


def test_item_and_span_csv_match_the_report(seeded: dict[str, Any]) -> None:
    report = class_report(seeded["store"], seeded["room"].id)
    items = rows(item_analysis_csv(report))
    assert items[0] == ["excerpt_id", "title", "students", "facility", "discrimination",
                        "discrimination_students"]
    assert len(items) == 1 + len(report.items) == 3
    for line, item in zip(items[1:], report.items, strict=True):
        assert line[0] == item.excerpt_id and int(line[2]) == item.students
        assert float(line[3]) == pytest.approx(item.facility, abs=5e-4)
        assert line[4] == ("" if item.discrimination is None else f"{item.discrimination:.3f}")
    e_one = next(i for i in report.items if i.excerpt_id == "e-one")
    assert e_one.facility == pytest.approx((0.6 + 1.0 + 0.2) / 3)

    spans = rows(span_analysis_csv(report))
    assert spans[0][:3] == ["excerpt_id", "version", "category"]
    clearly = [r for r in spans[1:] if r[0] == "e-one" and r[5] == "Clearly"]
    assert [r[6:9] for r in clearly] == [["3", "2", "0"], ["3", "0", "0"]]


def test_negative_discrimination_stays_a_number(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    store.import_excerpts([excerpt("e-one"), excerpt("e-two")])
    room = store.create_class(store.add_teacher("T", KNOWN_HASH).id, "8A")
    for n, (a, b) in enumerate([(20, 80), (50, 50), (80, 20)]):
        someone = store.join_class(room.code, f"s{n}")
        for excerpt_id, score in (("e-one", a), ("e-two", b)):
            store.record_attempt(Attempt(
                student_id=someone.id, class_id=room.id, mode="class", excerpt_id=excerpt_id,
                excerpt_version=1, categories=[OM], score=score,
            ))
    table = rows(item_analysis_csv(class_report(store, room.id)))
    assert [r[4] for r in table[1:]] == ["-1.000", "-1.000"]


def test_student_report_reads_plainly(seeded: dict[str, Any]) -> None:
    store: Store = seeded["store"]
    ann = seeded["people"]["Ann"]
    text = student_report(store, ann.id, now=dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC))
    assert text.startswith("Spin Spotter report: Ann\nClass: 7B\nWritten: 28 Nov 2026, 09:00 UTC")
    assert "Attempts: 3, on 2 excerpt(s)." in text
    assert "Mean score: 72.5 / 100" in text
    assert "  Opinion marker              72%     72%    72%        2" in text
    assert "  Week 1: 72.5 (2 of 2 excerpts)" in text
    assert "  week 1: not started (0 of 1 excerpts)" in text
    # e-one: Clearly found, the second Clearly missed; e-two: only "I think" found
    assert "  Opinion marker: found 2 of 6" in text
    assert "“the Millbrook council” ×1" in text
    assert text.count("16 Nov 2026, 1") == 3
    paris = student_report(store, ann.id, now=MONDAY, zone="Europe/Paris")
    assert "Written: 16 Nov 2026, 11:00 CET" in paris  # the teacher's clock, named
    assert "16 Nov 2026, 12:00 CET" in paris and "UTC" not in paris
    tricky = student_report(store, seeded["people"][TRICKY].id)
    assert f"Spin Spotter report: {TRICKY}\n" in tricky


def test_student_data_json_holds_one_student(seeded: dict[str, Any]) -> None:
    store: Store = seeded["store"]
    ann = seeded["people"]["Ann"]
    data = json.loads(student_data_json(store, ann.id))
    assert data["format"] == "spin-spotter-student-export"
    assert data["student"] == ann.model_dump(mode="json")
    assert data["class"] == {"id": seeded["room"].id, "name": "7B"}
    assert [a["title"] for a in data["assignments"]] == ["Week 1"]
    assert [a["id"] for a in data["attempts"]] == [
        a.id for a in store.attempts_for_student(ann.id)
    ]
    assert {a["student_id"] for a in data["attempts"]} == {ann.id}
    assert seeded["room"].code not in json.dumps(data)
    store.delete_student(ann.id)
    with pytest.raises(NotFound, match="no student"):
        student_data_json(store, ann.id)


def test_no_export_carries_the_password_hash(seeded: dict[str, Any]) -> None:
    store: Store = seeded["store"]
    report = class_report(store, seeded["room"].id)
    exports = [gradebook_csv(report), item_analysis_csv(report), span_analysis_csv(report)]
    for person in seeded["people"].values():
        exports += [student_report(store, person.id), student_data_json(store, person.id)]
    teacher = store.teacher_by_name("Ms Lee")
    assert teacher is not None and teacher.password_hash == KNOWN_HASH
    for text in exports:
        assert KNOWN_HASH not in text
        assert "known-hash" not in text and "$argon2" not in text
        assert teacher.id not in text


def test_exports_of_a_learner_with_nothing_yet(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    solo = store.add_learner("Solo")
    data = json.loads(student_data_json(store, solo.id))
    assert (data["class"], data["assignments"], data["attempts"]) == (None, [], [])
    text = student_report(store, solo.id)
    assert "Class: self-guided practice\n" in text and "Attempts: 0, on 0 excerpt(s)." in text
    assert "Mean score" not in text
    room = store.create_class(store.add_teacher("T", KNOWN_HASH).id, "Empty")
    report = class_report(store, room.id)
    assert rows(gradebook_csv(report)) == [["nickname"]]
    assert len(rows(item_analysis_csv(report))) == 1


FORMULA_NICKNAMES = ['=HYPERLINK("http://x")', "@SUM(1)"]
ROOT = Path(__file__).resolve().parent.parent


def every_csv(store: Store, data: Path, class_id: str) -> dict[str, str]:
    """Every CSV the project writes: the three in-app exports and ``db export``."""
    report = class_report(store, class_id)
    cli = subprocess.run(
        [sys.executable, "-m", "quiz", "db", "export", "--data", str(data), "--format", "csv"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )
    return {
        "gradebook": gradebook_csv(report),
        "item analysis": item_analysis_csv(report),
        "spans": span_analysis_csv(report),
        "db export": cli.stdout,
    }


def test_formula_names_are_guarded_in_every_csv_the_project_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    store.import_excerpts([excerpt("e-one")])
    room = store.create_class(store.add_teacher("Ms Lee", KNOWN_HASH).id, "+cmd|' /C calc'!A0")
    week = store.add_assignment(
        Assignment(class_id=room.id, title="-2+3+cmd", excerpt_ids=["e-one"])
    )
    for name in FORMULA_NICKNAMES:
        student = store.join_class(room.code, name)
        store.record_attempt(Attempt(
            student_id=student.id, class_id=room.id, mode="class", assignment_id=week.id,
            excerpt_id="e-one", excerpt_version=1, categories=[OM], score=25.0,
        ))
    written = every_csv(store, data, room.id)
    for what in ("gradebook", "db export"):
        cells = [cell for row in rows(written[what]) for cell in row]
        assert {"'" + name for name in FORMULA_NICKNAMES} <= set(cells), what
        assert not set(FORMULA_NICKNAMES) & set(cells), what
    assert "'-2+3+cmd" in rows(written["gradebook"])[0]
    assert "'+cmd|' /C calc'!A0" in [row[4] for row in rows(written["db export"])]
    for what, text in written.items():
        for cell in (cell for row in rows(text) for cell in row):
            formula = cell.startswith(FORMULA_STARTS) and not re.fullmatch(r"-[0-9.]+", cell)
            assert not formula, f"{what}: {cell!r}"


def test_one_module_writes_csv() -> None:
    """Every CSV goes through quiz.csv_safe: no other module imports ``csv`` to write one."""
    sources = [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("quiz/**/*.py"),
               *ROOT.glob("bench/**/*.py")]
    importing = set()
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if "csv" in names or (isinstance(node, ast.ImportFrom) and node.module == "csv"):
                importing.add(path.relative_to(ROOT).as_posix())
    assert importing == {"quiz/csv_safe.py"}
