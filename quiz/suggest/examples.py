"""The annotated spans as vectors: how close a candidate is to a marked example.

Each gold span of the training excerpts becomes the mean of its words'
MiniLM vectors (:func:`quiz.suggest.encoder.word_vectors`), scaled to length
one. A candidate's cosine similarity to its nearest examples of the same
category is a feature of the learned filter: *blasted* lands near *slammed*
even though neither is in a word list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quiz.models import Category, Excerpt
from quiz.suggest.encoder import DIM, word_vectors
from quiz.suggest.evaluate import groups
from quiz.suggest.rules import Candidate
from quiz.text import tokenize, tokens_between

Array = npt.NDArray[np.float64]
TOP = 3


@dataclass(frozen=True)
class Bank:
    """Unit vectors of annotated spans per category, and the group each came from."""

    vectors: dict[Category, Array]
    groups: dict[Category, tuple[str, ...]]

    def nearest(self, vector: Array, category: Category, skip: str | None = None) -> Array:
        """Highest and mean of the :data:`TOP` highest similarities to ``category``'s examples.

        Args:
            vector: a unit vector (:func:`span_vector`).
            category: whose examples to compare with.
            skip: a group whose examples are left out (training: an excerpt's own story).
        """
        bank = self.vectors.get(category)
        if bank is None or not len(bank):
            return np.zeros(2)
        sims = bank @ vector
        if skip is not None:
            sims = sims[np.array([g != skip for g in self.groups[category]])]
        if not len(sims):
            return np.zeros(2)
        top = np.sort(sims)[-TOP:]
        return np.array([top[-1], top.mean()])


def span_vector(vectors: npt.NDArray[np.float32], first: int, last: int) -> Array:
    """The unit-length mean of token rows ``first..last``."""
    mean = vectors[first : last + 1].astype(np.float64).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    out: Array = mean / norm if norm else mean
    return out


def build_bank(excerpts: Sequence[Excerpt]) -> Bank:
    """Vectors of every scored gold span in ``excerpts``."""
    group = groups(excerpts)
    rows: dict[Category, list[Array]] = {c: [] for c in Category}
    owners: dict[Category, list[str]] = {c: [] for c in Category}
    for e in excerpts:
        vectors = word_vectors(e.text)
        tokens = tokenize(e.text)
        for category in Category:
            for span in e.gold(category):
                inside = tokens_between(tokens, span.start, span.end)
                if inside:
                    rows[category].append(span_vector(vectors, inside[0].index, inside[-1].index))
                    owners[category].append(group[e.id])
    return Bank(
        {c: np.array(rows[c]).reshape(len(rows[c]), DIM) for c in Category},
        {c: tuple(owners[c]) for c in Category},
    )


def near_features(
    cands: Sequence[Candidate], text: str, bank: Bank | None, skip: str | None
) -> Array:
    """Per candidate: :meth:`Bank.nearest` for its category (zeros without a bank)."""
    out = np.zeros((len(cands), 2))
    if bank is None:
        return out
    vectors = word_vectors(text)
    for row, c in enumerate(cands):
        out[row] = bank.nearest(span_vector(vectors, c.first, c.last), c.category, skip)
    return out
