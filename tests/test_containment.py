"""One damaged file disables only what it holds, and nobody sees a traceback (issue 12).

Each test builds a real data folder, damages one real file the way a crash or a
full disk would (cut in half), runs the whole app under AppTest, and checks that
the rest of the app works and that the page says in plain words what is
unavailable and what to tell the person who runs the server.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.loadtest import sample_attempt, sample_excerpt
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.records import Classroom, Student
from quiz.storage import import_content
from quiz.store import TinyDBStore
from tests.pages import sign_in_teacher, start, table_with, texts

PASSWORD = "a long enough sentence"
ADMIN = "python -m quiz db check"


def damage(path: Path) -> bytes:
    """Cut a file in half, as a crash mid-write without atomic replacement would."""
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path.read_bytes()


def said(at: AppTest) -> str:
    """What the page says, errors and warnings included; never a traceback."""
    assert not at.exception, [e.value for e in at.exception]
    return texts(at)


@pytest.fixture
def school(tmp_path: Path) -> tuple[TinyDBStore, Classroom, Student, Student]:
    """The bundled content, Ms Rivera, class 8A with Ana (2 class answers) and Ben (1)."""
    store = TinyDBStore(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    store.import_excerpts([sample_excerpt()])
    teacher = store.add_teacher("Ms Rivera", hash_password(PASSWORD))
    room = store.create_class(teacher.id, "8A")
    ana = store.join_class(room.code, "Ana")
    ben = store.join_class(room.code, "Ben")
    for student, count in ((ana, 2), (ben, 1)):
        for _ in range(count):
            store.record_attempt(sample_attempt(student.id, room.id))
    return store, room, ana, ben


def teacher_app(monkeypatch: pytest.MonkeyPatch, data: Path) -> AppTest:
    return sign_in_teacher(monkeypatch, data, "Ms Rivera")


def test_a_damaged_attempt_file_marks_one_student_and_they_can_still_be_deleted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: tuple[TinyDBStore, ...]
) -> None:
    store, room, ana, ben = school
    chunk = tmp_path / "attempts" / ana.id / "00000.json"
    damage(chunk)
    at = teacher_app(monkeypatch, tmp_path)

    at.switch_page("app_pages/teacher_dashboard.py").run()
    words = said(at)
    assert "The answers of Ana are unavailable" in words and ADMIN in words
    assert "2 student(s); 1 have answered something." in words  # Ben's answer still counts
    table = table_with(at, "Nickname", "Excerpts")
    assert list(table["Nickname"]) == ["Ana (answers unavailable)", "Ben"]
    assert list(table["Excerpts"]) == [0, 1]

    at.switch_page("app_pages/teacher_students.py").run()
    words = said(at)
    assert "The answers of Ana are unavailable" in words
    at.selectbox(key="students_pick").set_value(ana.id).run()
    words = said(at)
    assert "The report and data export of Ana are unavailable" in words
    at.text_input(key="delete_confirm").input("Ana").run()
    [delete] = [b for b in at.button if b.label.startswith("Delete student")]
    delete.click().run()
    assert "Deleted **Ana**" in said(at)
    assert [s.nickname for s in store.students_in(room.id)] == ["Ben"]
    assert not (tmp_path / "attempts" / ana.id).exists()  # the damaged file went with her
    assert len(store.attempts_for_student(ben.id)) == 1
    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert "unavailable" not in said(at)


def test_a_damaged_roster_shows_that_class_unavailable_and_the_others_whole(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: tuple[TinyDBStore, ...]
) -> None:
    store, room, _, _ = school
    other = store.create_class(room.teacher_id, "9C")
    store.join_class(other.code, "Cleo")
    damage(tmp_path / "classes" / f"{room.id}.json")
    at = teacher_app(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_classes.py").run()
    words = said(at)
    assert f"Join code **{other.code}** · 1 student(s)" in words
    assert f"Join code **{room.code}** · students unavailable" in words
    assert "This class's students and assignments are unavailable" in words and ADMIN in words
    # The class's own pages say so too, instead of a traceback.
    at.switch_page("app_pages/teacher_dashboard.py").run()
    at.selectbox(key="dash_class").set_value(room.id).run()
    assert "This class's dashboard is unavailable" in said(at)


def test_a_damaged_school_file_leaves_home_up_and_sign_in_says_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: tuple[TinyDBStore, ...]
) -> None:
    damage(tmp_path / "school.json")
    at = start(monkeypatch, tmp_path)  # start() asserts the first run raised nothing
    assert "Practise alone" in said(at)
    at.switch_page("app_pages/teacher_sign_in.py").run()
    words = said(at)
    assert "This page is unavailable" in words and ADMIN in words
    assert "CorruptFile" not in words and "school.json" not in words


def test_a_damaged_content_file_leaves_home_up_after_a_restart(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: tuple[TinyDBStore, ...]
) -> None:
    # A fresh tmp_path is a fresh data folder for the app: a process that opens it first.
    damage(tmp_path / "content.json")
    at = start(monkeypatch, tmp_path)
    words = said(at)
    assert "Practise alone" in words
    assert "Practice and class quizzes are unavailable" in words and ADMIN in words
    at.switch_page("app_pages/practice.py").run()
    assert "The excerpts are unavailable" in said(at)
    at.switch_page("app_pages/class_quiz.py").run()
    said(at)  # whatever it shows, it is words, not a traceback


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    """Every replace of a file in ``data`` fails as on a full disk."""
    replace = os.replace

    def full(src: str | Path, dst: str | Path, *args: object, **kwargs: object) -> None:
        if Path(dst).resolve().is_relative_to(data.resolve()):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", full)


def data_files(data: Path) -> dict[Path, bytes]:
    return {
        p: p.read_bytes() for p in sorted(data.rglob("*"))
        if p.is_file() and not p.relative_to(data).parts[0].startswith(".")
    }


def test_a_full_disk_says_nothing_was_saved_and_nothing_was_lost(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: tuple[TinyDBStore, ...]
) -> None:
    at = teacher_app(monkeypatch, tmp_path)
    at.switch_page("app_pages/teacher_classes.py").run()
    before = data_files(tmp_path)
    fill_the_disk(monkeypatch, tmp_path)
    at.text_input[0].input("10A")
    at.button[0].click().run()  # "Create class" (the form's submit)
    words = said(at)
    assert "The server's disk is full" in words and "nothing was lost" in words
    assert data_files(tmp_path) == before  # the old school file is whole; no temporary left
    monkeypatch.undo()
    assert [c.name for c in TinyDBStore(tmp_path).classes()] == ["8A"]


def test_a_full_disk_during_an_answer_loses_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    at.button(key="practice_keep").click().run()
    at.text_input[0].input("Dana")
    at.button[0].click().run()  # "Save my progress": Dana is kept in learners.json
    assert "Practising as **Dana**" in said(at)
    before = data_files(tmp_path)
    fill_the_disk(monkeypatch, tmp_path)
    at.button(key="practice:submit").click().run()
    words = said(at)
    assert "The server's disk is full: your answer or change was not saved" in words
    assert data_files(tmp_path) == before


def test_a_damaged_school_file_does_not_stop_the_server_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.ui import session

    TinyDBStore(tmp_path).create_class(TinyDBStore(tmp_path).add_teacher("T", "x").id, "8B")
    damage(tmp_path / "school.json")
    assert session.announce_setup_code(TinyDBStore(tmp_path), tmp_path) is None
    assert "db check" in capsys.readouterr().out
