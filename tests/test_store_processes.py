"""Several processes on one store, and writers killed mid-write: real files, a real server.

Each test runs on both backends (``tests/backends.py``): a TinyDB data folder
and a PostgreSQL database, where the processes each have their own pool.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.loadtest import prepare, read_ack_log, work
from quiz import config
from quiz.store.maintenance import check, data_files
from quiz.store_pg import PostgresStore
from quiz.store_pg.check import check as check_database
from quiz.stores import close, open_store

pytestmark = pytest.mark.slow
PROJECT = Path(__file__).resolve().parent.parent


def stored_ids(location: str) -> list[str]:
    """Every attempt id in the store, duplicates kept (a duplicate is a bug)."""
    store = open_store(location)
    try:
        return [a.id for a in store.iter_attempts()]
    finally:
        close(store)


def healthy(location: str) -> None:
    """``db check`` finds nothing wrong (every file, or every row)."""
    if config.is_database_url(location):
        store = PostgresStore(location)
        report = check_database(store.db)
        store.close()
        assert report.ok and report.rows > 8, report.problems
        return
    data = Path(location)
    files = check(data)
    assert files.ok, files.problems
    assert files.files == len(list(data_files(data))) > 8


def test_eight_processes_lose_nothing(location: str, tmp_path: Path) -> None:
    ack = tmp_path / "ack.log"
    option = "--database-url" if config.is_database_url(location) else "--data"
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "loadtest", option, location, "--workers", "8",
         "--attempts", "100", "--ack-log", str(ack)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "800 attempts acknowledged" in done.stdout
    acknowledged = read_ack_log(ack)
    ids = stored_ids(location)
    assert len(acknowledged) == len(set(acknowledged)) == 800
    assert sorted(ids) == sorted(acknowledged)
    healthy(location)


def test_writers_killed_mid_write_leave_whole_files_and_every_acknowledged_attempt(
    location: str, tmp_path: Path
) -> None:
    data, ack = location, tmp_path / "ack.log"
    class_id, version = prepare(data)
    context = multiprocessing.get_context("fork")
    rng = random.Random(20)
    kills = 0
    for round_no in range(20):
        before = len(read_ack_log(ack))
        proc = context.Process(
            target=work, args=(data, class_id, version, round_no % 3, 100_000, ack)
        )
        proc.start()
        wanted = before + rng.randint(1, 25)
        deadline = time.monotonic() + 20
        while len(read_ack_log(ack)) < wanted and time.monotonic() < deadline:
            time.sleep(0.002)
        # Land the kill at a random point of the next write, not between writes.
        time.sleep(rng.uniform(0, 0.004))
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        kills += proc.exitcode == -signal.SIGKILL
    assert kills == 20
    acknowledged = read_ack_log(ack)
    ids = stored_ids(data)
    assert len(acknowledged) >= 20
    assert set(acknowledged) <= set(ids)
    assert len(ids) == len(set(ids))
    healthy(data)
