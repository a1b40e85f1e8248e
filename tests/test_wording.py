"""Tests for quiz.vocabulary and quiz.wording: the words and sentences a learner reads."""

from __future__ import annotations

from typing import Any

import pytest

from quiz.models import Category
from quiz.scoring import score_category
from quiz.selections import CharSpan
from quiz.vocabulary import Genre, Leaning, Status, TokenStatus
from quiz.wording import summary_sentence

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


def test_every_category_has_its_words() -> None:
    assert [c.with_article for c in Category] == [
        "an opinion marker", "an unsupported claim", "a loaded term"
    ]
    assert [c.plural_label for c in Category] == [
        "Opinion markers", "Unsupported claims", "Loaded terms"
    ]
    assert [c.label for c in Category] == ["Opinion marker", "Unsupported claim", "Loaded term"]
    assert [c.short for c in Category] == ["Opinion", "Claim", "Loaded"]


@pytest.mark.parametrize("enum", [Category, Genre, Leaning, Status, TokenStatus])
def test_every_member_has_its_own_label(enum: Any) -> None:
    labels = [member.label for member in enum]
    assert all(labels) and len(set(labels)) == len(labels)
    assert all(label != member.value for label, member in zip(labels, enum, strict=True))


def test_status_words_and_their_look_in_the_review() -> None:
    assert Status.ATTRIBUTED_LEFT.label == "Reported, rightly left alone"
    assert Genre.SOCIAL_POST.label == "Social media post"
    # The review paints both attributed statuses alike, with its own words.
    assert Status.ATTRIBUTED_LEFT.token_status is Status.ATTRIBUTED_FLAGGED.token_status
    assert TokenStatus.ATTRIBUTED.label == "Reported opinion, not scored"
    assert Status.ON_TARGET.token_status is None
    for status in Status:
        token = status.token_status
        if token is not None and token is not TokenStatus.ATTRIBUTED:
            assert (token.value, token.label) == (status.value, status.label)
