"""The content models: annotated spans and excerpts.

The rules come from ``docs/ANNOTATION_GUIDE.md``: spans are half-open character
ranges ``[start, end)`` that match their quote, start and end on word
boundaries, never overlap another span of the same category, and always carry
an explanation; loaded terms carry a neutral alternative and unsupported claims
the evidence that would settle them. Where spans may sit is checked in
:mod:`quiz.checks`; the enums and their words live in :mod:`quiz.vocabulary`.
``Category``, ``Genre``, ``Leaning`` and ``Problem`` stay importable from here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cached_property
from typing import Annotated, Self

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

from quiz.checks import ExcerptProblems, SpanPosition, position_problems
from quiz.checks import Problem as Problem
from quiz.second import Marked, SecondOpinion, ruling_problems
from quiz.vocabulary import Category as Category
from quiz.vocabulary import Genre as Genre
from quiz.vocabulary import Leaning as Leaning

PRACTICE_SOURCE = "written for practice"

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
    Field(description="lower-case letters, digits and hyphens, e.g. 'ijr-02'"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Difficulty = Annotated[int, Field(ge=1, le=3, description="1 easy, 2 medium, 3 hard")]


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
                "a loaded term needs one: the neutral word a fair writer would use",
            ),
            "evidence_needed": (
                Category.UNSUPPORTED_CLAIM,
                "an unsupported claim needs it: what source would settle the claim",
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
    # Left out of the dump when None, so an excerpt without one hashes as it did
    # before the field existed (no new version for every stored excerpt).
    second: SecondOpinion | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="a blind second reading and its adjudication (quiz.second)",
    )

    @model_validator(mode="after")
    def _spans_fit_text(self) -> Self:
        spans = [SpanPosition(s.start, s.end, s.category, s.quote) for s in self.spans]
        problems = position_problems(self.text, spans)
        if self.second is not None:
            problems += self._second_problems(self.second)
        if problems:
            raise ExcerptProblems(problems)
        return self

    def _second_problems(self, second: SecondOpinion) -> list[Problem]:
        marks = [*second.spans, *second.rulings, *(r.to for r in second.rulings if r.to)]
        problems = [
            Problem(None, "second", f"{m.quote!r} is not the text at [{m.start}, {m.end})")
            for m in marks
            if m.end > len(self.text) or m.start >= m.end or self.text[m.start : m.end] != m.quote
        ]
        if not problems:
            problems = [Problem(None, "adjudication", p)
                        for p in ruling_problems(self.key(), second)]
        return problems

    def gold(self, category: Category) -> list[Span]:
        """The scored spans of one category, in text order."""
        return sorted(
            (s for s in self.spans if s.category is category and s.is_gold),
            key=lambda s: s.start,
        )

    def key(self) -> list[Marked]:
        """Every span of the key (attributed ones too) as a placed mark."""
        return [
            Marked(category=s.category, quote=s.quote, start=s.start, end=s.end,
                   attributed=s.attributed)
            for s in self.spans
        ]

    def disputed(self, span: Span) -> bool:
        """Whether a scored span is one the blind second reader did not mark (and the
        adjudication kept): careful readers disagree about it."""
        if self.second is None or span.attributed:
            return False
        return not any(
            p.category is span.category and p.start < span.end and span.start < p.end
            for p in self.second.scored()
        )

    @cached_property
    def reading_grade(self) -> float:
        """The Flesch–Kincaid grade of the text (:mod:`quiz.readability`), measured once."""
        from quiz.readability import reading_grade

        return reading_grade(self.text)

    @property
    def categories(self) -> list[Category]:
        """Categories with at least one scored span, in the enum's order."""
        present = {s.category for s in self.spans if s.is_gold}
        return [c for c in Category if c in present]


def slugify(value: str) -> str:
    """A valid excerpt id from a title: 'Bike lanes, again!' -> 'bike-lanes-again'."""
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.casefold()).strip("-")
    return slug[:64].strip("-") or "excerpt"
