"""``python -m quiz loadtest``: many processes recording answers into one class.

Each worker process joins the class with its own students and records
attempts; only after the store has confirmed a write does it append the
attempt id to the acknowledgement log (flushed and fsynced). A test can then
kill workers at any moment and check that every acknowledged attempt is stored.
The workers use the app's real store (:func:`quiz.stores.open_store`): a data
folder, or a PostgreSQL database when the location is a ``postgresql://`` URL.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from quiz.models import Category, Excerpt, Span
from quiz.records import Attempt, Figures
from quiz.stores import close, open_store

TEACHER = "Load test"
CLASS_NAME = "Load test class"
STUDENTS_PER_WORKER = 3
SAMPLE_ID = "loadtest-sample"
_SENTENCE = "Residents met in the town hall to talk about bus fares and routes for next year. "


def sample_excerpt(excerpt_id: str = SAMPLE_ID) -> Excerpt:
    """A small valid excerpt with one loaded term, for load tests and benchmarks."""
    text = "The council slammed the new bus plan on Monday. " + _SENTENCE * 4
    start = text.index("slammed")
    span = Span(
        category=Category.LOADED_TERM,
        quote="slammed",
        start=start,
        end=start + len("slammed"),
        explanation="'Slammed' makes a disagreement sound violent.",
        neutral_alternative="criticised",
    )
    return Excerpt(
        id=excerpt_id,
        title="Bus plan",
        source="written for practice",
        genre="news",
        leaning="none",
        difficulty=1,
        text=text.strip(),
        spans=[span],
    )


def sample_attempt(student_id: str, class_id: str | None, version: int = 1) -> Attempt:
    """An attempt at :func:`sample_excerpt` with a random score."""
    recall = random.random()
    loaded = Category.LOADED_TERM
    return Attempt(
        student_id=student_id,
        class_id=class_id,
        excerpt_id=SAMPLE_ID,
        excerpt_version=version,
        categories=[loaded],
        selections={loaded: [(12, 19)]},
        figures={loaded: Figures(precision=1.0, recall=recall, f1=2 * recall / (1 + recall))},
        score=round(100 * recall, 1),
        mode="class" if class_id else "practice",
        seconds_taken=round(random.uniform(5, 90), 1),
    )


@dataclass
class LoadResult:
    """What a load test did."""

    workers: int
    acknowledged: int
    failed_workers: int
    seconds: float
    class_id: str

    def __str__(self) -> str:
        rate = self.acknowledged / self.seconds if self.seconds else 0.0
        return (
            f"{self.workers} workers: {self.acknowledged} attempts acknowledged in "
            f"{self.seconds:.2f} s ({rate:.0f}/s); {self.failed_workers} worker(s) failed"
        )


Location = Path | str  # a data folder or a database URL


def prepare(data: Location) -> tuple[str, int]:
    """Create (or find) the load-test class; returns its id and the excerpt version."""
    store = open_store(data)
    try:
        store.import_excerpts([sample_excerpt()])
        teacher = store.teacher_by_name(TEACHER) or store.add_teacher(TEACHER, "not-a-login")
        classes = [c for c in store.classes_for(teacher.id) if c.name == CLASS_NAME]
        classroom = classes[0] if classes else store.create_class(teacher.id, CLASS_NAME)
        return classroom.id, store.excerpt(SAMPLE_ID).version
    finally:
        close(store)  # before the fork: no worker inherits a pool's connections in use


def run_load(data: Location, workers: int, attempts: int, ack_log: Path) -> LoadResult:
    """Run ``workers`` processes recording ``attempts`` attempts each into one class."""
    class_id, version = prepare(data)
    # spawn, not fork: in the whole test suite os.fork() hung here, with other
    # threads alive in the process (the likely cause: OpenBLAS's at-fork handler
    # waits for its worker threads); a spawned worker starts from nothing.
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    procs = [
        context.Process(target=work, args=(data, class_id, version, n, attempts, ack_log))
        for n in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - started
    acknowledged = len(read_ack_log(ack_log))
    failed = sum(1 for p in procs if p.exitcode != 0)
    return LoadResult(workers, acknowledged, failed, seconds, class_id)


def work(
    data: Location, class_id: str, version: int, number: int, attempts: int, ack: Path
) -> None:
    """One worker: join with its own students, record, acknowledge after each write."""
    store = open_store(data)
    # A second run reuses its students: a class refuses a taken nickname.
    known = {s.nickname: s for s in store.students_in(class_id)}
    names = [f"worker {number} student {k}" for k in range(STUDENTS_PER_WORKER)]
    students = [known.get(name) or store.join_class(class_id, name) for name in names]
    fd = os.open(ack, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        for i in range(attempts):
            attempt = sample_attempt(students[i % len(students)].id, class_id, version)
            stored = store.record_attempt(attempt)
            # One write() of one short line with O_APPEND: lines from workers never interleave.
            os.write(fd, f"{stored.id}\n".encode())
            os.fsync(fd)
    finally:
        os.close(fd)


def read_ack_log(path: Path) -> list[str]:
    """Acknowledged attempt ids; a line cut short by a kill is not an acknowledgement."""
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [line for line in lines if len(line) == 32 and line.isalnum()]
