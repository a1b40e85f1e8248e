"""The checks every excerpt passes, with messages an author can act on.

An excerpt's text is 40 to 220 words long, and its spans sit where
``docs/ANNOTATION_GUIDE.md`` says: inside the text, matching their quote,
starting and ending on whole words, and never overlapping another span of the
same category. :class:`~quiz.models.Excerpt` runs these checks on
construction, and the content loader (:mod:`quiz.entries`) runs them on what
an author wrote, before the offsets are known to be right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from quiz.text import Token, token_starts_ends, tokenize, word_count

MIN_WORDS = 40
MAX_WORDS = 220


class SpanPosition(NamedTuple):
    """Where a span sits; the input of :func:`position_problems`."""

    start: int
    end: int
    category: str
    quote: str


class Problem(NamedTuple):
    """One thing wrong with an excerpt. ``span`` is 1-based, None for the excerpt."""

    span: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"span {self.span}, " if self.span is not None else ""
        return f"{where}{self.field}: {self.message}"


class ExcerptProblems(ValueError):
    """Raised by :class:`Excerpt` validation; carries every problem, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def position_problems(
    text: str, spans: Sequence[SpanPosition | None], *, first_number: int = 1
) -> list[Problem]:
    """Check an excerpt's length and where its spans sit.

    Args:
        text: the excerpt text.
        spans: the spans in author order; ``None`` marks a span that could not
            be located (its problem was reported elsewhere) and keeps numbering.
        first_number: the number of the first span in messages.

    Returns:
        Every problem found: text length, offsets out of range, quote mismatch,
        boundaries that cut a word, overlaps within one category.
    """
    problems: list[Problem] = []
    words = word_count(text)
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(
            Problem(
                None,
                "text",
                f"has {words} words; an excerpt needs {MIN_WORDS} to {MAX_WORDS} "
                "(the guide asks for 60 to 180): cut or extend the passage",
            )
        )
    tokens = tokenize(text)
    starts, ends = token_starts_ends(tokens)
    placed: list[tuple[int, SpanPosition]] = []
    for number, span in enumerate(spans, start=first_number):
        if span is None:
            continue
        if not 0 <= span.start < span.end <= len(text):
            problems.append(
                Problem(
                    number,
                    "start/end",
                    f"[{span.start}, {span.end}) is not inside the text, which has "
                    f"{len(text)} characters: give start < end <= {len(text)}, or drop "
                    "the offsets and let the quote place the span",
                )
            )
            continue
        actual = text[span.start : span.end]
        if actual != span.quote:
            problems.append(
                Problem(
                    number,
                    "quote",
                    f"offsets [{span.start}, {span.end}) hold {actual!r}, not the quote "
                    f"{span.quote!r}: fix the offsets or drop them",
                )
            )
            continue
        if span.start not in starts or span.end not in ends:
            problems.append(
                Problem(
                    number,
                    "quote",
                    f"{span.quote!r} does not start and end on whole words "
                    f"({_nearest_words(text, tokens, span.start, span.end)!r} would): "
                    "spans cover whole words, without outer punctuation or spaces",
                )
            )
            continue
        placed.append((number, span))
    problems.extend(_overlaps(placed))
    return problems


def _overlaps(placed: list[tuple[int, SpanPosition]]) -> list[Problem]:
    problems: list[Problem] = []
    by_category: dict[str, list[tuple[int, SpanPosition]]] = {}
    for number, span in placed:
        by_category.setdefault(span.category, []).append((number, span))
    for category, group in by_category.items():
        group.sort(key=lambda item: item[1].start)
        # Compare each span with the one reaching furthest so far, so a long span
        # is caught overlapping every later span it covers, not just the next.
        n1, s1 = group[0]
        for n2, s2 in group[1:]:
            if s2.start < s1.end:
                (first, q1), (second, q2) = sorted(((n1, s1.quote), (n2, s2.quote)))
                problems.append(
                    Problem(
                        second,
                        "quote",
                        f"{q2!r} overlaps span {first} ({q1!r}), also a "
                        f"{category}: spans of one category may not overlap; merge them "
                        "or make each minimal",
                    )
                )
            if s2.end > s1.end:
                n1, s1 = n2, s2
    return problems


def _nearest_words(text: str, tokens: list[Token], start: int, end: int) -> str:
    inside = [t for t in tokens if t.start < end and t.end > start]
    if not inside:
        return ""
    return text[inside[0].start : inside[-1].end]
