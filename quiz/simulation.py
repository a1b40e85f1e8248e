"""Simulated learners: known ability and bias, answering real excerpts word by word.

A tool for demos and tests (``python -m quiz simulate``): if the figures the
app computes cannot recover what the simulation put in, they cannot be trusted
on real learners either.

Each learner is a signal-detection observer of words with a true *ability*
(d′: how well they tell spin from plain words) and a true *bias* (how much
more readily than a careful reader they mark; positive marks too much). Their
criterion is ``c = 1 - bias``: a careful reader (bias 0) marks sparingly, as
most words are plain. Per category asked:

- each gold span is spotted with probability Φ(d′/2 - c - shift), where
  ``shift`` grows with the excerpt's authored level; a spotted span is marked
  whole, with word-level noise (its first or last word dropped, a neighbour
  added);
- each other word is marked on its own with probability Φ(-d′/2 - c), or
  Φ(-d′/2 - c + 1) when it is *tempting*: inside an attributed (quoted)
  opinion or a gold span of another category, as these tempt people too.

Pure: the caller hands in the random generator.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

from quiz.models import Category, Excerpt
from quiz.text import Token, tokenize

KINDS = ("careful", "over-flagger", "under-flagger")
CAREFUL_CRITERION = 0.8  # a careful reader's c; a learner's c is this minus their bias
TEMPTING = 1.0  # how much more readily a quoted opinion or another kind's span is marked
LEVEL_SHIFT = 0.35  # how much harder each authored level makes a span to spot
EDGE_NOISE = 0.15  # chance of dropping the first (or last) word of a spotted span
EXTEND_NOISE = 0.1  # chance of adding the word before (or after) it
_PHI = NormalDist().cdf

Selections = dict[Category, list[tuple[int, int]]]


@dataclass(frozen=True)
class SimulatedLearner:
    """A made-up learner: what they are, which the figures should find out."""

    kind: str  # one of KINDS
    ability: float  # d′, 1 .. 3.5
    bias: float  # positive: marks too much


def make_learners(count: int, rng: random.Random) -> list[SimulatedLearner]:
    """``count`` learners, a third of each kind in turn, abilities (d′) uniform on 1 to 3.5.

    Careful learners' bias is near 0; over-flaggers' is +0.8 to +1.5, under-flaggers'
    -0.8 to -1.5.
    """
    learners: list[SimulatedLearner] = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        ability = round(rng.uniform(1.0, 3.5), 3)
        size = rng.uniform(0.8, 1.5)
        bias = {"careful": rng.gauss(0.0, 0.2), "over-flagger": size, "under-flagger": -size}[kind]
        learners.append(SimulatedLearner(kind, ability, round(bias, 3)))
    return learners


def answer(
    learner: SimulatedLearner,
    excerpt: Excerpt,
    categories: Sequence[Category],
    rng: random.Random,
) -> Selections:
    """The learner's marks on one task, per category, as character ranges."""
    tokens = tokenize(excerpt.text)
    shift = LEVEL_SHIFT * (excerpt.difficulty - 2)
    criterion = CAREFUL_CRITERION - learner.bias
    spot = _PHI(learner.ability / 2 - criterion - shift)
    stray = _PHI(-learner.ability / 2 - criterion)
    tempted = _PHI(-learner.ability / 2 - criterion + TEMPTING)
    marks: Selections = {}
    for category in categories:
        gold = excerpt.gold(category)
        inside = {t.index for s in gold for t in _within(tokens, s.start, s.end)}
        tempting = {
            t.index
            for s in excerpt.spans
            if s.category is not category or not s.is_gold
            for t in _within(tokens, s.start, s.end)
        }
        chosen: set[int] = set()
        for span in gold:
            words = [t.index for t in _within(tokens, span.start, span.end)]
            if words and rng.random() < spot:
                chosen.update(_noisy(words, len(tokens), rng))
        for token in tokens:
            if token.index in inside:
                continue
            chance = tempted if token.index in tempting else stray
            if rng.random() < chance:
                chosen.add(token.index)
        marks[category] = _ranges(sorted(chosen), tokens)
    return marks


def _within(tokens: Sequence[Token], start: int, end: int) -> list[Token]:
    return [t for t in tokens if t.start >= start and t.end <= end]


def _noisy(words: list[int], total: int, rng: random.Random) -> list[int]:
    """A spotted span's words as marked: an edge word may be dropped or a neighbour added."""
    first, last = words[0], words[-1]
    if last > first and rng.random() < EDGE_NOISE:
        first += 1
    if last > first and rng.random() < EDGE_NOISE:
        last -= 1
    if first > 0 and rng.random() < EXTEND_NOISE:
        first -= 1
    if last < total - 1 and rng.random() < EXTEND_NOISE:
        last += 1
    return list(range(first, last + 1))


def _ranges(indexes: list[int], tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Runs of consecutive words as character ranges, the way the picker sends them."""
    ranges: list[tuple[int, int]] = []
    run: list[int] = []
    for index in indexes:
        if run and index != run[-1] + 1:
            ranges.append((tokens[run[0]].start, tokens[run[-1]].end))
            run = []
        run.append(index)
    if run:
        ranges.append((tokens[run[0]].start, tokens[run[-1]].end))
    return ranges
