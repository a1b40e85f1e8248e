"""Tests for quiz.vocabulary and quiz.wording: the words and sentences a learner reads."""

from __future__ import annotations

from typing import Any

import pytest

from quiz.models import Category
from quiz.vocabulary import Genre, Leaning, Status, TokenStatus
from quiz.wording import Tally, mark_note, span_note, summary_sentence

LT, OM = Category.LOADED_TERM, Category.OPINION_MARKER


@pytest.mark.parametrize(
    ("tally", "sentence"),
    [
        (Tally(1, 1, 1, marks=4, false_alarms=2),
         "1 found, 1 partly found, 1 missed, of 3 loaded terms; 2 of your 4 marks were not "
         "loaded terms."),
        (Tally(1, 0, 1, marks=2, false_alarms=1),
         "1 found, 0 partly found, 1 missed, of 2 loaded terms; 1 of your 2 marks was not a "
         "loaded term."),
        (Tally(1, 0, 0, marks=1, false_alarms=0),
         "1 found, 0 partly found, 0 missed, of 1 loaded term; your mark touched a loaded term."),
        (Tally(0, 0, 1, marks=1, false_alarms=1),
         "0 found, 0 partly found, 1 missed, of 1 loaded term; your mark was not a loaded term."),
        (Tally(0, 0, 1, marks=0, false_alarms=0),
         "0 found, 0 partly found, 1 missed, of 1 loaded term; you marked nothing."),
        (Tally(2, 0, 0, marks=2, false_alarms=0),
         "2 found, 0 partly found, 0 missed, of 2 loaded terms; all 2 of your marks touched "
         "loaded terms."),
        (Tally(0, 0, 1, marks=2, false_alarms=2),
         "0 found, 0 partly found, 1 missed, of 1 loaded term; none of your 2 marks touched a "
         "loaded term."),
        (Tally(0, 0, 0, marks=0, false_alarms=0),
         "There were no loaded terms to find, and you marked none: well done."),
        (Tally(0, 0, 0, marks=1, false_alarms=1),
         "There were no loaded terms to find, so your mark was a false alarm."),
        (Tally(0, 0, 0, marks=2, false_alarms=2),
         "There were no loaded terms to find, so your 2 marks were false alarms."),
        # Marks too wide (issue 13, item 11).
        (Tally(0, 4, 0, marks=1, false_alarms=0, too_wide=1),
         "0 found, 4 partly found, 0 missed, of 4 loaded terms; your mark was too wide: most "
         "of what you marked is neutral."),
        (Tally(1, 1, 0, marks=3, false_alarms=0, too_wide=1),
         "1 found, 1 partly found, 0 missed, of 2 loaded terms; all 3 of your marks touched "
         "loaded terms, but 1 was too wide: most of what you marked is neutral there."),
        (Tally(0, 2, 0, marks=2, false_alarms=0, too_wide=2),
         "0 found, 2 partly found, 0 missed, of 2 loaded terms; all 2 of your marks touched "
         "loaded terms, but each was too wide: most of what you marked is neutral."),
        (Tally(0, 2, 1, marks=5, false_alarms=2, too_wide=2),
         "0 found, 2 partly found, 1 missed, of 3 loaded terms; 2 of your 5 marks were not "
         "loaded terms, and 2 were too wide: most of what you marked is neutral there."),
    ],
)
def test_summary_sentence(tally: Tally, sentence: str) -> None:
    assert summary_sentence(LT, tally) == sentence


@pytest.mark.parametrize(
    ("tally", "sentence"),
    [
        (Tally(0, 0, 1, marks=1, false_alarms=1, attributed_flagged=1),
         "0 found, 0 partly found, 1 missed, of 1 opinion marker; your mark was not an opinion "
         "marker. Note: your mark was on words the writer attributed to a named speaker or "
         "source, which is the writer doing the job right."),
        (Tally(1, 0, 0, marks=3, false_alarms=2, attributed_flagged=1),
         "1 found, 0 partly found, 0 missed, of 1 opinion marker; 2 of your 3 marks were not "
         "opinion markers. Note: 1 of your marks was on words the writer attributed to a named "
         "speaker or source, which is the writer doing the job right."),
    ],
)
def test_summary_mentions_attributed_marks(tally: Tally, sentence: str) -> None:
    assert summary_sentence(OM, tally) == sentence


@pytest.mark.parametrize(
    ("status", "options", "note"),
    [
        (Status.PARTLY_FOUND, {},
         "You marked less than half of the words of this loaded term: mark the whole phrase."),
        (Status.PARTLY_FOUND, {"too_wide": True},
         "Your mark covered this loaded term, but it was too wide: most of what you marked is "
         "neutral. Mark just the loaded term."),
        (Status.MISSED, {}, "You missed this loaded term."),
    ],
)
def test_span_note(status: Status, options: dict[str, bool], note: str) -> None:
    assert span_note(LT, status, **options) == note


def test_mark_note_too_wide_gives_the_words() -> None:
    assert mark_note(LT, Status.TOO_WIDE, words=12, neutral=9) == (
        "Too wide: most of what you marked is neutral. It touches a loaded term, but 9 of its "
        "12 words are not part of one: mark just the loaded term."
    )


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
