"""`python -m quiz teacher add NAME`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quiz.auth import Outcome
from quiz.cli import main
from quiz.records import utcnow
from quiz.store import open_store
from quiz.usecases.teachers import sign_in

PASSWORD = "a sentence that is long"


def add(monkeypatch: pytest.MonkeyPatch, data: Path, name: str, password: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["teacher", "add", name, "--data", str(data), "--password-stdin"])


def test_added_teacher_can_sign_in_and_hash_is_not_clear(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(monkeypatch, tmp_path, "Ms Rivera", PASSWORD) == 0
    assert "teacher 'Ms Rivera' added" in capsys.readouterr().out
    assert sign_in(open_store(tmp_path), "Ms Rivera", PASSWORD, utcnow()).outcome is Outcome.OK
    stored = "".join(p.read_text("utf-8") for p in tmp_path.rglob("*.json"))
    assert PASSWORD not in stored and "$argon2id$" in stored
    assert json.dumps(PASSWORD) not in stored


def test_weak_password_and_duplicate_name_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(monkeypatch, tmp_path, "Mr Okafor", "short") == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert open_store(tmp_path).teacher_by_name("Mr Okafor") is None
    assert add(monkeypatch, tmp_path, "Mr Okafor", PASSWORD) == 0
    assert add(monkeypatch, tmp_path, "Mr Okafor", PASSWORD) == 1
    assert "exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "answers", "message"),
    [
        ("Ms Rivera", [PASSWORD, PASSWORD + "!"], "The two passwords are different"),
        ("  ", [PASSWORD, PASSWORD], "Type your name"),
    ],
)
def test_prompted_passwords_must_match_and_the_name_must_not_be_empty(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    answers: list[str],
    message: str,
) -> None:
    prompts = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(prompts))
    assert main(["teacher", "add", name, "--data", str(tmp_path)]) == 1
    assert f"error: {message}. Nothing was saved." in capsys.readouterr().err
    assert open_store(tmp_path).teachers() == []
