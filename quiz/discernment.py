"""Discernment: telling spin from plain text, apart from how readily a learner marks.

The span score (:mod:`quiz.scoring`) rewards marking: marking every word of
every excerpt scores 25 on the bundled content, more than careful guessing.
Signal-detection theory separates the two things a mark says: how well the
learner tells spin from plain text (*sensitivity*, d′) and how readily they
mark at all (*criterion*, c). Pure functions, no I/O.

The unit is the **word** the learner selects (:func:`quiz.text.tokenize`).
For each category on its own, every word of the excerpt is one trial:

* **signal**: the word is inside a scored (gold) span of the category;
* **noise**: every other word. This is the *eligible* set for false alarms:
  all words outside the category's gold spans, so controls, attributed
  opinions, plain news text and the gold spans of the *other* categories all
  count fully. Marking a quoted opinion or neutral text is the "sees spin
  everywhere" error the measure exists to catch; marking a claim as a loaded
  term is a miss of the category, as the per-category score says (the
  feedback names it "right place, wrong kind", see :func:`wrong_kind`).
  Leaving out other categories' words instead would make each category's
  trials depend on the others' keys and hide that error.

A word is **marked** in a category when a mark of that category covers any of
its characters (marks from the page are whole words; from the CLI they may
cut one). Then, per category:

* hit rate ``H = hits / signal words`` (None without signal words);
* false-alarm rate ``F = false alarms / noise words``;
* ``d′ = z(H') - z(F')`` and ``c = -(z(H') + z(F')) / 2``, where ``z`` is the
  inverse standard normal and ``H' = (hits + 0.5) / (signal + 1)``,
  ``F' = (false alarms + 0.5) / (noise + 1)``: the log-linear correction
  (Hautus, 1995), which keeps rates of 0 and 1 finite and biases d′ least.
  d′ and c are None when there is no signal word or no noise word.

Within a skill, counts add up across attempts (a learner) or learners (a
class pool); rates and d′ are computed on the summed counts, never averaged,
so a short excerpt weighs less than a long one and the correction is applied
once. Across skills the figures are averaged (:func:`across_skills`,
:func:`discernment`), as the span score averages its categories.

The headline figure is :func:`discernment`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from quiz.models import Category, Excerpt
from quiz.selections import CharSpan, merge_spans
from quiz.text import Token, tokenize

_Z = NormalDist().inv_cdf


@dataclass(frozen=True, slots=True)
class Detection:
    """Signal-detection counts: words of spin found and plain words marked.

    ``hits`` of ``signal`` gold words were marked; ``false_alarms`` of
    ``noise`` other words were marked. Adding two gives the pooled counts.
    """

    hits: int = 0
    signal: int = 0
    false_alarms: int = 0
    noise: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.hits <= self.signal and 0 <= self.false_alarms <= self.noise):
            raise ValueError(
                f"impossible counts {self}: need 0 <= hits <= signal, 0 <= FA <= noise"
            )

    def __add__(self, other: Detection) -> Detection:
        return Detection(
            self.hits + other.hits,
            self.signal + other.signal,
            self.false_alarms + other.false_alarms,
            self.noise + other.noise,
        )

    @property
    def hit_rate(self) -> float | None:
        """The share of gold words marked; None when there was nothing to find."""
        return self.hits / self.signal if self.signal else None

    @property
    def false_alarm_rate(self) -> float | None:
        """The share of plain (non-gold) words marked; None when every word was gold."""
        return self.false_alarms / self.noise if self.noise else None

    def _z_pair(self) -> tuple[float, float] | None:
        if not (self.signal and self.noise):
            return None
        hit = (self.hits + 0.5) / (self.signal + 1)
        false_alarm = (self.false_alarms + 0.5) / (self.noise + 1)
        return _Z(hit), _Z(false_alarm)

    @property
    def d_prime(self) -> float | None:
        """Sensitivity d′ with the log-linear correction; None without signal or noise words."""
        pair = self._z_pair()
        return None if pair is None else pair[0] - pair[1]

    @property
    def criterion(self) -> float | None:
        """Criterion c (above 0: marks sparingly, below 0: marks readily); None like d′."""
        pair = self._z_pair()
        return None if pair is None else -(pair[0] + pair[1]) / 2

    def as_dict(self) -> dict[str, float | None]:
        """The four figures as JSON numbers, ``None`` where they cannot be computed."""
        return {
            "hit_rate": self.hit_rate,
            "false_alarm_rate": self.false_alarm_rate,
            "d_prime": self.d_prime,
            "criterion": self.criterion,
        }


def pool(counts: Iterable[Detection]) -> Detection:
    """The summed counts: a learner's attempts, a class's learners, or all categories."""
    total = Detection()
    for item in counts:
        total = total + item
    return total


def across_skills(per_skill: Mapping[Category, Detection]) -> tuple[float | None, float | None]:
    """One learner's d′ and c over all skills: the mean of the skills' figures.

    The mean, not the figures of the pooled counts, for the reason
    :func:`discernment` averages its categories: pooling would favour marking
    more in the category with the longest spans. Skills without a figure
    (nothing to find there yet) are left out; (None, None) when none has one.
    """
    pairs = [(d.d_prime, d.criterion) for d in per_skill.values()]
    known = [(d, c) for d, c in pairs if d is not None and c is not None]
    if not known:
        return None, None
    return sum(d for d, _ in known) / len(known), sum(c for _, c in known) / len(known)


@dataclass(frozen=True, slots=True)
class WordKey:
    """An excerpt's words and, per category, which of them are gold. Build once per excerpt."""

    tokens: tuple[Token, ...]
    gold: Mapping[Category, frozenset[int]]
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @classmethod
    def of(cls, excerpt: Excerpt) -> WordKey:
        tokens = tuple(tokenize(excerpt.text))
        starts, ends = tuple(t.start for t in tokens), tuple(t.end for t in tokens)
        gold = {
            c: frozenset(_covered(starts, ends, [(s.start, s.end) for s in excerpt.gold(c)]))
            for c in Category
        }
        return cls(tokens, gold, starts, ends)

    def marked(self, spans: Sequence[CharSpan]) -> set[int]:
        """The words a set of marks covers (any character of the word)."""
        return _covered(self.starts, self.ends, spans)

    def counts(
        self, selections: Mapping[Category, Sequence[CharSpan]], categories: Sequence[Category]
    ) -> dict[Category, Detection]:
        """The counts of one answer, per asked category (an absent category: nothing marked)."""
        total = len(self.tokens)
        result: dict[Category, Detection] = {}
        for category in dict.fromkeys(categories):
            gold = self.gold[category]
            marked = self.marked(selections.get(category, ()))
            hits = len(marked & gold)
            result[category] = Detection(hits, len(gold), len(marked) - hits, total - len(gold))
        return result


def _covered(
    starts: Sequence[int], ends: Sequence[int], spans: Iterable[CharSpan]
) -> set[int]:
    """Indices of the tokens (by their starts and ends) that share a character with a span."""
    covered: set[int] = set()
    count = len(starts)
    for start, end in spans:
        # Token ends increase: the first token ending after ``start`` is the first the
        # span can share a character with.
        index = bisect_right(ends, start)
        while index < count and starts[index] < end:
            covered.add(index)
            index += 1
    return covered


def attempt_counts(
    excerpt: Excerpt,
    selections: Mapping[Category, Sequence[CharSpan]],
    categories: Sequence[Category],
) -> dict[Category, Detection]:
    """Per asked category, the counts of one answer to one excerpt."""
    return WordKey.of(excerpt).counts(selections, categories)


def discernment(counts: Mapping[Category, Detection]) -> float:
    """The headline figure, 0 to 100: spin found minus plain text marked, per skill.

    For each asked category with something to find, ``H - F`` (Youden's J):
    the share of its gold words marked minus the share of its other words
    marked. The figure is 100 times their mean, less the false-alarm rates of
    the asked categories with nothing to find (each divided by the number of
    categories with something to find), never below 0. When no asked category
    has a gold word, it is ``100 * (1 - mean F)``: the share of words left alone.

    Why this and not the span score or d′:

    * A perfect answer (every gold word, nothing else) gets 100.
    * A way of marking that does not read the text marks a category's spin and
      plain words at the same rate, so its expected ``H - F`` is 0 whatever it
      marks: everything (H = F = 1), nothing (H = F = 0), random words
      (H ≈ F). Only chance results below 0, clipped to 0, lift random marking
      to a few points (measured in ``tests/test_discernment_strategies.py``).
    * Categories are averaged, as the span score averages F1: pooling their
      words would favour a guesser who marks more in the category with the
      longest spans (unsupported claims), since more of its words are gold.
    * Marks of a category with nothing to find cost, or marking every category
      everywhere would go unpunished on excerpts with one kind of spin.
    * On an excerpt with nothing to find, marking everything scores 0 and
      marking nothing 100, the right answer there.
    * d′ needs the log-linear correction, so a perfect answer would not reach
      a round top, and it has no upper bound to show as a percentage.
    """
    present = [d for d in counts.values() if d.signal]
    empty = [d.false_alarm_rate or 0.0 for d in counts.values() if not d.signal]
    if not present:
        return 100.0 * (1.0 - sum(empty) / len(empty)) if empty else 0.0
    total = sum((d.hit_rate or 0.0) - (d.false_alarm_rate or 0.0) for d in present) - sum(empty)
    return 100.0 * max(0.0, total / len(present))


def attempt_discernment(
    excerpt: Excerpt,
    selections: Mapping[Category, Sequence[CharSpan]],
    categories: Sequence[Category],
) -> float:
    """:func:`discernment` of one answer to one excerpt."""
    return discernment(attempt_counts(excerpt, selections, categories))


@dataclass(frozen=True, slots=True)
class WrongKind:
    """A mark that found no span of its own category but overlaps a gold span of another."""

    category: Category
    start: int
    end: int
    key_category: Category


def wrong_kind(
    excerpt: Excerpt, selections: Mapping[Category, Sequence[CharSpan]]
) -> list[WrongKind]:
    """Marks in the right place but of the wrong kind, in text order.

    A merged mark of category A that touches no gold span of A (a false alarm
    of A) but shares a character with a gold span of category B is listed
    with ``key_category`` B (the first such span's category, in text order).
    The score does not change: it stays per category.
    """
    found: list[WrongKind] = []
    for category, spans in selections.items():
        own = excerpt.gold(category)
        others = sorted(
            (s for s in excerpt.spans if s.is_gold and s.category is not category),
            key=lambda s: s.start,
        )
        for start, end in merge_spans(spans):
            if any(s.start < end and start < s.end for s in own):
                continue
            hit = next((s for s in others if s.start < end and start < s.end), None)
            if hit is not None:
                found.append(WrongKind(category, start, end, hit.category))
    return sorted(found, key=lambda w: (w.start, w.end, w.category.value))
