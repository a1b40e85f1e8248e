"""``db copy|migrate`` and ``db check|export|backup --database-url`` through the real command line.

A school moves from a data folder to PostgreSQL and back, every id kept, and
``db export`` of every side is the same text. Against a real server
(``tests/postgres.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import psycopg
import pytest

from bench.loadtest import sample_attempt, sample_excerpt
from bench.pg_cluster import Cluster, free_port
from quiz.cli import main
from quiz.records import Assignment, ExcerptDraft, TeacherSession
from quiz.storage import Store
from quiz.store import TinyDBStore
from quiz.store_pg import PostgresStore

SECRET_HASH = "$argon2id$v=19$secret-hash-never-exported"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill(store: Store) -> None:
    """A school with one of everything: versions, a draft, a session, a learner, a set task."""
    store.import_excerpts([sample_excerpt()])
    changed = sample_excerpt().model_copy(update={"title": "Bus plan, revised"})
    store.import_excerpts([changed])
    rivera = store.add_teacher("Ms Rivera", SECRET_HASH)
    okafor = store.add_teacher("Mr Okafor", SECRET_HASH)
    now = dt.datetime.now(dt.UTC)
    store.add_session(TeacherSession(id=hashlib.sha256(b"token").hexdigest(),
                                     teacher_id=rivera.id, created_at=now,
                                     expires_at=now + dt.timedelta(hours=8)))  # fmt: skip
    store.save_draft(ExcerptDraft(excerpt=sample_excerpt("draft-one"), author_id=okafor.id))
    room = store.create_class(rivera.id, "8A")
    store.create_class(okafor.id, "9B (archived)")
    task = store.add_assignment(Assignment(class_id=room.id, title="Week 1",
                                           excerpt_ids=["loadtest-sample"]))  # fmt: skip
    for nickname in ("Ana", "Ben", "=cmd|' /C calc'!A0"):
        student = store.join_class(room.code, nickname)
        store.record_attempt(sample_attempt(student.id, room.id, version=1).model_copy(
            update={"assignment_id": task.id}))  # fmt: skip
        store.record_attempt(sample_attempt(student.id, room.id, version=2))
        store.record_attempt(sample_attempt(student.id, None, version=2))
    solo = store.add_learner("Solo")
    store.record_attempt(sample_attempt(solo.id, None, version=2))


def fill_database(url: str) -> None:
    store = PostgresStore(url)
    fill(store)
    store.close()


def test_a_school_goes_to_postgres_and_back_and_exports_the_same(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, back = tmp_path / "data", tmp_path / "back"
    fill(TinyDBStore(folder))
    code, out, err = run(capsys, "db", "copy", "--from", str(folder), "--to", pg_url)
    assert (code, err) == (0, "")
    assert out.startswith("copied 2 teachers, 1 sessions, 2 excerpts, 1 drafts, 2 classes, "
                          "4 students, 1 assignments, 10 attempts from ")  # fmt: skip
    assert "postgres@" not in out  # the URL is shown without its user and password part
    assert run(capsys, "db", "copy", "--from", pg_url, "--to", str(back))[0] == 0
    exports = {}
    for fmt in ("csv", "json"):
        for name, where in (("folder", ["--data", str(folder)]), ("database", [
                "--database-url", pg_url]), ("back", ["--data", str(back)])):  # fmt: skip
            code, out, err = run(capsys, "db", "export", *where, "--format", fmt)
            assert (code, err) == (0, ""), err
            exports[name, fmt] = out
        assert exports["folder", fmt] == exports["database", fmt] == exports["back", fmt]
    csv = exports["folder", "csv"]
    assert csv.count("\n") == 11 and SECRET_HASH not in csv
    # Not only the attempts: every record came back, ids, codes and hashes alike.
    one, two = TinyDBStore(folder), TinyDBStore(back)
    assert one.teachers() == two.teachers() and one.classes() == two.classes()
    for room in one.classes():
        assert one.students_in(room.id) == two.students_in(room.id)
        assert one.assignments_for(room.id) == two.assignments_for(room.id)
    assert [(e.id, e.version) for e in two.excerpts()] == [("loadtest-sample", 2)]
    assert one.excerpt("loadtest-sample", 1) == two.excerpt("loadtest-sample", 1)
    okafor = one.teacher_by_name("Mr Okafor")
    assert okafor is not None and one.drafts(okafor.id) == two.drafts(okafor.id) != []
    assert run(capsys, "db", "check", "--data", str(back))[0] == 0


def test_a_copy_never_lands_on_a_school(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(TinyDBStore(tmp_path / "data"))
    fill_database(pg_url)
    code, out, err = run(capsys, "db", "copy", "--from", str(tmp_path / "data"), "--to", pg_url)
    assert (code, out) == (1, "") and "holds a school already" in err and err[-1:] == "\n"
    assert err.count("\n") == 1


def test_db_check_reads_every_row_and_names_a_bad_one(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_database(pg_url)
    code, out, err = run(capsys, "db", "check", "--database-url", pg_url)
    # 2 teachers, 1 session, 2 versions, 1 draft, 2 classes, 4 students, 1 assignment, 10 attempts
    assert (code, err) == (0, "") and out.startswith("ok: 23 row(s) in postgresql://127.0.0.1:")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE attempts SET doc = jsonb_set(doc, '{score}', '250') "
                     "WHERE id = (SELECT min(id) FROM attempts)")  # fmt: skip
    code, out, err = run(capsys, "db", "check", "--database-url", pg_url)
    assert code == 1 and "attempts " in err
    assert "score: Input should be less than or equal to 100" in err


def test_db_backup_of_a_database_restores_as_a_data_folder(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_database(pg_url)
    archive = tmp_path / "backup.zip"
    code, out, err = run(capsys, "db", "backup", "--database-url", pg_url, "--to", str(archive))
    assert (code, err) == (0, "") and out.endswith(f"saved to {archive}\n")
    assert out.startswith(f"{len(zipfile.ZipFile(archive).namelist())} file(s) from postgresql://")
    restored = tmp_path / "restored"
    assert run(capsys, "db", "restore", "--from", str(archive), "--data", str(restored))[0] == 0
    export = run(capsys, "db", "export", "--data", str(restored))[1]
    assert export == run(capsys, "db", "export", "--database-url", pg_url)[1]


def test_db_migrate_brings_a_fresh_database_up_to_date(
    pg_cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_cluster.create_database("to_migrate")
    try:
        code, out, _ = run(capsys, "db", "migrate", "--database-url", url)
        assert code == 0 and out.splitlines()[0] == "applied 0001_initial"
        assert out.splitlines()[-1].startswith("schema version 1 at 127.0.0.1:")
        assert run(capsys, "db", "migrate", "--database-url", url)[1].startswith("schema version")
    finally:
        pg_cluster.drop_database("to_migrate")


@pytest.mark.parametrize("command", [["db", "check"], ["db", "export"], ["db", "migrate"],
                                     ["db", "backup", "--to", "x.zip"]])  # fmt: skip
def test_an_unreachable_database_is_one_line_without_the_password(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://spin:hunter2-pw@127.0.0.1:{free_port()}/school"
    code, out, err = run(capsys, *command, "--database-url", url)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "127.0.0.1" in err and "hunter2" not in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("fast_hashes")
def test_teacher_and_content_commands_reach_the_database(
    pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    import io
    import json

    content = tmp_path / "bus.json"
    content.write_text(json.dumps([sample_excerpt().model_dump(mode="json")]))
    code, out, _ = run(capsys, "content", "import", str(content), "--database-url", pg_url)
    assert code == 0 and out.startswith("1 added, 0 updated") and "postgresql://127.0.0.1" in out
    code, out, _ = run(capsys, "teacher", "setup-code", "--database-url", pg_url)
    assert code == 0 and out.endswith("(in the database)\n")
    monkeypatch.setenv("SPIN_SPOTTER_DATABASE_URL", pg_url)  # the setting alone reaches it too
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough sentence\n"))
    code, out, err = run(capsys, "teacher", "add", "Ms Rivera", "--password-stdin")
    assert (code, err) == (0, "") and out.startswith("teacher 'Ms Rivera' added to postgresql://")
    store = PostgresStore(pg_url)
    assert [t.name for t in store.teachers()] == ["Ms Rivera"] and store.setup_code() is None
    assert [e.id for e in store.excerpts()] == ["loadtest-sample"]
    store.close()


def test_a_school_moves_between_two_databases(
    pg_cluster: Cluster, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_database(pg_url)
    other = pg_cluster.create_database("other_district")
    try:
        code, out, err = run(capsys, "db", "copy", "--from", pg_url, "--to", other)
        assert (code, err) == (0, "") and "10 attempts" in out
        one = run(capsys, "db", "export", "--database-url", pg_url, "--format", "json")[1]
        assert one == run(capsys, "db", "export", "--database-url", other, "--format", "json")[1]
        assert run(capsys, "db", "check", "--database-url", other)[1].startswith("ok: 23 row(s)")
    finally:
        pg_cluster.drop_database("other_district")
