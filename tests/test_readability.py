"""Reading grades (quiz/readability.py): the Flesch–Kincaid formula, checked by hand.

FK grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59. These
figures also lock the pinned textstat version: another one that counts syllables
or sentences differently fails here before it moves the content's grades.
"""

from __future__ import annotations

import pytest

from quiz.content import build_excerpt
from quiz.readability import grade_range, grade_spread, reading_grade, within
from tests.conftest import sample_entry


@pytest.mark.parametrize(
    ("text", "words", "sentences", "syllables"),
    [
        ("The cat sat on the mat.", 6, 1, 6),
        # Stu-dents read the short news sto-ry. Then they mark ev-er-y load-ed word.
        ("Students read the short news story. Then they mark every loaded word.", 12, 2, 17),
        # The coun-cil ap-proved the con-tro-ver-sial pro-pos-al yes-ter-day eve-ning.
        ("The council approved the controversial proposal yesterday evening.", 8, 1, 18),
    ],
)
def test_grade_is_the_formula(text: str, words: int, sentences: int, syllables: int) -> None:
    by_hand = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    assert reading_grade(text) == pytest.approx(round(by_hand, 1), abs=0.051)


def test_an_excerpt_measures_its_text_once() -> None:
    excerpt, _ = build_excerpt(sample_entry())
    assert excerpt is not None
    assert excerpt.reading_grade == reading_grade(excerpt.text)
    assert "reading_grade" not in excerpt.model_dump()  # not data: the hash stays
    assert excerpt.reading_grade is excerpt.reading_grade  # cached


def test_spread_and_range() -> None:
    assert grade_spread([]) is None
    assert grade_spread([9.4, 5.1, 7.0, 6.2]) == {"min": 5.1, "median": 6.6, "max": 9.4}
    assert grade_range([5.1, 9.4]) == (5, 10)
    assert grade_range([]) == (0, 0)
    assert within(7.0, 5, 7) and not within(7.1, 5, 7)
