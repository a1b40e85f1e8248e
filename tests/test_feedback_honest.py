"""Feedback that doesn't mislead (issue 13, items 11 and 12).

Marking everything is not shown as success: a span counts as found only when
the marks that cover it are not mostly neutral, and such a mark is called too
wide. Found, partly found and missed are judged by words, as the learner picks
them, and the summary counts each span once. The score is the metric's, as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quiz.config import DEFAULT_CONTENT
from quiz.feedback import build_feedback
from quiz.models import Category, Excerpt
from quiz.scoring import score_excerpt
from quiz.storage import import_content
from quiz.store import open_store
from quiz.vocabulary import Status
from tests.stadium import TEXT, at

LT, UC = Category.LOADED_TERM, Category.UNSUPPORTED_CLAIM
TOO_WIDE = "too wide: most of what you marked is neutral"


# Neutral words that make a short test text long enough to be an excerpt.
PAD = (
    " Residents may attend the next meeting in person or watch it online, and questions can be"
    " sent in advance by post. The agenda lists the budget, the roads, the library hours, the"
    " bus routes and the new playground, with a vote expected before the summer."
)


def excerpt(text: str, quotes: list[str], category: Category = LT) -> Excerpt:
    """A practice excerpt whose key is ``quotes`` in ``text``, all of one category, and
    then :data:`PAD`."""
    spans: list[dict[str, Any]] = []
    for quote in quotes:
        start, end = at(quote, text)
        span: dict[str, Any] = {"category": category, "quote": quote, "start": start, "end": end,
                                "explanation": "Charged words."}
        if category is LT:
            span["neutral_alternative"] = "(leave it out)"
        spans.append(span)
    return Excerpt.model_validate({
        "id": "honest", "title": "Honest feedback", "source": "written for practice",
        "genre": "opinion", "leaning": "none", "difficulty": 1, "text": text + PAD,
        "spans": spans,
    })


def test_a_whole_text_mark_finds_nothing_and_is_called_too_wide(tmp_path: Path) -> None:
    # The case: ijr-03, unsupported claims, everything marked, 42/100.
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    key = store.excerpt("ijr-03").excerpt
    everything = {UC: [(0, len(key.text))]}
    feedback = build_feedback(key, everything, [UC])
    assert feedback.score == score_excerpt(key, everything, [UC]).score  # the metric, as is
    assert round(feedback.score) == 42
    scored = [s for s in feedback.spans if not s.attributed]
    assert scored and all(s.status.value == "partly_found" for s in scored)
    assert all(TOO_WIDE in s.note for s in scored)
    [mark] = feedback.marks
    assert mark.status.value == "too_wide"
    assert mark.note.startswith("Too wide: most of what you marked is neutral.")
    n = len(scored)
    assert feedback.summary(UC) == (
        f"0 found, {n} partly found, 0 missed, of {n} unsupported claims; your mark was "
        f"{TOO_WIDE}."
    )


def test_a_mark_mostly_outside_its_span_does_not_find_it() -> None:
    text = "Critics said the greedy owners pocketed the savings again."
    key = excerpt(text, ["greedy"])
    # 1 of 3 words in the key: too wide. 1 of 2: not "mostly" neutral, found.
    wide = build_feedback(key, {LT: [at("the greedy owners", text)]}, [LT])
    assert [s.status.value for s in wide.spans] == ["partly_found"]
    assert [m.status.value for m in wide.marks] == ["too_wide"]
    snug = build_feedback(key, {LT: [at("greedy owners", text)]}, [LT])
    assert [s.status for s in snug.spans] == [Status.FOUND]
    assert [m.status for m in snug.marks] == [Status.ON_TARGET]
    # A second, tight mark on the same span finds it even beside a wide one.
    both = build_feedback(key, {LT: [at("greedy", text), at("pocketed the savings", text)]},
                          [LT])
    assert [s.status for s in both.spans] == [Status.FOUND]


def test_one_mark_over_two_neighbouring_spans_is_not_too_wide() -> None:
    text = "The greedy, cowardly owners pocketed the savings."
    key = excerpt(text, ["greedy", "cowardly"])
    feedback = build_feedback(key, {LT: [at("greedy, cowardly", text)]}, [LT])
    assert [s.status for s in feedback.spans] == [Status.FOUND, Status.FOUND]
    assert [m.status for m in feedback.marks] == [Status.ON_TARGET]


def test_half_is_judged_by_words_not_characters() -> None:
    text = "The council approved a shameless cash grab yesterday."
    key = excerpt(text, ["a shameless cash grab"])
    # "cash grab": 2 of 4 words, but 9 of 21 characters.
    half = build_feedback(key, {LT: [at("cash grab", text)]}, [LT])
    assert [s.status.value for s in half.spans] == ["found"]
    assert half.summary(LT).startswith("1 found, 0 partly found, 0 missed, of 1 loaded term;")
    less = build_feedback(key, {LT: [at("grab", text)]}, [LT])
    assert [s.status.value for s in less.spans] == ["partly_found"]
    assert "less than half of the words" in less.spans[0].note


def test_the_summary_counts_each_span_once() -> None:
    text = (
        "The greedy owners, the utterly lazy council and the spineless cowardly mayor wrecked "
        "a shameful plan."
    )
    key = excerpt(text, ["greedy", "utterly lazy council", "spineless cowardly mayor",
                         "shameful"])
    marks = {LT: [at("greedy", text), at("council", text), at("mayor", text)]}
    feedback = build_feedback(key, marks, [LT])
    assert feedback.summary(LT) == (
        "1 found, 2 partly found, 1 missed, of 4 loaded terms; all 3 of your marks touched "
        "loaded terms."
    )


def test_a_wide_mark_among_others_is_named_in_the_summary() -> None:
    feedback = build_feedback(
        excerpt(TEXT, ["greedy", "pocketed"]),
        {LT: [at("greedy", TEXT), at("pocketed the savings. The mayor", TEXT), at("Monday", TEXT)]},
        [LT],
    )
    assert feedback.summary(LT) == (
        "1 found, 1 partly found, 0 missed, of 2 loaded terms; 1 of your 3 marks was not a "
        f"loaded term, and 1 was {TOO_WIDE} there."
    )


@pytest.mark.parametrize(("status", "symbol"), [("too_wide", "↔ Too wide")])
def test_a_mark_too_wide_reads_without_colour(status: str, symbol: str) -> None:
    from quiz.ui.theme import status_symbol

    assert status_symbol(Status(status)) == symbol
