"""The four named quadrants of the d′ (across) against c (up) chart, in plain words.

Teachers read a learner's place on the chart as one of four words; the lines
between them are fixed here, from one target reader (see below), so the
dashboard, the JSON report and the learner's summary agree.
"""

from __future__ import annotations

from enum import StrEnum
from statistics import NormalDist

_Z = NormalDist().inv_cdf


class Quadrant(StrEnum):
    """Where a learner sits on the d′ (across) against c (up) chart."""

    SHARP = "sharp"
    CAREFUL = "careful"
    SCEPTICAL = "sceptical of everything"
    MISSES = "misses a lot"


# The quadrant lines go through one reader: one who finds 3 in 4 words of spin
# (H = 0.75) and marks 1 in 50 plain words (F = 0.02), a fair target for this
# task, where some nine words in ten are plain: 1 in 50 is two or three stray
# words in an excerpt. Right of d′ = 2.73: tells spin from plain text at least
# that well. Below c = 0.69: marks more readily than that reader. (With 1 in 20,
# d′ = 2.32, a learner who found only 3 in 10 words of spin and marked no plain
# word came out "careful": with hundreds of plain words and no false alarm, the
# corrected false-alarm rate alone puts d′ near 3.)
TARGET_HIT_RATE = 0.75
TARGET_FALSE_ALARM_RATE = 0.02
D_PRIME_LINE = _Z(TARGET_HIT_RATE) - _Z(TARGET_FALSE_ALARM_RATE)
CRITERION_LINE = -(_Z(TARGET_HIT_RATE) + _Z(TARGET_FALSE_ALARM_RATE)) / 2


def quadrant(d_prime: float, criterion: float) -> Quadrant:
    """The named quadrant: sharp and careful tell spin apart, the other two do not.

    ``d_prime >= D_PRIME_LINE``: *sharp* when it also marks readily
    (``criterion < CRITERION_LINE``), else *careful* (marks only when sure).
    Below the d′ line: *sceptical of everything* when it marks readily, else
    *misses a lot*.
    """
    if d_prime >= D_PRIME_LINE:
        return Quadrant.SHARP if criterion < CRITERION_LINE else Quadrant.CAREFUL
    return Quadrant.SCEPTICAL if criterion < CRITERION_LINE else Quadrant.MISSES
