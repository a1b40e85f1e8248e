"""Scoring a learner's marks against an excerpt's answer key. Pure functions, no I/O.

The metric is the span-identification metric of SemEval-2020 Task 11 (Da San
Martino et al., 2020), as written in ``docs/ANNOTATION_GUIDE.md``: with ``S``
the learner's spans and ``T`` the gold spans of one category, on characters,

    P = (1/|S|) * sum_{s in S} sum_{t in T} |s ∩ t| / |s|
    R = (1/|T|) * sum_{s in S} sum_{t in T} |s ∩ t| / |t|
    F1 = 2PR / (P + R)

Edge cases follow the guide. When only one of ``S`` and ``T`` is empty,
P = R = F1 = 0, as in the official scorer. When both are empty the guide gives
P = R = F1 = 1; the official scorer gives F1 = 1 too but leaves P and R at 0,
which a learner's report would show as "0% precise" for a correct blank.

How the learner's spans are formed from tokens or characters (merged when they
overlap or touch) is :mod:`quiz.selections`; its names stay importable from
here. Where the metric leaves room:

* Seams: when the text is known, the spaces and punctuation between two
  neighbouring gold spans of the category (``"…cut corners. Every fan…"``, two
  claims in a row) count as neither right nor wrong when one learner span runs
  across them: they are left out of that span's length ``|s|``. A set of tokens
  cannot mark two neighbouring spans apart, and without this, selecting exactly
  the answer scored 99.4 instead of 100 on most excerpts of the content set.
  (Cutting the span in two instead would let "mark the whole text" gain, since
  precision is a mean over spans.)

Gold spans of one category never overlap (the content validator guarantees it),
so ``sum_t |s ∩ t|`` is the number of characters of ``s`` inside the answer key.
A property of the formula, kept as specified: precision is a mean over the
learner's spans, so joining a right mark and a stray one into one span can
raise it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from quiz.models import Category, Excerpt
from quiz.selections import CharSpan as CharSpan
from quiz.selections import SelectionError as SelectionError
from quiz.selections import check_spans as check_spans
from quiz.selections import merge_spans as merge_spans
from quiz.selections import spans_from_tokens as spans_from_tokens
from quiz.text import word_count


class CategoryResult(NamedTuple):
    """The score of one category, with every span sorted into what happened to it.

    ``found``, ``partly_found`` and ``missed`` partition the gold spans;
    ``false_alarms``, ``attributed_flagged`` and ``marks`` (all of them) are
    the learner's merged spans. All span lists are in text order. A NamedTuple
    rather than a frozen dataclass: three are built per scoring, and a frozen
    dataclass takes four times as long to build.
    """

    precision: float
    recall: float
    f1: float
    found: tuple[CharSpan, ...] = ()
    partly_found: tuple[CharSpan, ...] = ()
    missed: tuple[CharSpan, ...] = ()
    false_alarms: tuple[CharSpan, ...] = ()
    attributed_flagged: tuple[CharSpan, ...] = ()
    marks: tuple[CharSpan, ...] = ()

    @property
    def gold_count(self) -> int:
        """How many spans there were to find."""
        return len(self.found) + len(self.partly_found) + len(self.missed)

    def as_dict(self) -> dict[str, object]:
        """The JSON form printed by ``python -m quiz score``."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "found": [list(s) for s in self.found],
            "partly_found": [list(s) for s in self.partly_found],
            "missed": [list(s) for s in self.missed],
            "false_alarms": [list(s) for s in self.false_alarms],
            "attributed_flagged": [list(s) for s in self.attributed_flagged],
        }


@dataclass(frozen=True, slots=True)
class ExcerptResult:
    """The score of one excerpt: the mean F1 of the asked categories, times 100."""

    excerpt_id: str
    categories: dict[Category, CategoryResult]
    score: float = field(init=False)

    def __post_init__(self) -> None:
        if not self.categories:
            raise ValueError("an excerpt result needs at least one category")
        mean = math.fsum(r.f1 for r in self.categories.values()) / len(self.categories)
        object.__setattr__(self, "score", 100.0 * mean)

    def as_dict(self) -> dict[str, object]:
        """The JSON form printed by ``python -m quiz score``: one key per asked category, then
        ``score``, as the issue that defines the command specifies."""
        data: dict[str, object] = {c.value: r.as_dict() for c, r in self.categories.items()}
        data["score"] = self.score
        return data


def score_category(
    gold: Sequence[CharSpan],
    selected: Sequence[CharSpan],
    *,
    attributed: Sequence[CharSpan] = (),
    text: str | None = None,
) -> CategoryResult:
    """Score one category with the SemEval-2020 Task 11 span-identification metric.

    The learner's spans are merged first (:func:`merge_spans`); the sums are
    the official scorer's ``S(p, r)`` terms added over every (learner, gold)
    pair. A gold span is *found* when at least half of its characters are
    selected, *partly found* when fewer but some are, *missed* otherwise. A
    learner span that overlaps no gold span by a character is a *false alarm*.

    Args:
        gold: the scored spans of the category (attributed spans excluded).
        selected: the learner's spans, any order.
        attributed: the category's attributed spans; learner spans touching one
            are listed in ``attributed_flagged`` (and also count as false alarms
            unless they touch a gold span).
        text: the excerpt text; when given, the word-free seams between
            neighbouring gold spans are left out of a learner span's length
            (see the module docstring).

    Returns:
        Precision, recall and F1 in [0, 1] and the spans sorted by outcome.

    Raises:
        SelectionError: a learner span with ``start < 0`` or ``end <= start``.
        ValueError: gold spans that overlap each other.
    """
    check_spans(selected, None if text is None else len(text))
    return _score(_sorted_gold(gold), merge_spans(selected), attributed, text)


def _sorted_gold(gold: Iterable[CharSpan]) -> list[CharSpan]:
    targets = sorted(gold)
    for (_, end), (start, _) in pairwise(targets):
        if start < end:
            raise ValueError(
                f"gold spans {targets} overlap: spans of one category may not overlap "
                "(the content validator rejects such excerpts)"
            )
    return targets


def _score(
    targets: list[CharSpan],
    marks: list[CharSpan],
    attributed: Sequence[CharSpan],
    text: str | None,
) -> CategoryResult:
    """The metric on sorted, non-overlapping gold spans and merged learner spans."""
    count = len(targets)
    covered = [0] * count
    precision_terms: list[float] = []
    false_alarms: list[CharSpan] = []
    first = 0  # the first gold span that ends after the current mark starts
    for start, end in marks:
        # Both lists are sorted and non-overlapping, so one sweep visits each
        # (mark, gold) pair that overlaps and no other: a pair that does not
        # overlap adds 0 to the formula's sums.
        while first < count and targets[first][1] <= start:
            first += 1
        inside = neutral = 0
        j = first
        while j < count and targets[j][0] < end:
            g_start, g_end = targets[j]
            overlap = (end if end < g_end else g_end) - (start if start > g_start else g_start)
            inside += overlap
            covered[j] += overlap
            if j > first and text is not None:
                # The mark runs from the previous gold span into this one: a gap
                # of spaces and punctuation between them is neither right nor wrong.
                gap_start = targets[j - 1][1]
                if word_count(text[gap_start:g_start]) == 0:
                    neutral += g_start - gap_start
            j += 1
        precision_terms.append(inside / (end - start - neutral))
        if inside == 0:
            false_alarms.append((start, end))

    found: list[CharSpan] = []
    partly: list[CharSpan] = []
    missed: list[CharSpan] = []
    for span, chars in zip(targets, covered, strict=False):  # same length
        if 2 * chars >= span[1] - span[0]:
            found.append(span)
        elif chars > 0:
            partly.append(span)
        else:
            missed.append(span)

    if not marks and not targets:
        precision = recall = f1 = 1.0
    elif not marks or not targets:
        precision = recall = f1 = 0.0
    else:
        precision = math.fsum(precision_terms) / len(marks)
        recall = math.fsum([c / (g[1] - g[0]) for c, g in zip(covered, targets, strict=False)])
        recall /= count
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    flagged: list[CharSpan] = []
    for start, end in marks if attributed else ():
        for a_start, a_end in attributed:
            if start < a_end and a_start < end:
                flagged.append((start, end))
                break
    return CategoryResult(
        precision,
        recall,
        f1,
        tuple(found),
        tuple(partly),
        tuple(missed),
        tuple(false_alarms),
        tuple(flagged),
        tuple(marks),
    )


def score_excerpt(
    excerpt: Excerpt,
    selections: Mapping[Category, Sequence[CharSpan]],
    categories: Sequence[Category],
) -> ExcerptResult:
    """Score a learner's marks on one excerpt.

    Args:
        excerpt: the excerpt with its answer key.
        selections: the learner's character spans per category; a category
            the task asked for but absent here counts as an empty selection.
        categories: the categories the task asked for (repeats ignored).

    Returns:
        Per-category results and ``score``, the mean F1 times 100.

    Raises:
        SelectionError: offsets outside the text, or marks for a category the
            task did not ask for.
        ValueError: no category asked.
    """
    asked = list(dict.fromkeys(c if isinstance(c, Category) else Category(c) for c in categories))
    if not asked:
        raise ValueError("no category to score: the task must ask for at least one")
    extra = [str(c) for c, spans in selections.items() if spans and c not in asked]
    if extra:
        raise SelectionError(
            f"marks for {', '.join(extra)}, but the task asked for "
            f"{', '.join(c.value for c in asked)} only: drop them or ask for that category"
        )
    length = len(excerpt.text)
    results: dict[Category, CategoryResult] = {}
    for category in asked:
        gold: list[CharSpan] = []
        attributed: list[CharSpan] = []
        for span in excerpt.spans:
            if span.category is category:
                (attributed if span.attributed else gold).append((span.start, span.end))
        chosen = selections.get(category, ())
        check_spans(chosen, length)
        # The excerpt's validation guarantees that its gold spans do not overlap.
        gold.sort()
        results[category] = _score(gold, merge_spans(chosen), attributed, excerpt.text)
    return ExcerptResult(excerpt.id, results)
