"""Tests for quiz.scoring: the SemEval-2020 Task 11 metric, span outcomes, excerpt scores.

Expected figures are worked out by hand (as fractions) in each table row, and
every table case is also checked against an independent per-character
implementation of the official scorer's formula (``official_scores`` below).
"""

from __future__ import annotations

import random
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quiz.models import Category, Excerpt
from quiz.scoring import (
    CategoryResult,
    CharSpan,
    SelectionError,
    merge_spans,
    score_category,
    score_excerpt,
    spans_from_tokens,
)
from quiz.text import tokenize
from tests.stadium import TEXT, at

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM





def make_excerpt(spans: list[tuple[Category, str, bool]], text: str = TEXT) -> Excerpt:
    """An excerpt with spans given as (category, quote, attributed)."""
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
        "id": "stadium", "title": "The stadium", "source": "written for practice",
        "genre": "opinion", "leaning": "none", "difficulty": 1, "text": text, "spans": body,
    })


STADIUM_SPANS = [
    (OM, "Frankly", False),
    (OM, "clearly too much", False),
    (OM, "a shameful waste", True),
    (UC, "Everyone knows the builders cut corners", False),
    (LT, "greedy", False),
    (LT, "pocketed", False),
]


def official_scores(gold: list[CharSpan], selected: list[CharSpan]) -> tuple[float, float, float]:
    """The official SemEval-2020 Task 11 scorer's formula, on sets of character offsets.

    For every pair (s, t) it adds |s ∩ t|/|s| to the precision sum and |s ∩ t|/|t|
    to the recall sum, divides by |S| and |T|, and gives F1 = 1 when both are
    empty (P and R then stay 0 in the official code).
    """
    learner = [set(range(a, b)) for a, b in selected]
    answer = [set(range(a, b)) for a, b in gold]
    p_sum = sum(len(s & t) / len(s) for s in learner for t in answer)
    r_sum = sum(len(s & t) / len(t) for s in learner for t in answer)
    p = p_sum / len(learner) if learner else 0.0
    r = r_sum / len(answer) if answer else 0.0
    f1 = 1.0 if not learner and not answer else (2 * p * r / (p + r) if p and r else 0.0)
    return p, r, f1


def char_runs(spans: list[CharSpan]) -> list[CharSpan]:
    """The maximal runs of the union of ``spans``: the learner's set of characters."""
    chars = sorted({c for a, b in spans for c in range(a, b)})
    runs: list[CharSpan] = []
    for c in chars:
        if runs and runs[-1][1] == c:
            runs[-1] = (runs[-1][0], c + 1)
        else:
            runs.append((c, c + 1))
    return runs


# id, gold, selected, P, R, F1, found, partly_found, missed, false_alarms
CASES = [
    ("exact", [(0, 10)], [(0, 10)], 1, 1, 1, [(0, 10)], [], [], []),
    ("more than half", [(0, 10)], [(0, 6)], 1, F(6, 10), F(3, 4), [(0, 10)], [], [], []),
    ("exactly half is found", [(0, 10)], [(5, 10)], 1, F(1, 2), F(2, 3), [(0, 10)], [], [], []),
    ("less than half", [(0, 10)], [(0, 4)], 1, F(4, 10), F(4, 7), [], [(0, 10)], [], []),
    ("overshoot", [(10, 20)], [(5, 25)], F(1, 2), 1, F(2, 3), [(10, 20)], [], [], []),
    ("straddles an edge", [(0, 10)], [(8, 16)], F(2, 8), F(2, 10), F(2, 9), [], [(0, 10)], [],
     []),
    ("one mark over two gold spans", [(0, 5), (6, 12)], [(0, 12)], F(11, 12), 1, F(22, 23),
     [(0, 5), (6, 12)], [], [], []),
    ("adjacent gold, marked apart", [(0, 5), (6, 12)], [(0, 5), (6, 12)], 1, 1, 1,
     [(0, 5), (6, 12)], [], [], []),
    ("adjacent gold, one marked", [(0, 5), (6, 12)], [(0, 5)], 1, F(1, 2), F(2, 3), [(0, 5)], [],
     [(6, 12)], []),
    ("two marks in one gold span", [(0, 20)], [(0, 4), (10, 14)], 1, F(8, 20), F(4, 7), [],
     [(0, 20)], [], []),
    ("touching marks merge", [(0, 10)], [(0, 4), (4, 10)], 1, 1, 1, [(0, 10)], [], [], []),
    ("overlapping marks merge", [(0, 10)], [(0, 6), (3, 8)], 1, F(8, 10), F(8, 9), [(0, 10)], [],
     [], []),
    ("hit and false alarm", [(0, 10)], [(0, 10), (20, 30)], F(1, 2), 1, F(2, 3), [(0, 10)], [],
     [], [(20, 30)]),
    ("mixed", [(0, 10), (20, 30), (40, 50)], [(5, 25), (60, 70)], F(1, 4), F(1, 3), F(2, 7),
     [(0, 10), (20, 30)], [], [(40, 50)], [(60, 70)]),
    ("empty selection", [(0, 10), (20, 30)], [], 0, 0, 0, [], [], [(0, 10), (20, 30)], []),
    ("whole text", [(10, 20), (40, 45), (70, 90)], [(0, 100)], F(35, 100), 1, F(14, 27),
     [(10, 20), (40, 45), (70, 90)], [], [], []),
    ("control left blank", [], [], 1, 1, 1, [], [], [], []),
    ("control with a mark", [], [(0, 5)], 0, 0, 0, [], [], [], [(0, 5)]),
    ("control with the whole text", [], [(0, 100)], 0, 0, 0, [], [], [], [(0, 100)]),
    ("unsorted input", [(20, 30), (0, 10)], [(22, 30), (0, 10)], 1, F(9, 10), F(18, 19),
     [(0, 10), (20, 30)], [], [], []),
]


@pytest.mark.parametrize(
    ("gold", "selected", "p", "r", "f1", "found", "partly", "missed", "alarms"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_score_category_table(
    gold: list[CharSpan], selected: list[CharSpan], p: F, r: F, f1: F,
    found: list[CharSpan], partly: list[CharSpan], missed: list[CharSpan],
    alarms: list[CharSpan],
) -> None:
    result = score_category(gold, selected)
    assert result.precision == pytest.approx(float(p), abs=1e-12)
    assert result.recall == pytest.approx(float(r), abs=1e-12)
    assert result.f1 == pytest.approx(float(f1), abs=1e-12)
    assert list(result.found) == found
    assert list(result.partly_found) == partly
    assert list(result.missed) == missed
    assert list(result.false_alarms) == alarms


@pytest.mark.parametrize(
    ("gold", "selected"), [case[1:3] for case in CASES], ids=[case[0] for case in CASES]
)
def test_agrees_with_official_scorer(gold: list[CharSpan], selected: list[CharSpan]) -> None:
    result = score_category(gold, selected)
    p, r, f1 = official_scores(gold, char_runs(selected))
    assert result.f1 == pytest.approx(f1, abs=1e-12)
    if gold or selected:
        assert (result.precision, result.recall) == pytest.approx((p, r), abs=1e-12)
    else:
        # The guide, not the official code, decides P and R for a correct blank.
        assert (p, r, result.precision, result.recall) == (0, 0, 1, 1)


def test_bridging_two_marks_can_raise_precision() -> None:
    # A property of the official formula, kept on purpose: precision is a mean
    # over the learner's spans, so joining a good mark and a stray one with a
    # non-gold gap turns two spans (1 and 0) into one mostly-right span.
    gold = [(0, 100)]
    apart = score_category(gold, [(0, 100), (101, 102)])
    joined = score_category(gold, [(0, 100), (100, 101), (101, 102)])
    assert apart.precision == pytest.approx(0.5)
    assert joined.precision == pytest.approx(100 / 102)


@pytest.mark.parametrize(
    ("text", "gold", "tokens", "with_text", "without_text"),
    [
        # Selecting both words joins them into one span that holds the space;
        # with the text known, that space counts as neither right nor wrong.
        ("the radical cronies said", [(4, 11), (12, 19)], [1, 2], (1, 1), (F(14, 15), 1)),
        ("A lie. Another lie. End", [(0, 5), (7, 18)], [0, 1, 2, 3], (1, 1), (F(16, 18), 1)),
        # Overshooting both ends: only the seam ". " (2 characters) is left out.
        ("x lie. Then lie y", [(2, 5), (7, 15)], [0, 1, 2, 3, 4], (F(11, 15), 1),
         (F(11, 17), 1)),
        # Three claims in a row, all selected: both seams are left out.
        ("One. Two. Three", [(0, 3), (5, 8), (10, 15)], [0, 1, 2], (1, 1), (F(11, 15), 1)),
        # A word in the gap is selected, so the span is not cut.
        ("a lie and a lie", [(2, 5), (12, 15)], [1, 2, 3, 4], (F(6, 13), 1), (F(6, 13), 1)),
    ],
)
def test_seams_between_neighbouring_gold_spans(
    text: str, gold: list[CharSpan], tokens: list[int],
    with_text: tuple[F, F], without_text: tuple[F, F],
) -> None:
    selected = spans_from_tokens(text, tokens)
    cut = score_category(gold, selected, text=text)
    whole = score_category(gold, selected)
    assert (cut.precision, cut.recall) == pytest.approx(tuple(map(float, with_text)), abs=1e-12)
    assert (whole.precision, whole.recall) == pytest.approx(
        tuple(map(float, without_text)), abs=1e-12
    )
    assert cut.found == whole.found == tuple(gold)


def test_attributed_marks_are_listed_and_count_as_false_alarms() -> None:
    result = score_category([(0, 10)], [(0, 10), (20, 25)], attributed=[(22, 40)])
    assert result.attributed_flagged == ((20, 25),)
    assert result.false_alarms == ((20, 25),)
    assert result.precision == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("selected", "message"),
    [([(5, 5)], r"\[5, 5\] is not a span"), ([(-1, 3)], r"\[-1, 3\]"), ([(9, 2)], r"\[9, 2\]")],
)
def test_score_category_rejects_bad_spans(selected: list[CharSpan], message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        score_category([(0, 10)], selected)


def test_score_category_rejects_overlapping_gold() -> None:
    with pytest.raises(ValueError, match="overlap"):
        score_category([(0, 10), (5, 12)], [])


# --- tokens to spans -------------------------------------------------------------

WORDS = "Hello, big world. The end"  # tokens: Hello big world The end


@pytest.mark.parametrize(
    ("indices", "expected"),
    [
        ([], []),
        ([1, 2], [(7, 16)]),
        ([0, 1], [(0, 10)]),  # the comma between them joins them
        ([2, 3], [(11, 21)]),  # so does a full stop
        ([0, 2], [(0, 5), (11, 16)]),
        ([2, 1, 1], [(7, 16)]),
        ([0, 1, 2, 3, 4], [(0, 25)]),
        ([4], [(22, 25)]),
    ],
)
def test_spans_from_tokens(indices: list[int], expected: list[CharSpan]) -> None:
    assert spans_from_tokens(WORDS, indices) == expected


@pytest.mark.parametrize("bad", [5, -1])
def test_spans_from_tokens_rejects_unknown_tokens(bad: int) -> None:
    with pytest.raises(SelectionError, match=rf"token {bad} is not in the text.*0 to 4"):
        spans_from_tokens(WORDS, [0, bad])


@given(st.sets(st.integers(0, 40)))
def test_spans_from_tokens_runs(indices: set[int]) -> None:
    tokens = tokenize(TEXT)
    spans = spans_from_tokens(TEXT, indices, tokens)
    runs = sum(1 for i in indices if i - 1 not in indices)
    assert len(spans) == runs
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    assert all(s in starts and e in ends for s, e in spans)
    assert merge_spans(spans) == spans  # already sorted, apart from each other
    covered = {t.index for t in tokens for s, e in spans if s <= t.start and t.end <= e}
    assert covered == indices


# --- whole excerpts --------------------------------------------------------------


def test_score_excerpt_mean_of_asked_categories() -> None:
    excerpt = make_excerpt(STADIUM_SPANS)
    marks = {OM: [at("Frankly")], LT: [at("greedy"), at("pocketed")]}
    result = score_excerpt(excerpt, marks, [OM, UC, LT])
    om = result.categories[OM]
    # OM: 1 of 2 gold found, 1 mark, all gold: P = 1, R = 1/2, F1 = 2/3.
    assert (om.precision, om.recall, om.f1) == pytest.approx((1, 0.5, 2 / 3))
    assert result.categories[UC].f1 == 0
    assert result.categories[LT].f1 == 1
    assert result.score == pytest.approx(100 * (2 / 3 + 0 + 1) / 3)
    assert list(result.categories) == [OM, UC, LT]


def test_score_excerpt_only_asked_categories() -> None:
    excerpt = make_excerpt(STADIUM_SPANS)
    # An empty selection for a category not asked is no mark at all.
    result = score_excerpt(excerpt, {LT: [at("greedy")], OM: []}, [LT])
    assert list(result.categories) == [LT]
    assert result.score == pytest.approx(100 * 2 * 0.5 / 1.5)


def test_attributed_span_is_not_gold() -> None:
    excerpt = make_excerpt([(OM, "a shameful waste", True)])
    blank = score_excerpt(excerpt, {}, [OM])
    assert blank.score == 100
    flagged = score_excerpt(excerpt, {OM: [at("a shameful waste")]}, [OM])
    assert flagged.score == 0
    assert flagged.categories[OM].attributed_flagged == (at("a shameful waste"),)


def test_control_excerpt_punishes_flagging() -> None:
    excerpt = make_excerpt([])
    everything = {c: [(0, len(TEXT))] for c in Category}
    assert score_excerpt(excerpt, {}, list(Category)).score == 100
    assert score_excerpt(excerpt, everything, list(Category)).score == 0


@pytest.mark.parametrize(
    ("selections", "categories", "error", "message"),
    [
        ({OM: [(0, len(TEXT) + 1)]}, [OM], SelectionError,
         rf"\[0, {len(TEXT) + 1}\] is not a span of the text, which has {len(TEXT)} characters"),
        ({LT: [(0, 5)]}, [OM], SelectionError, "marks for loaded_term, but the task asked"),
        ({}, [], ValueError, "at least one"),
    ],
)
def test_score_excerpt_rejects(
    selections: dict[Category, list[CharSpan]], categories: list[Category],
    error: type[Exception], message: str,
) -> None:
    with pytest.raises(error, match=message):
        score_excerpt(make_excerpt(STADIUM_SPANS), selections, categories)


def test_as_dict_is_json_shape() -> None:
    result = score_excerpt(make_excerpt(STADIUM_SPANS), {LT: [at("greedy")]}, [LT])
    assert result.as_dict() == {
        "score": result.score,
        "loaded_term": {
            "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3),
            "found": [list(at("greedy"))], "partly_found": [], "missed": [list(at("pocketed"))],
            "false_alarms": [], "attributed_flagged": [],
        }
    }


# --- properties ------------------------------------------------------------------

LENGTH = 120


@st.composite
def gold_spans(draw: st.DrawFn) -> list[CharSpan]:
    """Non-overlapping spans, as the content validator guarantees for one category."""
    cuts = sorted(draw(st.sets(st.integers(0, LENGTH), max_size=12)))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


spans = st.tuples(st.integers(0, LENGTH - 1), st.integers(1, 30)).map(
    lambda p: (p[0], min(LENGTH, p[0] + p[1]))
)
selections = st.lists(spans, max_size=8)


def figures(result: CategoryResult) -> tuple[float, float, float]:
    return result.precision, result.recall, result.f1


@given(gold_spans(), selections)
def test_figures_in_unit_interval(gold: list[CharSpan], selected: list[CharSpan]) -> None:
    result = score_category(gold, selected)
    assert all(0.0 <= x <= 1.0 for x in figures(result))
    assert sorted(result.found + result.partly_found + result.missed) == sorted(gold)
    assert set(result.false_alarms) <= set(result.marks)


@given(gold_spans())
def test_gold_selection_scores_one(gold: list[CharSpan]) -> None:
    assert figures(score_category(gold, gold)) == (1.0, 1.0, 1.0)
    assert score_category(gold, gold).found == tuple(gold)


@given(
    st.lists(st.sampled_from([" ", ". ", ", ", " — ", "” “"]), min_size=1,
             max_size=30),
    st.data(),
)
def test_gold_tokens_score_one(separators: list[str], data: st.DataObject) -> None:
    text = "".join(f"w{i}{sep}" for i, sep in enumerate(separators)).rstrip(" ,.—“”")
    tokens = tokenize(text)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(tokens)), max_size=10)))
    runs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]  # token index runs
    gold = [(tokens[a].start, tokens[b - 1].end) for a, b in runs]
    chosen = [i for a, b in runs for i in range(a, b)]
    result = score_category(gold, spans_from_tokens(text, chosen, tokens), text=text)
    assert figures(result) == (1.0, 1.0, 1.0)


@given(
    st.lists(st.sampled_from([" ", ". ", " and "]), min_size=1, max_size=25),
    st.data(),
)
def test_seams_only_forgive_punctuation(separators: list[str], data: st.DataObject) -> None:
    text = "".join(f"w{i}{sep}" for i, sep in enumerate(separators)).rstrip(" .")
    tokens = tokenize(text)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(tokens)), max_size=10)))
    runs = zip(cuts[::2], cuts[1::2], strict=False)  # an odd last cut is dropped
    gold = [(tokens[a].start, tokens[b - 1].end) for a, b in runs]
    chosen = data.draw(st.sets(st.integers(0, len(tokens) - 1)))
    selected = spans_from_tokens(text, chosen, tokens)
    forgiving, strict = score_category(gold, selected, text=text), score_category(gold, selected)
    assert strict.precision <= forgiving.precision <= 1.0
    assert forgiving.recall == strict.recall
    assert forgiving[3:] == strict[3:]  # the same spans found, missed, flagged


@given(gold_spans(), selections, spans)
def test_false_alarm_never_raises_precision(
    gold: list[CharSpan], selected: list[CharSpan], extra: CharSpan
) -> None:
    # The extra mark touches no gold span and stays apart from the other marks
    # (touching one would merge them; see test_bridging_two_marks_can_raise_precision).
    a, b = extra
    assume(all(b <= s or e <= a for s, e in gold))
    assume(all(b < s or e < a for s, e in selected))
    before = score_category(gold, selected)
    after = score_category(gold, [*selected, extra])
    assert after.precision <= before.precision
    assert extra in after.false_alarms


@given(gold_spans(), selections, st.randoms(use_true_random=False))
def test_order_does_not_matter(
    gold: list[CharSpan], selected: list[CharSpan], rnd: random.Random
) -> None:
    shuffled = list(selected)
    rnd.shuffle(shuffled)
    assert score_category(gold, shuffled) == score_category(gold, selected)


@settings(max_examples=200)
@given(gold_spans(), selections)
def test_agrees_with_official_scorer_on_random_input(
    gold: list[CharSpan], selected: list[CharSpan]
) -> None:
    result = score_category(gold, selected)
    p, r, f1 = official_scores(gold, char_runs(selected))
    assert result.f1 == pytest.approx(f1, abs=1e-12)
    if gold or selected:
        assert (result.precision, result.recall) == pytest.approx((p, r), abs=1e-12)
