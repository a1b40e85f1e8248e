"""Honest evaluation: a stable split of the content set and corpus-level scores.

The split is by excerpt *group*: an excerpt, its ``pair`` (the same event told
from the other side) and every excerpt quoting the same article (same ``url``, or the same
publisher for a real excerpt without one)
share a group, and a group sits wholly on one side, so nothing of a held-out
story is seen in tuning. Scores use :func:`quiz.scoring.score_category` on all
excerpts at once, as SemEval-2020 Task 11's scorer does over a corpus: the
excerpts are laid end to end with a gap, so spans never touch across texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.models import Category, Excerpt
from quiz.scoring import score_category

TUNE_PERCENT = 60
CharSpan = tuple[int, int]


@dataclass(frozen=True)
class Prf:
    """Precision, recall and F1 of one category over a corpus, and the span counts."""

    precision: float
    recall: float
    f1: float
    suggested: int
    gold: int


def groups(excerpts: Sequence[Excerpt]) -> dict[str, str]:
    """Excerpt id -> group key: linked by ``pair``, a shared ``url`` or real publisher."""
    parent = {e.id: e.id for e in excerpts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_origin: dict[str, str] = {}
    for e in excerpts:
        if e.pair in parent:
            union(e.id, e.pair)
        # Real excerpts cut from one article share its url, or at least its publisher.
        origin = str(e.url) if e.url is not None else None if e.is_practice else e.source
        if origin is not None:
            union(e.id, by_origin.setdefault(origin, e.id))
    return {e.id: find(e.id) for e in excerpts}


def is_tuning(group: str, percent: int = TUNE_PERCENT) -> bool:
    """A stable coin: the same group lands on the same side on every machine."""
    digest = hashlib.sha256(group.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def split(excerpts: Sequence[Excerpt]) -> tuple[list[Excerpt], list[Excerpt]]:
    """The tuning part and the held-out part, by group."""
    group = groups(excerpts)
    tune = [e for e in excerpts if is_tuning(group[e.id])]
    held = [e for e in excerpts if not is_tuning(group[e.id])]
    return tune, held


def corpus_scores(
    items: Iterable[tuple[Excerpt, dict[Category, list[CharSpan]]]],
) -> dict[Category, Prf]:
    """Score suggestions against gold over many excerpts, per category.

    Args:
        items: each excerpt with the spans suggested for it, by category.
    """
    gold: dict[Category, list[CharSpan]] = {c: [] for c in Category}
    chosen: dict[Category, list[CharSpan]] = {c: [] for c in Category}
    offset = 0
    for excerpt, selected in items:
        for category in Category:
            gold[category] += [(s.start + offset, s.end + offset) for s in excerpt.gold(category)]
            chosen[category] += [(s + offset, e + offset) for s, e in selected.get(category, [])]
        offset += len(excerpt.text) + 2  # a gap: merged marks never join two texts
    scores: dict[Category, Prf] = {}
    for category in Category:
        result = score_category(gold[category], chosen[category])
        scores[category] = Prf(
            result.precision,
            result.recall,
            result.f1,
            len(chosen[category]),
            len(gold[category]),
        )
    return scores
