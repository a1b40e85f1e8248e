"""Honest evaluation: held-out content and corpus-level scores.

The excerpts in ``content/batch-2/`` were written by writers who never saw the
suggester, and its design was chosen without them: they are the fresh text it
is scored on, and everything else is the tuning part. Splits are by excerpt *group*: an
excerpt, its ``pair`` (the same event told from the other side) and every
excerpt quoting the same article (same ``url``, or the same publisher for a
real excerpt without one) share a group, and a group sits wholly on one side,
so nothing of a held-out story is seen in tuning. Scores use
:func:`quiz.scoring.score_category` on all excerpts at once, as SemEval-2020
Task 11's scorer does over a corpus: the excerpts are laid end to end with a
gap, so spans never touch across texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.models import Category, Excerpt
from quiz.scoring import score_category

FRESH = "batch-2"  # the content folder held out from the suggester's design and tuning
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


def fold_of(excerpts: Sequence[Excerpt], folds: int, salt: str) -> dict[str, int]:
    """Excerpt id -> fold in ``range(folds)``, by group, the same on every machine.

    ``salt`` tells apart splits that must not line up (outer and inner folds).
    """
    group = groups(excerpts)
    return {
        e.id: int.from_bytes(hashlib.sha256((salt + group[e.id]).encode()).digest()[:4], "big")
        % folds
        for e in excerpts
    }


def held_out(
    excerpts: Sequence[Excerpt], fresh_ids: Iterable[str]
) -> tuple[list[Excerpt], list[Excerpt]]:
    """The tuning part and the fresh part named by ``fresh_ids``.

    A group with any fresh excerpt goes wholly to the fresh part, so no story
    is on both sides.
    """
    group = groups(excerpts)
    fresh_groups = {group[i] for i in fresh_ids if i in group}
    tune = [e for e in excerpts if group[e.id] not in fresh_groups]
    fresh = [e for e in excerpts if group[e.id] in fresh_groups]
    return tune, fresh


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
