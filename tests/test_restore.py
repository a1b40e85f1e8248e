"""``python -m quiz db restore``: a verified, atomic restore that never loses newer data.

Round trips through the real command line on real data folders; tampered
archives are built from a real backup; the swap's failure is forced in the
middle to check that the folder is then still the old one.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.loadtest import sample_attempt, sample_excerpt
from quiz.cli import main
from quiz.store import TinyDBStore
from quiz.store import restore as restoring


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder: content, a teacher, class 8A, Ana with one class answer."""
    folder = tmp_path / "data"
    store = TinyDBStore(folder)
    store.import_excerpts([sample_excerpt()])
    teacher = store.add_teacher("Ms Rivera", "$argon2id$not-a-real-hash")
    room = store.create_class(teacher.id, "8A")
    ana = store.join_class(room.code, "Ana")
    store.record_attempt(sample_attempt(ana.id, room.id))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every data file's bytes, by path (the store's hidden files left out)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")
    }


def backup(capsys: pytest.CaptureFixture[str], folder: Path, target: Path) -> Path:
    code, _, err = run(capsys, "db", "backup", "--data", str(folder), "--to", str(target))
    assert (code, err) == (0, "")
    return target


def test_backup_then_restore_into_a_new_folder_gives_the_same_data(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = backup(capsys, data, tmp_path / "b.zip")
    fresh = tmp_path / "new-server" / "data"
    code, out, err = run(capsys, "db", "restore", "--from", str(archive), "--data", str(fresh))
    assert (code, err) == (0, "")
    assert out.startswith(f"restored 4 file(s) from {archive} into {fresh}")
    assert snapshot(fresh) == snapshot(data)
    assert len(list(TinyDBStore(fresh).iter_attempts())) == 1
    assert [p.name for p in fresh.parent.iterdir()] == ["data"]  # no staging left behind


def test_restore_refuses_to_overwrite_newer_data_without_force(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = backup(capsys, data, tmp_path / "b.zip")
    before = snapshot(data)
    store = TinyDBStore(data)
    room = store.classes()[0]
    ben = store.join_class(room.code, "Ben")  # joins after the backup, and answers
    store.record_attempt(sample_attempt(ben.id, room.id))
    newer = snapshot(data)

    code, out, err = run(capsys, "db", "restore", "--from", str(archive), "--data", str(data))
    assert (code, out) == (1, "")
    assert err.startswith(f"not restored: {data} holds data newer than the backup:")
    assert f"attempts/{ben.id}/00000.json (not in the backup)" in err
    assert f"classes/{room.id}.json (changed after the backup was taken)" in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(data) == newer  # untouched

    code, out, err = run(
        capsys, "db", "restore", "--from", str(archive), "--data", str(data), "--force"
    )
    assert (code, err) == (0, "")
    assert snapshot(data) == before
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("data.before-restore-")]
    assert f"kept in {kept}" in out
    assert snapshot(kept) == newer  # the newer data is set aside, not lost


def test_restoring_an_unchanged_folder_needs_no_force(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = backup(capsys, data, tmp_path / "b.zip")
    code, _, err = run(capsys, "db", "restore", "--from", str(archive), "--data", str(data))
    assert (code, err) == (0, "")


def tampered(source: Path, target: Path, extra: dict[str, bytes], drop: str = "") -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            if info.filename != drop and info.filename not in extra:
                copy.writestr(info.filename, original.read(info))
        for name, raw in extra.items():
            copy.writestr(name, raw)
    return target


ROSTER = "classes/" + "a" * 32 + ".json"
TAMPERING: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "escape": (lambda s, t: tampered(s, t, {"../escaped.json": b"{}"}),
               "member '../escaped.json' is not a plain path inside the data folder"),
    "absolute": (lambda s, t: tampered(s, t, {"/tmp/abs.json": b"{}"}),
                 "member '/tmp/abs.json' is not a plain path"),
    "hidden": (lambda s, t: tampered(s, t, {".locks/x.lock": b""}),
               "member '.locks/x.lock' is not a plain path"),
    "pickle": (lambda s, t: tampered(s, t, {"cache/suggester-1.pickle": b"\x80\x05N."}),
               "member 'cache/suggester-1.pickle' is not a data file Spin Spotter writes"),
    "unknown": (lambda s, t: tampered(s, t, {"run.sh": b"rm -rf /"}),
                "member 'run.sh' is not a data file Spin Spotter writes"),
    "truncated": (lambda s, t: tampered(s, t, {"school.json": b'{"teachers": {'}),
                  "member 'school.json': not valid JSON"),
    "deep": (lambda s, t: tampered(s, t, {ROSTER: b"[" * 200_000 + b"]" * 200_000}),
             f"member '{ROSTER}': arrays and objects nested too deeply"),
    "dangling": (lambda s, t: tampered(s, t, {}, drop="school.json"),
                 "problem(s) in the backup, the first:"),
    "not a zip": (lambda s, t: t.write_bytes(b"PK not really") and t,
                  "not a readable zip archive"),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_a_tampered_backup_is_refused_and_nothing_changes(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    make, message = TAMPERING[how]
    archive = make(backup(capsys, data, tmp_path / "b.zip"), tmp_path / "tampered.zip")
    before = snapshot(data)
    for target in (data, tmp_path / "elsewhere"):
        code, out, err = run(
            capsys, "db", "restore", "--from", str(archive), "--data", str(target), "--force"
        )
        assert (code, out) == (1, "")
        assert err.startswith("not restored: ") and message in err, err
        assert len(err.strip().splitlines()) == 1
    assert snapshot(data) == before
    assert not (tmp_path / "elsewhere").exists() and not (tmp_path / "escaped.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "data", "tampered.zip"]


def test_an_absurd_size_is_refused_before_anything_is_unpacked(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restoring, "MAX_FILE_BYTES", 100)
    archive = backup(capsys, data, tmp_path / "b.zip")
    code, _, err = run(capsys, "db", "restore", "--from", str(archive), "--data", str(data))
    assert code == 1 and "bytes; a data file has at most 100" in err


def test_a_failed_swap_leaves_the_old_data_whole(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = backup(capsys, data, tmp_path / "b.zip")
    TinyDBStore(data).add_learner("Zoe")
    before = snapshot(data)

    def crash(first: Path, second: Path) -> bool:
        raise OSError("the power went out")

    monkeypatch.setattr(restoring, "_exchange", crash)
    with pytest.raises(OSError, match="power"):
        main(["db", "restore", "--from", str(archive), "--data", str(data), "--force"])
    assert snapshot(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "data"]  # staging removed
    monkeypatch.undo()
    code, _, err = run(capsys, "db", "restore", "--from", str(archive), "--data", str(data),
                       "--force")
    assert (code, err) == (0, "")
    assert "learners.json" not in snapshot(data)


def test_an_interrupted_unpack_is_cleared_by_the_next_restore(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = backup(capsys, data, tmp_path / "b.zip")
    leftover = tmp_path / ".data.restoring-deadbeef"
    leftover.mkdir()
    (leftover / restoring.INCOMPLETE).touch()
    (leftover / "school.json").write_text(json.dumps({"half": "written"}))
    code, _, err = run(capsys, "db", "restore", "--from", str(archive), "--data", str(data))
    assert (code, err) == (0, "")
    assert not leftover.exists()


def test_restore_help_defines_newer(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["db", "restore", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "holds newer data when one of its data files is missing from the backup" in text
    assert "--force" in text and os.path.basename("DATA.before-restore-TIME") in text
