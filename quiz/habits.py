"""A learner's marking habits in plain words, from their signal-detection counts.

After a few excerpts, each kind of spin gets one sentence that says what the
learner does well and the one thing to change: "You find most loaded terms but
also mark plain words: slow down." Pure: the counts come from
:mod:`quiz.discernment`, the thresholds from :mod:`quiz.quadrants`, so the
learner's words and the teacher's quadrants say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from quiz.discernment import Detection
from quiz.quadrants import TARGET_FALSE_ALARM_RATE, TARGET_HIT_RATE
from quiz.vocabulary import Category

MIN_EXCERPTS = 3
"""Excerpts of one kind before its sentence shows. One excerpt holds a handful of
words of each kind (a loaded term is often one word), so after one or two a
single missed or stray word swings the rates by 20 points or more; three give
some 10 to 40 words of the kind and 300 plain ones, and a habit, not one text."""

LOOK_FOR: dict[Category, str] = {
    Category.OPINION_MARKER: (
        "words that show what the writer thinks or feels, like “clearly”, “sadly” or "
        "“I think”"
    ),
    Category.UNSUPPORTED_CLAIM: (
        "statements given as fact with no source, like “studies show” or a number from "
        "nowhere"
    ),
    Category.LOADED_TERM: (
        "emotional or judging words where a plain word exists, like “slammed” for "
        "“criticised”"
    ),
}


@dataclass(frozen=True, slots=True)
class Habit:
    """One kind of spin: how many excerpts it rests on, the rates, and the sentence."""

    category: Category
    excerpts: int
    hit_rate: float | None
    false_alarm_rate: float | None
    sentence: str


def share_words(share: float) -> str:
    """A share as a 13-year-old would say it: 'about half', 'about 1 in 4'."""
    for limit, words in (
        (0.15, "a few"), (0.29, "about 1 in 4"), (0.4, "about 1 in 3"), (0.6, "about half"),
        (0.7, "about 2 in 3"), (0.9, "about 3 in 4"),
    ):
        if share < limit:
            return words
    return "nearly all"


def habit_sentence(category: Category, counts: Detection) -> str:
    """The sentence for one kind of spin, from counts pooled over the learner's excerpts.

    "Most" found means at least ``TARGET_HIT_RATE`` (3 in 4) of its words;
    "rarely" marking plain words means at most ``TARGET_FALSE_ALARM_RATE``
    (1 in 50) of them: the target reader the teacher's chart is drawn around.
    """
    many = category.plural
    if counts.signal == 0:
        if not counts.false_alarms:
            return f"There were no {many} in your texts, and you marked none: well done."
        return (
            f"There were no {many} in your texts, but you marked some: "
            "only mark what you can point to."
        )
    hit = counts.hit_rate or 0.0
    alarm = counts.false_alarm_rate or 0.0
    finds = hit >= TARGET_HIT_RATE
    careful = alarm <= TARGET_FALSE_ALARM_RATE
    missed = share_words(1 - hit)
    stray = share_words(alarm) if alarm >= 0.15 else "some"
    if finds and careful:
        return f"You find most {many} and rarely mark plain words: well done, keep it up."
    if finds:
        return (
            f"You find most {many} but also mark {stray} plain words: slow down, and mark "
            f"only the words that are {category.with_article}."
        )
    if careful:
        return (
            f"You rarely mark something that isn't there, but you miss {missed} of the "
            f"{many}: look for {LOOK_FOR[category]}."
        )
    return (
        f"You miss {missed} of the {many} and also mark {stray} plain words: before you "
        f"mark, ask whether the words are {category.with_article}. Look for "
        f"{LOOK_FOR[category]}."
    )


def habits(
    counts: Mapping[Category, Detection], excerpts: Mapping[Category, int]
) -> list[Habit]:
    """One habit per kind of spin with at least :data:`MIN_EXCERPTS` excerpts, in enum order.

    Args:
        counts: per kind, the learner's counts pooled over their excerpts.
        excerpts: per kind, how many excerpts asked for it.
    """
    found: list[Habit] = []
    for category in Category:
        n = excerpts.get(category, 0)
        if n < MIN_EXCERPTS or category not in counts:
            continue
        c = counts[category]
        found.append(
            Habit(category, n, c.hit_rate, c.false_alarm_rate, habit_sentence(category, c))
        )
    return found
