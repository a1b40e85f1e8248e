"""The feedback a learner sees after marking an excerpt (wording in :mod:`quiz.wording`).

:func:`build_feedback` scores the marks and explains them: every span of the
answer key comes with what the learner did (its :class:`Status`), its
explanation, neutral alternative or evidence needed, and a note; every mark the
learner made comes with what it hit. Each status has words (``status.label``),
so no colour is needed to read it.

The statuses are feedback, not the metric: the score is
:func:`~quiz.scoring.score_excerpt`'s, unchanged. They count **words**, as the
learner picks them (:func:`quiz.text.tokenize`), and a mark that covers a span
must not be mostly outside the key for the span to count as found:

* a mark is **too wide** when it touches a span of the key but more than half
  of its words are in no scored span of its category (neutral);
* a span is **found** when at least half of its words are covered by marks that
  are not too wide, **partly found** when a mark touches it but that is not so
  (too few of its words marked, or only by a mark too wide), **missed** when no
  mark touches it.

A false alarm that touches a scored span of *another* category is **right
place, wrong kind** (:func:`quiz.discernment.wrong_kind`): it says which kind
the key calls it, and still counts as a false alarm in the score. The
feedback also carries the headline discernment figure
(:func:`quiz.discernment.discernment`), computed on the same words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quiz.discernment import attempt_discernment, wrong_kind
from quiz.models import Category, Excerpt
from quiz.scoring import CategoryResult, ExcerptResult, score_excerpt
from quiz.selections import CharSpan
from quiz.text import tokenize
from quiz.vocabulary import Status as Status
from quiz.wording import Tally, mark_note, span_note, summary_sentence, wrong_kind_note


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
    disputed: bool = False  # careful readers disagree about it (Excerpt.disputed)


@dataclass(frozen=True, slots=True)
class MarkFeedback:
    """One of the learner's marks (merged), with what it hit."""

    category: Category
    start: int
    end: int
    text: str
    status: Status
    note: str
    words: int = 0
    neutral_words: int = 0  # its words in no scored span of its category
    key_category: Category | None = None  # for a mark of the wrong kind: what the key says


@dataclass(frozen=True, slots=True)
class Feedback:
    """Everything the results view shows for one excerpt."""

    result: ExcerptResult
    text: str
    spans: tuple[SpanFeedback, ...]
    marks: tuple[MarkFeedback, ...]
    discernment: float = 0.0  # 0-100, see quiz.discernment.discernment

    @property
    def score(self) -> float:
        """The excerpt score, 0 to 100."""
        return self.result.score

    @property
    def categories(self) -> list[Category]:
        """The asked categories, in the task's order."""
        return list(self.result.categories)

    def tally(self, category: Category) -> Tally:
        """One category counted as the spans and marks here say (words, not the metric)."""
        res = self.result.categories[category]
        scored = [s.status for s in self.spans if s.category is category and not s.attributed]
        return Tally(
            found=scored.count(Status.FOUND),
            partly_found=scored.count(Status.PARTLY_FOUND),
            missed=scored.count(Status.MISSED),
            marks=len(res.marks),
            false_alarms=len(res.false_alarms),
            too_wide=sum(
                1 for m in self.marks if m.category is category and m.status is Status.TOO_WIDE
            ),
            attributed_flagged=len(res.attributed_flagged),
            wrong_kind=sum(
                1 for m in self.marks if m.category is category and m.status is Status.WRONG_KIND
            ),
        )

    def summary(self, category: Category) -> str:
        """The plain-words sentence for one category."""
        return summary_sentence(category, self.tally(category))


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
    words = _Words(excerpt.text)
    marks: dict[Category, list[_Mark]] = {
        c: _judge_marks(res, _key_spans(excerpt, c), words)
        for c, res in result.categories.items()
    }

    other = {
        (w.category, (w.start, w.end)): w.key_category
        for w in wrong_kind(excerpt, {c: selections.get(c, ()) for c in asked})
    }
    spans: list[SpanFeedback] = []
    keyed = [s for s in excerpt.spans if s.category in result.categories]
    for span in sorted(keyed, key=lambda s: (s.start, asked.index(s.category))):
        where = (span.start, span.end)
        wide = False
        if span.attributed:
            flagged = any(_overlaps(where, m.span) for m in marks[span.category])
            status = Status.ATTRIBUTED_FLAGGED if flagged else Status.ATTRIBUTED_LEFT
        else:
            status, wide = _span_status(where, marks[span.category], words)
        disputed = excerpt.disputed(span)
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
                note=span_note(span.category, status, too_wide=wide, disputed=disputed),
                disputed=disputed,
            )
        )

    mark_list = [
        _mark_feedback(excerpt.text, category, m, other.get((category, m.span)))
        for category, judged in marks.items()
        for m in judged
    ]
    mark_list.sort(key=lambda m: (m.start, asked.index(m.category)))
    return Feedback(
        result=result,
        text=excerpt.text,
        spans=tuple(spans),
        marks=tuple(mark_list),
        discernment=attempt_discernment(excerpt, selections, asked),
    )


def _mark_feedback(
    text: str, category: Category, mark: _Mark, key_category: Category | None
) -> MarkFeedback:
    """A false alarm that touches another category's span is right place, wrong kind."""
    start, end = mark.span
    if key_category is not None and mark.status is Status.FALSE_ALARM:
        note = wrong_kind_note(category, key_category)
        return MarkFeedback(
            category, start, end, text[start:end], Status.WRONG_KIND, note,
            len(mark.words), mark.neutral, key_category,
        )
    note = mark_note(category, mark.status, words=len(mark.words), neutral=mark.neutral)
    return MarkFeedback(
        category, start, end, text[start:end], mark.status, note, len(mark.words), mark.neutral
    )


class _Words:
    """The word indices of a character range: every token it overlaps."""

    def __init__(self, text: str) -> None:
        tokens = tokenize(text)
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def within(self, where: CharSpan) -> range:
        start, end = where
        return range(bisect_right(self._ends, start), bisect_left(self._starts, end))


@dataclass(frozen=True, slots=True)
class _Mark:
    span: CharSpan
    status: Status
    words: range
    neutral: int


def _key_spans(excerpt: Excerpt, category: Category) -> list[CharSpan]:
    return [(s.start, s.end) for s in excerpt.spans if s.category is category and not s.attributed]


def _judge_marks(res: CategoryResult, key: list[CharSpan], words: _Words) -> list[_Mark]:
    """Each merged mark of one category with its status: too wide when it touches the key
    but more than half of its words are in no scored span (ties are not too wide)."""
    key_words = {i for span in key for i in words.within(span)}
    alarms, flagged = set(res.false_alarms), set(res.attributed_flagged)
    judged: list[_Mark] = []
    for mark in res.marks:
        inside = words.within(mark)
        neutral = sum(1 for i in inside if i not in key_words)
        if mark not in alarms:
            status = Status.TOO_WIDE if 2 * neutral > len(inside) else Status.ON_TARGET
        elif mark in flagged:
            status = Status.ATTRIBUTED_FLAGGED
        else:
            status = Status.FALSE_ALARM
        judged.append(_Mark(mark, status, inside, neutral))
    return judged


def _span_status(where: CharSpan, marks: Sequence[_Mark], words: _Words) -> tuple[Status, bool]:
    """A scored span's status by words, and whether marks too wide are why it is not found.

    Found: at least half of its words are in marks that are not too wide.
    """
    touching = [m for m in marks if _overlaps(where, m.span)]
    if not touching:
        return Status.MISSED, False
    own = words.within(where)
    good = {i for m in touching if m.status is not Status.TOO_WIDE for i in m.words}
    covered = {i for m in touching for i in m.words}
    if not own:  # a span with no word (not in validated content): any touch will do
        if any(m.status is not Status.TOO_WIDE for m in touching):
            return Status.FOUND, False
        return Status.PARTLY_FOUND, True
    if 2 * sum(1 for i in own if i in good) >= len(own):
        return Status.FOUND, False
    return Status.PARTLY_FOUND, 2 * sum(1 for i in own if i in covered) >= len(own)


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])
