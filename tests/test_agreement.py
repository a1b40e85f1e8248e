"""Agreement between two annotators (quiz/agreement.py): figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.agreement import (
    CONTESTED_KAPPA,
    Agreement,
    compare,
    contested_categories,
    disagreements,
    excerpt_agreement,
    pooled,
    ruling_counts,
)
from quiz.content import load_content
from quiz.models import Category
from quiz.second import Marked, Place, Ruling, key_before
from tests.conftest import sample_entry
from tests.second_fixture import CLAIM, write_content

LT = Category.LOADED_TERM
OM = Category.OPINION_MARKER
UC = Category.UNSUPPORTED_CLAIM
TEN = "one two three four five six seven eight nine ten"  # one 0-3, two 4-7, three 8-13, four 14-18
FIVE = "alpha beta gamma delta epsilon"  # beta 6-10


def test_one_text_by_hand() -> None:
    # Key "two three" (9 characters), second reader "three four" (10): 5 shared ("three").
    # Span metric: P = 5/10, R = 5/9, F1 = 2PR/(P+R) = 10/19.
    # Words: both 1 (three), key only 1 (two), second only 1 (four), neither 7.
    # p_o = 8/10; p_e = 0.2 * 0.2 + 0.8 * 0.8 = 0.68; kappa = 0.12 / 0.32 = 0.375.
    figures = compare(TEN, [Place(LT, 4, 13)], [Place(LT, 8, 18)])[LT]
    assert (figures.both, figures.first_only, figures.second_only, figures.neither) == (1, 1, 1, 7)
    assert figures.span_f1 == pytest.approx(10 / 19)
    assert figures.kappa == pytest.approx(0.375)


def test_f1_is_the_same_whichever_key_is_gold() -> None:
    one = compare(TEN, [Place(LT, 4, 13)], [Place(LT, 8, 18)])[LT]
    other = compare(TEN, [Place(LT, 8, 18)], [Place(LT, 4, 13)])[LT]
    assert one.span_f1 == pytest.approx(other.span_f1)
    assert one.kappa == pytest.approx(other.kappa)


def test_pooled_over_texts_not_averaged() -> None:
    # Second text: key "beta", second reader nothing: S = 0 spans, T = 1; words: key only 1,
    # neither 4.
    # Pooled span metric: P = 0.5 / 1 span = 0.5, R = (5/9 + 0) / 2 spans = 5/18,
    # F1 = 2 * 0.5 * 5/18 / (0.5 + 5/18) = 5/14 (the mean of 10/19 and 0 would be 5/19).
    # Pooled words (15): both 1, key only 2, second only 1, neither 11.
    # p_o = 12/15 = 0.8; p_e = 3/15 * 2/15 + 12/15 * 13/15 = 0.72; kappa = 0.08 / 0.28 = 2/7.
    first = compare(TEN, [Place(LT, 4, 13)], [Place(LT, 8, 18)])[LT]
    second = compare(FIVE, [Place(LT, 6, 10)], [])[LT]
    assert second.span_f1 == 0.0
    total = first + second
    assert total.span_f1 == pytest.approx(5 / 14)
    assert total.kappa == pytest.approx(2 / 7)


def test_nothing_marked_is_full_agreement_and_one_sided_marks_are_none() -> None:
    empty = compare(TEN, [], [])[OM]
    assert (empty.span_f1, empty.kappa) == (1.0, 1.0)
    one_sided = compare(TEN, [], [Place(OM, 0, 3)])[OM]
    assert one_sided.span_f1 == 0.0
    assert one_sided.kappa == pytest.approx(0.0)
    same = compare(TEN, [Place(OM, 0, 7)], [Place(OM, 0, 7)])[OM]
    assert (same.span_f1, same.kappa) == (1.0, 1.0)
    assert Agreement().kappa == 1.0  # no words at all


def test_categories_are_kept_apart() -> None:
    figures = compare(TEN, [Place(LT, 0, 3)], [Place(OM, 0, 3)])
    assert figures[LT].span_f1 == 0.0 and figures[OM].span_f1 == 0.0
    assert figures[UC].span_f1 == 1.0


def test_as_dict_rounds() -> None:
    figures = compare(TEN, [Place(LT, 4, 13)], [Place(LT, 8, 18)])[LT]
    assert figures.as_dict() == {"span_f1": 0.526, "kappa": 0.375}


def marked(text: str, quote: str, category: Category, *, attributed: bool = False) -> Marked:
    start = text.index(quote)
    return Marked(category=category, quote=quote, start=start, end=start + len(quote),
                  attributed=attributed)


def test_disagreements_and_what_may_be_decided() -> None:
    key = [marked(TEN, "two three", LT), marked(TEN, "six", OM), marked(TEN, "nine", OM),
           marked(TEN, "one", UC, attributed=True)]
    second = [marked(TEN, "three four", LT), marked(TEN, "nine", OM), marked(TEN, "ten", OM),
              marked(TEN, "one", UC)]
    found = disagreements(key, second)
    assert [(d.category, d.first and d.first.quote, d.second and d.second.quote)
            for d in found] == [
        (UC, None, "one"),  # the key calls it attributed: the second reader's mark is theirs alone
        (LT, "two three", "three four"),
        (OM, "six", None),
        (OM, None, "ten"),
    ]
    assert [d.decisions for d in found] == [
        ("keep", "add"), ("keep", "change", "drop"), ("keep", "drop"), ("keep", "add")]


def ruling(text: str, quote: str, category: Category, decision: str, **more: object) -> Ruling:
    return Ruling(**marked(text, quote, category).model_dump(), decision=decision,
                  reason="because", **more)


def test_key_before_undoes_each_ruling() -> None:
    after = [marked(TEN, "two three four", LT), marked(TEN, "six", OM), marked(TEN, "ten", OM)]
    rules = [
        ruling(TEN, "two three", LT, "change", to=marked(TEN, "two three four", LT)),
        ruling(TEN, "eight", OM, "drop"),
        ruling(TEN, "ten", OM, "add"),
        ruling(TEN, "six", OM, "keep"),
    ]
    before = key_before(after, rules)
    assert [(m.quote, m.category) for m in before] == [
        ("two three", LT), ("six", OM), ("eight", OM)]


@pytest.fixture
def adjudicated(tmp_path: Path) -> object:
    [excerpt] = load_content([write_content(tmp_path / "content")])
    return excerpt


def test_an_excerpt_before_and_after_adjudication(adjudicated: object) -> None:
    from quiz.models import Excerpt

    assert isinstance(adjudicated, Excerpt)
    before = excerpt_agreement(adjudicated, before=True)
    after = excerpt_agreement(adjudicated, before=False)
    assert before is not None and after is not None
    # Before: the key had the claim, the reader did not; after: the claim is gone.
    assert before[UC].span_f1 == 0.0 and after[UC].span_f1 == 1.0
    # Before: "slammed" was the reader's alone (P = 1/2 span right); after: added.
    assert before[LT].span_f1 == pytest.approx(2 / 3)
    assert after[LT].span_f1 == 1.0
    # The kept second "Clearly" stays a disagreement: 2 of the key's 3 opinion markers
    # found exactly, recall 2/3, precision 1, F1 0.8.
    assert after[OM].span_f1 == pytest.approx(0.8)
    assert CLAIM not in {s.quote for s in adjudicated.spans}
    assert pooled([adjudicated]) == before
    # Three rulings (keep, drop, add); the disagreements left are all ruled on.
    assert ruling_counts([adjudicated]) == {
        "keep": 1, "drop": 1, "change": 0, "add": 1, "spans_changed": 2, "open": 0}
    assert contested_categories(adjudicated) == []  # every kappa stays above 0.4


def test_a_key_the_second_reader_does_not_share_is_contested(tmp_path: Path) -> None:
    lone = {"id": "sample-01", "annotator": "reader C", "spans": [
        {"quote": "Clearly", "occurrence": 1, "category": "opinion_marker"},
        {"quote": "Clearly", "occurrence": 2, "category": "opinion_marker"},
        {"quote": "I think", "category": "opinion_marker"},
    ]}
    [excerpt] = load_content([write_content(tmp_path / "c", readings=[lone], entry=sample_entry(),
                                            adjudication=[
        {"id": "sample-01", "quote": CLAIM, "category": "unsupported_claim",
         "decision": "keep", "reason": "A number with no source."},
        {"id": "sample-01", "quote": "complete desperation", "category": "loaded_term",
         "decision": "keep", "reason": "Panic words for a council vote."},
    ])])
    figures = excerpt_agreement(excerpt, before=False)
    assert figures is not None
    # The reader marked neither the key's loaded term nor its claim (both kept): kappa 0
    # there; they found every opinion marker: kappa 1.
    assert figures[LT].kappa == pytest.approx(0.0) and figures[UC].kappa == pytest.approx(0.0)
    assert figures[OM].kappa == 1.0
    assert figures[LT].kappa < CONTESTED_KAPPA <= figures[OM].kappa
    assert ruling_counts([excerpt])["open"] == 0
    unruled = excerpt.model_copy(update={
        "second": excerpt.second.model_copy(update={"rulings": []})})  # type: ignore[union-attr]
    assert ruling_counts([unruled])["open"] == 2  # the claim and the loaded term
    assert contested_categories(excerpt) == [UC, LT]
