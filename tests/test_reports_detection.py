"""Discernment in the class report, and the learner's habits, checked by hand.

The excerpt is the council text of ``tests/test_discernment.py`` (40 words; the
claim "Everyone knows the mayor lied" is 5 gold words, 35 others). z values:
z(3.5/6) = 0.210428, z(5.5/6) = 1.382994, z(8.5/11) = 0.747859,
z(0.5/36) = -2.200411, z(35.5/36) = 2.200411, z(0.5/71) = -2.455101.
"""

from __future__ import annotations

import datetime as dt

import pytest

from quiz.discernment import Detection, WordKey
from quiz.habits import MIN_EXCERPTS, habit_sentence, habits, share_words
from quiz.models import Category
from quiz.quadrants import Quadrant
from quiz.records import Assignment, Attempt, Classroom, Student
from quiz.reports import (
    ClassData,
    Point,
    build_report,
    class_trend,
    false_alarm_rows,
    judge,
    student_detection,
    trend_verdict,
)
from tests.test_discernment import COUNCIL, TEXT, at

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM
ROOM = Classroom(name="7B", teacher_id="a" * 32, code="ABC234")
ANN = Student(nickname="Ann", class_id=ROOM.id)
BEN = Student(nickname="Ben", class_id=ROOM.id)
MONDAY = dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
KEYS = {("council", 1): WordKey.of(COUNCIL)}


def answer(who: Student, marks: list[tuple[int, int]], day: int, **extra: object) -> Attempt:
    fields: dict[str, object] = {
        "student_id": who.id, "class_id": ROOM.id, "mode": "class", "excerpt_id": "council",
        "excerpt_version": 1, "categories": [UC], "selections": {UC: marks}, "score": 0.0,
        "submitted_at": MONDAY + dt.timedelta(days=day),
    }
    return Attempt.model_validate(fields | extra)


# Ann: 3 of the claim's 5 words, then all 5; never a plain word. Ben: the whole text, twice.
ATTEMPTS = [
    answer(ANN, [at("the mayor lied")], 0),
    answer(BEN, [(0, len(TEXT))], 0),
    answer(ANN, [at("Everyone knows the mayor lied")], 1),
    answer(BEN, [(0, len(TEXT))], 1),
]


def test_each_student_pools_their_answers_per_skill() -> None:
    ann, ben = student_detection([ANN, BEN], ATTEMPTS, KEYS)
    assert ann.skills == {UC: Detection(8, 10, 0, 70)}
    # H' = 8.5/11, F' = 0.5/71: d′ = 0.747859 + 2.455101, c = -(0.747859 - 2.455101)/2.
    assert ann.now.d_prime == pytest.approx(3.202960, abs=1e-5)
    assert ann.now.criterion == pytest.approx(0.853621, abs=1e-5)
    assert ann.now.quadrant is Quadrant.CAREFUL
    assert ann.now.discernment == pytest.approx(80.0)  # (60 + 100) / 2
    assert ben.skills == {UC: Detection(10, 10, 70, 70)}
    assert ben.now.quadrant is Quadrant.SCEPTICAL
    assert ben.now.discernment == 0.0


def test_before_and_after_are_each_students_halves() -> None:
    ann, ben = student_detection([ANN, BEN], ATTEMPTS, KEYS)
    assert ann.before is not None and ann.after is not None
    # Before (3,5,0,35): 0.210428 + 2.200411; after (5,5,0,35): 1.382994 + 2.200411.
    assert ann.before.d_prime == pytest.approx(2.410839, abs=1e-5)
    assert ann.after.d_prime == pytest.approx(3.583405, abs=1e-5)
    assert ann.after.criterion == pytest.approx(0.408708, abs=1e-5)
    assert ben.before == ben.after
    # Ben (5,5,35,35): d′ = 1.382994 - 2.200411, c = -(1.382994 + 2.200411)/2.
    assert ben.after is not None
    assert ben.after.d_prime == pytest.approx(-0.817417, abs=1e-5)
    assert ben.after.criterion == pytest.approx(-1.791703, abs=1e-5)


def test_the_class_trend_answers_sharper_or_just_more_suspicious() -> None:
    rows = student_detection([ANN, BEN], ATTEMPTS, KEYS)
    trend = class_trend(rows, "halves")
    assert trend is not None and trend.students == 2
    # d′: (2.410839 - 0.817417)/2 = 0.796711 -> (3.583405 - 0.817417)/2 = 1.382994: +0.59.
    assert trend.before.d_prime == pytest.approx(0.796711, abs=1e-5)
    assert trend.after.d_prime == pytest.approx(1.382994, abs=1e-5)
    # c: (0.994991 - 1.791703)/2 = -0.398356 -> (0.408708 - 1.791703)/2 = -0.691497: -0.29.
    assert trend.after.criterion == pytest.approx(-0.691497, abs=1e-5)
    assert (trend.before.discernment, trend.after.discernment) == (30.0, 50.0)
    assert trend.verdict == (
        "Better at telling spin from plain text, and no more suspicious than before."
    )
    one = [r for r in rows if r.student_id == ANN.id]
    assert class_trend(student_detection([ANN], ATTEMPTS[:1], KEYS), "x") is None
    assert class_trend(one, "x") is not None


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [  # (headline 0-100, c): "better" needs +5 points, "more of everything" c down 0.3
        ((40, 0.5), (44, 0.0), "No better at telling spin from plain text, and marking "
         "more of everything: just more suspicious."),
        ((40, 0.5), (45, 0.1), "Better at telling spin from plain text, and marking more "
         "of everything."),
        ((40, 0.5), (35, 0.9), "Worse at telling spin from plain text, and marking less "
         "than before."),
        ((40, 0.5), (42, 0.6), "No better at telling spin from plain text, and no more "
         "suspicious than before."),
    ],
)
def test_trend_verdicts(
    before: tuple[float, float], after: tuple[float, float], verdict: str
) -> None:
    def point(figures: tuple[float, float]) -> Point:
        return Point(d_prime=None, criterion=figures[1], discernment=figures[0])

    assert trend_verdict(point(before), point(after)) == verdict
    assert trend_verdict(Point(None, None), point(after)) == "Not enough answers yet to tell."


def test_the_report_uses_the_pre_and_post_tests_when_both_were_answered() -> None:
    pre = Assignment(class_id=ROOM.id, title="Pre", excerpt_ids=["council"], kind="pre_test")
    post = Assignment(class_id=ROOM.id, title="Post", excerpt_ids=["council"], kind="post_test")
    attempts = [
        answer(ANN, [(0, len(TEXT))], 0, assignment_id=pre.id),
        answer(ANN, [at("the mayor lied")], 1),  # regular practice in class: not a test
        answer(ANN, [at("Everyone knows the mayor lied")], 2, assignment_id=post.id),
    ]
    data = ClassData(ROOM, [ANN, BEN], [pre, post], attempts, {("council", 1): COUNCIL})
    report = build_report(data, now=MONDAY)
    [ann] = report.detection
    assert ann.before is not None and ann.after is not None
    assert (ann.before.discernment, ann.after.discernment) == (0.0, 100.0)
    assert report.trend is not None and report.trend.basis == "pre-test to post-test"
    assert report.trend.verdict.startswith("Better at telling spin from plain text, and marking")


def test_false_alarm_rows_name_the_kind_the_key_gives() -> None:
    wrong = answer(ANN, [at("mayor")], 0, categories=[LT], selections={LT: [at("mayor")]})
    plain = answer(BEN, [at("bus")], 0, categories=[LT], selections={LT: [at("bus")]})
    rows = false_alarm_rows([judge(wrong, COUNCIL), judge(plain, COUNCIL)])
    kinds = {r.text: r.key_category for r in rows}
    assert kinds == {"mayor": UC, "bus": None}


def test_habit_sentences_for_each_pattern() -> None:
    assert habit_sentence(LT, Detection(9, 10, 1, 100)) == (
        "You find most loaded terms and rarely mark plain words: well done, keep it up."
    )
    assert habit_sentence(LT, Detection(9, 10, 20, 100)) == (
        "You find most loaded terms but also mark about 1 in 4 plain words: slow down, and "
        "mark only the words that are a loaded term."
    )
    assert habit_sentence(UC, Detection(5, 10, 2, 100)).startswith(
        "You rarely mark something that isn't there, but you miss about half of the "
        "unsupported claims: look for statements given as fact with no source"
    )
    assert habit_sentence(OM, Detection(2, 10, 10, 100)).startswith(
        "You miss about 3 in 4 of the opinion markers and also mark some plain words"
    )
    assert habit_sentence(OM, Detection(0, 0, 0, 100)).endswith("you marked none: well done.")
    assert share_words(0.1) == "a few" and share_words(0.95) == "nearly all"


def test_habits_wait_for_enough_excerpts() -> None:
    counts = {LT: Detection(9, 10, 1, 100), OM: Detection(1, 10, 0, 100)}
    shown = habits(counts, {LT: MIN_EXCERPTS, OM: MIN_EXCERPTS - 1})
    assert [h.category for h in shown] == [LT]
    assert shown[0].excerpts == MIN_EXCERPTS and shown[0].hit_rate == 0.9
