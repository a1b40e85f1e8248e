"""The store's contract, run against every backend: TinyDB and a real PostgreSQL server.

The ``make_store`` fixture (``tests/backends.py``) is parametrised over the
backends; every test here runs against each. Files are real (``tmp_path``):
locking, fsync and atomic replacement are what is being tested; the database
is a real server (``tests/postgres.py``). Tests about TinyDB's files are marked
``TINYDB_ONLY``; their PostgreSQL counterparts are in ``test_store_pg.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.loadtest import sample_attempt, sample_excerpt
from quiz.models import Category
from quiz.records import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Assignment,
    Attempt,
    Figures,
    Student,
)
from quiz.storage import (
    Conflict,
    CorruptFile,
    NicknameTaken,
    NotFound,
    SchemaTooNew,
    Store,
    ensure_content,
)
from quiz.store import TinyDBStore, migrate, open_store
from quiz.store.atomic import Trash, atomic_write, load
from quiz.store.attempt_files import CHUNK_SIZE
from tests.backends import TINYDB_ONLY


@pytest.fixture
def store(make_store: Callable[[], Store]) -> Store:
    """A store holding the sample excerpt."""
    opened = make_store()
    opened.import_excerpts([sample_excerpt()])
    return opened


@pytest.fixture
def classroom(store: Store) -> Any:
    teacher = store.add_teacher("Ms Rivera", "$argon2id$fake")
    return store.create_class(teacher.id, "Year 8 media")


def edited(text_change: str = "criticised") -> Any:
    excerpt = sample_excerpt()
    span = excerpt.spans[0].model_copy(update={"neutral_alternative": text_change})
    return excerpt.model_copy(update={"spans": [span]})


# content -------------------------------------------------------------------
def test_import_is_idempotent_and_versions_changes(make_store: Callable[[], Store]) -> None:
    store = make_store()
    first = store.import_excerpts([sample_excerpt()])
    again = store.import_excerpts([sample_excerpt()])
    changed = store.import_excerpts([edited("disagreed with")])
    assert (first.added, first.updated, first.unchanged) == (["loadtest-sample"], [], [])
    assert (again.added, again.updated, again.unchanged) == ([], [], ["loadtest-sample"])
    assert (changed.added, changed.updated) == ([], ["loadtest-sample"])
    assert [(s.id, s.version) for s in store.excerpts()] == [("loadtest-sample", 2)]
    old = store.excerpt("loadtest-sample", 1).excerpt.spans[0].neutral_alternative
    new = store.excerpt("loadtest-sample").excerpt.spans[0].neutral_alternative
    assert (old, new) == ("criticised", "disagreed with")


def test_editing_an_answer_key_keeps_old_attempts_on_their_version(
    store: Store, classroom: Any
) -> None:
    student = store.join_class(classroom.code, "Ana")
    store.record_attempt(sample_attempt(student.id, classroom.id, version=1))
    store.import_excerpts([edited("disagreed with")])
    store.record_attempt(sample_attempt(student.id, classroom.id, version=2))
    versions = [a.excerpt_version for a in store.attempts_for_student(student.id)]
    assert versions == [1, 2]
    assert store.excerpt("loadtest-sample", 1).excerpt.spans[0].neutral_alternative == "criticised"


@pytest.mark.parametrize(("excerpt_id", "version"), [("nope", None), ("loadtest-sample", 9)])
def test_unknown_excerpt_is_a_clear_not_found(
    store: Store, excerpt_id: str, version: int | None
) -> None:
    with pytest.raises(NotFound, match=rf"no excerpt '{excerpt_id}'.*Hint: import content"):
        store.excerpt(excerpt_id, version)


def test_ensure_content_imports_only_on_first_run(make_store: Callable[[], Store]) -> None:
    store = make_store()
    folder = Path(tempfile.mkdtemp())
    (folder / "one.json").write_text(sample_excerpt().model_dump_json())
    assert ensure_content(store, [folder]) is not None
    assert ensure_content(store, [folder]) is None
    assert [s.id for s in store.excerpts()] == ["loadtest-sample"]


# teachers ------------------------------------------------------------------
def test_teachers_are_found_by_name_and_updated(store: Store) -> None:
    teacher = store.add_teacher("Mr Okafor", "hash-1")
    assert store.teacher_by_name("  mr okafor ") == teacher
    assert store.teacher_by_name("nobody") is None
    locked = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    store.update_teacher(teacher.model_copy(update={"failed_logins": 3, "locked_until": locked}))
    again = store.teacher_by_name("Mr Okafor")
    assert again is not None and (again.failed_logins, again.locked_until) == (3, locked)
    with pytest.raises(Conflict, match="exists"):
        store.add_teacher("MR OKAFOR", "hash-2")
    assert [t.name for t in store.teachers()] == ["Mr Okafor"]


def test_updating_an_unknown_teacher_fails(store: Store) -> None:
    teacher = store.add_teacher("A", "h")
    ghost = teacher.model_copy(update={"id": "0" * 32})
    with pytest.raises(NotFound, match="no teacher"):
        store.update_teacher(ghost)


# classes -------------------------------------------------------------------
def test_join_codes_are_short_unambiguous_and_unique(store: Store) -> None:
    teacher = store.add_teacher("T", "h")
    codes = [store.create_class(teacher.id, f"Class {n}").code for n in range(40)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == JOIN_CODE_LENGTH and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)
    assert not set("".join(codes)) & set("01OIL")


@pytest.mark.parametrize("typed", ["{c}", "{l}", " {l} ", "{a} {b}", "{a}-{b}"])
def test_class_by_code_forgives_case_and_spaces(store: Store, classroom: Any, typed: str) -> None:
    code = classroom.code
    entry = typed.format(c=code, l=code.lower(), a=code[:3], b=code[3:].lower())
    assert store.class_by_code(entry) == classroom


def test_classes_are_listed_renamed_and_archived(store: Store, classroom: Any) -> None:
    assert store.classes_for(classroom.teacher_id) == [classroom]
    renamed = store.update_class(classroom.model_copy(update={"name": "8B", "archived": True}))
    assert store.get_class(classroom.id) == renamed
    with pytest.raises(Conflict, match="archived"):
        store.join_class(classroom.code, "Late")
    with pytest.raises(Conflict, match="keeps its join code"):
        store.update_class(renamed.model_copy(update={"code": "ABCDEF"}))
    with pytest.raises(NotFound, match="no class"):
        store.get_class("f" * 32)


# students ------------------------------------------------------------------
def test_a_taken_nickname_is_refused_not_handed_over(store: Store, classroom: Any) -> None:
    # The takeover attack: joining as "  ana b " used to return Ana's own record.
    ana = store.join_class(classroom.code, "Ana  B")
    with pytest.raises(NicknameTaken):
        store.join_class(classroom.id, " ana b ")
    ben = store.join_class(classroom.code, "Ben")
    assert store.students_in(classroom.id) == [ana, ben]
    assert store.get_student(ben.id) == ben


def test_a_reset_key_invalidates_the_old_link(store: Store, classroom: Any) -> None:
    ana = store.join_class(classroom.code, "Ana")
    old_link = ana.link
    assert ana.opens(old_link) and not ana.opens(f"{ana.id}.{'x' * 22}")
    fresh = store.reset_student_key(ana.id)
    assert fresh.key != ana.key and store.get_student(ana.id) == fresh
    assert fresh.opens(fresh.link) and not fresh.opens(old_link)


def test_students_stored_before_keys_keep_their_id_link(store: Store, classroom: Any) -> None:
    legacy = Student.model_validate({"nickname": "Old", "id": "a" * 32, "class_id": classroom.id,
                                     "joined_at": "2026-01-01T00:00:00+00:00"})
    assert legacy.key == legacy.id and legacy.opens(legacy.id)


def test_an_unknown_code_says_so(store: Store) -> None:
    with pytest.raises(NotFound, match="no class with join code 'ZZZZZZ'"):
        store.join_class("ZZZZZZ", "Ana")


def test_learners_practise_without_a_class(store: Store) -> None:
    learner = store.add_learner("Solo")
    assert learner.class_id is None and store.get_student(learner.id) == learner
    stored = store.record_attempt(sample_attempt(learner.id, None))
    assert store.attempts_for_student(learner.id) == [stored]


def test_deleting_a_student_removes_their_attempts(store: Store, classroom: Any) -> None:
    ana, ben = (store.join_class(classroom.code, n) for n in ("Ana", "Ben"))
    for student in (ana, ben, ana):
        store.record_attempt(sample_attempt(student.id, classroom.id))
    store.delete_student(ana.id)
    with pytest.raises(NotFound, match="no student"):
        store.get_student(ana.id)
    assert store.attempts_for_student(ana.id) == []
    assert {a.student_id for a in store.iter_attempts()} == {ben.id}
    with pytest.raises(NotFound):
        store.record_attempt(sample_attempt(ana.id, classroom.id))


# assignments and attempts --------------------------------------------------
def test_attempts_are_found_by_student_class_and_assignment(store: Store, classroom: Any) -> None:
    task = store.add_assignment(
        Assignment(class_id=classroom.id, title="Week 1", excerpt_ids=["loadtest-sample"])
    )
    assert store.assignments_for(classroom.id) == [task]
    assert store.get_assignment(task.id) == task
    ana = store.join_class(classroom.code, "Ana")
    set_work = sample_attempt(ana.id, classroom.id).model_copy(update={"assignment_id": task.id})
    store.record_attempt(set_work)
    extra = store.record_attempt(sample_attempt(ana.id, classroom.id))
    practice = store.record_attempt(sample_attempt(ana.id, None))
    assert store.attempts_for_assignment(task.id) == [set_work]
    assert store.attempts_for_class(classroom.id) == [set_work, extra]
    assert store.attempts_for_student(ana.id) == [set_work, extra, practice]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"excerpt_ids": ["missing-one"]}, NotFound, "no excerpt 'missing-one'"),
        ({"class_id": "e" * 32}, NotFound, "no class"),
    ],
)
def test_assignments_need_a_class_and_imported_excerpts(
    store: Store, classroom: Any, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    fields = {"class_id": classroom.id, "title": "T", "excerpt_ids": ["loadtest-sample"]}
    with pytest.raises(error, match=message):
        store.add_assignment(Assignment(**(fields | change)))


def test_recording_twice_is_a_no_op_even_after_chunks_roll_over(
    store: Store, classroom: Any
) -> None:
    ana = store.join_class(classroom.code, "Ana")
    first = store.record_attempt(sample_attempt(ana.id, classroom.id))
    for _ in range(CHUNK_SIZE + 5):
        store.record_attempt(sample_attempt(ana.id, classroom.id))
    assert store.record_attempt(first) == first
    assert store.record_attempt(first.model_copy(update={"score": 1.0})) == first
    ids = [a.id for a in store.attempts_for_student(ana.id)]
    assert len(ids) == len(set(ids)) == CHUNK_SIZE + 6


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"student_id": "a" * 32}, NotFound, "no student"),
        ({"excerpt_version": 7}, NotFound, "version 7"),
        ({"class_id": "b" * 32}, Conflict, "is not in class"),
        ({"assignment_id": "c" * 32}, NotFound, "no assignment"),
    ],
)
def test_an_attempt_must_refer_to_what_exists(
    store: Store, classroom: Any, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    ana = store.join_class(classroom.code, "Ana")
    with pytest.raises(error, match=message):
        store.record_attempt(sample_attempt(ana.id, classroom.id).model_copy(update=change))
    assert store.attempts_for_student(ana.id) == []


ATTEMPT = {
    "student_id": "a" * 32,
    "excerpt_id": "x-1",
    "excerpt_version": 1,
    "categories": ["loaded_term"],
    "score": 50.0,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"submitted_at": dt.datetime(2026, 1, 1)}, "time zone"),
        ({"mode": "class"}, "mode 'class' needs a class_id"),
        ({"class_id": "b" * 32}, "mode 'class' needs a class_id"),
        ({"selections": {"loaded_term": [[5, 5]]}}, "0 <= start < end"),
        ({"selections": {"opinion_marker": [[1, 2]]}}, "categories not asked: opinion_marker"),
        ({"score": 100.5}, "less than or equal to 100"),
        ({"assignment_id": "c" * 32}, "belongs to a class attempt"),
    ],
)
def test_attempt_rejects_inconsistent_fields(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Attempt.model_validate(ATTEMPT | change)


figures = st.builds(
    Figures,
    precision=st.floats(0, 1),
    recall=st.floats(0, 1),
    f1=st.floats(0, 1),
)
attempts = st.builds(
    Attempt,
    student_id=st.just("a" * 32),
    excerpt_id=st.just("loadtest-sample"),
    excerpt_version=st.just(1),
    categories=st.just([Category.LOADED_TERM]),
    selections=st.dictionaries(
        st.just(Category.LOADED_TERM),
        st.lists(st.integers(0, 500).map(lambda s: (s, s + 3)), max_size=4),
    ),
    figures=st.dictionaries(st.just(Category.LOADED_TERM), figures),
    score=st.floats(0, 100),
    submitted_at=st.datetimes(timezones=st.just(dt.UTC)),
    seconds_taken=st.none() | st.floats(0, 3600),
)


@given(attempts)
def test_attempts_survive_a_json_round_trip(attempt: Attempt) -> None:
    assert Attempt.model_validate(json.loads(attempt.model_dump_json())) == attempt


# One store for every example (a function-scoped fixture): each example records
# for a learner of its own, so no example sees another's attempts.
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(batch=st.lists(attempts, min_size=1, max_size=4))
def test_what_is_recorded_is_what_is_read_back(store: Store, batch: list[Attempt]) -> None:
    learner = store.add_learner("H")
    saved = [store.record_attempt(a.model_copy(update={"student_id": learner.id}))
             for a in batch]  # fmt: skip
    assert sorted(store.attempts_for_student(learner.id), key=lambda a: a.id) == sorted(
        saved, key=lambda a: a.id
    )


# sharing and safety --------------------------------------------------------
def test_threads_sharing_one_store_lose_nothing(store: Store, classroom: Any) -> None:
    errors: list[BaseException] = []

    def pupil(n: int) -> None:
        try:
            student = store.join_class(classroom.code, f"Pupil {n}")
            for _ in range(15):
                store.record_attempt(sample_attempt(student.id, classroom.id))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=pupil, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.students_in(classroom.id)) == 8
    assert len({a.id for a in store.attempts_for_class(classroom.id)}) == 8 * 15


def test_two_handles_on_one_folder_see_each_other(
    make_store: Callable[[], Store], store: Store, classroom: Any
) -> None:
    other = make_store()
    ana = other.join_class(classroom.code, "Ana")
    store.record_attempt(sample_attempt(ana.id, classroom.id))
    assert len(other.attempts_for_class(classroom.id)) == 1


def test_a_missing_data_folder_is_created(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a" / "b")
    store.add_learner("New")
    assert (tmp_path / "a" / "b").is_dir()


@TINYDB_ONLY
def test_a_truncated_file_is_refused_not_overwritten(store: Store, classroom: Any) -> None:
    ana = store.join_class(classroom.code, "Ana")
    store.record_attempt(sample_attempt(ana.id, classroom.id))
    (chunk,) = Path(store.root, "attempts", ana.id).glob("*.json")  # type: ignore[attr-defined]
    broken = chunk.read_bytes()[:-40]
    chunk.write_bytes(broken)
    with pytest.raises(CorruptFile, match=rf"{chunk}: not valid JSON.*will not overwrite it"):
        store.record_attempt(sample_attempt(ana.id, classroom.id))
    assert chunk.read_bytes() == broken


@TINYDB_ONLY
def test_a_leftover_temporary_file_is_ignored_and_cleaned(store: Store, classroom: Any) -> None:
    ana = store.join_class(classroom.code, "Ana")
    store.record_attempt(sample_attempt(ana.id, classroom.id))
    (chunk,) = Path(store.root, "attempts", ana.id).glob("*.json")  # type: ignore[attr-defined]
    stray = chunk.parent / f".{chunk.name}.killed.tmp"
    stray.write_text('{"half": ')
    assert len(store.attempts_for_student(ana.id)) == 1
    store.record_attempt(sample_attempt(ana.id, classroom.id))
    assert not stray.exists()
    assert len(store.attempts_for_student(ana.id)) == 2


@TINYDB_ONLY
def test_a_file_from_a_newer_app_is_refused(store: Store, classroom: Any) -> None:
    path = Path(store.root, "school.json")  # type: ignore[attr-defined]
    tables = json.loads(path.read_text())
    tables["_meta"]["1"]["schema"] = migrate.SCHEMA_VERSION + 1
    path.write_text(json.dumps(tables))
    with pytest.raises(SchemaTooNew, match="upgrade the app"):
        store.create_class(classroom.teacher_id, "Another")


@TINYDB_ONLY
def test_old_files_are_migrated_when_next_written(
    store: Store, classroom: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rename_classes(tables: dict[str, Any]) -> dict[str, Any]:
        for doc in tables.get("classes", {}).values():
            doc["name"] = doc["name"].upper()
        return tables

    version = migrate.SCHEMA_VERSION
    monkeypatch.setattr(migrate, "SCHEMA_VERSION", version + 1)
    monkeypatch.setitem(migrate.MIGRATIONS, version, rename_classes)
    path = Path(store.root, "school.json")  # type: ignore[attr-defined]
    assert store.get_class(classroom.id).name == "YEAR 8 MEDIA"
    assert json.loads(path.read_text())["_meta"]["1"]["schema"] == version
    store.add_teacher("Someone", "h")
    tables = load(path, cached=False)
    assert tables is not None and tables["_meta"]["1"]["schema"] == version + 1


@TINYDB_ONLY
def test_every_file_names_its_schema(store: Store, classroom: Any) -> None:
    ana = store.join_class(classroom.code, "Ana")
    store.record_attempt(sample_attempt(ana.id, classroom.id))
    root = Path(store.root)  # type: ignore[attr-defined]
    files = [p for p in root.rglob("*.json") if not p.relative_to(root).parts[0].startswith(".")]
    assert len(files) == 4  # school, content, class roster, one chunk
    for path in files:
        assert json.loads(path.read_text())["_meta"]["1"]["schema"] == migrate.SCHEMA_VERSION


def test_replaced_versions_wait_in_the_trash_until_emptied(tmp_path: Path) -> None:
    trash = Trash(tmp_path / "trash", sweep=False)
    path = tmp_path / "file.json"
    for version in range(3):
        atomic_write(path, json.dumps({"version": version}).encode(), trash=trash)
    kept = sorted(json.loads(p.read_text())["version"] for p in trash.folder.iterdir())
    assert kept == [0, 1]
    assert json.loads(path.read_text()) == {"version": 2}
    assert trash.empty() == 2 and list(trash.folder.iterdir()) == []


def test_an_attempt_cannot_claim_another_class_assignment(store: Store, classroom: Any) -> None:
    other = store.create_class(classroom.teacher_id, "Other class")
    task = store.add_assignment(
        Assignment(class_id=other.id, title="Theirs", excerpt_ids=["loadtest-sample"])
    )
    ana = store.join_class(classroom.code, "Ana")
    stray = sample_attempt(ana.id, classroom.id).model_copy(update={"assignment_id": task.id})
    with pytest.raises(NotFound, match=f"no assignment with id '{task.id}' in class"):
        store.record_attempt(stray)


@TINYDB_ONLY
def test_a_broken_roster_only_stops_its_own_class(store: Store, classroom: Any) -> None:
    other = store.create_class(classroom.teacher_id, "Other class")
    ana = store.join_class(classroom.code, "Ana")
    ben = store.join_class(other.code, "Ben")
    roster = Path(store.root, "classes", f"{other.id}.json")  # type: ignore[attr-defined]
    roster.write_text("{")
    fresh = TinyDBStore(store.root)  # type: ignore[attr-defined]
    assert fresh.record_attempt(sample_attempt(ana.id, classroom.id)).student_id == ana.id
    with pytest.raises(CorruptFile, match=str(roster)):
        fresh.record_attempt(sample_attempt(ben.id, other.id))
