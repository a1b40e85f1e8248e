"""The authoring page's draft: table rows to a content entry, problems back to rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from quiz.config import DEFAULT_CONTENT
from quiz.content import build_excerpt, load_content
from quiz.draft import (
    SpanRow,
    clean_row,
    describe,
    draft_entry,
    excerpt_rows,
    merge_rows,
    suggestion_rows,
)
from quiz.models import Category, Problem
from quiz.suggest import Suggestion

TEXT = (
    "The council slammed the plan again on Tuesday evening. Critics say the plan is a reckless "
    "gamble, and frankly the whole scheme is a reckless gamble with public money. The mayor "
    "said the new bus lanes would open in the spring and that the cost would be shared with "
    "the county. Residents of the east side will meet next week to discuss the route."
)
META = {"id": "draft-1", "title": "A draft", "source": "written for practice", "url": "",
        "published": None, "genre": "opinion", "leaning": "left", "difficulty": 2, "pair": "",
        "text": TEXT}


def row(**fields: object) -> SpanRow:
    return clean_row({"keep": True, "category": "loaded_term", "explanation": "Why.", **fields})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, SpanRow(keep=False, category="", quote="", occurrence=None, explanation="",
                     neutral_alternative="", evidence_needed="", attributed=False, why="")),
        ({"keep": np.bool_(True), "occurrence": np.int64(2), "quote": " a b ",
          "explanation": float("nan"), "attributed": pd.NA, "why": None},
         SpanRow(keep=True, category="", quote=" a b ", occurrence=2, explanation="",
                 neutral_alternative="", evidence_needed="", attributed=False, why="")),
        ({"keep": 1.0, "occurrence": 2.5, "neutral_alternative": "  calm  ", "attributed": "true"},
         SpanRow(keep=True, category="", quote="", occurrence=None, explanation="",
                 neutral_alternative="calm", evidence_needed="", attributed=True, why="")),
        ({"keep": 0, "occurrence": " 3 ", "category": "opinion_marker"},
         SpanRow(keep=False, category="opinion_marker", quote="", occurrence=3, explanation="",
                 neutral_alternative="", evidence_needed="", attributed=False, why="")),
        ({"occurrence": True}, SpanRow(keep=False, category="", quote="", occurrence=None,
                                       explanation="", neutral_alternative="",
                                       evidence_needed="", attributed=False, why="")),
    ],
)
def test_clean_row(raw: dict[str, object], expected: SpanRow) -> None:
    assert clean_row(raw) == expected


def test_only_kept_rows_become_spans_and_blank_optionals_are_dropped() -> None:
    rows = [
        row(keep=False, quote="slammed"),
        row(quote="slammed", neutral_alternative="criticised"),
        row(quote="a reckless gamble", occurrence=2, neutral_alternative="a risky plan"),
        row(keep=False, quote="frankly", category="opinion_marker"),
    ]
    meta = {**META, "published": dt.date(2024, 5, 1), "title": "  A draft  "}
    entry, kept = draft_entry(meta, rows)
    assert kept == [2, 3]
    assert entry["published"] == "2024-05-01" and entry["title"] == "A draft"
    assert "url" not in entry and "pair" not in entry
    assert [s["quote"] for s in entry["spans"]] == ["slammed", "a reckless gamble"]
    assert entry["spans"][1]["occurrence"] == 2 and "occurrence" not in entry["spans"][0]
    assert all("evidence_needed" not in s and "attributed" not in s for s in entry["spans"])
    excerpt, problems = build_excerpt(entry)
    assert problems == [] and excerpt is not None
    assert excerpt.spans[1].start == TEXT.index("reckless gamble", TEXT.index("frankly")) - 2


def test_problems_name_the_table_row_and_column() -> None:
    rows = [
        row(keep=False, quote="slammed"),
        row(quote="slammed", neutral_alternative="criticised"),
        row(keep=False, quote="frankly"),
        row(quote="zebra crossing", category="unsupported_claim", evidence_needed="A survey."),
    ]
    entry, kept = draft_entry(META, rows)
    _, problems = build_excerpt(entry)
    messages = [describe(p, kept, rows) for p in problems]
    assert messages == [
        "Span table row 4 “zebra crossing” (kept span 2), Quote: 'zebra crossing' does not "
        "occur in the text; copy it from the text exactly"
    ]
    assert describe(Problem(None, "title", "is empty"), kept, rows) == "Title: is empty"
    assert describe(Problem(1, "neutral_alternative", "needs one"), kept, rows) == (
        "Span table row 2 “slammed” (kept span 1), Neutral alternative: needs one"
    )


def test_suggestion_rows_are_unkept_and_place_repeated_quotes() -> None:
    second = TEXT.index("a reckless gamble", TEXT.index("frankly"))
    suggestions = [
        Suggestion(12, 19, Category.LOADED_TERM, "slammed", "a loaded verb", "criticised", 0.81),
        Suggestion(second, second + 17, Category.LOADED_TERM, "a reckless gamble", "loaded"),
    ]
    rows = suggestion_rows(TEXT, suggestions)
    assert [r["keep"] for r in rows] == [False, False]
    assert rows[0]["occurrence"] is None  # "slammed" occurs once: no occurrence needed
    assert rows[0]["why"] == "a loaded verb (confidence 81%)"
    assert rows[0]["neutral_alternative"] == "criticised"
    assert rows[1]["occurrence"] == 2


def test_merge_keeps_the_teachers_rows_and_replaces_stale_suggestions() -> None:
    mine = row(quote="slammed", neutral_alternative="criticised")
    written = row(keep=False, quote="frankly", category="opinion_marker")
    stale = row(keep=False, quote="old", explanation="")
    fresh = [row(keep=False, quote="slammed", explanation=""),
             row(keep=False, quote="new", explanation="")]
    fresh[0]["occurrence"] = mine["occurrence"]
    merged = merge_rows([mine, written, stale], fresh)
    assert [r["quote"] for r in merged] == ["slammed", "frankly", "new"]


@pytest.mark.parametrize("excerpt", load_content([DEFAULT_CONTENT]), ids=lambda e: e.id)
def test_a_stored_excerpt_loads_into_rows_and_saves_back_the_same(excerpt: object) -> None:
    from quiz.authoring import excerpt_to_entry
    from quiz.models import Excerpt

    assert isinstance(excerpt, Excerpt)
    meta = {k: v for k, v in excerpt_to_entry(excerpt).items() if k != "spans"}
    rows = excerpt_rows(excerpt)
    assert all(r["keep"] for r in rows)
    entry, kept = draft_entry(meta, rows)
    assert kept == list(range(1, len(rows) + 1))
    assert build_excerpt(entry) == (excerpt, [])
