"""``python -m quiz loadtest --app URL --code CODE``: a class through the real server.

Runs :mod:`bench.classroom` against a running app, then reads the store to
count what was stored, and returns one JSON-ready dict:

``students``, ``submitted`` (acknowledged submits: the student saw feedback),
``stored`` (attempts of these students in the store afterwards), ``errors``
(students that hit a failure) with the first ``error_messages``, ``lost``
(acknowledged attempts missing from the store: must be 0), ``reconnects``,
``page_load_ms``/``mark_ms``/``submit_to_feedback_ms`` (``p50``, ``p95``,
``max``, ``n``), ``seconds``, ``driver_cpu_s`` (this process's own CPU: the
students share the machine with the server), and with a server PID ``server_rss_mb_before``,
``server_rss_mb_after`` and ``server_cpu_s`` (CPU the server used during the run).
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import socket
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from bench.appserver import ProcessFigures, process_figures
from bench.classroom import Pace, StudentLog, Timings, play_classes
from quiz.storage import Store

LIMIT_S = 1800.0
"""No run lasts longer than this (the driver gives up and reports what it has)."""


def loopback_problem(url: str) -> str | None:
    """Why ``url`` may not be load-tested (None when it is a loopback http address)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http://host:port address"
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 80)}
    except socket.gaierror:
        return f"{parts.hostname!r} does not resolve"
    if not all(ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses):
        return (f"{parts.hostname} is not a loopback address: the load driver only runs "
                "against a server on this machine (127.0.0.1)")
    return None


def percentiles(values: Sequence[float]) -> dict[str, float | int | None]:
    """p50, p95 (nearest rank) and max in ms, rounded; None for no values."""
    if not values:
        return {"p50": None, "p95": None, "max": None, "n": 0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    return {"p50": round(rank(0.5), 1), "p95": round(rank(0.95), 1),
            "max": round(ordered[-1], 1), "n": len(ordered)}


def drive(app: str, codes: Sequence[str], *, students: int, excerpts: int, store: Store,
          pace: Pace | None = None, seed: int = 1,
          server_pid: int | Callable[[], int] | None = None,
          during: Callable[[], None] | None = None) -> dict[str, Any]:
    """Play ``students`` per class code through ``excerpts`` excerpts; report.

    Args:
        app: the app's base URL (loopback only).
        codes: the class codes, one class each.
        students: simulated students per class.
        excerpts: excerpts each student does.
        store: the app's store, read after the run for ``stored``.
        pace: think times and the submit window.
        seed: for the students' random choices.
        server_pid: the server's process (or a function giving it, for a server that
            restarts), for its memory and CPU; both are measured while every
            student's tab is still open at the end.
        during: called in a thread while the students play (the crash test
            kills and restarts the server from it).

    Raises:
        ValueError: for an address that is not loopback, or counts below 1.
    """
    problem = loopback_problem(app)
    if problem:
        raise ValueError(problem)
    if students < 1 or excerpts < 1:
        raise ValueError("--students and --excerpts must be at least 1")
    timings = Timings()
    pid = server_pid if callable(server_pid) or server_pid is None else (lambda: server_pid)
    before = process_figures(pid()) if pid else None
    open_figures: list[ProcessFigures] = []

    def at_end() -> None:
        if pid:
            open_figures.append(process_figures(pid()))

    start, driver_start = time.monotonic(), time.process_time()
    logs = asyncio.run(
        _play(app, codes, students, excerpts, pace or Pace(), seed, timings, during, at_end)
    )
    seconds = time.monotonic() - start
    report = summary(logs, timings, store, codes)
    report["seconds"] = round(seconds, 1)
    report["driver_cpu_s"] = round(time.process_time() - driver_start, 2)
    if before is not None and open_figures:
        report["server_rss_mb_before"] = round(before.rss_mb, 1)
        report["server_rss_mb_after"] = round(open_figures[0].rss_mb, 1)
        report["server_cpu_s"] = round(open_figures[0].cpu_s - before.cpu_s, 2)
    return report


async def _play(app: str, codes: Sequence[str], students: int, excerpts: int, pace: Pace,
                seed: int, timings: Timings, during: Callable[[], None] | None,
                at_end: Callable[[], None]) -> list[StudentLog]:
    playing = play_classes(app, codes, students, excerpts, pace=pace, seed=seed,
                           timings=timings, limit_s=LIMIT_S, at_end=at_end)
    if during is None:
        return await playing
    logs, _ = await asyncio.gather(playing, asyncio.to_thread(during))
    return logs


def summary(logs: Sequence[StudentLog], timings: Timings, store: Store,
            codes: Sequence[str]) -> dict[str, Any]:
    """The run's figures, with ``stored`` and ``lost`` read back from the store."""
    order: dict[str, list[str]] = {}
    for code in codes:
        classroom = store.class_by_code(code)
        if classroom is not None:
            for assignment in store.assignments_for(classroom.id):
                order[assignment.id] = assignment.excerpt_ids
    stored = lost = 0
    for log in logs:
        if log.student_id is None:
            continue
        positions = {
            order[a.assignment_id].index(a.excerpt_id) + 1
            for a in store.attempts_for_student(log.student_id)
            if a.assignment_id in order and a.excerpt_id in order[a.assignment_id]
        }
        stored += len(positions)
        lost += len(set(log.acknowledged) - positions)
    failed = [log for log in logs if log.errors]
    return {
        "students": len(logs),
        "submitted": sum(len(log.acknowledged) for log in logs),
        "stored": stored,
        "lost": lost,
        "errors": len(failed),
        "error_messages": [m for log in failed for m in log.errors][:10],
        "reconnects": sum(log.reconnects for log in logs),
        "page_load_ms": percentiles(timings.page_load_ms),
        "mark_ms": percentiles(timings.mark_ms),
        "submit_to_feedback_ms": percentiles(timings.submit_to_feedback_ms),
    }
