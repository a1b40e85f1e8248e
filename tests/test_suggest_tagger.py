"""Tests for quiz.suggest.tagger and quiz.suggest.examples: word scores and span neighbours."""

from __future__ import annotations

import numpy as np
import pytest

from quiz.models import Category
from quiz.suggest.encoder import word_vectors
from quiz.suggest.evaluate import fold_of
from quiz.suggest.examples import build_bank, span_vector
from quiz.suggest.tagger import CATEGORIES, fit_tagger, labels, out_of_fold, runs
from quiz.text import tokenize
from tests.conftest import SUGGEST_FILLER, make_excerpt

OPINION, LOADED = Category.OPINION_MARKER, Category.LOADED_TERM

STREETS = ("Elm", "Oak", "Ash", "Birch", "Cedar", "Maple", "Pine", "Rowan")


def loaded_set() -> list:  # type: ignore[type-arg]
    """Eight stories where 'busybodies' is always loaded and 'I think' always opinion."""
    return [
        make_excerpt(
            f"t-{i}",
            f"I think the busybodies on {street} Road complained again. " + SUGGEST_FILLER,
            [(LOADED, "busybodies"), (OPINION, "I think")],
        )
        for i, street in enumerate(STREETS)
    ]


def test_labels_mark_every_token_a_gold_span_touches() -> None:
    e = make_excerpt("l-1", "I think the busybodies won. " + SUGGEST_FILLER, [(OPINION, "I think")])
    y = labels(e)
    assert y.shape == (len(tokenize(e.text)), len(CATEGORIES))
    assert y[:, CATEGORIES.index(OPINION)].tolist()[:4] == [1, 1, 0, 0]
    assert y[:, CATEGORIES.index(LOADED)].sum() == 0


@pytest.mark.parametrize(
    ("column", "threshold", "expected"),
    [
        (0, 0.5, [(1, 2), (5, 5)]),
        (0, 0.95, []),
        (0, 0.0, [(0, 5)]),
        (1, 0.5, [(0, 0), (4, 5)]),
    ],
)
def test_runs_are_maximal(column: int, threshold: float, expected: list) -> None:  # type: ignore[type-arg]
    scores = np.array(
        [[0.1, 0.9], [0.6, 0.1], [0.9, 0.2], [0.2, 0.3], [0.4, 0.7], [0.5, 0.8]]
    )
    assert runs(scores, column, threshold) == expected


def test_tagger_learns_the_annotated_words_and_scores_new_text() -> None:
    tagger = fit_tagger(loaded_set())
    assert tagger is not None
    text = "I think the busybodies on Hazel Road won the vote. " + SUGGEST_FILLER
    scores = tagger.scores(text)
    words = [t.text for t in tokenize(text)]
    loaded = scores[:, CATEGORIES.index(LOADED)]
    assert words[int(loaded.argmax())] == "busybodies"
    assert scores.min() >= 0 and scores.max() <= 1
    assert scores[words.index("busybodies"), CATEGORIES.index(Category.UNSUPPORTED_CLAIM)] < 0.5


def test_tagger_needs_examples() -> None:
    assert fit_tagger([]) is None


def test_out_of_fold_scores_come_from_a_tagger_that_never_saw_the_story() -> None:
    excerpts = loaded_set()
    fold = fold_of(excerpts, 4, "tagger:")
    scores = out_of_fold(excerpts, folds=4)
    for e in excerpts:
        others = [x for x in excerpts if fold[x.id] != fold[e.id]]
        tagger = fit_tagger(others)
        assert tagger is not None
        np.testing.assert_allclose(scores[e.id], tagger.scores(e.text))


def test_bank_finds_the_same_phrase_and_skips_its_own_story() -> None:
    excerpts = loaded_set()[:2]
    bank = build_bank(excerpts)
    assert len(bank.vectors[LOADED]) == 2 and len(bank.vectors[OPINION]) == 2
    text = excerpts[0].text
    index = [t.text for t in tokenize(text)].index("busybodies")
    vector = span_vector(word_vectors(text), index, index)
    best, mean_top = bank.nearest(vector, LOADED)
    assert best == pytest.approx(1.0, abs=1e-6)  # its own example
    assert mean_top <= best
    skipped, _ = bank.nearest(vector, LOADED, skip=excerpts[0].id)
    assert 0.5 < skipped < best  # the other street's 'busybodies': close, not identical
    assert bank.nearest(vector, Category.UNSUPPORTED_CLAIM).tolist() == [0.0, 0.0]
