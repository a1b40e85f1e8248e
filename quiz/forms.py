"""Matched test forms: two or three disjoint sets of excerpts that make parallel tests.

A pre-test and a post-test on the same excerpts measure memory of the answer
key; on different excerpts, they measure the difference between the excerpts
unless the forms are matched. :func:`build_forms` picks ``count`` disjoint
forms of ``size`` excerpts from a pool so that their means agree, feature by
feature (:class:`Profile`):

- difficulty: measured where there is data (:mod:`quiz.ratings`), authored
  where there is not, on the authoring scale 1..3 (weighted double: it is
  what a gain is most easily confused with);
- category mix: the scored spans of each of the three categories, and
  whether the excerpt is a control (nothing to find);
- leaning balance: the share of left-leaning, right-leaning and the rest;
- length in words.

Each feature's spread between forms (largest form mean minus smallest) is
divided by the feature's standard deviation in the pool, so a word and a
span weigh alike; the forms minimise the weighted sum. The search is a
seeded local search: random starts, then swaps between forms and with the
unused pool while any swap lowers the sum. Pure and deterministic for a seed.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quiz.models import Category, Excerpt, Leaning
from quiz.text import word_count

STARTS = 8  # random starts of the local search
FEATURES = ("difficulty", *(c.value for c in Category), "control", "left", "right", "words")
WEIGHTS = {"difficulty": 2.0}


@dataclass(frozen=True, slots=True)
class Profile:
    """What a form is matched on, for one excerpt (or a form's means)."""

    values: Mapping[str, float]


def profile(excerpt: Excerpt, difficulty: float) -> Profile:
    """The features of one excerpt; ``difficulty`` on the 1..3 scale."""
    values: dict[str, float] = {"difficulty": difficulty}
    for category in Category:
        values[category.value] = float(len(excerpt.gold(category)))
    values["control"] = 0.0 if excerpt.categories else 1.0
    values["left"] = 1.0 if excerpt.leaning is Leaning.LEFT else 0.0
    values["right"] = 1.0 if excerpt.leaning is Leaning.RIGHT else 0.0
    values["words"] = float(word_count(excerpt.text))
    return Profile(values)


@dataclass(frozen=True)
class Forms:
    """The chosen forms (excerpt ids, in id order) and how well they match."""

    forms: tuple[tuple[str, ...], ...]
    means: tuple[dict[str, float], ...]  # each form's mean per feature
    imbalance: float  # the weighted sum of spreads, in pool standard deviations


class NotEnough(ValueError):
    """The pool is too small for the forms asked."""


def build_forms(
    excerpts: Sequence[Excerpt],
    difficulty: Mapping[str, float],
    *,
    count: int,
    size: int,
    seed: int = 0,
) -> Forms:
    """``count`` disjoint forms of ``size`` excerpts, matched as the module says.

    Args:
        excerpts: the pool.
        difficulty: each excerpt's difficulty on the 1..3 scale (the authored
            level when missing).
        count: 2 or 3 forms.
        size: excerpts per form.
        seed: the search's seed: the same pool and seed give the same forms.
    """
    if count < 2 or size < 1:
        raise ValueError("forms need a count of 2 or more and a size of 1 or more")
    if count * size > len(excerpts):
        raise NotEnough(
            f"{count} forms of {size} excerpts need {count * size} excerpts; "
            f"only {len(excerpts)} are free"
        )
    pool = sorted(excerpts, key=lambda e: e.id)
    rows = {
        e.id: profile(e, difficulty.get(e.id, float(e.difficulty))).values for e in pool
    }
    scale = {
        f: statistics.pstdev([r[f] for r in rows.values()]) or 1.0 for f in FEATURES
    }
    rng = random.Random(seed)
    best: list[list[str]] | None = None
    best_cost = math.inf
    for _ in range(STARTS):
        ids = [e.id for e in pool]
        rng.shuffle(ids)
        forms = [ids[i * size:(i + 1) * size] for i in range(count)]
        spare = ids[count * size:]
        cost = _improve(forms, spare, rows, scale)
        if cost < best_cost - 1e-12:
            best, best_cost = [list(f) for f in forms], cost
    assert best is not None
    return Forms(
        forms=tuple(tuple(sorted(f)) for f in best),
        means=tuple(_means(f, rows) for f in best),
        imbalance=best_cost,
    )


def _improve(
    forms: list[list[str]],
    spare: list[str],
    rows: Mapping[str, Mapping[str, float]],
    scale: Mapping[str, float],
) -> float:
    """Swap excerpts (between forms, or with the spare pool) while a swap lowers the cost."""
    cost = _cost(forms, rows, scale)
    improved = True
    while improved:
        improved = False
        for a, form in enumerate(forms):
            for i in range(len(form)):
                others = [(b, j) for b in range(a + 1, len(forms)) for j in range(len(forms[b]))]
                for b, j in others:
                    form[i], forms[b][j] = forms[b][j], form[i]
                    trial = _cost(forms, rows, scale)
                    if trial < cost - 1e-12:
                        cost, improved = trial, True
                    else:
                        form[i], forms[b][j] = forms[b][j], form[i]
                for k in range(len(spare)):
                    form[i], spare[k] = spare[k], form[i]
                    trial = _cost(forms, rows, scale)
                    if trial < cost - 1e-12:
                        cost, improved = trial, True
                    else:
                        form[i], spare[k] = spare[k], form[i]
    return cost


def _means(form: Sequence[str], rows: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    return {f: math.fsum(rows[e][f] for e in form) / len(form) for f in FEATURES}


def _cost(
    forms: Sequence[Sequence[str]],
    rows: Mapping[str, Mapping[str, float]],
    scale: Mapping[str, float],
) -> float:
    means = [_means(f, rows) for f in forms]
    return math.fsum(
        WEIGHTS.get(f, 1.0) * (max(m[f] for m in means) - min(m[f] for m in means)) / scale[f]
        for f in FEATURES
    )
