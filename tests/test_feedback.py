"""Tests for quiz.feedback: segments, span and mark feedback, plain-words statuses."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.feedback import Feedback, Status, build_feedback, mark_note, span_note
from quiz.models import Category, Excerpt
from quiz.scoring import CharSpan, score_excerpt, spans_from_tokens
from quiz.text import tokenize
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


def segment_status(feedback: Feedback, text: str) -> dict[Category, Status]:
    matches = [s for s in feedback.segments if s.text == text]
    assert len(matches) == 1, f"no single segment {text!r}"
    return dict(matches[0].status)


@pytest.mark.parametrize(
    ("text", "om", "uc", "lt"),
    [
        ("Frankly", Status.FOUND, Status.CORRECT_BLANK, Status.CORRECT_BLANK),
        (", the new", Status.EXTRA, Status.CORRECT_BLANK, Status.CORRECT_BLANK),
        (" stadium is a disaster. ", Status.CORRECT_BLANK, Status.CORRECT_BLANK,
         Status.CORRECT_BLANK),
        ("Everyone knows the builders cut corners", Status.CORRECT_BLANK, Status.MISSED,
         Status.CORRECT_BLANK),
        ("greedy", Status.CORRECT_BLANK, Status.CORRECT_BLANK, Status.FOUND),
        (" owners", Status.CORRECT_BLANK, Status.CORRECT_BLANK, Status.EXTRA),
        ("pocketed", Status.CORRECT_BLANK, Status.CORRECT_BLANK, Status.MISSED),
        ("a shameful", Status.ATTRIBUTED_FLAGGED, Status.CORRECT_BLANK, Status.CORRECT_BLANK),
        (" waste", Status.ATTRIBUTED_FLAGGED, Status.CORRECT_BLANK, Status.CORRECT_BLANK),
        ("Monday", Status.CORRECT_BLANK, Status.CORRECT_BLANK, Status.FALSE_ALARM),
        ("clearly too much", Status.MISSED, Status.CORRECT_BLANK, Status.CORRECT_BLANK),
    ],
)
def test_segment_status(
    feedback: Feedback, text: str, om: Status, uc: Status, lt: Status
) -> None:
    assert segment_status(feedback, text) == {OM: om, UC: uc, LT: lt}


def test_segment_categories(feedback: Feedback) -> None:
    by_text = {s.text: s for s in feedback.segments}
    assert by_text["greedy"].gold == (LT,)
    assert by_text["greedy"].learner == (LT,)
    assert by_text[" owners"].gold == ()
    assert by_text[" owners"].learner == (LT,)
    assert by_text["a shameful"].attributed == (OM,)
    assert by_text["a shameful"].gold == ()
    assert by_text["pocketed"].learner == ()


def test_segments_cut_at_every_boundary(feedback: Feedback) -> None:
    assert "".join(s.text for s in feedback.segments) == TEXT
    assert feedback.segments[0].start == 0
    assert feedback.segments[-1].end == len(TEXT)
    for before, after in zip(feedback.segments, feedback.segments[1:], strict=False):
        assert before.end == after.start
    edges = {s.start for s in feedback.segments}
    for span in feedback.spans:
        assert span.start in edges
    for mark in feedback.marks:
        assert mark.start in edges


@pytest.mark.parametrize(
    ("quote", "status", "note"),
    [
        ("Frankly", Status.FOUND, "You found this opinion marker."),
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
        ("Frankly, the new", OM, Status.ON_TARGET),
        ("greedy owners", LT, Status.ON_TARGET),
        ("a shameful", OM, Status.ATTRIBUTED_FLAGGED),
        ("Monday", LT, Status.FALSE_ALARM),
    ]
    assert feedback.marks[3].note == "This is not a loaded term in the answer key."


def test_attributed_span_left_alone_is_praised() -> None:
    result = build_feedback(stadium(), {}, [OM])
    (span,) = [s for s in result.spans if s.attributed]
    assert span.status is Status.ATTRIBUTED_LEFT
    assert span.note.startswith("You rightly left this alone. This opinion is attributed")
    assert segment_status(result, "a shameful waste") == {OM: Status.ATTRIBUTED_LEFT}


def test_only_asked_categories_appear() -> None:
    result = build_feedback(stadium(), {LT: [at("greedy")]}, [LT])
    assert {s.category for s in result.spans} == {LT}
    assert all(set(s.status) == {LT} for s in result.segments)
    assert result.categories == [LT]


def test_feedback_agrees_with_the_score(feedback: Feedback) -> None:
    result = score_excerpt(stadium(), MARKS, [OM, UC, LT])
    assert feedback.score == result.score
    assert feedback.result == result
    assert feedback.summary(LT) == result.summary(LT) == (
        "You found 1 of 2 loaded terms; 1 of your 2 marks was not a loaded term."
    )


def test_partly_found_note() -> None:
    claim = "Everyone knows the builders cut corners"
    start = at(claim)[0]
    result = build_feedback(stadium(), {UC: [(start, start + len("Everyone"))]}, [UC])
    (span,) = result.spans
    assert span.status is Status.PARTLY_FOUND
    assert span.note == (
        "You marked less than half of this unsupported claim: mark the whole phrase."
    )


def test_every_status_has_distinct_plain_words() -> None:
    labels = [s.label for s in Status]
    assert all(labels) and len(set(labels)) == len(labels)
    assert Status.FALSE_ALARM.label == "false alarm"


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


@given(st.dictionaries(st.sampled_from(list(Category)),
                       st.sets(st.integers(0, len(TOKENS) - 1), max_size=12)))
def test_segments_match_marks_and_spans(chosen: dict[Category, set[int]]) -> None:
    excerpt = stadium()
    marks = {c: spans_from_tokens(TEXT, i, TOKENS) for c, i in chosen.items()}
    result = build_feedback(excerpt, marks, list(Category))
    assert "".join(s.text for s in result.segments) == TEXT
    for segment in result.segments:
        assert segment.end > segment.start
        assert set(segment.status) == set(Category)
        for category in Category:
            marked = any(
                s <= segment.start and segment.end <= e for s, e in marks.get(category, [])
            )
            gold = any(
                sp.category is category and not sp.attributed
                and sp.start <= segment.start and segment.end <= sp.end
                for sp in excerpt.spans
            )
            assert (category in segment.learner) == marked
            assert (category in segment.gold) == gold
            if not gold and not marked and category not in segment.attributed:
                assert segment.status[category] is Status.CORRECT_BLANK
            if segment.status[category] is Status.FALSE_ALARM:
                assert marked and not gold
