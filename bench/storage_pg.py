"""``python -m quiz bench storage --backend postgres``: recording one answer as a district grows.

The same workload as the TinyDB benchmark (:mod:`bench.storage`): a school of
10 teachers, 40 classes and 1,200 students; attempts already stored spread
over them; writes timed one by one through the store, interleaved across the
sizes in rounds so every size sees the same machine; SQLite (WAL,
synchronous=FULL) built the same way as the yardstick. The history is loaded
with COPY (:mod:`bench.pg_bulk`); only the timed writes go through the store.

The server is a throwaway cluster on this machine with PostgreSQL's durable
defaults (fsync on, synchronous commit): each timed write waits for its
commit to reach the disk, as in the app. The class report is timed whole
(the store's reads, every attempt validated, the means) and, beside it, the
database's part alone (the rows of the class, fetched, not decoded), for two
classes: one of the 40 (whose share of the history grows with it: 25,000
attempts at 1M) and a measured class added to every size, 30 students with 50
attempts each (the class of ``bench reports``), so that its figure shows what
a report costs as the district's history around it grows.

Last, the deployment of ``deploy/``: two classes of 35 students played by the
class load driver through nginx and two app replicas on one (durable)
database, for the submit-to-feedback times (:func:`replica_run`).
"""

from __future__ import annotations

import itertools
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bench.loadtest import sample_attempt
from bench.pg_bulk import load
from bench.pg_cluster import Cluster
from bench.storage import (
    CLASSES,
    PER_CLASS,
    TEACHERS,
    Doc,
    School,
    _code,
    _ms,
    _report,
    _report_sqlite,
    _sqlite,
    _sqlite_insert,
    _stats,
    school,
)
from quiz.records import Classroom, Student, new_id
from quiz.store_pg import PostgresStore
from quiz.stores import close

FULL_SIZES = (1_000, 100_000, 1_000_000)
QUICK_SIZES = (500, 2_000)
TARGET_GROWTH, TARGET_REPORT_MS = 1.5, 50.0
MEASURED_EACH = 50  # attempts of each student of the measured class


def history(size: int, students: Sequence[Student], seed: int) -> Iterator[Doc]:
    """``size`` attempt documents over the students (the same for the same seed), one at a time."""
    rng = random.Random(seed)
    template = sample_attempt(students[0].id, students[0].class_id).model_dump(mode="json")
    for n in range(size):
        student = students[rng.randrange(len(students))]
        doc = dict(template, id=new_id(), student_id=student.id, class_id=student.class_id)
        doc["score"] = round(rng.uniform(0, 100), 1)
        doc["submitted_at"] = f"2026-{1 + n * 12 // size:02d}-01T08:00:00.{n % 999999:06d}Z"
        yield doc


def measured_class(everyone: School) -> tuple[Classroom, list[Student], list[Doc]]:
    """The class of ``bench reports``: 30 students, 50 attempts each, the same in every size."""
    room = Classroom(teacher_id=everyone[0][0].id, name="Measured class", code=_code(CLASSES))
    students = [Student(nickname=f"measured {k}", class_id=room.id) for k in range(PER_CLASS)]
    docs = list(history(MEASURED_EACH * len(students), students, seed=1))
    for n, doc in enumerate(docs):  # each student their 50
        student = students[n % len(students)]
        doc.update(student_id=student.id, class_id=room.id)
    return room, students, docs


class Case:
    """One size: a database of its own in the cluster, and SQLite beside it."""

    def __init__(self, cluster: Cluster, folder: Path, size: int, everyone: School) -> None:
        self.size, self.students = size, everyone[2]
        self.report_class = everyone[1][0].id
        room, measured, measured_docs = measured_class(everyone)
        self.measured_class = room.id
        started = time.perf_counter()
        self.store = PostgresStore(cluster.create_database(f"bench_{size}"))
        whole = (everyone[0], [*everyone[1], room], [*everyone[2], *measured])
        load(self.store, whole, itertools.chain(measured_docs, history(size, self.students, size)))
        loaded = time.perf_counter() - started
        print(f"  {size:,} attempts loaded with COPY in {loaded:.1f} s", file=sys.stderr)
        self.sqlite = _sqlite(folder / f"sqlite-{size}.db", history(size, self.students, size))
        self.times: dict[str, list[float]] = {"store": [], "sqlite": []}

    def time_writes(self, count: int, rng: random.Random) -> None:
        for student in [self.students[rng.randrange(len(self.students))] for _ in range(count)]:
            attempt = sample_attempt(student.id, student.class_id)
            self.times["store"].append(_ms(partial(self.store.record_attempt, attempt)))
            other = sample_attempt(student.id, student.class_id)
            self.times["sqlite"].append(_ms(partial(_sqlite_insert, self.sqlite, other)))

    def finish(self) -> dict[str, float]:
        row: dict[str, float] = {}
        row["store"], row["store_p95"] = _stats(self.times["store"])
        row["sqlite"], row["sqlite_p95"] = _stats(self.times["sqlite"])
        row["report"], _ = _stats([_ms(lambda: _report(self.store, self.report_class))
                                   for _ in range(5)])  # fmt: skip
        row["report_sql"], _ = _stats([_ms(partial(self._rows, self.report_class))
                                       for _ in range(5)])  # fmt: skip
        row["measured"], _ = _stats([_ms(lambda: _report(self.store, self.measured_class))
                                     for _ in range(5)])  # fmt: skip
        row["measured_sql"], _ = _stats([_ms(partial(self._rows, self.measured_class))
                                         for _ in range(5)])  # fmt: skip
        row["report_sqlite"], _ = _stats([
            _ms(lambda: _report_sqlite(self.sqlite, self.report_class)) for _ in range(5)])
        row["class_attempts"] = len(self.store.attempts_for_class(self.report_class))
        self.sqlite.close()
        self.store.close()
        return row

    def _rows(self, class_id: str) -> int:
        with self.store.db.cursor() as cur:
            cur.execute("SELECT doc::text FROM attempts WHERE class_id = %s "
                        "ORDER BY submitted_at, recorded", (class_id,))  # fmt: skip
            return len(cur.fetchall())


def run(quick: bool = False) -> int:
    """Print the table; return 1 when a target is missed on a full run."""
    sizes = QUICK_SIZES if quick else FULL_SIZES
    rounds, per_round = (4, 10) if quick else (10, 20)
    everyone = school()
    print(
        f"PostgreSQL: recording one attempt, ms (median / p95) with N attempts already stored "
        f"(and the measured class's {PER_CLASS * MEASURED_EACH:,}) "
        f"({TEACHERS} teachers, {CLASSES} classes, {len(everyone[2]):,} students, "
        f"{PER_CLASS} a class); {rounds * per_round} writes each, interleaved across sizes "
        f"in {rounds} rounds. Class report: one class, every attempt of its students."
    )
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-storage-pg-") as tmp, \
            Cluster(fast=False) as cluster:  # fmt: skip
        print(f"building on PostgreSQL in {cluster.root} ...", file=sys.stderr, flush=True)
        cases = [Case(cluster, Path(tmp), size, everyone) for size in sizes]
        for _ in range(rounds):
            for case in cases:
                case.time_writes(per_round, rng)
        rows = [case.finish() for case in cases]
    print("| stored | PostgreSQL | SQLite WAL FULL | one of the 40 classes: whole / database "
          "part / SQLite (its attempts) | the measured class (1,500 attempts): whole / "
          "database part |")  # fmt: skip
    print("|" + "---|" * 5)
    for size, row in zip(sizes, rows, strict=True):
        print(f"| {size:,} | {row['store']:.2f} / {row['store_p95']:.2f} "
              f"| {row['sqlite']:.3f} / {row['sqlite_p95']:.3f} "
              f"| {row['report']:.0f} ms / {row['report_sql']:.0f} ms / "
              f"{row['report_sqlite']:.0f} ms ({int(row['class_attempts']):,}) "
              f"| {row['measured']:.1f} ms / {row['measured_sql']:.1f} ms |")  # fmt: skip
    growth = rows[-1]["store"] / rows[0]["store"]
    report = rows[-1]["measured"]
    print(f"PostgreSQL at {sizes[-1]:,} / at {sizes[0]:,}: {growth:.2f}x "
          f"(target <= {TARGET_GROWTH:g}x)")  # fmt: skip
    print(f"store / SQLite at {sizes[-1]:,}: {rows[-1]['store'] / rows[-1]['sqlite']:.1f}x")
    print(f"class report at {sizes[-1]:,}: {report:.1f} ms for the measured class, of which "
          f"the database {rows[-1]['measured_sql']:.1f} ms (target <= {TARGET_REPORT_MS:g} ms); "
          f"{rows[-1]['report']:.0f} ms for a class holding "
          f"{int(rows[-1]['class_attempts']):,} attempts")  # fmt: skip
    replica_run(5 if quick else 35)
    missed = growth > TARGET_GROWTH or report > TARGET_REPORT_MS
    print("targets missed" if missed else "targets met")
    return 1 if missed and not quick else 0


def replica_run(students: int) -> dict[str, Any]:
    """Two classes of ``students`` through nginx and two replicas (``deploy/``) on one
    database, played by the class load driver; prints and returns its report."""
    from bench.classroom import Pace
    from bench.classroom_bench import prepare
    from bench.deployment import Deployment
    from bench.loaddriver import drive

    print(f"two replicas behind nginx (deploy/), 2 x {students} students ...", file=sys.stderr,
          flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp, \
            Cluster(fast=False) as cluster:  # fmt: skip
        store, codes = prepare(cluster.create_database("replicas"), 2)
        with Deployment(cluster.url("replicas"), Path(tmp)) as deployed:
            report = drive(deployed.app, codes, students=students, excerpts=3, store=store,
                           pace=Pace(), seed=3)  # fmt: skip
        close(store)
    submit = report["submit_to_feedback_ms"]
    print(f"two replicas behind nginx, 2 x {students} students, 3 excerpts each: submit to "
          f"feedback p50 {submit['p50']} ms, p95 {submit['p95']} ms, max {submit['max']} ms; "
          f"{report['submitted']} acknowledged, {report['stored']} stored, {report['lost']} "
          f"lost, {report['errors']} student(s) with errors")  # fmt: skip
    return report
