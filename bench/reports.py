"""``python -m quiz bench reports``: how long the class report takes, next to the reads it needs.

Builds a store in a temporary folder with one class of 30 students who made 50
attempts each over 10 excerpts (copies of the scoring benchmark's excerpt, so
``content/`` is not needed), with simulated learners of varied skill. Then it
times, several times over, the raw store reads a report needs
(:func:`quiz.reports.read_class`: students, assignments, attempts, excerpt
versions), the pure computation (:func:`quiz.reports.build_report`) and the
whole :func:`quiz.reports.class_report`, and prints the medians side by side.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.scoring import bench_excerpt
from quiz.models import Category, Excerpt
from quiz.records import Assignment, Attempt, Figures
from quiz.reports import ClassData, build_report, class_report, read_class
from quiz.scoring import CharSpan, score_excerpt
from quiz.storage import Store
from quiz.store import TinyDBStore
from quiz.text import Token, tokenize

STUDENTS = 30
ATTEMPTS_EACH = 50
EXCERPTS = 10
PER_ASSIGNMENT = 2
TARGET_SECONDS = 1.0
START = dt.datetime(2026, 9, 7, 8, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Timings:
    """Seconds: the first read after seeding, then the medians of the timed runs."""

    first_read: float
    read: float
    build: float
    report: float


def run(quick: bool = False) -> int:
    """Print the benchmark table; return the exit code (0: the figures are information)."""
    repeats = 3 if quick else 10
    with tempfile.TemporaryDirectory(prefix="spin-bench-reports-") as folder:
        started = time.perf_counter()
        # Not durable: fsync on every seeded attempt would time the disk, not the report.
        store = TinyDBStore(Path(folder), durable=False)
        class_id = seed_class(store, random.Random(2026))
        seeding = time.perf_counter() - started
        data, timings = measure(store, class_id, repeats)
    report = build_report(data)
    read_ms, build_ms, report_ms = (
        1000 * t for t in (timings.read, timings.build, timings.report)
    )
    print(
        f"reports benchmark: 1 class, {STUDENTS} students x {ATTEMPTS_EACH} attempts "
        f"({len(data.attempts):,}), {EXCERPTS} excerpts, {len(data.assignments)} assignments, "
        f"median of {repeats} runs" + (" (quick)" if quick else "")
    )
    print(f"seeding the store (not timed below)      {seeding:8.1f} s")
    print(f"first read after seeding                 {1000 * timings.first_read:8.1f} ms")
    print(f"raw store reads (read_class)             {read_ms:8.1f} ms")
    print(f"report computation (build_report)        {build_ms:8.1f} ms")
    print(f"class report (reads + computation)       {report_ms:8.1f} ms")
    print(f"ratio class report / raw reads: {report_ms / read_ms:.2f}")
    print(
        f"report holds {len(report.students)} students, {len(report.items)} items, "
        f"{len(report.spans)} span rows, {len(report.false_alarms)} false-alarm groups, "
        f"{len(report.heat_maps)} heat maps"
    )
    verdict = "met" if report_ms / 1000 < TARGET_SECONDS else "NOT met on this machine"
    print(f"target: class report under {TARGET_SECONDS:.0f} s: {verdict}")
    return 0


def measure(store: Store, class_id: str, repeats: int) -> tuple[ClassData, Timings]:
    """Time the reads a report needs, its computation and the whole report, interleaved.

    Returns:
        The class's data as read, and the timings.
    """
    first_read = _time(lambda: read_class(store, class_id))
    data = read_class(store, class_id)
    times: dict[str, list[float]] = {"read": [], "build": [], "report": []}
    for _ in range(repeats):  # interleaved: a burst of load hits all three alike
        times["read"].append(_time(lambda: read_class(store, class_id)))
        times["build"].append(_time(lambda: build_report(data)))
        times["report"].append(_time(lambda: class_report(store, class_id)))
    medians = {name: statistics.median(values) for name, values in times.items()}
    return data, Timings(first_read, **medians)


def seed_class(
    store: Store,
    rng: random.Random,
    *,
    students: int = STUDENTS,
    attempts_each: int = ATTEMPTS_EACH,
) -> str:
    """Fill ``store`` with the benchmark class; return its id.

    Args:
        store: an empty store.
        rng: the source of the simulated learners' choices.
        students: how many students join the class.
        attempts_each: attempts per student, going round the excerpts in turn.
    """
    excerpts = bench_excerpts()
    store.import_excerpts(excerpts)
    teacher = store.add_teacher("Bench Teacher", "$argon2id$bench-not-a-real-hash")
    room = store.create_class(teacher.id, "Bench class")
    groups = [
        [e.id for e in excerpts[i : i + PER_ASSIGNMENT]]
        for i in range(0, EXCERPTS, PER_ASSIGNMENT)
    ]
    kinds = ["pre_test"] + ["regular"] * (len(groups) - 2) + ["post_test"]
    assignments = [
        store.add_assignment(
            Assignment(class_id=room.id, title=f"Set {n + 1}", excerpt_ids=ids, kind=kind)
        )
        for n, (ids, kind) in enumerate(zip(groups, kinds, strict=True))
    ]
    of_excerpt = {e: a for a in assignments for e in a.excerpt_ids}
    asked = list(Category)
    words = {e.id: tokenize(e.text) for e in excerpts}
    for s in range(students):
        student = store.join_class(room.code, f"Student {s + 1:02d}")
        skill = rng.uniform(0.2, 0.9)
        for k in range(attempts_each):
            excerpt = excerpts[k % EXCERPTS]
            marks = simulated_marks(
                excerpt, words[excerpt.id], skill + k / (4 * attempts_each), rng
            )
            result = score_excerpt(excerpt, marks, asked)
            store.record_attempt(
                Attempt(
                    student_id=student.id, class_id=room.id, mode="class",
                    assignment_id=of_excerpt[excerpt.id].id, excerpt_id=excerpt.id,
                    excerpt_version=1, categories=asked, selections=marks,
                    figures={
                        c: Figures(precision=r.precision, recall=r.recall, f1=r.f1)
                        for c, r in result.categories.items()
                    },
                    score=result.score,
                    # about ten weeks of lessons, a few minutes apart within one
                    submitted_at=START + dt.timedelta(days=1.4 * k, minutes=3 * s),
                )
            )
    return room.id


def bench_excerpts() -> list[Excerpt]:
    """Ten excerpts: the scoring benchmark's, under ten ids."""
    base = bench_excerpt()
    return [base.model_copy(update={"id": f"bench-{n + 1:02d}"}) for n in range(EXCERPTS)]


def simulated_marks(
    excerpt: Excerpt, words: Sequence[Token], skill: float, rng: random.Random
) -> dict[Category, list[CharSpan]]:
    """A learner's marks on ``excerpt`` (whose tokens are ``words``).

    Each gold span is marked with chance ``skill``, whole or only its first
    words; now and then a random word is marked too.
    """
    marks: dict[Category, list[CharSpan]] = {}
    for category in Category:
        chosen: list[CharSpan] = []
        for span in excerpt.gold(category):
            if rng.random() < skill:
                inside = [w for w in words if span.start <= w.start and w.end <= span.end]
                cut = rng.randint(1, len(inside))
                chosen.append((inside[0].start, inside[cut - 1].end))
        if rng.random() < 0.4:
            word = rng.choice(words)
            chosen.append((word.start, word.end))
        marks[category] = chosen
    return marks


def _time(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started
