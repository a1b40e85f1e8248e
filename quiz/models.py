"""The content models: categories, annotated spans and excerpts.

The rules come from ``ANNOTATION_GUIDE.md``: spans are half-open character
ranges ``[start, end)`` that match their quote, start and end on word
boundaries, never overlap another span of the same category, and always carry
an explanation; loaded terms carry a neutral alternative and unsupported claims
the evidence that would settle them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, NamedTuple, Self

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from quiz.text import Token, token_starts_ends, tokenize, word_count

MIN_WORDS = 40
MAX_WORDS = 220
PRACTICE_SOURCE = "written for practice"

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
    Field(description="lower-case letters, digits and hyphens, e.g. 'ijr-02'"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Difficulty = Annotated[int, Field(ge=1, le=3, description="1 easy, 2 medium, 3 hard")]


class Category(StrEnum):
    """What a learner is asked to find."""

    OPINION_MARKER = "opinion_marker"
    UNSUPPORTED_CLAIM = "unsupported_claim"
    LOADED_TERM = "loaded_term"

    @property
    def label(self) -> str:
        """Human name, e.g. 'Loaded term'."""
        return self.value.replace("_", " ").capitalize()


class Genre(StrEnum):
    NEWS = "news"
    OPINION = "opinion"
    ADVERTISEMENT = "advertisement"
    REVIEW = "review"
    SOCIAL_POST = "social_post"


class Leaning(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"
    NONE = "none"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpanBody(_Strict):
    """What every span says about itself, wherever it sits in the text."""

    category: Category
    quote: Annotated[str, StringConstraints(min_length=1)]
    explanation: Text = Field(description="one or two plain sentences a 13-year-old can follow")
    attributed: bool = Field(
        default=False,
        description="an opinion or claim reported and attributed to a named speaker; not gold",
    )
    neutral_alternative: Text | None = Field(
        default=None,
        validate_default=True,
        description="required for loaded_term: the neutral wording",
    )
    evidence_needed: Text | None = Field(
        default=None,
        validate_default=True,
        description="required for unsupported_claim: what source would settle it",
    )

    @field_validator("neutral_alternative", "evidence_needed")
    @classmethod
    def _category_needs(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Fields validate in declaration order, so category and attributed are
        # known here. Attributed spans are not scored and need neither.
        needed = {
            "neutral_alternative": (
                Category.LOADED_TERM,
                "a loaded_term needs one: the neutral word a fair writer would use",
            ),
            "evidence_needed": (
                Category.UNSUPPORTED_CLAIM,
                "an unsupported_claim needs it: what source would settle the claim",
            ),
        }
        category, message = needed[str(info.field_name)]
        attributed = info.data.get("attributed", False)
        if value is None and info.data.get("category") is category and not attributed:
            raise ValueError(message)
        return value


class Span(SpanBody):
    """An annotated span: ``text[start:end] == quote``."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)

    @property
    def is_gold(self) -> bool:
        """Attributed spans are shown in feedback but not scored."""
        return not self.attributed


class ExcerptBody(_Strict):
    """Everything an excerpt says about itself apart from its spans."""

    id: Slug
    title: Text
    source: Text = Field(description=f"the publisher, or '{PRACTICE_SOURCE}'")
    url: AnyHttpUrl | None = None
    published: dt.date | None = None
    genre: Genre
    leaning: Leaning
    difficulty: Difficulty
    text: Annotated[str, StringConstraints(min_length=1)]
    pair: Slug | None = Field(
        default=None, description="id of the excerpt telling the same event from the other side"
    )

    @property
    def is_practice(self) -> bool:
        return self.source.casefold() == PRACTICE_SOURCE


class Excerpt(ExcerptBody):
    """An excerpt with its answer key. Invalid positions are rejected on construction."""

    spans: list[Span] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_fit_text(self) -> Self:
        spans = [SpanPosition(s.start, s.end, s.category, s.quote) for s in self.spans]
        problems = position_problems(self.text, spans)
        if problems:
            raise ExcerptProblems(problems)
        return self

    def gold(self, category: Category) -> list[Span]:
        """The scored spans of one category, in text order."""
        return sorted(
            (s for s in self.spans if s.category is category and s.is_gold),
            key=lambda s: s.start,
        )

    @property
    def categories(self) -> list[Category]:
        """Categories with at least one scored span, in the enum's order."""
        present = {s.category for s in self.spans if s.is_gold}
        return [c for c in Category if c in present]


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


def slugify(value: str) -> str:
    """A valid excerpt id from a title: 'Bike lanes, again!' -> 'bike-lanes-again'."""
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.casefold()).strip("-")
    return slug[:64].strip("-") or "excerpt"
