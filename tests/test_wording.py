"""Tests for quiz.wording: the sentences a learner reads about a score."""

from __future__ import annotations

import pytest

from quiz.models import Category
from quiz.scoring import CharSpan, score_category
from quiz.wording import NOUNS, a_noun, summary_sentence

LT, OM = Category.LOADED_TERM, Category.OPINION_MARKER


@pytest.mark.parametrize(
    ("gold", "selected", "sentence"),
    [
        ([(0, 5), (10, 15), (20, 25)], [(0, 5), (10, 12), (30, 35), (40, 45)],
         "You found 1 of 3 loaded terms and partly found 1 more; 2 of your 4 marks were not "
         "loaded terms."),
        ([(0, 5), (10, 15)], [(0, 5), (30, 35)],
         "You found 1 of 2 loaded terms; 1 of your 2 marks was not a loaded term."),
        ([(0, 5)], [(0, 5)], "You found 1 of 1 loaded term; your mark touched a loaded term."),
        ([(0, 5)], [(30, 35)], "You found 0 of 1 loaded term; your mark was not a loaded term."),
        ([(0, 5)], [], "You found 0 of 1 loaded term; you marked nothing."),
        ([(0, 5), (10, 15)], [(0, 5), (10, 15)],
         "You found 2 of 2 loaded terms; all 2 of your marks touched loaded terms."),
        ([(0, 5)], [(20, 25), (30, 35)],
         "You found 0 of 1 loaded term; none of your 2 marks touched a loaded term."),
        ([], [], "There were no loaded terms to find, and you marked none: well done."),
        ([], [(0, 5)], "There were no loaded terms to find, so your mark was a false alarm."),
        ([], [(0, 5), (9, 12)],
         "There were no loaded terms to find, so your 2 marks were false alarms."),
    ],
)
def test_summary_sentence(gold: list[CharSpan], selected: list[CharSpan], sentence: str) -> None:
    assert summary_sentence(LT, score_category(gold, selected)) == sentence


@pytest.mark.parametrize(
    ("selected", "sentence"),
    [
        ([(20, 25)],
         "You found 0 of 1 opinion marker; your mark was not an opinion marker. Note: your mark "
         "was on words the writer attributed to a named speaker or source, which is the writer "
         "doing the job right."),
        ([(0, 5), (20, 25), (30, 35)],
         "You found 1 of 1 opinion marker; 2 of your 3 marks were not opinion markers. Note: "
         "1 of your marks was on words the writer attributed to a named speaker or source, "
         "which is the writer doing the job right."),
    ],
)
def test_summary_mentions_attributed_marks(selected: list[CharSpan], sentence: str) -> None:
    result = score_category([(0, 5)], selected, attributed=[(18, 28)])
    assert summary_sentence(OM, result) == sentence


def test_every_category_has_nouns() -> None:
    assert set(NOUNS) == set(Category)
    assert [a_noun(NOUNS[c][0]) for c in Category] == [
        "an opinion marker", "an unsupported claim", "a loaded term"
    ]
