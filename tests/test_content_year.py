"""A content set a school can use for a year (issue 17): size, balance, reading level, and a
blind second reading of every excerpt.

Definitions used here:

* an **opinion piece** is an excerpt of genre ``opinion``; left and right ones are
  counted with the seed publisher's (Independent Journal Review) among them;
* a **control** is a news excerpt with at most one scored span (as ``stats`` counts);
* a **non-political everyday text** has leaning ``none`` and is not a control: ads,
  reviews, social posts, columns, and sport, health, science, school or local news
  that has some spin to find.

The set checked is ``config.content_dir()``: the bundled ``content/``, or another folder
named by ``SPIN_SPOTTER_CONTENT`` (how these tests were tried on a scratch tree).
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from quiz import config
from quiz.agreement import pooled
from quiz.cli import content_stats
from quiz.content import load_content
from quiz.models import Category, Excerpt, Genre, Leaning
from quiz.readability import MAX_GRADE_AT_DIFFICULTY_1

EXCERPTS = load_content([config.content_dir()])
STATS = content_stats(EXCERPTS)


def is_control(excerpt: Excerpt) -> bool:
    return excerpt.genre is Genre.NEWS and sum(1 for s in excerpt.spans if s.is_gold) <= 1


def test_at_least_120_excerpts() -> None:
    assert len(EXCERPTS) >= 120


def test_left_and_right_opinion_are_equal() -> None:
    sides = Counter(e.leaning for e in EXCERPTS if e.genre is Genre.OPINION)
    seed = [e for e in EXCERPTS if e.source.startswith("Independent Journal Review")]
    assert seed, "the seed publisher's excerpts are counted"
    assert sides[Leaning.LEFT] == sides[Leaning.RIGHT]


def test_at_least_12_events_told_from_both_sides() -> None:
    by_id = {e.id: e for e in EXCERPTS}
    pairs = {tuple(sorted((e.id, e.pair))) for e in EXCERPTS if e.pair}
    assert len(pairs) >= 12
    for a, b in pairs:
        assert {by_id[a].leaning, by_id[b].leaning} == {Leaning.LEFT, Leaning.RIGHT}


def test_at_least_30_non_political_everyday_texts() -> None:
    everyday = [e for e in EXCERPTS if e.leaning is Leaning.NONE and not is_control(e)]
    assert len(everyday) >= 30
    genres = Counter(e.genre for e in everyday)
    for genre in (Genre.ADVERTISEMENT, Genre.REVIEW, Genre.SOCIAL_POST):
        assert genres[genre] >= 3, genre


def test_at_least_one_excerpt_in_five_is_a_control() -> None:
    controls = sum(1 for e in EXCERPTS if is_control(e))
    assert controls == STATS["controls"]
    assert controls >= math.ceil(0.2 * len(EXCERPTS))


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_at_least_30_at_each_difficulty(difficulty: int) -> None:
    assert sum(1 for e in EXCERPTS if e.difficulty == difficulty) >= 30


def test_every_excerpt_has_a_reading_grade() -> None:
    grades = [e.reading_grade for e in EXCERPTS]
    assert all(isinstance(g, float) and math.isfinite(g) for g in grades)
    spread = STATS["reading_grade"]
    assert isinstance(spread, dict)
    assert spread["min"] == min(grades) and spread["max"] == max(grades)
    assert spread["min"] <= spread["median"] <= spread["max"]


def test_easy_excerpts_read_at_grade_7_or_below() -> None:
    hard = {e.id: e.reading_grade for e in EXCERPTS
            if e.difficulty == 1 and e.reading_grade > MAX_GRADE_AT_DIFFICULTY_1}
    assert not hard, f"re-level these to difficulty 2, or simplify them: {hard}"


def test_every_excerpt_has_a_blind_second_reading() -> None:
    missing = [e.id for e in EXCERPTS if e.second is None]
    assert not missing, f"no second reading in content/second/ for {missing}"


def test_agreement_is_reported_per_category() -> None:
    agreement = STATS["agreement"]
    assert isinstance(agreement, dict)
    assert set(agreement) == {c.value for c in Category}
    figures = pooled(EXCERPTS)
    assert figures is not None
    for category, figure in figures.items():
        assert agreement[category.value] == figure.as_dict()
        assert 0.0 <= figure.span_f1 <= 1.0 and -1.0 <= figure.kappa <= 1.0
