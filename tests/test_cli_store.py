"""``content import``, ``db check|export|backup`` through the real command line."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bench.loadtest import sample_attempt, sample_excerpt
from quiz.cli import main
from quiz.store import TinyDBStore

SECRET_HASH = "$argon2id$v=19$secret-hash-never-exported"


@pytest.fixture
def content_file(tmp_path: Path) -> Path:
    path = tmp_path / "content" / "bus.json"
    path.parent.mkdir()
    path.write_text(json.dumps([sample_excerpt().model_dump(mode="json")]))
    return path


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A data folder of 5 files: school, content, a roster and two students' attempts (3)."""
    data = tmp_path / "data"
    store = TinyDBStore(data)
    store.import_excerpts([sample_excerpt()])
    teacher = store.add_teacher("Ms Rivera", SECRET_HASH)
    room = store.create_class(teacher.id, "8A")
    for nickname, count in (("Ana", 2), ("Ben", 1)):
        student = store.join_class(room.code, nickname)
        for _ in range(count):
            store.record_attempt(sample_attempt(student.id, room.id))
    return data


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_content_import_is_idempotent_and_versions_edits(
    tmp_path: Path, content_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert run(capsys, "content", "import", str(content_file), "--data", data)[1].startswith(
        "1 added, 0 updated to a new version, 0 unchanged"
    )
    assert (
        "0 added, 0 updated to a new version, 1 unchanged"
        in run(capsys, "content", "import", str(content_file.parent), "--data", data)[1]
    )
    entry = json.loads(content_file.read_text())
    entry[0]["title"] = "Bus plan, revised"
    content_file.write_text(json.dumps(entry))
    code, out, _ = run(capsys, "content", "import", str(content_file), "--data", data)
    assert (code, "1 updated" in out) == (0, True)
    assert TinyDBStore(data).excerpt("loadtest-sample").version == 2


def test_invalid_content_is_reported_and_nothing_imported(
    tmp_path: Path, content_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = json.loads(content_file.read_text())
    entry[0]["spans"][0]["end"] = 99999
    content_file.write_text(json.dumps(entry))
    data = tmp_path / "data"
    code, _, err = run(capsys, "content", "import", str(content_file), "--data", str(data))
    assert code == 1
    assert "bus.json" in err and "nothing imported" in err
    assert TinyDBStore(data).excerpts() == []


def test_db_check_passes_a_healthy_folder(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "db", "check", "--data", str(school))
    assert (code, out.startswith("ok: 5 file(s)")) == (0, True)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
        (lambda raw: b"", "the file is empty"),
        (lambda raw: b"[1, 2]", "not a TinyDB file"),
        (lambda raw: b'{"attempts": {}}', "no _meta table"),
    ],
)
def test_db_check_names_a_broken_file_and_the_store_refuses_it(
    school: Path, capsys: pytest.CaptureFixture[str], breakage: Any, message: str
) -> None:
    store = TinyDBStore(school)
    ana = next(s for s in store.students_in(store.classes()[0].id) if s.nickname == "Ana")
    chunk = school / "attempts" / ana.id / "00000.json"
    chunk.write_bytes(breakage(chunk.read_bytes()))
    code, _, err = run(capsys, "db", "check", "--data", str(school))
    assert code == 1
    assert f"{chunk}: {message}" in err
    broken = chunk.read_bytes()
    with pytest.raises(Exception, match=f"{chunk}.*will not overwrite"):
        store.record_attempt(sample_attempt(ana.id, ana.class_id))
    assert chunk.read_bytes() == broken


def test_db_check_reports_broken_references(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / "content.json").write_text(
        json.dumps({"_meta": {"1": {"schema": 1, "kind": "content"}}})
    )
    code, _, err = run(capsys, "db", "check", "--data", str(school))
    assert code == 1
    assert err.count("which content.json does not hold") == 3


def test_db_check_cleans_leftover_temporary_files(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = school / ".school.json.abc123.tmp"
    stray.write_text("{")
    code, out, _ = run(capsys, "db", "check", "--data", str(school))
    assert (code, f"removed leftover {stray}" in out, stray.exists()) == (0, True, False)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_db_export_lists_every_attempt_without_password_hashes(
    school: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, _ = run(capsys, "db", "export", "--data", str(school), "--format", fmt)
    rows = list(csv.DictReader(io.StringIO(out))) if fmt == "csv" else json.loads(out)
    assert code == 0
    assert sorted(r["nickname"] for r in rows) == ["Ana", "Ana", "Ben"]
    assert {r["class_name"] for r in rows} == {"8A"}
    assert SECRET_HASH not in out and "password" not in out


def test_db_backup_archives_every_data_file(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backups" / "school.zip"
    code, out, _ = run(capsys, "db", "backup", "--data", str(school), "--to", str(target))
    names = zipfile.ZipFile(target).namelist()
    assert code == 0 and "5 file(s)" in out
    assert "school.json" in names and len(names) == 5
    assert not any(n.startswith(".") for n in names)
    restored = tmp_path / "restored"
    zipfile.ZipFile(target).extractall(restored)
    assert len(list(TinyDBStore(restored).iter_attempts())) == 3


@pytest.mark.parametrize("command", [["check"], ["export"], ["backup", "--to", "x.zip"]])
def test_db_commands_refuse_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "typo"
    with pytest.raises(SystemExit) as exited:
        main(["db", command[0], "--data", str(missing), *command[1:]])
    assert exited.value.code == 2
    assert f"no data folder at {missing}" in capsys.readouterr().err
    assert not missing.exists()


def test_db_export_prints_exactly_the_columns_its_help_lists(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["db", "export", "--help"])
    listed = re.search(r"with the columns\s+(.*?)\.\n", capsys.readouterr().out, re.DOTALL)
    assert listed, "the help names no columns"
    columns = re.split(r",\s+", listed.group(1))
    _, out, _ = run(capsys, "db", "export", "--data", str(school), "--format", "csv")
    assert out.splitlines()[0].split(",") == columns
    _, out, _ = run(capsys, "db", "export", "--data", str(school), "--format", "json")
    assert [list(row) for row in json.loads(out)] == [columns] * 3


# -- issue 12: db check names one damaged file once, and knows every file the app writes --


def damage(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


@pytest.mark.parametrize(
    "which",
    ["school.json", "content.json", "learners.json", "roster", "chunk"],
)
def test_db_check_names_a_damaged_file_once_with_no_knock_on_lines(
    school: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    store = TinyDBStore(school)
    room = store.classes()[0]
    store.add_learner("Solo")  # learners.json, with an attempt that refers into it
    solo = next(s for s in store.rosters.students(store.rosters.learners))
    store.record_attempt(sample_attempt(solo.id, None))
    ana = next(s for s in store.students_in(room.id) if s.nickname == "Ana")
    path = {
        "roster": school / "classes" / f"{room.id}.json",
        "chunk": school / "attempts" / ana.id / "00000.json",
    }.get(which, school / which)
    damage(path)
    code, _, err = run(capsys, "db", "check", "--data", str(school))
    lines = err.splitlines()
    assert code == 1
    assert lines[-1].startswith("1 problem(s) in "), err
    assert lines[0].startswith(f"{path}: not valid JSON"), err


def test_db_check_says_class_not_classe(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tables = json.loads((school / "school.json").read_text())
    tables["classes"] = {}  # the class is gone from the school; its roster and attempts remain
    (school / "school.json").write_text(json.dumps(tables))
    code, _, err = run(capsys, "db", "check", "--data", str(school))
    assert code == 1
    assert "refers to unknown class " in err and "classe " not in err


def author_an_excerpt(data: Path) -> Path:
    """Save an excerpt as the authoring page does: a content file in authored/, a draft."""
    from quiz.usecases.authoring import save_draft
    from tests.conftest import sample_entry

    store = TinyDBStore(data)
    teacher = store.teachers()[0]
    excerpt, problems = save_draft(sample_entry(), data / "authored", store, teacher.id)
    assert excerpt is not None, problems
    return data / "authored" / f"{excerpt.id}.json"


def test_db_check_and_backup_understand_every_file_the_app_writes(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    authored = author_an_excerpt(school)
    (school / "cache").mkdir()
    (school / "cache" / "suggester-0123.pickle").write_bytes(b"\x80\x05N.")
    (school / "setup-code.txt").write_text("ABCD-EFGH\n")
    code, out, err = run(capsys, "db", "check", "--data", str(school))
    assert (code, err) == (0, "")
    assert out.startswith("ok: 7 file(s)")  # 5 store files, the excerpt, the setup code
    target = tmp_path / "backup.zip"
    code, out, err = run(capsys, "db", "backup", "--data", str(school), "--to", str(target))
    assert (code, err) == (0, "")
    names = zipfile.ZipFile(target).namelist()
    assert f"authored/{authored.name}" in names and len(names) == 6
    assert not any(n.startswith("cache") or n == "setup-code.txt" for n in names)


def test_db_check_applies_the_content_rules_to_authored_excerpts(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    authored = author_an_excerpt(school)
    entry = json.loads(authored.read_text())
    entry["spans"][0]["quote"] = "not in the text at all"
    authored.write_text(json.dumps(entry))
    code, _, err = run(capsys, "db", "check", "--data", str(school))
    assert code == 1
    assert f"{authored}, excerpt sample-01, span 1: quote:" in err
    assert err.splitlines()[-1].startswith("1 problem(s)")


def test_db_check_skips_what_the_app_does_not_write(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / "notes.txt").write_text("the admin's notes")
    code, out, _ = run(capsys, "db", "check", "--data", str(school))
    assert code == 0
    assert f"skipped {school / 'notes.txt'}: not a file Spin Spotter writes" in out


def test_content_import_refuses_deep_nesting_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    data = tmp_path / "data"
    code, _, err = run(capsys, "content", "import", str(deep), "--data", str(data))
    assert code == 1
    assert err.splitlines() == [
        f"{deep}: json: arrays and objects nest 200,000 levels deep, more than the 64 allowed "
        "in a content file: nothing was read",
        "1 problem(s); nothing imported",
    ]
