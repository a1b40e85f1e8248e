"""What only the PostgreSQL backend has: its setting, its URL errors, its migrations.

The contract every backend keeps is in ``test_store.py`` (run on both); this
file holds the PostgreSQL counterparts of the TinyDB-only file tests (a schema
from a newer app refused, an old schema migrated at start, a writer killed
mid-transaction) and how the backend is chosen and reported when it is wrong.
All against a real server (``tests/postgres.py``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from bench.loadtest import sample_attempt, sample_excerpt
from bench.pg_cluster import Cluster, free_port
from quiz import config
from quiz.storage import Conflict, SchemaTooNew, Unavailable
from quiz.store import TinyDBStore
from quiz.store_pg import PostgresStore, migrations
from quiz.stores import configured_location, open_store
from tests.pages import APP, texts

PASSWORD = "Sup3r-s3cret-pw"


# choosing the backend ------------------------------------------------------
def test_unset_means_the_data_folder_exactly_as_before(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(config.DATABASE_ENV, raising=False)
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path / "data"))
    assert config.database_url(tmp_path / "no-secrets.toml") is None
    monkeypatch.setattr(config, "SECRETS", tmp_path / "no-secrets.toml")
    assert configured_location() == str(tmp_path / "data")
    assert isinstance(open_store(configured_location()), TinyDBStore)


def test_the_url_comes_from_the_environment_or_the_secrets_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pg_url: str
) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'{config.DATABASE_ENV} = "{pg_url}"\n[other]\nkey = 1\n')
    monkeypatch.delenv(config.DATABASE_ENV, raising=False)
    monkeypatch.setattr(config, "SECRETS", secrets)
    assert config.database_url() == pg_url
    store = open_store(configured_location())
    assert isinstance(store, PostgresStore)
    store.close()
    monkeypatch.setenv(config.DATABASE_ENV, "postgresql://elsewhere/db")
    assert config.database_url() == "postgresql://elsewhere/db"  # the environment wins
    secrets.write_text("not = [valid toml")
    monkeypatch.delenv(config.DATABASE_ENV)
    assert config.database_url() is None


# a wrong or unreachable URL: one line, the host named, never the password ----
@pytest.mark.parametrize(
    ("url", "host"),
    [
        (f"postgresql://spin:{PASSWORD}@db.school.example:notaport/spin", "db.school.example"),
        (f"postgresql://spin:{PASSWORD}@db.school.example:5432/spin?sslmode=bogus&x",
         "db.school.example"),
        (f"mysql://spin:{PASSWORD}@db.school.example/spin", "postgresql://"),
    ],
)  # fmt: skip
def test_a_malformed_url_is_one_line_without_the_password(url: str, host: str) -> None:
    with pytest.raises(Unavailable) as caught:
        PostgresStore(url)
    message = str(caught.value)
    assert host in message and PASSWORD not in message and "\n" not in message


def test_an_unreachable_server_is_one_line_naming_the_host() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(Unavailable) as caught:
        PostgresStore(f"postgresql://spin:{PASSWORD}@127.0.0.1:{port}/spin")
    message = str(caught.value)
    assert f"127.0.0.1:{port}/spin" in message and "refused" in message
    assert PASSWORD not in message and "\n" not in message


def test_a_wrong_password_says_so_without_the_password(pg_cluster: Cluster) -> None:
    url = pg_cluster.add_user("spin", PASSWORD)
    with pytest.raises(Unavailable) as caught:
        PostgresStore(url.replace(PASSWORD, PASSWORD[::-1]))
    message = str(caught.value)
    assert "password authentication failed" in message and "127.0.0.1" in message
    assert PASSWORD not in message and PASSWORD[::-1] not in message and "\n" not in message


def test_the_page_says_the_database_is_away_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv(config.DATABASE_ENV, f"postgresql://spin:{PASSWORD}@127.0.0.1:{port}/s")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    said = texts(at)  # as a reader sees it (the message is Markdown-escaped)
    assert "can't reach its database" in said and f"127.0.0.1:{port}" in said
    assert PASSWORD not in said


def test_the_app_runs_on_postgres_and_keeps_its_content_there(
    monkeypatch: pytest.MonkeyPatch, pg_url: str, tmp_path: Path
) -> None:
    monkeypatch.setenv(config.DATABASE_ENV, pg_url)
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path / "unused"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    replica = PostgresStore(pg_url)  # another app server on the same database
    assert len(replica.excerpts()) >= 30  # the bundled content, imported into the database
    replica.close()
    assert not (tmp_path / "unused").exists()  # nothing went to a data folder


# migrations ----------------------------------------------------------------
def test_a_fresh_database_is_migrated_at_start(pg_cluster: Cluster) -> None:
    url = pg_cluster.create_database("fresh_start")  # not the migrated template
    try:
        store = PostgresStore(url)
        assert migrations.applied(store.db) == migrations.latest() >= 1
        assert migrations.migrate(store.db) == []  # up to date: nothing to do
        store.close()
    finally:
        pg_cluster.drop_database("fresh_start")


def test_a_database_from_a_newer_app_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, 'future')",
                     (migrations.latest() + 1,))  # fmt: skip
    with pytest.raises(SchemaTooNew, match="upgrade the app"):
        PostgresStore(pg_url)


def test_a_failed_migration_leaves_the_schema_as_it_was(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for path in migrations.FOLDER.glob("*.sql"):
        (folder / path.name).write_text(path.read_text())
    (folder / f"{migrations.latest() + 1:04d}_broken.sql").write_text(
        "ALTER TABLE attempts ADD COLUMN extra integer;\nSELECT no_such_function();\n"
    )
    url = pg_cluster.create_database("broken_step")
    try:
        PostgresStore(url).close()  # at the current schema
        monkeypatch.setattr(migrations, "FOLDER", folder)
        with pytest.raises(psycopg.errors.UndefinedFunction):
            PostgresStore(url)
        monkeypatch.undo()
        store = PostgresStore(url)
        assert migrations.applied(store.db) == migrations.latest()
        with store.db.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.columns "
                        "WHERE table_name = 'attempts' AND column_name = 'extra'")  # fmt: skip
            assert cur.fetchone() == (0,)
        store.close()
    finally:
        pg_cluster.drop_database("broken_step")


# a writer killed mid-transaction --------------------------------------------
def _half_done(url: str, class_id: str, ready: multiprocessing.synchronize.Event) -> None:
    """Delete a student inside a transaction that never commits: killed while it waits."""
    store = PostgresStore(url)
    with store.db.transaction() as cur:
        cur.execute("DELETE FROM students WHERE class_id = %s", (class_id,))
        ready.set()
        signal.pause()


def test_a_writer_killed_mid_transaction_changes_nothing(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    store.import_excerpts([sample_excerpt()])
    room = store.create_class(store.add_teacher("T", "h").id, "8A")
    ana = store.join_class(room.code, "Ana")
    kept = store.record_attempt(sample_attempt(ana.id, room.id))
    # spawn, not fork: a fork waits for any numpy (OpenBLAS) work of other threads,
    # such as the suggester an earlier page test started training.
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    proc = context.Process(target=_half_done, args=(pg_url, room.id, ready))
    proc.start()
    assert ready.wait(60)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    # The server rolls the dead client's transaction back: the student, their
    # attempt and its cascade are all still there, and the rows are unlocked.
    assert store.attempts_for_student(ana.id) == [kept]
    again = store.record_attempt(sample_attempt(ana.id, room.id))
    assert store.attempts_for_class(room.id) == [kept, again]
    store.close()


def test_a_nul_character_is_refused_in_plain_words(pg_url: str) -> None:
    # PostgreSQL text cannot hold NUL (a data folder can): a hostile nickname is a
    # Conflict the page can show, never a crash, and nothing is stored.
    store = PostgresStore(pg_url)
    room = store.create_class(store.add_teacher("T", "h").id, "8A")
    with pytest.raises(Conflict, match="the database refused a value"):
        store.join_class(room.code, "Ana\x00Ben")
    with pytest.raises(Conflict, match="the database refused a value"):
        store.add_learner("\x00")
    assert store.students_in(room.id) == []
    store.close()


@pytest.mark.usefixtures("fast_hashes")
def test_a_teacher_on_one_replica_sees_answers_given_on_the_other_within_2_s(
    monkeypatch: pytest.MonkeyPatch, pg_url: str, tmp_path: Path
) -> None:
    from quiz.auth import hash_password
    from tests.pages import sign_in_teacher

    replica_a = PostgresStore(pg_url)  # the replica the class answers on
    replica_a.import_excerpts([sample_excerpt()])
    teacher = replica_a.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    room = replica_a.create_class(teacher.id, "8A")
    ana = replica_a.join_class(room.code, "Ana")
    monkeypatch.setenv(config.DATABASE_ENV, pg_url)  # replica B: the teacher's pages
    at = sign_in_teacher(monkeypatch, tmp_path, "Ms Rivera")
    at.switch_page("app_pages/teacher_dashboard.py").run()
    assert "1 student(s); 0 have answered something." in texts(at)
    replica_a.record_attempt(sample_attempt(ana.id, room.id))
    acknowledged = time.monotonic()
    at.run()  # the teacher's next look (any click reruns the page)
    assert "1 student(s); 1 have answered something." in texts(at)
    assert time.monotonic() - acknowledged < 2
    replica_a.close()
