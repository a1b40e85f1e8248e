"""Issue 12, student identity: nobody becomes another student by typing their nickname.

Each test performs the attack through the real pages (AppTest) on a real data folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.records import Assignment
from quiz.storage import import_content
from quiz.store import open_store
from tests.pages import sign_in_teacher, start, texts


@pytest.fixture
def room(tmp_path: Path) -> dict[str, str]:
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    classroom = store.create_class(teacher.id, "8B")
    first = next(s.id for s in store.excerpts() if s.excerpt.difficulty == 1)
    store.add_assignment(Assignment(class_id=classroom.id, title="Week 1", excerpt_ids=[first]))
    return {"code": classroom.code, "class_id": classroom.id}


def join(monkeypatch: pytest.MonkeyPatch, data: Path, code: str, nickname: str) -> AppTest:
    at = start(monkeypatch, data)
    at.switch_page("app_pages/class_quiz.py").run()
    at.text_input[0].input(code)
    at.text_input[1].input(nickname)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_second_browser_cannot_join_as_a_taken_nickname(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, room: dict[str, str]
) -> None:
    alice = join(monkeypatch, tmp_path, room["code"], "alice")
    assert "you are **alice**" in texts(alice)
    impostor = join(monkeypatch, tmp_path, room["code"], "  alice ")
    said = texts(impostor)
    assert "you are **alice**" not in said
    assert "pick another, or ask your teacher for your link" in said
    assert "learner" not in impostor.query_params  # no key of Alice's in the address
    assert [s.nickname for s in open_store(tmp_path).students_in(room["class_id"])] == ["alice"]


def test_the_return_link_brings_the_student_back_until_the_teacher_resets_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, room: dict[str, str]
) -> None:
    store = open_store(tmp_path)
    ola = store.join_class(room["code"], "Ola")
    back = start(monkeypatch, tmp_path)
    back.query_params["learner"] = ola.link
    back.switch_page("app_pages/class_quiz.py").run()
    assert "you are **Ola**" in texts(back)
    # A guessed link (the student's id alone, or with a wrong key) opens nothing.
    for guess in (ola.id, f"{ola.id}.{'A' * 22}"):
        stranger = start(monkeypatch, tmp_path)
        stranger.query_params["learner"] = guess
        stranger.switch_page("app_pages/class_quiz.py").run()
        assert "you are **Ola**" not in texts(stranger)
    store.reset_student_key(ola.id)
    back.run()  # the open session with the old link is locked out too
    assert "you are **Ola**" not in texts(back)
    assert "Type the **class code**" in texts(back)


def test_the_teacher_sees_each_return_link_and_a_reset_kills_the_old_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, room: dict[str, str]
) -> None:
    store = open_store(tmp_path)
    ola = store.join_class(room["code"], "Ola")
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_students.py").run()
    assert not at.exception, [e.value for e in at.exception]
    [shown] = [c.value for c in at.code]
    assert shown.endswith(f"/class_quiz?learner={ola.link}")
    [reset] = [b for b in at.button if b.label == "Reset this student's link"]
    reset.click().run()
    fresh = store.get_student(ola.id)
    assert fresh.key != ola.key and not fresh.opens(ola.link)
    assert at.code[0].value.endswith(f"learner={fresh.link}")
