"""Several processes on one data folder, and writers killed mid-write (real files)."""

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
from quiz.store import TinyDBStore
from quiz.store.maintenance import check, data_files

pytestmark = pytest.mark.slow
PROJECT = Path(__file__).resolve().parent.parent


def stored_ids(data: Path) -> list[str]:
    """Every attempt id in the folder, duplicates kept (a duplicate is a bug)."""
    return [a.id for a in TinyDBStore(data).iter_attempts()]


def test_eight_processes_lose_nothing(tmp_path: Path) -> None:
    data, ack = tmp_path / "data", tmp_path / "ack.log"
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "loadtest", "--data", str(data), "--workers", "8",
         "--attempts", "100", "--ack-log", str(ack)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "800 attempts acknowledged" in done.stdout
    acknowledged = read_ack_log(ack)
    ids = stored_ids(data)
    assert len(acknowledged) == len(set(acknowledged)) == 800
    assert sorted(ids) == sorted(acknowledged)
    report = check(data)
    assert report.ok, report.problems
    assert report.files == len(list(data_files(data))) > 8


def test_writers_killed_mid_write_leave_whole_files_and_every_acknowledged_attempt(
    tmp_path: Path,
) -> None:
    data, ack = tmp_path / "data", tmp_path / "ack.log"
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
    report = check(data)
    assert report.ok, report.problems
