"""Tests for quiz.feedback: span and mark feedback, and the notes under them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.feedback import Feedback, Status, build_feedback
from quiz.models import Category, Excerpt
from quiz.scoring import score_excerpt
from quiz.selections import CharSpan, spans_from_tokens
from quiz.text import tokenize
from quiz.wording import mark_note, span_note
from tests.stadium import TEXT, at

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM

TOKENS = tokenize(TEXT)


def stadium() -> Excerpt:
    """Two opinion markers and an attributed opinion, a claim, two loaded terms."""
    spans: list[dict[str, Any]] = [
        {"category": OM, "quote": "Frankly", "explanation": "The writer's own stance."},
        {"category": OM, "quote": "clearly too much", "explanation": "A judgment."},
        {"category": OM, "quote": "a shameful waste", "attributed": True,
         "explanation": "The mayor's words, attributed."},
        {"category": UC, "quote": "Everyone knows the builders cut corners",
         "explanation": "Who says so?", "evidence_needed": "a building inspection report"},
        {"category": LT, "quote": "greedy", "explanation": "Name-calling.",
         "neutral_alternative": "(leave the word out)"},
        {"category": LT, "quote": "pocketed", "explanation": "Suggests theft.",
         "neutral_alternative": "kept"},
    ]
    for span in spans:
        span["start"], span["end"] = at(span["quote"])
    return Excerpt.model_validate({
        "id": "stadium", "title": "The stadium", "source": "written for practice",
        "genre": "opinion", "leaning": "none", "difficulty": 1, "text": TEXT, "spans": spans,
    })


MARKS: dict[Category, list[CharSpan]] = {
    OM: [at("Frankly, the new"), at("a shameful")],
    LT: [at("greedy owners"), at("Monday")],
}


@pytest.fixture
def feedback() -> Feedback:
    return build_feedback(stadium(), MARKS, [OM, UC, LT])


@pytest.mark.parametrize(
    ("quote", "status", "note"),
    [
        # "Frankly, the new": 2 of its 3 words are neutral, so the mark is too wide.
        ("Frankly", Status.PARTLY_FOUND,
         "Your mark covered this opinion marker, but it was too wide: most of what you marked "
         "is neutral. Mark just the opinion marker."),
        ("clearly too much", Status.MISSED, "You missed this opinion marker."),
        ("a shameful waste", Status.ATTRIBUTED_FLAGGED,
         "This opinion is attributed to a named speaker: the writer did the job right."),
        ("Everyone knows the builders cut corners", Status.MISSED,
         "You missed this unsupported claim."),
        ("greedy", Status.FOUND, "You found this loaded term."),
        ("pocketed", Status.MISSED, "You missed this loaded term."),
    ],
)
def test_span_feedback(feedback: Feedback, quote: str, status: Status, note: str) -> None:
    (span,) = [s for s in feedback.spans if s.quote == quote]
    assert (span.status, span.note) == (status, note)
    assert (span.start, span.end) == at(quote)


def test_span_feedback_carries_the_answer_key(feedback: Feedback) -> None:
    by_quote = {s.quote: s for s in feedback.spans}
    assert by_quote["pocketed"].neutral_alternative == "kept"
    assert by_quote["pocketed"].explanation == "Suggests theft."
    claim = by_quote["Everyone knows the builders cut corners"]
    assert claim.evidence_needed == "a building inspection report"
    assert by_quote["a shameful waste"].attributed is True
    assert [s.start for s in feedback.spans] == sorted(s.start for s in feedback.spans)


def test_mark_feedback(feedback: Feedback) -> None:
    assert [(m.text, m.category, m.status) for m in feedback.marks] == [
        ("Frankly, the new", OM, Status.TOO_WIDE),
        ("greedy owners", LT, Status.ON_TARGET),
        ("a shameful", OM, Status.ATTRIBUTED_FLAGGED),
        ("Monday", LT, Status.FALSE_ALARM),
    ]
    assert feedback.marks[3].note == "This is not a loaded term in the answer key."
    assert feedback.marks[0].note == (
        "Too wide: most of what you marked is neutral. It touches an opinion marker, but 2 of "
        "its 3 words are not part of one: mark just the opinion marker."
    )
    assert [(m.words, m.neutral_words) for m in feedback.marks] == [(3, 2), (2, 1), (2, 2), (1, 1)]


def test_attributed_span_left_alone_is_praised() -> None:
    result = build_feedback(stadium(), {}, [OM])
    (span,) = [s for s in result.spans if s.attributed]
    assert span.status is Status.ATTRIBUTED_LEFT
    assert span.note.startswith("You rightly left this alone. This opinion is attributed")


def test_only_asked_categories_appear() -> None:
    result = build_feedback(stadium(), {LT: [at("greedy")]}, [LT])
    assert {s.category for s in result.spans} == {LT}
    assert {m.category for m in result.marks} == {LT}
    assert result.categories == [LT]


def test_feedback_agrees_with_the_score(feedback: Feedback) -> None:
    result = score_excerpt(stadium(), MARKS, [OM, UC, LT])
    assert feedback.score == result.score
    assert feedback.result == result
    assert feedback.summary(LT) == (
        "1 found, 0 partly found, 1 missed, of 2 loaded terms; 1 of your 2 marks was not a "
        "loaded term."
    )


def test_partly_found_note() -> None:
    claim = "Everyone knows the builders cut corners"
    start = at(claim)[0]
    result = build_feedback(stadium(), {UC: [(start, start + len("Everyone"))]}, [UC])
    (span,) = result.spans
    assert span.status is Status.PARTLY_FOUND
    assert span.note == (
        "You marked less than half of the words of this unsupported claim: mark the whole "
        "phrase."
    )


@pytest.mark.parametrize(
    ("status", "note"),
    [
        (Status.ON_TARGET, "This mark touches an opinion marker."),
        (Status.FALSE_ALARM, "This is not an opinion marker in the answer key."),
    ],
)
def test_mark_note(status: Status, note: str) -> None:
    assert mark_note(OM, status) == note
    assert span_note(OM, Status.FOUND) == "You found this opinion marker."


def words(where: tuple[int, int]) -> set[int]:
    """The indices of the words a character range overlaps."""
    return {t.index for t in TOKENS if t.start < where[1] and where[0] < t.end}


@given(st.dictionaries(st.sampled_from(list(Category)),
                       st.sets(st.integers(0, len(TOKENS) - 1), max_size=12)))
def test_every_span_and_mark_says_what_it_touched(chosen: dict[Category, set[int]]) -> None:
    excerpt = stadium()
    marks = {c: spans_from_tokens(TEXT, i, TOKENS) for c, i in chosen.items()}
    result = build_feedback(excerpt, marks, list(Category))
    assert result.result == score_excerpt(excerpt, marks, list(Category))  # the metric as is

    def touches(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    assert len(result.spans) == len(excerpt.spans)
    for mark in result.marks:
        where = (mark.start, mark.end)
        same = [s for s in excerpt.spans if s.category is mark.category]
        key = set().union(*(words((s.start, s.end)) for s in same if not s.attributed))
        gold = any(touches(where, (s.start, s.end)) for s in same if not s.attributed)
        quoted = any(touches(where, (s.start, s.end)) for s in same if s.attributed)
        neutral = len(words(where) - key)
        assert (mark.words, mark.neutral_words) == (len(words(where)), neutral)
        if gold:  # too wide when more than half of its words are neutral
            wide = 2 * neutral > mark.words
            assert mark.status is (Status.TOO_WIDE if wide else Status.ON_TARGET)
        elif quoted:
            assert mark.status is Status.ATTRIBUTED_FLAGGED
        else:  # right place, wrong kind when it touches another category's scored span
            other = [
                s.category for s in excerpt.spans
                if s.category is not mark.category and not s.attributed
                and touches(where, (s.start, s.end))
            ]
            assert mark.status is (Status.WRONG_KIND if other else Status.FALSE_ALARM)
            assert mark.key_category == (other[0] if other else None)
        assert mark.text == TEXT[mark.start : mark.end]
    for span in result.spans:
        mine = [(m.start, m.end) for m in result.marks if m.category is span.category]
        marked = any(touches((span.start, span.end), m) for m in mine)
        if span.attributed:
            expected = Status.ATTRIBUTED_FLAGGED if marked else Status.ATTRIBUTED_LEFT
            assert span.status is expected
        elif not marked:
            assert span.status is Status.MISSED
        else:  # found: at least half of its words in marks that are not too wide
            good = set().union(*(
                words((m.start, m.end)) for m in result.marks
                if m.category is span.category and m.status is Status.ON_TARGET
            ))
            own = words((span.start, span.end))
            found = 2 * len(own & good) >= len(own)
            assert span.status is (Status.FOUND if found else Status.PARTLY_FOUND)
    for category in Category:
        tally = result.tally(category)
        scored = [s for s in result.spans if s.category is category and not s.attributed]
        assert tally.total == len(scored) == result.result.categories[category].gold_count
