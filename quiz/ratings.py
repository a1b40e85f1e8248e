"""Ratings: how able each learner is, and how hard each excerpt is, per skill.

A one-parameter logistic model (Rasch, the model Elo ratings approximate)
fitted to stored attempts. The *outcome* of an answer in a skill (category)
is how well its marks tell that skill's spin words from plain words, apart
from how readily the learner marks (:func:`outcome`)::

    expected outcome of learner s on excerpt e in skill c = 1 / (1 + exp(b[e, c] - theta[s, c]))

``theta`` is the learner's *rating* and ``b`` the excerpt's *difficulty*, both
in logits: a rating 0.85 logits above the difficulty expects 70%. Unlike an
online Elo update, the fit does not depend on the order attempts came in, so
every attempt in the store counts the same and a re-run gives the same figures.

The fit is penalised joint maximum likelihood (a quasi-binomial likelihood,
since the outcome is a fraction, plus normal priors), by alternating Newton steps:

- a rating's prior is N(0, 1.5²): a new learner is average until they answer;
- a difficulty's prior is centred on the *authored* level, N((level - 2) x
  :data:`LEVEL_STEP`, 1²), so an excerpt nobody has answered yet keeps its
  author's judgement, and data moves it away only as answers come in.

Pure: no store, no clock. :mod:`quiz.usecases.ratings` reads the attempts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from quiz.discernment import WordKey
from quiz.models import Category, Excerpt
from quiz.records import Attempt

LEVEL_STEP = 0.75  # logits between two authored levels (1 easy, 2 medium, 3 hard)
RATING_SD = 1.5  # prior spread of ratings, logits
DIFFICULTY_SD = 1.0  # prior spread of a difficulty around its authored level, logits
# An excerpt's measured difficulty is shown once this many answers asked the skill:
# with 20 answers the difficulty's standard error is about 0.4 logits, about half a
# level, so a measured level a whole level away from the authored one is no accident.
MIN_ANSWERS = 20
MAX_ROUNDS = 50

ItemKey = tuple[str, Category]  # (excerpt id, skill)
LearnerKey = tuple[str, Category]  # (student id, skill)


def expected(rating: float, difficulty: float) -> float:
    """The expected outcome (0..1) of a learner with ``rating`` on an item of ``difficulty``."""
    return 1.0 / (1.0 + math.exp(difficulty - rating))


def authored_difficulty(level: int) -> float:
    """The prior difficulty of an authored level, in logits: level 2 is 0."""
    return (level - 2) * LEVEL_STEP


def as_level(difficulty: float) -> float:
    """A difficulty in logits on the authoring scale (1 easy .. 3 hard; may run past)."""
    return 2.0 + difficulty / LEVEL_STEP


@dataclass(frozen=True, slots=True)
class Item:
    """One excerpt's difficulty in one skill."""

    excerpt_id: str
    category: Category
    difficulty: float  # logits, fitted (the authored prior when no one answered)
    answers: int  # outcomes: attempts that asked this skill on this excerpt
    error: float  # standard error of the difficulty, logits

    @property
    def measured(self) -> bool:
        """Enough answers to show the measured figure beside the authored one."""
        return self.answers >= MIN_ANSWERS


@dataclass(frozen=True)
class Calibration:
    """The fitted ratings and difficulties of one set of attempts."""

    ratings: dict[LearnerKey, float]
    items: dict[ItemKey, Item]
    priors: dict[ItemKey, float]  # the authored difficulty of every known excerpt and skill

    def difficulty(self, excerpt_id: str, category: Category) -> float:
        """The fitted difficulty, or the authored one for an item nobody answered."""
        item = self.items.get((excerpt_id, category))
        if item is not None:
            return item.difficulty
        return self.priors.get((excerpt_id, category), 0.0)

    def rating(self, student_id: str, category: Category) -> float | None:
        """A learner's rating in a skill; None before any answer asking it."""
        return self.ratings.get((student_id, category))


Observation = tuple[str, ItemKey, float]  # (student id, item, outcome 0..1)
_PHI = NormalDist().cdf


def outcome(attempt: Attempt, key: WordKey) -> dict[Category, float]:
    """The answer's outcome per asked skill that has spin to find, 0 (chance) to 1 (perfect).

    From the answer's word counts (:mod:`quiz.discernment`): d′ with the
    log-linear correction, as ``2 * Phi(d′ / sqrt 2) - 1``, clipped at 0.
    ``Phi(d′ / sqrt 2)`` is the area under the ROC curve: the chance that the
    learner's marks rank a spin word above a plain one. Unlike the F1 score or
    hits minus false alarms, it does not move with how readily the learner
    marks, so the rating measures discernment, not boldness or caution.

    An answer that marks nothing at all in a skill gives no outcome there:
    like a control, it shows how readily the learner marks (the criterion c
    says that), not whether they tell spin apart, and the log-linear
    correction would otherwise give it a d′ above 0 (about 60% on a typical
    excerpt). So marking nothing never raises a rating. An answer that marks
    something but finds no spin word scores 0, as does marking every word or
    words at random (a d′ of about 0 or below). A skill with nothing to find
    (a control) gives no outcome either.
    """
    result: dict[Category, float] = {}
    for category, counts in key.counts(attempt.selections, attempt.categories).items():
        d_prime = counts.d_prime
        if d_prime is None or not (counts.hits or counts.false_alarms):
            continue
        value = 2.0 * _PHI(d_prime / math.sqrt(2.0)) - 1.0 if counts.hits else 0.0
        result[category] = max(0.0, value)
    return result


def observations(
    attempts: Iterable[Attempt], keys: Mapping[tuple[str, int], WordKey]
) -> list[Observation]:
    """Every (student, excerpt and skill, outcome) of the attempts, repeats included.

    ``keys`` holds the word key of each (excerpt id, version) the attempts were scored on.
    """
    return [
        (a.student_id, (a.excerpt_id, c), value)
        for a in attempts
        for c, value in outcome(a, keys[a.excerpt_id, a.excerpt_version]).items()
    ]


def calibrate(data: Iterable[Observation], excerpts: Sequence[Excerpt]) -> Calibration:
    """Fit every learner's rating and every excerpt's difficulty, per skill, to the outcomes.

    Outcomes at excerpts not in ``excerpts`` still count; their difficulty prior is level 2.
    """
    priors = {
        (e.id, c): authored_difficulty(e.difficulty) for e in excerpts for c in Category
    }
    by_learner: dict[LearnerKey, list[tuple[ItemKey, float]]] = defaultdict(list)
    by_item: dict[ItemKey, list[tuple[LearnerKey, float]]] = defaultdict(list)
    for student_id, item, score in data:
        learner = (student_id, item[1])
        by_learner[learner].append((item, score))
        by_item[item].append((learner, score))
    ratings = {learner: 0.0 for learner in by_learner}
    difficulty = {item: priors.get(item, 0.0) for item in by_item}
    for _ in range(MAX_ROUNDS):
        moved = 0.0
        for learner, seen in by_learner.items():
            step = _newton(ratings[learner], 0.0, RATING_SD,
                           [(difficulty[i], s) for i, s in seen], sign=1.0)
            ratings[learner] += step
            moved = max(moved, abs(step))
        for item, seen in by_item.items():
            step = _newton(difficulty[item], priors.get(item, 0.0), DIFFICULTY_SD,
                           [(ratings[lr], s) for lr, s in seen], sign=-1.0)
            difficulty[item] += step
            moved = max(moved, abs(step))
        if moved < 1e-5:
            break
    items = {
        item: Item(item[0], item[1], difficulty[item], len(seen),
                   _error(difficulty[item], DIFFICULTY_SD,
                          [ratings[lr] for lr, _ in seen], sign=-1.0))
        for item, seen in by_item.items()
    }
    return Calibration(ratings, items, priors)


def rate(history: Iterable[Observation], calibration: Calibration) -> dict[Category, float]:
    """One learner's rating per skill from their own outcomes, the difficulties held fixed.

    A learner's fresh answers count at once, without refitting the whole store;
    a skill never answered is left out.
    """
    seen: dict[Category, list[tuple[float, float]]] = defaultdict(list)
    for _, (excerpt_id, category), score in history:
        seen[category].append((calibration.difficulty(excerpt_id, category), score))
    ratings: dict[Category, float] = {}
    for category, pairs in seen.items():
        rating = 0.0
        for _ in range(MAX_ROUNDS):
            step = _newton(rating, 0.0, RATING_SD, pairs, sign=1.0)
            rating += step
            if abs(step) < 1e-6:
                break
        ratings[category] = rating
    return ratings


def expected_score(
    excerpt: Excerpt,
    categories: Sequence[Category],
    ratings: Mapping[Category, float],
    calibration: Calibration,
) -> float:
    """The expected outcome (0..1) of a task: the mean over its skills.

    A skill the learner has no rating in counts at rating 0 (the prior).
    """
    values = [
        expected(ratings.get(c, 0.0), calibration.difficulty(excerpt.id, c)) for c in categories
    ]
    return math.fsum(values) / len(values)


def _newton(
    value: float, prior: float, prior_sd: float, pairs: Sequence[tuple[float, float]],
    *, sign: float,
) -> float:
    """One Newton step for a rating (``sign`` 1) or a difficulty (``sign`` -1).

    ``pairs`` are (the other side's value, observed outcome). The step is capped at
    one logit: a learner with only perfect answers has no finite maximum, and
    the prior is what stops them running off.
    """
    gradient = -(value - prior) / prior_sd**2
    curvature = 1.0 / prior_sd**2
    for other, score in pairs:
        p = expected(value, other) if sign > 0 else expected(other, value)
        gradient += sign * (score - p)
        curvature += p * (1.0 - p)
    return max(-1.0, min(1.0, gradient / curvature))


def _error(value: float, prior_sd: float, others: Sequence[float], *, sign: float) -> float:
    """The standard error of a fitted value: one over the root of its information."""
    information = 1.0 / prior_sd**2
    for other in others:
        p = expected(value, other) if sign > 0 else expected(other, value)
        information += p * (1.0 - p)
    return 1.0 / math.sqrt(information)


@dataclass(frozen=True, slots=True)
class DifficultyRow:
    """An excerpt's authored level beside its measured one in a skill, for teachers."""

    excerpt_id: str
    title: str
    category: Category
    authored: int
    answers: int
    measured: float | None  # on the 1..3 scale; None until MIN_ANSWERS answers
    disagrees: bool  # measured a whole level or more from authored, beyond two errors


def difficulty_rows(calibration: Calibration, excerpts: Sequence[Excerpt]) -> list[DifficultyRow]:
    """Every excerpt and skill that has answers, with its measured level once it has enough.

    They *disagree* when the measured level is at least one level from the
    authored one and that gap is more than twice the standard error.
    """
    rows: list[DifficultyRow] = []
    for excerpt in sorted(excerpts, key=lambda e: e.id):
        for category in Category:
            item = calibration.items.get((excerpt.id, category))
            if item is None:
                continue
            measured = as_level(item.difficulty) if item.measured else None
            gap = abs(measured - excerpt.difficulty) if measured is not None else 0.0
            disagrees = gap >= 1.0 and gap > 2 * item.error / LEVEL_STEP
            rows.append(DifficultyRow(excerpt.id, excerpt.title, category, excerpt.difficulty,
                                      item.answers, measured, disagrees))
    return rows


def excerpt_levels(calibration: Calibration, excerpts: Sequence[Excerpt]) -> dict[str, float]:
    """Each excerpt's difficulty on the 1..3 scale: measured where there is enough data.

    The mean measured level of its skills that have :data:`MIN_ANSWERS`
    answers; the authored level when none has.
    """
    levels: dict[str, float] = {}
    for excerpt in excerpts:
        items = [calibration.items.get((excerpt.id, c)) for c in Category]
        measured = [as_level(i.difficulty) for i in items if i is not None and i.measured]
        levels[excerpt.id] = math.fsum(measured) / len(measured) if measured else excerpt.difficulty
    return levels
