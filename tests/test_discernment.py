"""Tests for quiz.discernment: word counts, rates, d′, c, the headline figure, wrong kind.

Every expected figure is worked out by hand in the comments, from the word
counts; z values are the standard normal quantiles: z(0.75) = 0.674490,
z(1.5/40) = -1.780464, z(0.5/40) = -2.241403, z(3.5/6) = 0.210428,
z(0.5/36) = -2.200411, z(0.02) = -2.053749.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.discernment import (
    Detection,
    WordKey,
    WrongKind,
    across_skills,
    attempt_counts,
    attempt_discernment,
    discernment,
    pool,
    wrong_kind,
)
from quiz.models import Category, Excerpt
from quiz.quadrants import CRITERION_LINE, D_PRIME_LINE, Quadrant, quadrant

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM

# 18 plain words, to reach the 40 words an excerpt needs.
LIBRARY = (
    "The library opens at nine and closes at five on weekdays and at noon on "
    "Saturdays and Sundays."
)
# 40 words: Frankly(0) the(1) greedy(2) council(3) wasted(4) money(5) Everyone(6)
# knows(7) the(8) mayor(9) lied(10) Critics(11) said(12) it(13) was(14) a(15)
# disgrace(16) The(17) bus(18) runs(19) at(20) noon(21), then LIBRARY.
TEXT = (
    "Frankly the greedy council wasted money. Everyone knows the mayor lied. "
    "Critics said it was a disgrace. The bus runs at noon. " + LIBRARY
)


def at(quote: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def make(spans: list[tuple[Category, str, bool]], text: str = TEXT) -> Excerpt:
    body: list[dict[str, Any]] = []
    for category, quote, attributed in spans:
        start, end = at(quote, text)
        body.append({
            "category": category, "quote": quote, "start": start, "end": end,
            "explanation": "Plain reason.", "attributed": attributed,
            "neutral_alternative": "neutral words" if category is LT else None,
            "evidence_needed": "a named source" if category is UC else None,
        })
    return Excerpt.model_validate({
        "id": "council", "title": "The council", "source": "written for practice",
        "genre": "opinion", "leaning": "none", "difficulty": 1, "text": text, "spans": body,
    })


# Gold: OM word 0 (1 signal, 39 noise), LT word 2 (1, 39), UC words 6-10 (5, 35).
# The attributed opinion "it was a disgrace" (words 13-16) is noise for every category.
COUNCIL = make([
    (OM, "Frankly", False),
    (LT, "greedy", False),
    (UC, "Everyone knows the mayor lied", False),
    (OM, "it was a disgrace", True),
])
ANSWER = {
    OM: [at("Frankly"), at("disgrace")],  # 1 hit, 1 false alarm (the quoted opinion)
    LT: [at("greedy council")],  # 1 hit, 1 false alarm ("council")
    UC: [at("the mayor lied")],  # 3 of 5 words, no false alarm
}


def test_counts_per_category_by_hand() -> None:
    counts = attempt_counts(COUNCIL, ANSWER, [OM, UC, LT])
    assert counts == {
        OM: Detection(hits=1, signal=1, false_alarms=1, noise=39),
        UC: Detection(hits=3, signal=5, false_alarms=0, noise=35),
        LT: Detection(hits=1, signal=1, false_alarms=1, noise=39),
    }


def test_rates_d_prime_and_criterion_by_hand() -> None:
    om = Detection(1, 1, 1, 39)
    assert om.hit_rate == 1.0
    assert om.false_alarm_rate == pytest.approx(1 / 39)
    # H' = 1.5/2 = 0.75, F' = 1.5/40: d′ = 0.674490 + 1.780464, c = -(0.674490 - 1.780464)/2
    assert om.d_prime == pytest.approx(2.454954, abs=1e-5)
    assert om.criterion == pytest.approx(0.552987, abs=1e-5)
    uc = Detection(3, 5, 0, 35)
    assert uc.hit_rate == 0.6
    assert uc.false_alarm_rate == 0.0
    # H' = 3.5/6, F' = 0.5/36: d′ = 0.210428 + 2.200411, c = -(0.210428 - 2.200411)/2
    assert uc.d_prime == pytest.approx(2.410839, abs=1e-5)
    assert uc.criterion == pytest.approx(0.994991, abs=1e-5)
    assert uc.as_dict() == {
        "hit_rate": 0.6, "false_alarm_rate": 0.0,
        "d_prime": uc.d_prime, "criterion": uc.criterion,
    }


def test_log_linear_correction_keeps_perfect_and_empty_answers_finite() -> None:
    # Perfect on 1 signal and 39 noise words: H' = 1.5/2, F' = 0.5/40 (z = -2.241403).
    perfect = Detection(1, 1, 0, 39)
    assert perfect.d_prime == pytest.approx(0.674490 + 2.241403, abs=1e-5)
    # Marking everything: H' = 0.75, F' = 39.5/40 = 1 - 0.5/40: d′ = 0.674490 - 2.241403 < 0.
    everything = Detection(1, 1, 39, 39)
    assert everything.d_prime == pytest.approx(0.674490 - 2.241403, abs=1e-5)
    assert everything.criterion == pytest.approx(-(0.674490 + 2.241403) / 2, abs=1e-5)


def test_a_figure_that_cannot_be_computed_is_none() -> None:
    nothing_to_find = Detection(0, 0, 2, 10)
    assert nothing_to_find.hit_rate is None
    assert nothing_to_find.false_alarm_rate == 0.2
    assert nothing_to_find.d_prime is None and nothing_to_find.criterion is None
    assert Detection().as_dict() == dict.fromkeys(
        ("hit_rate", "false_alarm_rate", "d_prime", "criterion")
    )


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="impossible"):
        Detection(hits=3, signal=2)
    with pytest.raises(ValueError, match="impossible"):
        Detection(false_alarms=-1, noise=4)


def test_pooling_adds_counts_then_computes() -> None:
    # A learner's two attempts at UC: 3/5 with 0/17, then 5/5 with 2/17 -> 8/10 with 2/34.
    total = pool([Detection(3, 5, 0, 17), Detection(5, 5, 2, 17)])
    assert total == Detection(8, 10, 2, 34)
    assert total.hit_rate == 0.8
    assert total.false_alarm_rate == pytest.approx(2 / 34)
    assert pool([]) == Detection()


def test_across_skills_is_the_mean_of_the_skills_with_figures() -> None:
    om, uc = Detection(1, 1, 1, 39), Detection(3, 5, 0, 35)
    d_prime, criterion = across_skills({OM: om, UC: uc, LT: Detection(0, 0, 1, 39)})
    assert d_prime == pytest.approx((2.454954 + 2.410839) / 2, abs=1e-5)
    assert criterion == pytest.approx((0.552987 + 0.994991) / 2, abs=1e-5)
    assert across_skills({LT: Detection(0, 0, 1, 39)}) == (None, None)


def test_headline_by_hand() -> None:
    # OM: 1 - 1/39; LT: 1 - 1/39; UC: 0.6 - 0. Mean: (2.6 - 2/39) / 3 = 0.849573.
    assert attempt_discernment(COUNCIL, ANSWER, [OM, UC, LT]) == pytest.approx(84.9573, abs=1e-4)


def test_headline_perfect_nothing_and_everything() -> None:
    perfect = {c: [(s.start, s.end) for s in COUNCIL.gold(c)] for c in Category}
    assert attempt_discernment(COUNCIL, perfect, list(Category)) == 100.0
    assert attempt_discernment(COUNCIL, {}, list(Category)) == 0.0
    whole = {c: [(0, len(TEXT))] for c in Category}
    assert attempt_discernment(COUNCIL, whole, list(Category)) == 0.0


# 42 words, LT gold "greedy" (word 1), "Monday" plain.
SHORT = (
    "The greedy council met on Monday. " + LIBRARY + " The museum shows old maps and "
    "coins from the town, and entry is free for every visitor today."
)


def test_marks_in_a_category_with_nothing_to_find_cost() -> None:
    only_lt = make([(LT, "greedy", False)], SHORT)
    marks = {LT: [at("greedy", SHORT)], OM: [at("Monday", SHORT)]}
    # LT: 1 - 0 = 1; OM has no gold, F = 1/42 -> (1 - 1/42) / 1 category with gold = 0.97619.
    assert attempt_discernment(only_lt, marks, [OM, LT]) == pytest.approx(97.6190, abs=1e-4)
    counts = attempt_counts(only_lt, marks, [OM, LT])
    assert counts[OM] == Detection(0, 0, 1, 42)


def test_nothing_to_find_rewards_leaving_words_alone() -> None:
    control = make([], SHORT)
    assert attempt_discernment(control, {}, [OM]) == 100.0
    # 1 of 42 words marked in OM, none in LT: 1 - (1/42 + 0) / 2 = 0.988095.
    marks = {OM: [at("Monday", SHORT)]}
    assert attempt_discernment(control, marks, [OM, LT]) == pytest.approx(98.8095, abs=1e-4)
    assert attempt_discernment(control, {OM: [(0, len(SHORT))]}, [OM]) == 0.0
    assert discernment({}) == 0.0


def test_a_word_counts_as_marked_when_any_character_is() -> None:
    start, _ = at("council")
    key = WordKey.of(COUNCIL)
    assert key.marked([(start + 1, start + 3)]) == {3}
    assert key.marked([(0, 1), (0, 7)]) == {0}  # overlapping marks merge
    assert key.gold[UC] == frozenset(range(6, 11))


def test_right_place_wrong_kind() -> None:
    marks = {
        LT: [at("mayor"), at("greedy")],  # "mayor" is in the UC claim; "greedy" is LT's own
        OM: [at("greedy council")],  # LT gold, not OM
        UC: [at("bus runs")],  # plain text: an ordinary false alarm
    }
    mayor, greedy_council = at("mayor"), at("greedy council")
    assert wrong_kind(COUNCIL, marks) == [
        WrongKind(OM, *greedy_council, LT),
        WrongKind(LT, *mayor, UC),
    ]
    # A mark touching its own category's gold is not "wrong kind", even if it also touches another.
    assert wrong_kind(COUNCIL, {OM: [at("Frankly the greedy")]}) == []
    # The attributed opinion is not gold: marking it as LT is a plain false alarm.
    assert wrong_kind(COUNCIL, {LT: [at("disgrace")]}) == []


def test_quadrant_lines_go_through_the_target_reader() -> None:
    # H = 0.75, F = 0.02: d′ = 0.674490 + 2.053749, c = -(0.674490 - 2.053749) / 2.
    assert pytest.approx(2.728239, abs=1e-5) == D_PRIME_LINE
    assert pytest.approx(0.689630, abs=1e-5) == CRITERION_LINE
    assert quadrant(3.3, 0.0) is Quadrant.SHARP  # H 0.95, F 0.05
    assert quadrant(3.0, 0.9) is Quadrant.CAREFUL  # H 0.73, F 0.008
    assert quadrant(2.4, 1.5) is Quadrant.MISSES  # H 0.38, F 0.003: finds too little
    assert quadrant(1.7, 0.0) is Quadrant.SCEPTICAL  # H 0.8, F 0.2
    assert quadrant(1.4, 1.2) is Quadrant.MISSES  # H 0.3, F 0.03
    assert quadrant(D_PRIME_LINE, CRITERION_LINE) is Quadrant.CAREFUL


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 130), st.integers(1, 40)), max_size=6),
    st.sets(st.sampled_from(list(Category)), min_size=1),
)
def test_headline_stays_between_0_and_100(raw: list[tuple[int, int]], asked: set[Category]) -> None:
    spans = [(s, min(s + n, len(TEXT))) for s, n in raw if s < len(TEXT)]
    marks = {c: spans for c in asked}
    value = attempt_discernment(COUNCIL, marks, sorted(asked))
    assert 0.0 <= value <= 100.0
    for counts in attempt_counts(COUNCIL, marks, sorted(asked)).values():
        assert counts.signal + counts.noise == 40
