"""The authoring page's draft: span rows to a content entry, problems back to rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from quiz.config import DEFAULT_CONTENT
from quiz.content import build_excerpt, load_content
from quiz.draft import (
    SpanRow,
    accept,
    clean_row,
    describe,
    draft_entry,
    excerpt_rows,
    locate,
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


def blank(**fields: object) -> SpanRow:
    empty = SpanRow(uid="u1", keep=False, category="", quote="", occurrence=None, explanation="",
                    neutral_alternative="", evidence_needed="", attributed=False, why="",
                    confidence=None)
    return SpanRow(**{**empty, **fields})  # type: ignore[typeddict-item]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"uid": "u1"}, blank()),
        ({"uid": "u1", "keep": np.bool_(True), "occurrence": np.int64(2), "quote": " a b ",
          "explanation": float("nan"), "attributed": pd.NA, "why": None},
         blank(keep=True, quote=" a b ", occurrence=2)),
        ({"uid": "u1", "keep": 1.0, "occurrence": 2.5, "neutral_alternative": "  calm  ",
          "attributed": "true", "confidence": np.float64(0.5)},
         blank(keep=True, neutral_alternative="calm", attributed=True, confidence=0.5)),
        ({"uid": "u1", "keep": 0, "occurrence": " 3 ", "category": "opinion_marker"},
         blank(category="opinion_marker", occurrence=3)),
        ({"uid": "u1", "occurrence": True, "confidence": True}, blank()),
    ],
)
def test_clean_row(raw: dict[str, object], expected: SpanRow) -> None:
    assert clean_row(raw) == expected


def test_every_row_gets_its_own_uid() -> None:
    uids = {clean_row({})["uid"] for _ in range(50)}
    assert len(uids) == 50 and all(uids)


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
        "Span 4 “zebra crossing”, Quote: 'zebra crossing' does not "
        "occur in the text; copy it from the text exactly"
    ]
    assert describe(Problem(None, "title", "is empty"), kept, rows) == "Title: is empty"
    assert describe(Problem(1, "neutral_alternative", "needs one"), kept, rows) == (
        "Span 2 “slammed”, Neutral alternative: needs one"
    )


def test_unchosen_genre_leaning_and_difficulty_are_asked_for() -> None:
    meta = {**META, "genre": None, "leaning": None, "difficulty": None}
    entry, kept = draft_entry(meta, [])
    assert not {"genre", "leaning", "difficulty"} & set(entry)  # nothing chosen for the teacher
    _, problems = build_excerpt(entry)
    assert [describe(p, kept, []) for p in problems] == [
        f"{label}: not chosen yet. Choose one under “About the text”."
        for label in ("Genre", "Leaning", "Difficulty")
    ]


def test_suggestion_rows_are_unkept_and_place_repeated_quotes() -> None:
    second = TEXT.index("a reckless gamble", TEXT.index("frankly"))
    suggestions = [
        Suggestion(12, 19, Category.LOADED_TERM, "slammed", "a loaded verb", "criticised", 0.81),
        Suggestion(second, second + 17, Category.LOADED_TERM, "a reckless gamble", "loaded"),
    ]
    rows = suggestion_rows(TEXT, suggestions)
    assert [r["keep"] for r in rows] == [False, False]
    assert rows[0]["occurrence"] is None  # "slammed" occurs once: no occurrence needed
    assert rows[0]["why"] == "a loaded verb" and rows[0]["confidence"] == 0.81
    assert rows[0]["neutral_alternative"] == "criticised"
    assert rows[1]["occurrence"] == 2


def test_a_suggestions_reason_is_its_starting_explanation() -> None:
    suggestion = Suggestion(12, 19, Category.LOADED_TERM, "slammed", "a loaded verb", "criticised")
    [offered] = suggestion_rows(TEXT, [suggestion])
    assert offered["explanation"] == "a loaded verb"  # what the teacher edits once accepted
    kept = accept(offered)
    assert kept["keep"] and kept["explanation"] == "a loaded verb" and kept["uid"] == offered["uid"]
    entry, _ = draft_entry(META, [kept])
    assert entry["spans"][0]["explanation"] == "a loaded verb"
    assert accept({**offered, "explanation": "Mine."})["explanation"] == "Mine."


def test_suggesting_again_keeps_accepted_spans_in_place_and_drops_unanswered_ones() -> None:
    slammed = TEXT.index("slammed")
    frankly = TEXT.index("frankly")
    spend = TEXT.index("public money")
    found = [
        Suggestion(slammed, slammed + 7, Category.LOADED_TERM, "slammed", "loaded verb"),
        Suggestion(frankly, frankly + 7, Category.OPINION_MARKER, "frankly", "opinion word"),
        Suggestion(spend, spend + 12, Category.LOADED_TERM, "public money", "loaded"),
    ]
    first = suggestion_rows(TEXT, found)
    third = accept(first[2])  # the teacher accepts the third suggestion
    current = [first[0], first[1], third]
    again = merge_rows(current, suggestion_rows(TEXT, found), TEXT)
    assert [r["quote"] for r in again] == ["slammed", "frankly", "public money"]  # no jump
    assert again[2] is third  # the same span, uid and all
    assert [r["keep"] for r in again] == [False, False, True]
    assert {r["uid"] for r in again[:2]}.isdisjoint({first[0]["uid"], first[1]["uid"]})


def test_merge_puts_fresh_suggestions_in_text_order_among_the_kept_spans() -> None:
    mine = row(quote="the whole scheme", category="opinion_marker")
    lost = row(quote="zebra crossing")  # not in the text (yet): kept, placed last
    slammed = TEXT.index("slammed")
    fresh = suggestion_rows(TEXT, [Suggestion(slammed, slammed + 7, Category.LOADED_TERM,
                                              "slammed", "loaded verb")])
    merged = merge_rows([lost, mine], fresh, TEXT)
    assert [r["quote"] for r in merged] == ["slammed", "the whole scheme", "zebra crossing"]


def test_locate_counts_occurrences_as_the_content_loader_does() -> None:
    second = TEXT.index("a reckless gamble", TEXT.index("frankly"))
    assert locate(TEXT, "a reckless gamble", 2) == (second, second + 17)
    assert locate(TEXT, " slammed ", None) == (12, 19)
    assert locate(TEXT, "a reckless gamble", 3) is None
    assert locate(TEXT, "zebra", None) is None and locate(TEXT, "", None) is None


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
    # The form edits the excerpt's own file; its second reading lives in content/second/.
    assert build_excerpt(entry) == (excerpt.model_copy(update={"second": None}), [])
