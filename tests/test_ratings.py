"""Ratings and difficulties (quiz.ratings) and adaptive practice's aim at 70%."""

from __future__ import annotations

import math
import random
from pathlib import Path
from statistics import NormalDist

import pytest

from quiz.config import DEFAULT_CONTENT
from quiz.discernment import WordKey
from quiz.learning import NEAR_TARGET, TARGET, Task, choose_next, task_for
from quiz.models import Category, Excerpt
from quiz.ratings import (
    LEVEL_STEP,
    MIN_ANSWERS,
    Calibration,
    Item,
    as_level,
    authored_difficulty,
    calibrate,
    difficulty_rows,
    excerpt_levels,
    expected,
    expected_score,
    outcome,
    rate,
)
from quiz.records import Attempt
from quiz.storage import import_content
from quiz.store import open_store
from quiz.usecases import learners
from quiz.usecases import ratings as usecase_ratings
from tests.conftest import SUGGEST_FILLER, make_excerpt

OM, UC, LT = Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM
TEXT = "The mayor slammed the plan on Monday. " + SUGGEST_FILLER.strip()  # 53 words


def short(excerpt_id: str = "e1", difficulty: int = 2) -> Excerpt:
    built = make_excerpt(excerpt_id, TEXT, [(LT, "slammed")])
    return built.model_copy(update={"difficulty": difficulty})


def marked(excerpt: Excerpt, words: list[str], student: str = "a" * 32) -> Attempt:
    spans = [(excerpt.text.index(w), excerpt.text.index(w) + len(w)) for w in words]
    return Attempt(student_id=student, excerpt_id=excerpt.id, excerpt_version=1,
                   categories=[LT], selections={LT: spans}, score=0)


def test_expected_and_the_level_scale() -> None:
    assert expected(0.0, 0.0) == 0.5
    assert expected(math.log(7 / 3), 0.0) == pytest.approx(TARGET)
    assert authored_difficulty(2) == 0.0 and authored_difficulty(3) == LEVEL_STEP
    assert as_level(authored_difficulty(1)) == pytest.approx(1.0)


def test_the_outcome_is_d_prime_as_twice_the_area_under_the_roc_minus_one() -> None:
    excerpt = short()  # 53 words, 1 of them ("slammed") the loaded term
    found = outcome(marked(excerpt, ["slammed", "Monday"]), WordKey.of(excerpt))
    z = NormalDist().inv_cdf
    hit, false_alarm = (1 + 0.5) / (1 + 1), (1 + 0.5) / (52 + 1)  # log-linear correction
    d_prime = z(hit) - z(false_alarm)  # 0.674 + 1.906 = 2.581
    assert found == {LT: pytest.approx(2 * NormalDist().cdf(d_prime / math.sqrt(2)) - 1)}
    assert found[LT] == pytest.approx(0.932, abs=0.001)
    everything = outcome(marked(excerpt, [TEXT[:-1]]), WordKey.of(excerpt))
    assert everything == {LT: 0.0}  # marking every word: no better than chance
    # Marking nothing says nothing about discernment (its log-linear d′ would be above 0);
    # marking only plain words finds nothing and scores 0.
    assert outcome(marked(excerpt, []), WordKey.of(excerpt)) == {}
    assert outcome(marked(excerpt, ["Monday"]), WordKey.of(excerpt)) == {LT: 0.0}
    control = make_excerpt("c1", TEXT, [])
    assert outcome(marked(control, ["slammed"]), WordKey.of(control)) == {}


def test_calibration_orders_learners_and_items_and_keeps_priors() -> None:
    data = [
        ("strong", ("easy", LT), 0.9), ("strong", ("hard", LT), 0.7),
        ("weak", ("easy", LT), 0.5), ("weak", ("hard", LT), 0.2),
    ]
    excerpts = [short("easy", 1), short("hard", 3), short("unseen", 3)]
    fitted = calibrate(data, excerpts)
    assert fitted.rating("strong", LT) > fitted.rating("weak", LT)  # type: ignore[operator]
    assert fitted.difficulty("hard", LT) > fitted.difficulty("easy", LT)
    assert fitted.difficulty("unseen", LT) == authored_difficulty(3)
    assert fitted.rating("nobody", LT) is None
    assert fitted.items["easy", LT].answers == 2 and not fitted.items["easy", LT].measured
    # Rating one learner alone against the fitted difficulties gives the joint fit's rating.
    own = rate([d for d in data if d[0] == "strong"], fitted)
    assert own[LT] == pytest.approx(fitted.ratings["strong", LT], abs=1e-4)


def test_measured_difficulty_shows_after_enough_answers_and_flags_disagreement() -> None:
    excerpts = [short("said-easy", 1), short("said-hard", 3)]
    items = {
        ("said-easy", LT): Item("said-easy", LT, 1.5, MIN_ANSWERS, 0.3),  # measured level 4
        ("said-hard", LT): Item("said-hard", LT, 0.7, MIN_ANSWERS - 1, 0.3),
    }
    fitted = Calibration({}, items, {})
    rows = {r.excerpt_id: r for r in difficulty_rows(fitted, excerpts)}
    assert rows["said-easy"].measured == pytest.approx(2 + 1.5 / LEVEL_STEP)
    assert rows["said-easy"].disagrees
    assert rows["said-hard"].measured is None and not rows["said-hard"].disagrees
    levels = excerpt_levels(fitted, excerpts)
    assert levels == {"said-easy": pytest.approx(4.0), "said-hard": 3}
    # A gap within two standard errors is no disagreement.
    wide = Calibration({}, {("said-easy", LT): Item("said-easy", LT, 1.5, 40, 2.0)}, {})
    assert not difficulty_rows(wide, excerpts)[0].disagrees


def test_practice_picks_the_unseen_excerpt_nearest_seventy_percent() -> None:
    pool = [short(f"lt-{n}", 2) for n in range(5)]
    difficulty = {"lt-0": -2.0, "lt-1": -1.0, "lt-2": 0.0, "lt-3": 1.0, "lt-4": 2.0}
    fitted = Calibration({}, {(k, LT): Item(k, LT, v, 30, 0.2) for k, v in difficulty.items()}, {})

    def expect(excerpt: Excerpt, task: Task) -> float:
        return expected_score(excerpt, task.categories, {LT: 0.0}, fitted)

    # Rating 0: lt-1 expects 73%, the nearest to 70% (lt-0 88%, lt-2 50%).
    picks = {choose_next(pool, [], category=LT, difficulty=2, rng=random.Random(seed),
                         expect=expect)[0].id for seed in range(20)}  # type: ignore[index]
    assert picks == {"lt-1"}
    seen = [marked(pool[1], ["slammed"]).model_copy(update={"excerpt_id": "lt-1"})]
    again = choose_next(pool, seen, category=LT, difficulty=2, rng=random.Random(0), expect=expect)
    assert again is not None and again[0].id in {"lt-0", "lt-2"}  # never a repeat


def test_practice_through_the_store_aims_at_seventy_percent(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    learner = store.add_learner("kim")
    rng = random.Random(4)
    history: list[Attempt] = []
    for _ in range(12):  # a learner who finds every loaded term, and marks nothing else
        task = learners.next_practice(store, history, category=LT, difficulty=None, rng=rng)
        assert task is not None
        excerpt = store.excerpt(task.excerpt_id).excerpt
        expect = usecase_ratings.expectation(store, history)

        def full(e: Excerpt) -> bool:  # something to find: controls are picked apart
            return any(e.gold(c) for c in task_for(e, [LT]).categories)

        seen = {a.excerpt_id for a in history}
        group = [s.excerpt for s in store.excerpts()
                 if s.id not in seen and full(s.excerpt) == full(excerpt)]
        if history:  # (a new learner starts at level 1)
            gaps = [abs(expect(e, task_for(e, [LT])) - TARGET) for e in group]
            assert abs(expect(excerpt, task) - TARGET) <= min(gaps) + NEAR_TARGET
        assert excerpt.id not in {a.excerpt_id for a in history}  # never a repeat yet
        marks = {c: [(s.start, s.end) for s in excerpt.gold(c)] for c in task.categories}
        history.append(learners.answer_practice(store, learner, excerpt.id, task.categories,
                                                marks).attempt)
    rated = rate(usecase_ratings.outcomes_of(store, history), usecase_ratings.calibration(store))
    assert rated[LT] > 1.0
