"""`python -m quiz teacher add|setup-code|unlock|reset-password|remove`, on real stores."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quiz import auth
from quiz.auth import Outcome
from quiz.cli import main
from quiz.records import utcnow
from quiz.store import open_store
from quiz.usecases import accounts


def sign_in(data: Path, name: str, password: str) -> Outcome:
    store = open_store(data)
    return accounts.sign_in(
        store, name, password, utcnow(), client="127.0.0.1", guard=auth.Guard()
    ).outcome

PASSWORD = "a sentence that is long"


pytestmark = pytest.mark.usefixtures("fast_hashes")


def add(monkeypatch: pytest.MonkeyPatch, data: Path, name: str, password: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["teacher", "add", name, "--data", str(data), "--password-stdin"])


def test_added_teacher_can_sign_in_and_hash_is_not_clear(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(monkeypatch, tmp_path, "Ms Rivera", PASSWORD) == 0
    assert "teacher 'Ms Rivera' added" in capsys.readouterr().out
    assert sign_in(tmp_path, "Ms Rivera", PASSWORD) is Outcome.OK
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


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one ``teacher`` command (earlier output dropped)."""
    capsys.readouterr()
    code = main(["teacher", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_setup_code_is_shown_until_a_teacher_exists(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "setup-code", "--data", str(tmp_path))
    kept = (tmp_path / "setup-code.txt").read_text().strip()
    assert code == 0 and len(kept) == 32 and f"first teacher account: {kept} " in out
    assert (tmp_path / "setup-code.txt").stat().st_mode & 0o777 == 0o600
    assert run(capsys, "setup-code", "--data", str(tmp_path))[1] == out  # the same code
    assert add(monkeypatch, tmp_path, "Ms Rivera", PASSWORD) == 0  # the command line still adds
    assert not (tmp_path / "setup-code.txt").exists()
    code, out, _ = run(capsys, "setup-code", "--data", str(tmp_path))
    assert code == 0 and out.startswith("no setup code:") and kept not in out


def test_unlock_clears_the_waits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(monkeypatch, tmp_path, "Ms Rivera", PASSWORD)
    store, guard = open_store(tmp_path), auth.Guard()
    for i in range(auth.MAX_FAILURES):
        accounts.sign_in(store, "Ms Rivera", "wrong", utcnow(), client=f"10.0.0.{i}", guard=guard)
    assert sign_in(tmp_path, "Ms Rivera", PASSWORD) is Outcome.WAIT
    code, out, err = run(capsys, "unlock", "MS RIVERA", "--data", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == "teacher 'Ms Rivera' unlocked: the next sign-in does not wait\n"
    assert sign_in(tmp_path, "Ms Rivera", PASSWORD) is Outcome.OK
    code, out, err = run(capsys, "unlock", "Mr Nobody", "--data", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == "error: There is no teacher named 'Mr Nobody'. Nothing was changed.\n"
    code, _, err = run(capsys, "unlock", "Ms Rivera", "--data", str(tmp_path / "typo"))
    assert code == 1 and "no data folder at" in err and not (tmp_path / "typo").exists()


def test_reset_password_from_a_prompt_or_stdin_signs_out_everywhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(monkeypatch, tmp_path, "Ms Rivera", PASSWORD)
    store = open_store(tmp_path)
    teacher = store.teacher_by_name("Ms Rivera")
    assert teacher is not None
    token = accounts.start_session(store, teacher, utcnow())
    prompts = iter(["a brand new sentence", "a brand new sentence"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(prompts))
    code, out, _ = run(capsys, "reset-password", "Ms Rivera", "--data", str(tmp_path))
    assert code == 0 and out.count("\n") == 1 and "signed out everywhere" in out
    assert sign_in(tmp_path, "Ms Rivera", PASSWORD) is Outcome.WRONG
    assert sign_in(tmp_path, "Ms Rivera", "a brand new sentence") is Outcome.OK
    assert accounts.session_teacher(store, token, utcnow()).teacher is None
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = run(capsys, "reset-password", "Ms Rivera", "--password-stdin",
                       "--data", str(tmp_path))  # fmt: skip
    assert code == 1 and "at least 10 characters" in err and err.count("\n") == 1
    assert sign_in(tmp_path, "Ms Rivera", "a brand new sentence") is Outcome.OK


def test_remove_refuses_while_classes_would_lose_their_teacher(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("Ms Rivera", "Mr Kahn"):
        add(monkeypatch, tmp_path, name, PASSWORD)
    store = open_store(tmp_path)
    kahn = store.teacher_by_name("Mr Kahn")
    assert kahn is not None
    room = store.create_class(kahn.id, "8B")
    code, out, err = run(capsys, "remove", "Mr Kahn", "--data", str(tmp_path))
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert "still has 1 class(es) ('8B')" in err and "--to OTHER" in err
    assert store.teacher_by_name("Mr Kahn") is not None
    code, out, _ = run(capsys, "remove", "Mr Kahn", "--to", "Mr Nobody", "--data", str(tmp_path))
    assert code == 1 and store.teacher_by_name("Mr Kahn") is not None
    code, out, _ = run(capsys, "remove", "mr kahn", "--to", "Ms Rivera", "--data", str(tmp_path))
    assert code == 0 and out == (
        f"teacher 'mr kahn' removed from {tmp_path}; 1 class(es) handed to 'Ms Rivera'\n"
    )
    rivera = store.teacher_by_name("Ms Rivera")
    assert rivera is not None and store.get_class(room.id).teacher_id == rivera.id
    assert [t.name for t in store.teachers()] == ["Ms Rivera"]
