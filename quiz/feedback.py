"""The feedback a learner sees after marking an excerpt (wording in :mod:`quiz.wording`).

:func:`build_feedback` scores the marks and explains them: every span of the
answer key comes with what the learner did (its :class:`Status`), its
explanation, neutral alternative or evidence needed, and a note; every mark the
learner made comes with what it hit. Each status has words (``status.label``),
so no colour is needed to read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quiz.models import Category, Excerpt
from quiz.scoring import ExcerptResult, score_excerpt
from quiz.selections import CharSpan
from quiz.vocabulary import Status as Status
from quiz.wording import mark_note, span_note, summary_sentence


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
        spans=tuple(spans),
        marks=tuple(mark_list),
    )


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])

