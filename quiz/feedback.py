"""The feedback a learner sees after marking an excerpt (wording in :mod:`quiz.wording`).

:func:`build_feedback` cuts the text into segments at every span and mark
boundary, so the UI can render each piece with the categories of the answer key
that cover it, the learner's marks on it, and what happened, in words (no
colour is needed to read it). Every span of the answer key comes with its
explanation, neutral alternative or evidence needed, and a note; every mark the
learner made comes with what it hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from quiz.models import Category, Excerpt
from quiz.scoring import CharSpan, ExcerptResult, score_excerpt
from quiz.wording import ATTRIBUTED_NOTES, NOUNS, a_noun, summary_sentence


class Status(StrEnum):
    """What happened to a span, a mark or a piece of text, for one category.

    Spans of the answer key are ``found``, ``partly_found`` or ``missed``;
    attributed spans are ``attributed_left`` or ``attributed_flagged``. Marks
    are ``on_target``, ``false_alarm`` or ``attributed_flagged``. A segment
    inside a span of the answer key (scored first, else attributed) takes that
    span's status; elsewhere it is ``false_alarm`` (inside a mark that touches
    no scored span), ``extra`` (inside a mark that runs past one) or
    ``correct_blank``.
    """

    FOUND = "found"
    PARTLY_FOUND = "partly_found"
    MISSED = "missed"
    FALSE_ALARM = "false_alarm"
    EXTRA = "extra"
    ON_TARGET = "on_target"
    ATTRIBUTED_LEFT = "attributed_left"
    ATTRIBUTED_FLAGGED = "attributed_flagged"
    CORRECT_BLANK = "correct_blank"

    @property
    def label(self) -> str:
        """Plain words for screen readers and colour-blind learners."""
        return _LABELS[self]


_LABELS: dict[Status, str] = {
    Status.FOUND: "found",
    Status.PARTLY_FOUND: "partly found",
    Status.MISSED: "missed",
    Status.FALSE_ALARM: "false alarm",
    Status.EXTRA: "marked beyond the answer",
    Status.ON_TARGET: "on target",
    Status.ATTRIBUTED_LEFT: "attributed, rightly left alone",
    Status.ATTRIBUTED_FLAGGED: "attributed, marked by mistake",
    Status.CORRECT_BLANK: "rightly left blank",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text ``[start, end)`` whose spans and marks are the same throughout.

    ``status`` has one entry per asked category.
    """

    start: int
    end: int
    text: str
    gold: tuple[Category, ...]
    attributed: tuple[Category, ...]
    learner: tuple[Category, ...]
    status: Mapping[Category, Status]


@dataclass(frozen=True, slots=True)
class SpanFeedback:
    """One span of the answer key, scored or attributed, with what the learner did."""

    category: Category
    start: int
    end: int
    quote: str
    explanation: str
    neutral_alternative: str | None
    evidence_needed: str | None
    attributed: bool
    status: Status
    note: str


@dataclass(frozen=True, slots=True)
class MarkFeedback:
    """One of the learner's marks (merged), with what it hit."""

    category: Category
    start: int
    end: int
    text: str
    status: Status
    note: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """Everything the results view shows for one excerpt."""

    result: ExcerptResult
    text: str
    segments: tuple[Segment, ...]
    spans: tuple[SpanFeedback, ...]
    marks: tuple[MarkFeedback, ...]

    @property
    def score(self) -> float:
        """The excerpt score, 0 to 100."""
        return self.result.score

    @property
    def categories(self) -> list[Category]:
        """The asked categories, in the task's order."""
        return list(self.result.categories)

    def summary(self, category: Category) -> str:
        """The plain-words sentence for one category."""
        return summary_sentence(category, self.result.categories[category])


def build_feedback(
    excerpt: Excerpt,
    selections: Mapping[Category, Sequence[CharSpan]],
    categories: Sequence[Category],
) -> Feedback:
    """Score the learner's marks and explain every span and mark.

    Args:
        excerpt: the excerpt with its answer key.
        selections: the learner's character spans per category.
        categories: the categories the task asked for.

    Returns:
        The feedback; ``feedback.result`` is :func:`~quiz.scoring.score_excerpt`'s.

    Raises:
        SelectionError: as :func:`~quiz.scoring.score_excerpt`.
    """
    result = score_excerpt(excerpt, selections, categories)
    asked = list(result.categories)
    span_status: dict[tuple[Category, CharSpan], Status] = {}
    for category, res in result.categories.items():
        for outcome, group in (
            (Status.FOUND, res.found),
            (Status.PARTLY_FOUND, res.partly_found),
            (Status.MISSED, res.missed),
        ):
            span_status.update(((category, s), outcome) for s in group)

    spans: list[SpanFeedback] = []
    keyed = [s for s in excerpt.spans if s.category in result.categories]
    for span in sorted(keyed, key=lambda s: (s.start, asked.index(s.category))):
        where = (span.start, span.end)
        marks = result.categories[span.category].marks
        if span.attributed:
            flagged = any(_overlaps(where, m) for m in marks)
            status = Status.ATTRIBUTED_FLAGGED if flagged else Status.ATTRIBUTED_LEFT
        else:
            status = span_status[(span.category, where)]
        spans.append(
            SpanFeedback(
                category=span.category,
                start=span.start,
                end=span.end,
                quote=span.quote,
                explanation=span.explanation,
                neutral_alternative=span.neutral_alternative,
                evidence_needed=span.evidence_needed,
                attributed=span.attributed,
                status=status,
                note=span_note(span.category, status),
            )
        )

    mark_list: list[MarkFeedback] = []
    for category, res in result.categories.items():
        alarms, flagged_marks = set(res.false_alarms), set(res.attributed_flagged)
        for start, end in res.marks:
            if (start, end) not in alarms:
                status = Status.ON_TARGET
            elif (start, end) in flagged_marks:
                status = Status.ATTRIBUTED_FLAGGED
            else:
                status = Status.FALSE_ALARM
            note = mark_note(category, status)
            mark_list.append(
                MarkFeedback(category, start, end, excerpt.text[start:end], status, note)
            )
    mark_list.sort(key=lambda m: (m.start, asked.index(m.category)))
    return Feedback(
        result=result,
        text=excerpt.text,
        segments=tuple(_segments(excerpt.text, asked, spans, mark_list)),
        spans=tuple(spans),
        marks=tuple(mark_list),
    )


def _segments(
    text: str,
    asked: list[Category],
    spans: list[SpanFeedback],
    marks: list[MarkFeedback],
) -> list[Segment]:
    cuts = {0, len(text)}
    for span in spans:
        cuts.update((span.start, span.end))
    for mark in marks:
        cuts.update((mark.start, mark.end))
    edges = sorted(cuts)
    segments: list[Segment] = []
    for start, end in pairwise(edges):
        inside = [s for s in spans if s.start < end and s.end > start]
        marked = [m for m in marks if m.start < end and m.end > start]
        status: dict[Category, Status] = {}
        for category in asked:
            gold = [s for s in inside if s.category is category and not s.attributed]
            hit = next((m for m in marked if m.category is category), None)
            quoted = [s for s in inside if s.category is category and s.attributed]
            if gold or quoted:
                status[category] = (gold or quoted)[0].status
            elif hit is None:
                status[category] = Status.CORRECT_BLANK
            elif hit.status is Status.ON_TARGET:
                status[category] = Status.EXTRA
            else:
                status[category] = Status.FALSE_ALARM
        segments.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                gold=_in_order(asked, (s.category for s in inside if not s.attributed)),
                attributed=_in_order(asked, (s.category for s in inside if s.attributed)),
                learner=_in_order(asked, (m.category for m in marked)),
                status=status,
            )
        )
    return segments


def span_note(category: Category, status: Status) -> str:
    """The note shown under a span of the answer key."""
    one = NOUNS[category][0]
    if status is Status.FOUND:
        return f"You found this {one}."
    if status is Status.PARTLY_FOUND:
        return f"You marked less than half of this {one}: mark the whole phrase."
    if status is Status.MISSED:
        return f"You missed this {one}."
    if status is Status.ATTRIBUTED_LEFT:
        return "You rightly left this alone. " + ATTRIBUTED_NOTES[category]
    return ATTRIBUTED_NOTES[category]


def mark_note(category: Category, status: Status) -> str:
    """The note shown under one of the learner's marks."""
    one = NOUNS[category][0]
    if status is Status.ON_TARGET:
        return f"This mark touches {a_noun(one)}."
    if status is Status.ATTRIBUTED_FLAGGED:
        return ATTRIBUTED_NOTES[category]
    return f"This is not {a_noun(one)} in the answer key."


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _in_order(asked: list[Category], found: Iterable[Category]) -> tuple[Category, ...]:
    present = set(found)
    return tuple(c for c in asked if c in present)
