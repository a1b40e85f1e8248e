"""How hard an excerpt is to read: its Flesch–Kincaid grade, measured by ``textstat``.

The grade is the US school grade whose pupils can read the text, from sentence
length and syllables per word (Kincaid et al., 1975). It is computed from the
text whenever it is needed (:attr:`quiz.models.Excerpt.reading_grade` caches it
per excerpt) rather than stored in the content files, for three reasons:

* it is a function of the text, so a stored copy could only go stale when an
  author edits a sentence and forgets to re-measure;
* a stored field would change every excerpt's content hash, so the next
  ``content import`` would give every stored excerpt a new version for nothing;
* teachers' own excerpts (the authoring page, imported files) get it for free.

The price is that the figure depends on the ``textstat`` version: it is pinned
in ``requirements.txt`` (0.7.8; later versions fetch NLTK's dictionary from the
internet on first use), and ``tests/test_readability.py`` locks figures that
would move with another version. Measuring costs about a second once per process
(textstat loads its pronouncing dictionary), then under a millisecond an excerpt
(0.76 ms measured on the 48 bundled excerpts).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

import textstat

# Difficulty-1 excerpts read at this grade or below (the age of the youngest
# learners, 12 to 13, is grades 7 to 8): tests/test_content_year.py holds it.
MAX_GRADE_AT_DIFFICULTY_1 = 7.0


def reading_grade(text: str) -> float:
    """The Flesch–Kincaid grade of ``text``, to one decimal (may be below 0 for tiny texts)."""
    return round(float(textstat.flesch_kincaid_grade(text)), 1)


def grade_spread(grades: Iterable[float]) -> dict[str, float] | None:
    """``{"min", "median", "max"}`` of some grades, for ``stats --json``; None when none."""
    values = sorted(grades)
    if not values:
        return None
    return {
        "min": values[0],
        "median": round(statistics.median(values), 1),
        "max": values[-1],
    }


def grade_range(grades: Iterable[float]) -> tuple[int, int]:
    """Whole grades that cover every figure given (0 to 0 when none): a filter's ends."""
    values = list(grades)
    if not values:
        return 0, 0
    return int(min(values) // 1), int(-(-max(values) // 1))


def within(grade: float, lowest: float, highest: float) -> bool:
    """Whether a grade is inside a filter's ends, both included."""
    return lowest <= grade <= highest
