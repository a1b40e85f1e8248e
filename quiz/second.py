"""A second, blind annotation of an excerpt and the adjudication of its disagreements.

An answer key is one careful reader's claim. A second reader who has not seen
the key marks the same text (:class:`SecondOpinion`); where the two disagree,
an adjudicator decides, with a reason, what the key says from then on
(:class:`Ruling`). The excerpt's spans are always the key *after* adjudication,
what learners are scored on; the rulings say how it differed before, so the
agreement before adjudication can be recomputed (:func:`key_before`).

The four decisions are about the key:

* ``keep``: the key stays as it is here: its span stays in although the second
  reader did not mark it, or the second reader's span stays out;
* ``drop``: the key's span goes;
* ``change``: the key's span becomes the span in ``to`` (other words, another
  category, or both);
* ``add``: the second reader's span joins the key.

Pure data: the files are read by :mod:`quiz.second_files`, the figures are
:mod:`quiz.agreement`'s.
"""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from quiz.vocabulary import Category

Decision = Literal["keep", "drop", "change", "add"]
DECISIONS: tuple[Decision, ...] = ("keep", "drop", "change", "add")
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Place(NamedTuple):
    """Where a span of one category sits: what the agreement figures compare."""

    category: Category
    start: int
    end: int


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Marked(_Strict):
    """A span placed in the text, as the second reader or a ruling names it."""

    category: Category
    quote: Annotated[str, StringConstraints(min_length=1)]
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    attributed: bool = Field(
        default=False, description="credited to a named speaker: shown, never scored"
    )

    @property
    def place(self) -> Place:
        return Place(self.category, self.start, self.end)


class Ruling(Marked):
    """One adjudicated disagreement: the span it is about, the decision and why.

    ``to`` is the span as the key holds it after a ``change``; the other
    decisions have none.
    """

    decision: Decision
    reason: Words
    to: Marked | None = None

    @model_validator(mode="after")
    def _change_has_target(self) -> Self:
        if (self.decision == "change") != (self.to is not None):
            raise ValueError(
                "a 'change' names the new span in 'to' (quote, occurrence, category); "
                "the other decisions have no 'to'"
            )
        if self.to is not None and self.to.place == self.place:
            raise ValueError("'to' is the same span: that is a 'keep', not a 'change'")
        return self


class SecondOpinion(_Strict):
    """A second reader's blind marks on an excerpt, and the rulings on where they differ."""

    annotator: Words = Field(description="who marked it: a name or role, never a student")
    spans: list[Marked] = Field(default_factory=list)
    rulings: list[Ruling] = Field(default_factory=list)
    adjudicator: Words | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="who ruled on the disagreements, when done in the app",
    )

    def scored(self) -> list[Place]:
        """The second reader's scored spans (attributed ones are not scored)."""
        return [s.place for s in self.spans if not s.attributed]


def key_before(key: list[Marked], rulings: list[Ruling]) -> list[Marked]:
    """The first key as it was before adjudication, from the key after it and the rulings.

    Undo each ruling: an added span and a change's new span leave, a dropped
    span and a change's old span come back. ``keep`` changed nothing.
    """
    gone = {r.place for r in rulings if r.decision == "add"}
    gone |= {r.to.place for r in rulings if r.to is not None}
    back = [r for r in rulings if r.decision in ("drop", "change")]
    kept = [s for s in key if s.place not in gone]
    present = {s.place for s in kept}
    for ruling in back:
        if ruling.place not in present:
            present.add(ruling.place)
            kept.append(Marked(category=ruling.category, quote=ruling.quote, start=ruling.start,
                               end=ruling.end, attributed=ruling.attributed))
    return sorted(kept, key=lambda s: (s.start, s.end, s.category.value))


def ruling_problems(key: list[Marked], second: SecondOpinion) -> list[str]:
    """Why the rulings do not fit the key after adjudication, one sentence each.

    A kept span is in the key, or it is the second reader's and not in the key;
    a dropped span is not in the key; a change's new span is and its old one is
    not; an added span is in the key and among the second reader's spans.
    """
    in_key = {s.place for s in key}
    by_second = {s.place for s in second.spans}
    problems: list[str] = []
    for ruling in second.rulings:
        what = f"{ruling.decision} {ruling.quote!r} ({ruling.category.value})"
        if ruling.decision == "keep" and ruling.place not in in_key | by_second:
            problems.append(f"{what}: neither the key nor the second reader has this span")
        elif ruling.decision == "drop" and ruling.place in in_key:
            problems.append(f"{what}: the span is still in the key; remove it from the excerpt")
        elif ruling.decision == "add" and ruling.place not in in_key:
            problems.append(f"{what}: the span is not in the key; add it to the excerpt")
        elif ruling.decision == "add" and ruling.place not in by_second:
            problems.append(f"{what}: the second reader did not mark it; only their spans are "
                            "added")
        elif ruling.to is not None:
            if ruling.to.place not in in_key:
                problems.append(f"{what}: the new span {ruling.to.quote!r} is not in the key")
            if ruling.place in in_key:
                problems.append(f"{what}: the old span is still in the key")
    return problems
