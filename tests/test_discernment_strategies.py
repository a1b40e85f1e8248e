"""The headline discernment figure cannot be gamed, on the real bundled content.

Every strategy asks all three categories, as ``python -m quiz score`` does by
default and as the issue's figures for the span score (25.2 for marking
everything, 4.9 for nothing, 17.6 for random) were measured. Random marking
is seeded; "the key's base rate" is, per category, as many random words as
the key has gold words of that category (and, second version, every word
marked with the probability of the excerpt's overall gold share).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from statistics import mean

import pytest

from quiz import config
from quiz.content import load_content
from quiz.discernment import WordKey, discernment
from quiz.models import Category, Excerpt
from quiz.scoring import score_excerpt
from quiz.selections import CharSpan, spans_from_tokens

ALL = list(Category)
Strategy = Callable[[Excerpt, WordKey, random.Random], Mapping[Category, Sequence[CharSpan]]]


@pytest.fixture(scope="module")
def bundled() -> list[tuple[Excerpt, WordKey]]:
    return [(e, WordKey.of(e)) for e in load_content([config.DEFAULT_CONTENT])]


def _words(excerpt: Excerpt, key: WordKey, indices: Sequence[int]) -> list[CharSpan]:
    return spans_from_tokens(excerpt.text, indices, list(key.tokens))


def everything(excerpt: Excerpt, key: WordKey, _: random.Random) -> dict[Category, list[CharSpan]]:
    return {c: _words(excerpt, key, range(len(key.tokens))) for c in ALL}


def nothing(excerpt: Excerpt, key: WordKey, _: random.Random) -> dict[Category, list[CharSpan]]:
    return {}


def random_per_category(
    excerpt: Excerpt, key: WordKey, rng: random.Random
) -> dict[Category, list[CharSpan]]:
    n = len(key.tokens)
    return {c: _words(excerpt, key, rng.sample(range(n), len(key.gold[c]))) for c in ALL}


def random_overall(
    excerpt: Excerpt, key: WordKey, rng: random.Random
) -> dict[Category, list[CharSpan]]:
    n = len(key.tokens)
    rate = sum(len(key.gold[c]) for c in ALL) / (len(ALL) * n)
    return {c: _words(excerpt, key, [i for i in range(n) if rng.random() < rate]) for c in ALL}


def perfect(excerpt: Excerpt, key: WordKey, _: random.Random) -> dict[Category, list[CharSpan]]:
    return {c: [(s.start, s.end) for s in excerpt.gold(c)] for c in ALL}


def average(
    pairs: list[tuple[Excerpt, WordKey]], strategy: Strategy, seed: int = 1
) -> tuple[float, float]:
    """The mean headline figure and the mean span score of one strategy over ``pairs``."""
    rng = random.Random(seed)
    heads: list[float] = []
    scores: list[float] = []
    for excerpt, key in pairs:
        marks = strategy(excerpt, key, rng)
        heads.append(discernment(key.counts(marks, ALL)))
        scores.append(score_excerpt(excerpt, marks, ALL).score)
    return mean(heads), mean(scores)


def with_spans(bundled: list[tuple[Excerpt, WordKey]]) -> list[tuple[Excerpt, WordKey]]:
    return [(e, k) for e, k in bundled if any(k.gold[c] for c in ALL)]


def test_the_bundled_content_has_both_kinds_of_excerpt(
    bundled: list[tuple[Excerpt, WordKey]],
) -> None:
    assert len(with_spans(bundled)) >= 30
    assert len(bundled) - len(with_spans(bundled)) >= 5


def test_a_perfect_answer_gets_100_everywhere(bundled: list[tuple[Excerpt, WordKey]]) -> None:
    rng = random.Random(0)
    for excerpt, key in bundled:
        assert discernment(key.counts(perfect(excerpt, key, rng), ALL)) == 100.0, excerpt.id


@pytest.mark.parametrize("strategy", [everything, nothing], ids=["everything", "nothing"])
def test_marking_everything_or_nothing_averages_at_most_10(
    bundled: list[tuple[Excerpt, WordKey]], strategy: Strategy
) -> None:
    head, score = average(with_spans(bundled), strategy)
    assert head <= 10.0
    # The point of the figure: the span score rewards marking everything.
    if strategy is everything:
        assert score > 20.0 and head == 0.0


@pytest.mark.parametrize("strategy", [random_per_category, random_overall])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_words_at_the_base_rate_average_at_most_10(
    bundled: list[tuple[Excerpt, WordKey]], strategy: Strategy, seed: int
) -> None:
    head, score = average(with_spans(bundled), strategy, seed)
    assert head <= 10.0
    assert score > head  # the span score gives random marks more


def test_marking_everything_where_there_is_nothing_to_find(
    bundled: list[tuple[Excerpt, WordKey]],
) -> None:
    empty = [(e, k) for e, k in bundled if not any(k.gold[c] for c in ALL)]
    head, _ = average(empty, everything)
    assert head <= 10.0
    assert average(empty, nothing)[0] == 100.0
