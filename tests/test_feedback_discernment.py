"""The feedback's discernment figure and its "right place, wrong kind" marks, by hand."""

from __future__ import annotations

import pytest

from quiz.feedback import Status, build_feedback
from quiz.models import Category
from quiz.text import tokenize
from tests.stadium import TEXT, at
from tests.test_feedback import stadium

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM


def test_a_claim_marked_as_a_loaded_term_is_right_place_wrong_kind() -> None:
    marks = {LT: [at("builders cut corners"), at("greedy")], UC: [], OM: []}
    feedback = build_feedback(stadium(), marks, [OM, UC, LT])
    [wrong] = [m for m in feedback.marks if m.status is Status.WRONG_KIND]
    assert (wrong.category, wrong.key_category, wrong.text) == (LT, UC, "builders cut corners")
    assert wrong.note == (
        "Right place: the key calls this an unsupported claim, not a loaded term. "
        "It counts as a false alarm for loaded terms."
    )
    # The score stays per category: for loaded terms the mark is still a false alarm.
    assert feedback.result.categories[LT].false_alarms == (at("builders cut corners"),)
    tally = feedback.tally(LT)
    assert (tally.false_alarms, tally.wrong_kind) == (1, 1)
    assert feedback.summary(LT).endswith(
        "Right place, wrong kind: it touched another kind of spin in the key."
    )


def test_a_mark_on_plain_text_stays_a_false_alarm() -> None:
    feedback = build_feedback(stadium(), {LT: [at("Monday")]}, [LT])
    [mark] = feedback.marks
    assert (mark.status, mark.key_category) == (Status.FALSE_ALARM, None)
    assert feedback.tally(LT).wrong_kind == 0


def test_feedback_carries_the_discernment_figure() -> None:
    excerpt = stadium()
    assert len(tokenize(TEXT)) == 52
    perfect = {c: [(s.start, s.end) for s in excerpt.gold(c)] for c in Category}
    assert build_feedback(excerpt, perfect, list(Category)).discernment == 100.0
    # Loaded terms: 1 of 2 found, 1 of 50 others marked: 1/2 - 1/50 = 0.48; asked alone.
    marks = {LT: [at("greedy"), at("Monday")]}
    assert build_feedback(excerpt, marks, [LT]).discernment == pytest.approx(48.0)
