"""How far two annotators of the same texts agree, per category. Pure functions.

Two figures, per category (:class:`Agreement`):

* **Span F1**, the project's own metric (:func:`quiz.scoring.score_category`,
  the SemEval-2020 Task 11 span metric), with the **first key as gold** and the
  second reader's spans as the marks: the second reader is scored as a learner
  would be. Swapping the roles swaps precision and recall, so F1 is the same
  either way (but for the metric's seam rule, which only matters when one
  span runs across two of the other's).
* **Cohen's κ on words**. The units are the words of the text
  (:func:`quiz.text.tokenize`, the words a learner picks); each annotator gives
  each word, per category, one of two labels: *in a span of this category* (it
  overlaps one by a character) or *not*. κ = (p_o − p_e) / (1 − p_e), with p_o
  the share of words labelled alike and p_e the share expected by chance from
  each annotator's own rate. When both label every word alike and the same
  way (nobody marked anything), p_e = 1 and κ is taken as 1: full agreement.

**Attributed spans** are left out on both sides: they are never scored, so a
word inside one is *not in a span* unless a scored span covers it too. Two
readers who both leave a quoted opinion alone agree; one who marks it as the
writer's own and one who calls it attributed disagree, as a learner's score
would.

**Over a set of excerpts** the figures are pooled, not averaged: span F1 is
computed over all spans of all excerpts at once (precision is the mean over the
second reader's spans of the whole set, recall the mean over the key's, as the
official SemEval scorer does over a corpus), and κ from one table of all words
of all excerpts. A mean of per-excerpt figures would count a control where both
readers marked nothing as a perfect 1, as often as there are controls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.models import Excerpt
from quiz.scoring import merge_spans, score_category
from quiz.second import Marked, Place, key_before
from quiz.text import tokenize
from quiz.vocabulary import Category

# An excerpt is "contested" when, after adjudication, the key and the blind second
# reading still agree below this κ in some category. 0.4 is where Landis and Koch
# (1977) stop calling agreement "moderate" and call it "fair" or worse, and just below
# the α of about 0.42 that trained experts reach on biased words: a key under it is
# one careful readers would not reproduce. Disagreements that adjudication settled
# by changing the key do not count: the key was wrong there, and is now fixed.
CONTESTED_KAPPA = 0.4


@dataclass(frozen=True)
class Agreement:
    """The counts behind the two figures of one category; they add up over excerpts."""

    precision_sum: float = 0.0  # sum over the second reader's spans of the precision terms
    second_spans: int = 0  # the second reader's spans, merged as the metric merges marks
    recall_sum: float = 0.0  # sum over the key's spans of the recall terms
    first_spans: int = 0
    both: int = 0  # words in a span for both readers
    first_only: int = 0
    second_only: int = 0
    neither: int = 0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(
            self.precision_sum + other.precision_sum, self.second_spans + other.second_spans,
            self.recall_sum + other.recall_sum, self.first_spans + other.first_spans,
            self.both + other.both, self.first_only + other.first_only,
            self.second_only + other.second_only, self.neither + other.neither,
        )

    @property
    def span_f1(self) -> float:
        """F1 of the span metric; 1 when neither reader marked anything (the guide's rule)."""
        if not self.first_spans and not self.second_spans:
            return 1.0
        if not self.first_spans or not self.second_spans:
            return 0.0
        precision = self.precision_sum / self.second_spans
        recall = self.recall_sum / self.first_spans
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def kappa(self) -> float:
        """Cohen's κ over the words; 1 when chance agreement is certain (nothing to disagree)."""
        words = self.both + self.first_only + self.second_only + self.neither
        if not words:
            return 1.0
        observed = (self.both + self.neither) / words
        first_in = (self.both + self.first_only) / words
        second_in = (self.both + self.second_only) / words
        chance = first_in * second_in + (1 - first_in) * (1 - second_in)
        if chance >= 1.0:
            return 1.0
        return (observed - chance) / (1 - chance)

    def as_dict(self) -> dict[str, float]:
        """The JSON form of ``stats --json``: rounded to 3 decimals."""
        return {"span_f1": round(self.span_f1, 3), "kappa": round(self.kappa, 3)}


def compare(
    text: str, first: Sequence[Place], second: Sequence[Place]
) -> dict[Category, Agreement]:
    """The agreement counts of two sets of scored spans on one text, per category."""
    words = tokenize(text)
    found: dict[Category, Agreement] = {}
    for category in Category:
        gold = [(p.start, p.end) for p in first if p.category is category]
        marks = [(p.start, p.end) for p in second if p.category is category]
        try:
            result = score_category(gold, marks, text=text)
        except ValueError:  # a key rebuilt from rulings that overlap: count the overlap once
            gold = merge_spans(gold)
            result = score_category(gold, marks, text=text)
        in_first = [_inside(w.start, w.end, gold) for w in words]
        in_second = [_inside(w.start, w.end, marks) for w in words]
        pairs = list(zip(in_first, in_second, strict=True))
        found[category] = Agreement(
            precision_sum=result.precision * len(result.marks) if gold else 0.0,
            second_spans=len(result.marks),
            recall_sum=result.recall * len(gold) if result.marks else 0.0,
            first_spans=len(gold),
            both=pairs.count((True, True)),
            first_only=pairs.count((True, False)),
            second_only=pairs.count((False, True)),
            neither=pairs.count((False, False)),
        )
    return found


def _inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _scored(marks: Iterable[Marked]) -> list[Place]:
    return [m.place for m in marks if not m.attributed]


def excerpt_agreement(excerpt: Excerpt, *, before: bool = True) -> dict[Category, Agreement] | None:
    """One excerpt's agreement with its second reading; None when it has none.

    ``before``: the key as it was before adjudication (what the second reader
    disagreed with); otherwise the key as it is now, after adjudication.
    """
    if excerpt.second is None:
        return None
    key = excerpt.key()
    if before:
        key = key_before(key, excerpt.second.rulings)
    return compare(excerpt.text, _scored(key), excerpt.second.scored())


def pooled(excerpts: Iterable[Excerpt], *, before: bool = True) -> dict[Category, Agreement] | None:
    """The agreement over every excerpt that has a second reading; None when none has."""
    total: dict[Category, Agreement] | None = None
    for excerpt in excerpts:
        figures = excerpt_agreement(excerpt, before=before)
        if figures is None:
            continue
        total = figures if total is None else {c: total[c] + figures[c] for c in Category}
    return total


def contested_categories(excerpt: Excerpt) -> list[Category]:
    """The categories where the key and the second reading still agree below
    :data:`CONTESTED_KAPPA` after adjudication; empty when there is no second reading."""
    figures = excerpt_agreement(excerpt, before=False)
    if figures is None:
        return []
    return [c for c in Category if figures[c].kappa < CONTESTED_KAPPA]


def ruling_counts(excerpts: Iterable[Excerpt]) -> dict[str, int]:
    """How many rulings of each decision the set holds, how many changed the key, and how
    many disagreements between the key and a second reading have no ruling yet (``open``)."""
    counts = {"keep": 0, "drop": 0, "change": 0, "add": 0}
    open_ = 0
    for excerpt in excerpts:
        if excerpt.second is None:
            continue
        ruled: set[Place] = set()
        for ruling in excerpt.second.rulings:
            counts[ruling.decision] += 1
            ruled.add(ruling.place)
            if ruling.to is not None:
                ruled.add(ruling.to.place)
        for found in disagreements(excerpt.key(), excerpt.second.spans):
            sides = {m.place for m in (found.first, found.second) if m is not None}
            open_ += not sides & ruled
    counts["spans_changed"] = counts["drop"] + counts["change"] + counts["add"]
    counts["open"] = open_
    return counts


@dataclass(frozen=True)
class Disagreement:
    """One place where the key and the second reading differ, in one category.

    ``first`` is the key's span (None: only the second reader marked here),
    ``second`` the second reader's (None: only the key has it). When both are
    given they overlap with other ends.
    """

    category: Category
    first: Marked | None
    second: Marked | None

    @property
    def start(self) -> int:
        return min(m.start for m in (self.first, self.second) if m is not None)

    @property
    def decisions(self) -> tuple[str, ...]:
        """What an adjudicator may decide here (see :mod:`quiz.second`)."""
        if self.first is None:
            return ("keep", "add")  # keep the key as it is (the span stays out), or add it
        if self.second is None:
            return ("keep", "drop")
        return ("keep", "change", "drop")


def disagreements(key: Sequence[Marked], second: Sequence[Marked]) -> list[Disagreement]:
    """Every scored span that the two readings do not share exactly, in text order.

    A key span that no second span of its category overlaps, a second span that
    no key span overlaps, and a key span that a second span overlaps with other
    ends (paired with the first such span).
    """
    found: list[Disagreement] = []
    first_spans = [m for m in key if not m.attributed]
    second_spans = [m for m in second if not m.attributed]
    for mark in first_spans:
        others = [o for o in second_spans if o.category is mark.category
                  and o.start < mark.end and mark.start < o.end]
        if not others:
            found.append(Disagreement(mark.category, mark, None))
        elif not any(o.place == mark.place for o in others):
            found.append(Disagreement(mark.category, mark, others[0]))
    for other in second_spans:
        if not any(m.category is other.category and m.start < other.end and other.start < m.end
                   for m in first_spans):
            found.append(Disagreement(other.category, None, other))
    return sorted(found, key=lambda d: (d.start, d.category.value))
