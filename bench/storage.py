"""``python -m quiz bench storage``: what recording one answer costs as a school grows.

For 1,000 to 300,000 attempts already stored (spread over 10 teachers, 40
classes and 1,200 students) it times recording one attempt with this store,
with plain TinyDB (one file, rewritten whole on every insert) and with SQLite
(WAL, synchronous=FULL), each built the same way, and the time to load one
class's report (30 students, all their attempts). The history is bulk-written
straight into files; only the timed writes go through the normal write path.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bench.baselines import PlainTinyDB
from bench.bulk import write_attempts, write_school
from bench.loadtest import sample_attempt, sample_excerpt
from quiz.records import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Classroom, Student, Teacher, new_id
from quiz.storage import Store
from quiz.store import TinyDBStore

FULL_SIZES = (1_000, 10_000, 100_000, 300_000)
QUICK_SIZES = (500, 2_000)
TEACHERS, CLASSES, PER_CLASS = 10, 40, 30
# Plain TinyDB needs seconds per insert at 100k: a few samples only.
PLAIN_SAMPLES = {1_000: 20, 10_000: 10, 100_000: 3, 300_000: 2}
TARGET_GROWTH, TARGET_VS_SQLITE = 2.0, 20.0

Doc = dict[str, Any]


def run(quick: bool = False) -> int:
    """Print the benchmark table; return the exit code (1 if a target is missed)."""
    sizes = QUICK_SIZES if quick else FULL_SIZES
    rounds, per_round = (4, 10) if quick else (10, 20)
    rng = random.Random(7)
    everyone = school()
    print(
        f"Recording one attempt, ms (median / p95) with N attempts already stored "
        f"({TEACHERS} teachers, {CLASSES} classes, {len(everyone[2]):,} students). "
        f"Store and SQLite: {rounds * per_round} writes each, interleaved across sizes in "
        f"{rounds} rounds so all see the same disk; plain TinyDB: the writes noted."
    )
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
        cases = [build_case(Path(tmp) / str(size), size, everyone, rng) for size in sizes]
        # The bulk-written history is "already stored": flush it now, or the
        # first timed fsyncs would wait for other files' dirty pages.
        os.sync()
        for _ in range(rounds):
            for case in cases:
                case.time_writes(per_round, rng)
        rows = [case.finish(PLAIN_SAMPLES.get(case.size, 10 if quick else 3)) for case in cases]
    print("| stored | this store | plain TinyDB | SQLite WAL FULL | class report: store / SQLite |")
    print("|" + "---|" * 5)
    for size, row in zip(sizes, rows, strict=True):
        print(
            f"| {size:,} | {row['store']:.2f} / {row['store_p95']:.2f} "
            f"| {row['plain']:.1f} / {row['plain_p95']:.1f} ({int(row['plain_n'])} writes) "
            f"| {row['sqlite']:.3f} / {row['sqlite_p95']:.3f} "
            f"| {row['report']:.0f} ms / {row['report_sqlite']:.0f} ms |"
        )
    first, last = rows[0], rows[-1]
    growth = last["store"] / first["store"]
    vs_sqlite = last["store"] / last["sqlite"]
    print(
        f"store at {sizes[-1]:,} / store at {sizes[0]:,}: {growth:.2f}x "
        f"(target <= {TARGET_GROWTH:g}x)"
    )
    print(f"store / SQLite at {sizes[-1]:,}: {vs_sqlite:.1f}x (target <= {TARGET_VS_SQLITE:g}x)")
    missed = growth > TARGET_GROWTH or vs_sqlite > TARGET_VS_SQLITE
    print("targets missed" if missed else "targets met")
    return 1 if missed and not quick else 0


def school() -> School:
    """The benchmark's school: its teachers, classes and students."""
    teachers = [Teacher(name=f"Teacher {n}", password_hash="x") for n in range(TEACHERS)]
    classes = [
        Classroom(teacher_id=teachers[n % TEACHERS].id, name=f"Class {n}", code=_code(n))
        for n in range(CLASSES)
    ]
    students = [
        Student(nickname=f"student {c}-{k}", class_id=classroom.id)
        for c, classroom in enumerate(classes)
        for k in range(PER_CLASS)
    ]
    return teachers, classes, students


def _code(n: int) -> str:
    base = len(JOIN_CODE_ALPHABET)
    return "".join(JOIN_CODE_ALPHABET[(n // base**k) % base] for k in range(JOIN_CODE_LENGTH))


def _history(size: int, students: Sequence[Student], rng: random.Random) -> list[Doc]:
    template = sample_attempt(students[0].id, students[0].class_id).model_dump(mode="json")
    docs = []
    for n in range(size):
        student = students[rng.randrange(len(students))]
        doc = dict(template, id=new_id(), student_id=student.id, class_id=student.class_id)
        doc["score"] = round(rng.uniform(0, 100), 1)
        doc["submitted_at"] = f"2026-{1 + n * 12 // size:02d}-01T08:00:00.{n % 999999:06d}Z"
        docs.append(doc)
    return docs


School = tuple[list[Teacher], list[Classroom], list[Student]]


class Case:
    """One size: the store, a SQLite database and a plain TinyDB file, all built alike."""

    def __init__(self, folder: Path, size: int, school: School, docs: list[Doc]) -> None:
        teachers, classes, students = school
        self.size, self.students, self.report_class = size, students, classes[0].id
        by_student: dict[str, list[Doc]] = {s.id: [] for s in students}
        for doc in docs:
            by_student[doc["student_id"]].append(doc)
        self.store_dir = folder / "store"
        write_school(self.store_dir, teachers, classes, students)
        write_attempts(self.store_dir, by_student)
        TinyDBStore(self.store_dir).import_excerpts([sample_excerpt()])
        self.store = TinyDBStore(self.store_dir)
        self.plain = PlainTinyDB(folder / "plain.json")
        self.plain.build({
            "teachers": [t.model_dump(mode="json") for t in teachers],
            "classes": [c.model_dump(mode="json") for c in classes],
            "students": [s.model_dump(mode="json") for s in students],
            "attempts": docs,
        })  # fmt: skip
        self.sqlite = _sqlite(folder / "sqlite.db", docs)
        self.times: dict[str, list[float]] = {"store": [], "sqlite": []}

    def time_writes(self, count: int, rng: random.Random) -> None:
        """Record ``count`` attempts each in the store and in SQLite, timing every write."""
        picks = [self.students[rng.randrange(len(self.students))] for _ in range(count)]
        for student in picks:
            attempt = sample_attempt(student.id, student.class_id)
            self.times["store"].append(_ms(partial(self.store.record_attempt, attempt)))
            other = sample_attempt(student.id, student.class_id)
            self.times["sqlite"].append(_ms(partial(_sqlite_insert, self.sqlite, other)))

    def finish(self, plain_samples: int) -> dict[str, float]:
        """The table row, in ms: the writes so far, plain TinyDB's, the class report's.

        Plain TinyDB is timed here, ``plain_samples`` writes; SQLite is closed after.
        """
        row: dict[str, float] = {}
        row["store"], row["store_p95"] = _stats(self.times["store"])
        row["sqlite"], row["sqlite_p95"] = _stats(self.times["sqlite"])
        student = self.students[0]
        plain_times = [
            _ms(lambda: self.plain.insert_attempt(
                sample_attempt(student.id, student.class_id).model_dump(mode="json")))
            for _ in range(plain_samples)
        ]  # fmt: skip
        row["plain"], row["plain_p95"] = _stats(plain_times)
        row["plain_n"] = plain_samples
        self.plain.close()
        row["report"], _ = _stats(
            [_ms(lambda: _report(TinyDBStore(self.store_dir), self.report_class)) for _ in "abc"]
        )
        row["report_sqlite"], _ = _stats(
            [_ms(lambda: _report_sqlite(self.sqlite, self.report_class)) for _ in "abc"]
        )
        self.sqlite.close()
        return row


def build_case(folder: Path, size: int, school: School, rng: random.Random) -> Case:
    """One size's three stores, each holding the same ``size`` attempts of ``school``."""
    print(f"building {size:,} stored attempts three ways ...", file=sys.stderr, flush=True)
    return Case(folder, size, school, _history(size, school[2], rng))


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _stats(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _report(store: Store, class_id: str) -> dict[str, float]:
    attempts = store.attempts_for_class(class_id)
    names = {s.id: s.nickname for s in store.students_in(class_id)}
    return _means([(names[a.student_id], a.score) for a in attempts])


def _means(pairs: list[tuple[str, float]]) -> dict[str, float]:
    scores: dict[str, list[float]] = {}
    for name, score in pairs:
        scores.setdefault(name, []).append(score)
    return {name: statistics.fmean(values) for name, values in scores.items()}


def _sqlite(path: Path, docs: Iterable[Doc]) -> sqlite3.Connection:
    import json

    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE attempts (id TEXT PRIMARY KEY, student_id TEXT, class_id TEXT, doc TEXT)"
    )
    con.execute("CREATE INDEX attempts_student ON attempts(student_id)")
    con.execute("CREATE INDEX attempts_class ON attempts(class_id)")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO attempts VALUES (?, ?, ?, ?)",
        ((d["id"], d["student_id"], d["class_id"], json.dumps(d)) for d in docs),
    )
    con.execute("COMMIT")
    return con


def _sqlite_insert(con: sqlite3.Connection, attempt: Any) -> None:
    con.execute(
        "INSERT OR IGNORE INTO attempts VALUES (?, ?, ?, ?)",
        (attempt.id, attempt.student_id, attempt.class_id, attempt.model_dump_json()),
    )


def _report_sqlite(con: sqlite3.Connection, class_id: str) -> dict[str, float]:
    from quiz.records import Attempt

    rows = con.execute("SELECT doc FROM attempts WHERE class_id = ?", (class_id,)).fetchall()
    attempts = [Attempt.model_validate_json(doc) for (doc,) in rows]
    return _means([(a.student_id, a.score) for a in attempts])
