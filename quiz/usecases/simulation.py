"""A class of simulated learners, run through the real store and use cases.

For demos and for testing the figures (``python -m quiz simulate``). The class
is flagged ``simulated`` on its record and named "Simulated class (seed N)",
its students are named "sim 01", "sim 02", ..., and it belongs to the teacher
account "Simulation (not a person)" (which nobody can sign in to: its password
is random and never kept) unless a real teacher's name is given, for a demo
on their dashboard. Answers of a simulated class never count towards a real
excerpt's measured difficulty (:mod:`quiz.usecases.ratings`).

What each student does, in order: the pre-test of a matched test series,
``practice`` adaptive practice excerpts, the post-test when it opens, and the
retention test. The simulated learners do not learn: their true ability is
the same throughout, so the right gain is about zero, and any difference
between the tests' mean scores is the forms' doing.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from quiz.auth import hash_password
from quiz.learning import task_for
from quiz.records import Assignment, Attempt, Student, Teacher, utcnow
from quiz.simulation import SimulatedLearner, answer, make_learners
from quiz.storage import Store
from quiz.usecases import Refused, learners, series

SIM_TEACHER = "Simulation (not a person)"
POST_AFTER = dt.timedelta(weeks=4)


@dataclass(frozen=True)
class SimulatedStudent:
    """One simulated student: who they are in the store, and the truth about them."""

    student: Student
    learner: SimulatedLearner


@dataclass(frozen=True)
class SimulatedClass:
    """What :func:`simulate_class` made."""

    class_id: str
    class_code: str
    class_name: str
    teacher: str
    students: tuple[SimulatedStudent, ...]
    tests: tuple[Assignment, ...]

    def as_dict(self) -> dict[str, object]:
        """The command's JSON: the class, then each student's truth."""
        return {
            "class_code": self.class_code,
            "class_id": self.class_id,
            "class_name": self.class_name,
            "simulated": True,
            "teacher": self.teacher,
            "students": [
                {"student_id": s.student.id, "nickname": s.student.nickname,
                 "kind": s.learner.kind, "true_ability": s.learner.ability,
                 "true_bias": s.learner.bias}
                for s in self.students
            ],
            "tests": [
                {"assignment_id": t.id, "title": t.title, "kind": t.kind,
                 "excerpt_ids": list(t.excerpt_ids)}
                for t in self.tests
            ],
        }


def _teacher(store: Store, name: str | None) -> Teacher:
    if name is not None:
        found = store.teacher_by_name(name)
        if found is None:
            raise Refused(f"No teacher is called “{name}”: add them first, or leave --teacher out.")
        return found
    return store.teacher_by_name(SIM_TEACHER) or store.add_teacher(
        SIM_TEACHER, hash_password(secrets.token_urlsafe(32))
    )


def simulate_class(
    store: Store,
    *,
    students: int,
    seed: int,
    practice: int = 20,
    test_size: int = 6,
    retention_weeks: int = 4,
    teacher_name: str | None = None,
    now: dt.datetime | None = None,
) -> SimulatedClass:
    """Make a simulated class and have every student take the tests and practise.

    The same seed on the same content gives the same learners and answers.
    """
    if students < 1:
        raise Refused("A simulated class needs at least one student.")
    rng = random.Random(seed)
    now = now or utcnow()
    teacher = _teacher(store, teacher_name)
    made = store.create_class(teacher.id, f"Simulated class (seed {seed})")
    classroom = store.update_class(made.model_copy(update={"simulated": True}))
    truths = make_learners(students, rng)
    joined = [
        SimulatedStudent(store.join_class(classroom.id, f"sim {n + 1:02d}"), truth)
        for n, truth in enumerate(truths)
    ]
    tests = series.set_test_series(
        store, teacher, classroom.id, title="Simulated tests", size=test_size,
        post_opens=now + POST_AFTER, retention_weeks=retention_weeks, now=now, seed=seed,
    ).tests
    _take(store, joined, tests[0], now, rng)
    for one in joined:
        history: list[Attempt] = []
        for _ in range(practice):
            task = learners.next_practice(store, history, category=None, difficulty=None, rng=rng)
            if task is None:
                break
            excerpt = store.excerpt(task.excerpt_id).excerpt
            marks = answer(one.learner, excerpt, task.categories, rng)
            history.append(
                learners.answer_practice(store, one.student, excerpt.id, task.categories, marks)
                .attempt
            )
    for test in tests[1:]:
        _take(store, joined, test, (test.opens_at or now) + dt.timedelta(hours=1), rng)
    return SimulatedClass(classroom.id, classroom.code, classroom.name, teacher.name,
                          tuple(joined), tuple(tests))


def _take(
    store: Store, joined: list[SimulatedStudent], test: Assignment, when: dt.datetime,
    rng: random.Random,
) -> None:
    """Every student answers every excerpt of a test, as if at ``when``."""
    for one in joined:
        for excerpt_id in test.excerpt_ids:
            stored = store.excerpt(excerpt_id)
            task = task_for(stored.excerpt, test.categories)
            marks = answer(one.learner, stored.excerpt, task.categories, rng)
            learners.answer_assignment(store, one.student, test.id, excerpt_id, marks,
                                       version=stored.version, now=when)
