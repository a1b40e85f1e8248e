"""The teacher's pages under AppTest: sign-in, classes, assignments, dashboard, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from quiz import auth
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Assignment, Attempt, Figures
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.ui import session
from quiz.ui.auth_routes import FIRST_TEACHER, SIGN_IN, SIGN_OUT
from quiz.ui.sign_in_form import COMPONENT_NAME
from quiz.usecases import accounts
from tests.pages import components, raw_texts, sign_in_teacher, start, table_with, texts

PASSWORD = "a long enough sentence"
EVIL = "<img src=x onerror=alert(1)>"
LT = Category.LOADED_TERM


def signed_in(monkeypatch: pytest.MonkeyPatch, data: Path, name: str = "Ms Rivera") -> AppTest:
    return sign_in_teacher(monkeypatch, data, name)


@pytest.fixture
def school(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    store.add_teacher("Ms Rivera", hash_password(PASSWORD))
    return store


def form(at: AppTest) -> dict[str, Any]:
    """The payload of the sign-in page's form component (what the browser gets)."""
    [element] = components(at, COMPONENT_NAME)
    data: dict[str, Any] = json.loads(element.proto.json)
    return data


def test_first_run_asks_for_the_setup_code_and_has_no_open_form(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The attack: on a fresh server any visitor to Teacher sign-in created an account.
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "First run" in texts(at) and "setup code" in texts(at)
    assert not at.text_input and not at.button  # no form that creates an account by itself
    data = form(at)
    assert data["action"] == FIRST_TEACHER
    assert [f["name"] for f in data["fields"]] == ["code", "name", "password", "again"]
    code = (tmp_path / "setup-code.txt").read_text().strip()
    assert len(code) == 32 and code not in json.dumps(data)  # only the console and file have it
    assert (tmp_path / "setup-code.txt").stat().st_mode & 0o777 == 0o600
    assert open_store(tmp_path).teachers() == []


def test_sign_in_posts_to_the_route_and_no_password_enters_session_state(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    data = form(at)
    assert data["action"] == SIGN_IN and data["submit"] == "Sign in"
    assert [(f["name"], f["type"]) for f in data["fields"]] == [
        ("name", "text"), ("password", "password")
    ]
    assert not at.text_input
    assert not (tmp_path / "setup-code.txt").exists()


def test_session_state_sign_in_still_works_and_signs_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = signed_in(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    assert "Signed in as **Ms Rivera**" in texts(at)
    at.button[0].click().run()  # Sign out (no cookie: the session-state fallback)
    assert "teacher_id" not in at.session_state
    assert form(at)["action"] == SIGN_IN


def test_a_cookie_session_signs_in_on_every_run_until_it_expires(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    teacher = school.teacher_by_name("Ms Rivera")
    assert teacher is not None
    token = accounts.start_session(school, teacher, dt.datetime.now(dt.UTC))
    monkeypatch.setattr(session, "session_cookie", lambda: token)
    at = start(monkeypatch, tmp_path)  # a fresh run, as after a reload
    at.switch_page("app_pages/teacher_classes.py").run()  # in the navigation: signed in
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("app_pages/teacher_sign_in.py").run()
    assert "Signed in as **Ms Rivera**" in texts(at)
    assert form(at)["action"] == SIGN_OUT and "teacher_id" not in at.session_state
    stale = accounts.start_session(
        school, teacher, dt.datetime.now(dt.UTC) - auth.SESSION_TTL - dt.timedelta(minutes=1)
    )
    monkeypatch.setattr(session, "session_cookie", lambda: stale)
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    assert "Your session expired" in texts(at) and form(at)["action"] == SIGN_IN
    assert school.session(auth.session_id(stale)) is None  # deleted, not only ignored


def test_students_cannot_open_teacher_pages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = start(monkeypatch, tmp_path)
    with pytest.raises(Exception, match="teacher_classes"):
        at.switch_page("app_pages/teacher_classes.py").run()
    for page in ("teacher_classes", "teacher_assignments", "teacher_dashboard",
                 "teacher_students"):
        direct = AppTest.from_file(str(Path(__file__).parent.parent / "app_pages" / f"{page}.py"))
        direct.run()
        assert "This page is for teachers" in texts(direct), page


def test_expired_session_signs_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = signed_in(monkeypatch, tmp_path)
    at.session_state["teacher_signed_in_at"] = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    assert "Your session expired" in texts(at)


def test_create_class_and_assignment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = signed_in(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_classes.py").run()
    at.text_input[0].input("8B Media")
    at.button[0].click().run()
    [room] = school.classes_for(school.teacher_by_name("Ms Rivera").id)  # type: ignore[union-attr]
    assert room.name == "8B Media"
    assert f"join code is {room.code}" in texts(at)
    assert any(room.code in str(h.proto.body) for h in at.get("html"))  # the projector view

    at.switch_page("app_pages/teacher_assignments.py").run()
    at.multiselect(key="flt_difficulty").set_value([1]).run()
    at.text_input[0].input("Week 1")
    options = at.multiselect(key="assign_pick").options
    at.multiselect(key="assign_pick").set_value(options[:2])
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    [assignment] = school.assignments_for(room.id)
    assert assignment.title == "Week 1" and len(assignment.excerpt_ids) == 2
    assert all(school.excerpt(i).excerpt.difficulty == 1 for i in assignment.excerpt_ids)


def seed_answers(store: Store) -> dict[str, Any]:
    """Three students answer two excerpts; figures chosen to check by hand."""
    teacher = store.teacher_by_name("Ms Rivera")
    assert teacher is not None
    room = store.create_class(teacher.id, "8B")
    first, second = "opl-01", "opr-01"
    assignment = store.add_assignment(
        Assignment(class_id=room.id, title="Week 1", excerpt_ids=[first, second],
                   categories=[LT])
    )
    scores = {"Ana": (1.0, 0.5), "Ben": (0.5, 0.5), EVIL: (0.0, 0.25)}
    for nickname, (f_first, f_second) in scores.items():
        student = store.join_class(room.code, nickname)
        for excerpt_id, f1 in ((first, f_first), (second, f_second)):
            store.record_attempt(Attempt(
                student_id=student.id, class_id=room.id, assignment_id=assignment.id,
                excerpt_id=excerpt_id, excerpt_version=1, categories=[LT],
                selections={LT: []}, figures={LT: Figures(precision=f1, recall=f1, f1=f1)},
                score=100 * f1, mode="class",
            ))
    return {"room": room}


def test_dashboard_figures_match_hand_computation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    seed_answers(school)
    at = signed_in(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # Class average of loaded terms: mean of student means (0.75, 0.5, 0.125) = 0.4583.
    [metric] = [m for m in at.metric if m.label == "Loaded term"]
    assert metric.value == "46"
    students = table_with(at, "Score", "Excerpts")
    assert list(students["Score"]) == [75.0, 50.0, 12.5]
    assert list(students["Loaded term"]) == [75.0, 50.0, 12.5]  # the only skill asked
    assert EVIL in list(students["Nickname"])  # shown as a table cell: text, not HTML
    items = table_with(at, "Facility")
    # Facility of opl-01: (1.0 + 0.5 + 0.0) / 3 = 0.5; of opr-01: (0.5+0.5+0.25)/3 = 0.42.
    assert sorted(items["Facility"]) == [0.42, 0.5]
    assert "<img" not in raw_texts(at).replace(r"\<img", "")


def test_exports_parse_back_and_student_deletion(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    seeded = seed_answers(school)
    handed_out: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self: MemoryMediaFileStorage, data: Any, *args: Any, **kwargs: Any) -> str:
        handed_out.append(data if isinstance(data, bytes) else str(data).encode())
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    at = signed_in(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_students.py").run()
    assert not at.exception, [e.value for e in at.exception]
    gradebook = list(csv.reader(io.StringIO(handed_out[0].decode("utf-8"))))
    assert gradebook[0] == ["nickname", "Week 1", "Week 1 (done)"]
    rows = {r[0].lstrip("'"): r[1] for r in gradebook[1:]}
    assert rows == {"Ana": "75.0", "Ben": "50.0", EVIL: "12.5"}
    everything = b"".join(handed_out).decode("utf-8")
    assert "$argon2id$" not in everything
    # The downloads in page order: 3 class CSVs, the student's report, their data (JSON),
    # the class's return-link slips (HTML, every nickname escaped).
    assert len(handed_out) == 6
    data = json.loads(handed_out[4].decode("utf-8"))
    slips = handed_out[5].decode("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in slips and EVIL not in slips
    assert len(data["attempts"]) == 2
    assert EVIL not in raw_texts(at).replace(r"\<img src=x onerror=alert\(1\)\>", "")

    chosen = at.selectbox(key="students_pick")
    nickname = next(s.nickname for s in school.students_in(seeded["room"].id)
                    if s.id == chosen.value)
    at.text_input(key="delete_confirm").input(nickname).run()
    [delete] = [b for b in at.button if b.label.startswith("Delete student")]
    delete.click().run()
    assert nickname not in [s.nickname for s in school.students_in(seeded["room"].id)]
    assert len([a for a in school.iter_attempts()]) == 4
    assert "Deleted **" in raw_texts(at)
