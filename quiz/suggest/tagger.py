"""The word tagger: how much each word looks like part of a gold span, per category.

A ridge regression per category over MiniLM's contextual word vectors
(:mod:`quiz.suggest.encoder`), fitted on the annotated excerpts. It sees what
no word list holds: that *a slow-motion eviction notice* is an image meant to
alarm, or that a plain clause is stated as fact. Its scores do two jobs in the
suggester: runs of high-scoring words become candidates, and every candidate's
mean and peak score are features of the learned filter.

Ridge rather than logistic regression: one linear solve fits all three
categories at once (the words' vectors are shared), so the 25 fits of one
training (cross-validation inside cross-validation) take about three seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quiz.models import Category, Excerpt
from quiz.suggest.encoder import word_vectors
from quiz.suggest.evaluate import fold_of
from quiz.suggest.rules import Candidate
from quiz.text import tokenize, tokens_between

Array = npt.NDArray[np.float64]
CATEGORIES = tuple(Category)
# Both chosen by grouped cross-validation of the tuning part (never batch-2/).
RIDGE = 1000.0
# Where runs of likely words are cut: a loose and a tight run per place, and the
# filter picks.
RUN_THRESHOLDS = {
    Category.OPINION_MARKER: (0.25, 0.45),
    Category.UNSUPPORTED_CLAIM: (),  # clause candidates already cover claims
    Category.LOADED_TERM: (0.25, 0.45),
}
FOLDS = 4


@dataclass(frozen=True)
class Tagger:
    """A fitted ridge regression on standardised word vectors, one column per category."""

    mean: Array
    scale: Array
    coef: Array  # (dimensions, categories)
    bias: Array  # (categories,)

    def scores(self, text: str) -> Array:
        """One row per token of ``text``, one column per category (in ``Category`` order)."""
        vectors = word_vectors(text).astype(np.float64)
        out: Array = np.clip(((vectors - self.mean) / self.scale) @ self.coef + self.bias, 0, 1)
        return out


def labels(excerpt: Excerpt) -> Array:
    """1 where a token overlaps a scored gold span of the column's category, else 0."""
    tokens = tokenize(excerpt.text)
    y = np.zeros((len(tokens), len(CATEGORIES)))
    for j, category in enumerate(CATEGORIES):
        for span in excerpt.gold(category):
            for t in tokens_between(tokens, span.start, span.end):
                y[t.index, j] = 1.0
    return y


def fit_tagger(excerpts: Sequence[Excerpt], ridge: float = RIDGE) -> Tagger | None:
    """Fit on ``excerpts``; ``None`` when there is nothing to learn from."""
    if not excerpts:
        return None
    x = np.vstack([word_vectors(e.text) for e in excerpts]).astype(np.float64)
    y = np.vstack([labels(e) for e in excerpts])
    if len(x) < 2:
        return None
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    bias = y.mean(axis=0)
    coef = np.linalg.solve(z.T @ z + ridge * np.eye(z.shape[1]), z.T @ (y - bias))
    return Tagger(mean, scale, coef, bias)


def out_of_fold(excerpts: Sequence[Excerpt], folds: int = FOLDS) -> dict[str, Array]:
    """Each excerpt's scores from a tagger that never saw its group.

    The learned filter trains on these, so it learns how far to trust the
    tagger on new text rather than on text the tagger has memorised.
    """
    fold = fold_of(excerpts, folds, "tagger:")
    scores: dict[str, Array] = {}
    for k in range(folds):
        held = [e for e in excerpts if fold[e.id] == k]
        tagger = fit_tagger([e for e in excerpts if fold[e.id] != k])
        for e in held:
            n = len(tokenize(e.text))
            scores[e.id] = tagger.scores(e.text) if tagger else np.zeros((n, len(CATEGORIES)))
    return scores


def runs(scores: Array, column: int, threshold: float) -> list[tuple[int, int]]:
    """Maximal runs ``(first, last)`` of tokens scoring at least ``threshold``."""
    found: list[tuple[int, int]] = []
    start = -1
    for i, value in enumerate(scores[:, column]):
        if value >= threshold and start < 0:
            start = i
        elif value < threshold and start >= 0:
            found.append((start, i - 1))
            start = -1
    if start >= 0:
        found.append((start, len(scores) - 1))
    return found


def tagged(tags: Array | None, found: Sequence[Candidate]) -> list[Candidate]:
    """The tagger's runs of likely words as candidates, where no rule proposed the same span."""
    if tags is None:
        return []
    have = {(c.first, c.last, c.category) for c in found}
    out: list[Candidate] = []
    for column, category in enumerate(CATEGORIES):
        spans = {run for cut in RUN_THRESHOLDS[category] for run in runs(tags, column, cut)}
        for first, last in sorted(spans):
            if (first, last, category) not in have:
                why = _WHY[category]
                out.append(Candidate(first, last, category, "tagger", "tagger", why))
    return out


_WHY = {
    Category.OPINION_MARKER: "It reads like the writer's own view, as in the annotated examples.",
    Category.UNSUPPORTED_CLAIM: "It is stated as fact, like the unsupported claims in the "
    "annotated examples: what source would settle it?",
    Category.LOADED_TERM: "It sounds like the loaded words in the annotated examples: "
    "would a calmer word say the same?",
}


def tag_features(cands: Sequence[Candidate], tags: Array | None) -> Array:
    """Per candidate: mean and peak score inside it, and the higher score just outside it."""
    out = np.zeros((len(cands), 3))
    if tags is None:
        return out
    for row, c in enumerate(cands):
        column = tags[:, CATEGORIES.index(c.category)]
        inside = column[c.first : c.last + 1]
        neighbours = [column[i] for i in (c.first - 1, c.last + 1) if 0 <= i < len(column)]
        out[row] = (inside.mean(), inside.max(), max(neighbours, default=0.0))
    return out
