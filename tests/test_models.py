"""The content models: rules enforced on construction, and round trips."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from quiz.models import Category, Excerpt, Span, slugify
from quiz.text import tokenize

WORDS = ["the", "council", "clearly", "slammed", "$4.2", "million", "don't", "tax-and-spend",
         "“resistance”", "—", "studies", "show", "70%", "naïve", "people", "said", "…"]


def span(start: int, end: int, text: str, category: Category, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": start, "end": end, "quote": text[start:end], "category": category,
        "explanation": "Because.",
    }
    if category is Category.LOADED_TERM:
        data["neutral_alternative"] = "a calmer word"
    if category is Category.UNSUPPORTED_CLAIM:
        data["evidence_needed"] = "A named source."
    return data | extra


def excerpt(text: str, spans: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "x-1", "title": "T", "source": "written for practice", "genre": "news",
        "leaning": "none", "difficulty": 1, "text": text, "spans": spans,
    }


@st.composite
def excerpts(draw: st.DrawFn) -> Excerpt:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=60, max_size=120)))
    tokens = tokenize(text)
    spans: list[dict[str, Any]] = []
    for category in Category:
        # Disjoint runs of tokens for each category: sorted cut points, pairs of them.
        cuts = sorted(draw(st.sets(st.integers(0, len(tokens)), max_size=8)))
        for a, b in zip(cuts[::2], cuts[1::2], strict=False):
            if b > a:
                spans.append(span(tokens[a].start, tokens[b - 1].end, text, category,
                                  attributed=draw(st.booleans())))
    return Excerpt.model_validate(excerpt(text, spans))


@given(excerpts())
def test_dump_then_validate_round_trips(value: Excerpt) -> None:
    assert Excerpt.model_validate(value.model_dump()) == value
    assert Excerpt.model_validate_json(value.model_dump_json()) == value


@given(excerpts())
def test_gold_spans_are_sorted_and_exclude_attributed(value: Excerpt) -> None:
    for category in Category:
        gold = value.gold(category)
        assert [s.start for s in gold] == sorted(s.start for s in gold)
        assert all(s.category is category and not s.attributed for s in gold)


TEXT = " ".join(["word"] * 50) + " complete desperation ends here."


@pytest.mark.parametrize(
    ("spans", "match"),
    [
        ([span(0, 3, TEXT, Category.OPINION_MARKER)], "does not start and end on whole words"),
        ([span(270, 300, TEXT, Category.OPINION_MARKER)], "is not inside the text"),
        ([{**span(0, 4, TEXT, Category.OPINION_MARKER), "quote": "ward"}], "hold 'word'"),
        ([span(0, 9, TEXT, Category.OPINION_MARKER), span(5, 14, TEXT, Category.OPINION_MARKER)],
         "overlaps span 1"),
        ([{**span(0, 4, TEXT, Category.LOADED_TERM), "neutral_alternative": None}],
         "loaded term needs one"),
        ([{**span(0, 4, TEXT, Category.UNSUPPORTED_CLAIM), "evidence_needed": None}],
         "unsupported claim needs it"),
        ([{**span(0, 4, TEXT, Category.OPINION_MARKER), "explanation": "  "}],
         "at least 1 character"),
        ([{**span(0, 4, TEXT, Category.OPINION_MARKER), "colour": "red"}], "Extra inputs"),
        ([{**span(0, 4, TEXT, Category.OPINION_MARKER), "category": "spin"}], "Input should be"),
    ],
)
def test_invalid_spans_are_rejected(spans: list[dict[str, Any]], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        Excerpt.model_validate(excerpt(TEXT, spans))


def test_spans_of_different_categories_may_overlap() -> None:
    spans = [span(0, 9, TEXT, Category.OPINION_MARKER), span(5, 14, TEXT, Category.LOADED_TERM)]
    assert len(Excerpt.model_validate(excerpt(TEXT, spans)).spans) == 2


def test_attributed_span_needs_no_neutral_alternative() -> None:
    data = {**span(0, 4, TEXT, Category.LOADED_TERM), "neutral_alternative": None,
            "attributed": True}
    assert Span.model_validate(data).is_gold is False


@pytest.mark.parametrize(("words", "ok"), [(39, False), (40, True), (220, True), (221, False)])
def test_word_limits(words: int, ok: bool) -> None:
    data = excerpt(" ".join(["word"] * words), [])
    if ok:
        Excerpt.model_validate(data)
    else:
        with pytest.raises(ValidationError, match=f"has {words} words"):
            Excerpt.model_validate(data)


def test_all_problems_reported_at_once() -> None:
    spans = [span(0, 3, TEXT, Category.OPINION_MARKER), span(270, 300, TEXT, Category.LOADED_TERM)]
    with pytest.raises(ValidationError) as info:
        Excerpt.model_validate(excerpt(TEXT, spans))
    message = str(info.value)
    assert "span 1" in message and "span 2" in message


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Bike lanes, again!", "bike-lanes-again"), ("  ", "excerpt"), ("Ünïcode", "unicode")],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
