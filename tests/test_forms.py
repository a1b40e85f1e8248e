"""Matched test forms (quiz.forms) on the bundled content."""

from __future__ import annotations

import random

import pytest

from quiz.config import DEFAULT_CONTENT
from quiz.content import load_content
from quiz.forms import FEATURES, NotEnough, _cost, build_forms, profile

EXCERPTS = load_content([DEFAULT_CONTENT])


def test_forms_are_disjoint_full_and_the_same_for_a_seed() -> None:
    built = build_forms(EXCERPTS, {}, count=3, size=6, seed=1)
    ids = [e for form in built.forms for e in form]
    assert [len(f) for f in built.forms] == [6, 6, 6] and len(set(ids)) == 18
    assert build_forms(EXCERPTS, {}, count=3, size=6, seed=1) == built


def test_forms_match_far_better_than_random_splits() -> None:
    built = build_forms(EXCERPTS, {}, count=3, size=6, seed=1)
    rows = {e.id: profile(e, float(e.difficulty)).values for e in EXCERPTS}
    scale = {f: (sum((r[f] - sum(x[f] for x in rows.values()) / len(rows)) ** 2
                     for r in rows.values()) / len(rows)) ** 0.5 or 1.0 for f in FEATURES}
    rng = random.Random(0)
    costs = []
    for _ in range(50):
        ids = [e.id for e in EXCERPTS]
        rng.shuffle(ids)
        costs.append(_cost([ids[:6], ids[6:12], ids[12:18]], rows, scale))
    assert built.imbalance == pytest.approx(_cost([list(f) for f in built.forms], rows, scale))
    assert built.imbalance < min(costs) / 2
    means = built.means
    assert max(m["difficulty"] for m in means) - min(m["difficulty"] for m in means) < 0.2
    assert max(m["words"] for m in means) - min(m["words"] for m in means) < 10


def test_measured_difficulty_is_what_forms_match_on() -> None:
    pool = EXCERPTS[:8]
    hard = {pool[0].id: 9.0, pool[1].id: 9.0}  # two excerpts turned out very hard
    built = build_forms(pool, hard, count=2, size=4, seed=0)
    assert not any({pool[0].id, pool[1].id} <= set(f) for f in built.forms)  # one each


def test_too_small_a_pool_is_refused() -> None:
    with pytest.raises(NotEnough, match="need 9"):
        build_forms(EXCERPTS[:8], {}, count=3, size=3)
    with pytest.raises(ValueError):
        build_forms(EXCERPTS, {}, count=1, size=3)
