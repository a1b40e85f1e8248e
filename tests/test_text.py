"""The tokenizer: what a learner can select."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.text import find_all, tokenize, tokens_between, word_count


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("don't stop", ["don't", "stop"]),
        ("America’s leaders", ["America’s", "leaders"]),
        ("a tax-and-spend mayor", ["a", "tax-and-spend", "mayor"]),
        ("a 33-year-old dictator", ["a", "33-year-old", "dictator"]),
        ("the ship—that is", ["the", "ship", "that", "is"]),
        ("the ship — that is", ["the", "ship", "that", "is"]),
        ("1990–2000", ["1990", "2000"]),
        ("it cost $4.2 million", ["it", "cost", "$4.2", "million"]),
        ("70 percent, or 70%", ["70", "percent", "or", "70%"]),
        ("1,200 students.", ["1,200", "students"]),
        ("£5 and €3.50", ["£5", "and", "€3.50"]),
        ("wait... what", ["wait", "what"]),
        ("wait… what", ["wait", "what"]),
        ("“resistance” groups", ["resistance", "groups"]),
        ("‘quoted’ word", ["quoted", "word"]),
        ("the U.S. is", ["the", "U.S.", "is"]),
        ("naïve café Zürich", ["naïve", "café", "Zürich"]),
        ("cafe\u0301 society", ["cafe\u0301", "society"]),
        ("Москва и Київ", ["Москва", "и", "Київ"]),
        ("students' bags", ["students", "bags"]),
        ("why on earth?!", ["why", "on", "earth"]),
        ("end of sentence. Next", ["end", "of", "sentence", "Next"]),
        ("", []),
        ("  ... — !", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_offsets_and_indices() -> None:
    tokens = tokenize("Clearly, they’re wrong.")
    assert [(t.index, t.start, t.end) for t in tokens] == [(0, 0, 7), (1, 9, 16), (2, 17, 22)]


def test_word_count_matches_tokenize() -> None:
    text = "In a move of complete desperation, leftist groups…"
    assert word_count(text) == len(tokenize(text)) == 8


def test_tokens_between() -> None:
    tokens = tokenize("one two three four")
    assert [t.text for t in tokens_between(tokens, 5, 9)] == ["two", "three"]
    assert tokens_between(tokens, 3, 4) == []


def test_find_all_includes_overlaps() -> None:
    assert find_all("aaa", "aa") == [0, 1]
    assert find_all("abc", "") == []


@given(st.text())
def test_offsets_slice_back_and_never_overlap(text: str) -> None:
    tokens = tokenize(text)
    previous_end = 0
    for i, token in enumerate(tokens):
        assert token.index == i
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end
        assert token.end > token.start
        previous_end = token.end


@given(st.lists(st.sampled_from(["word", "don't", "—", "…", "$4.2", " ", ", ", "“x”"])))
def test_joining_pieces_never_loses_words(pieces: list[str]) -> None:
    text = " ".join(pieces)
    # Every letter or digit of the text lies inside some token.
    covered = {i for t in tokenize(text) for i in range(t.start, t.end)}
    assert all(i in covered for i, ch in enumerate(text) if ch.isalnum())
