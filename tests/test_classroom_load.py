"""Issue 14: a class through the real server, played by the load driver over the websocket.

Correctness, not timing: the figures are the benchmark's (``bench classroom``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import classroom
from bench.appserver import AppServer
from bench.classroom import Pace
from bench.classroom_bench import prepare
from bench.loaddriver import drive, loopback_problem, percentiles
from quiz.storage import Store
from quiz.ui import span_picker

ROOT = Path(__file__).resolve().parent.parent
QUICK = Pace(spread=1.0, ramp=1.0, mark=(0.1, 0.4), read=(0.2, 0.5), words=(2, 4))


def test_the_driver_looks_for_the_apps_span_picker() -> None:
    assert classroom.PICKER == span_picker.COMPONENT_NAME


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentiles(values) == {"p50": 10.0, "p95": 19.0, "max": 20.0, "n": 20}
    assert percentiles([7.0]) == {"p50": 7.0, "p95": 7.0, "max": 7.0, "n": 1}
    assert percentiles([]) == {"p50": None, "p95": None, "max": None, "n": 0}


@pytest.mark.parametrize("url", ["http://10.1.2.3:8501", "http://192.168.0.9", "ftp://127.0.0.1"])
def test_the_driver_refuses_anything_but_loopback(url: str) -> None:
    assert loopback_problem(url)
    assert loopback_problem("http://127.0.0.1:8501") is None
    assert loopback_problem("http://localhost:8501") is None


def test_the_command_refuses_a_remote_address(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "loadtest", "--app", "http://10.1.2.3:8501",
         "--code", "ABCDEF", "--data", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "not a loopback address" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_five_students_through_the_real_server_store_every_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store, [code] = prepare(data, 1)
    with AppServer(data, tmp_path / "server.log") as server:
        done = subprocess.run(
            [sys.executable, "-m", "quiz", "loadtest", "--app", server.url, "--code", code,
             "--students", "5", "--excerpts", "2", "--spread", "2", "--data", str(data),
             "--server-pid", str(server.pid), "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == 0, report["error_messages"]
    assert report["students"] == 5
    assert report["submitted"] == report["stored"] == 10 and report["lost"] == 0
    for figure in ("page_load_ms", "mark_ms", "submit_to_feedback_ms"):
        assert set(report[figure]) == {"p50", "p95", "max", "n"} and report[figure]["n"] > 0
    assert report["server_rss_mb_after"] > 0 and report["server_cpu_s"] > 0
    classroom = store.class_by_code(code)
    assert classroom is not None and len(store.students_in(classroom.id)) == 5


@pytest.mark.slow
def test_a_server_killed_mid_class_loses_nothing_and_the_students_carry_on(
    tmp_path: Path,
) -> None:
    """SIGKILL while students mark and submit; the restarted server takes them back.

    The driver itself fails a student who, after reconnecting, is asked to join
    again, sees an error on the page, or finds a mark made before the crash gone.
    """
    data = tmp_path / "data"
    store, [code] = prepare(data, 1)
    server = AppServer(data, tmp_path / "server.log").start()
    killed: list[int] = []

    def crash() -> None:
        deadline = time.monotonic() + 120
        while _answers(store, code) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        killed.append(_answers(store, code))
        server.kill()
        time.sleep(1.0)
        server.start()

    try:
        report = drive(server.url, [code], students=5, excerpts=3, store=store, pace=QUICK,
                       seed=7, during=crash)
    finally:
        server.stop()
    assert killed and 3 <= killed[0] < 15  # the crash came mid-class
    assert report["errors"] == 0, report["error_messages"]
    assert report["reconnects"] >= 1
    assert report["lost"] == 0  # every acknowledged answer is stored
    # An answer can be stored without being acknowledged (the server died before
    # the feedback reached the student), never the other way round.
    assert report["stored"] >= report["submitted"]
    assert report["stored"] == 15  # and every student still finished every excerpt


def _answers(store: Store, code: str) -> int:
    classroom = store.class_by_code(code)
    assert classroom is not None
    return len(store.attempts_for_class(classroom.id))
