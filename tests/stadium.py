"""The stadium text shared by the scoring, feedback and score-CLI tests."""

from __future__ import annotations

TEXT = (
    "Frankly, the new stadium is a disaster. Everyone knows the builders cut corners, and "
    "the greedy owners pocketed the savings. The mayor said the project was \u201ca shameful "
    "waste\u201d, and the city council will vote on Monday. Tickets cost forty dollars, which "
    "is clearly too much for families who love the game."
)


def at(quote: str, text: str = TEXT) -> tuple[int, int]:
    """The character span of the only occurrence of ``quote`` in ``text``."""
    start = text.index(quote)
    assert text.find(quote, start + 1) == -1, f"{quote!r} occurs twice"
    return start, start + len(quote)
