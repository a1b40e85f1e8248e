"""The suggester: rules propose, the learned filter keeps the likely ones, spans never clash."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from quiz.models import Category, Excerpt
from quiz.suggest.context import read
from quiz.suggest.evaluate import corpus_scores, fold_of
from quiz.suggest.lexicon import Lexicon, load_lexicon
from quiz.suggest.model import Model, Scored, score_candidates, train
from quiz.suggest.tagger import fit_tagger, out_of_fold
from quiz.text import word_count

MAX_WORDS = 2000
_GRID = tuple(round(0.1 + 0.05 * i, 2) for i in range(17))  # 0.10 .. 0.90


class TextTooLong(ValueError):
    """The text is longer than the suggester reads; the message gives both lengths."""


@dataclass(frozen=True)
class Suggestion:
    """A proposed span: ``text[start:end] == quote``, on whole tokens."""

    start: int
    end: int
    category: Category
    quote: str
    why: str
    neutral_alternative: str | None = None
    confidence: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The JSON form of ``python -m quiz suggest --json``."""
        return {
            "start": self.start,
            "end": self.end,
            "category": self.category.value,
            "quote": self.quote,
            "why": self.why,
        }


class Suggester:
    """Suggests spans per category; fit it on annotated excerpts for better picks.

    Without a model only the most reliable rules speak (no examples to learn from).
    """

    def __init__(self, model: Model | None = None, lexicon: Lexicon | None = None) -> None:
        self.model = model
        self.lexicon = lexicon or load_lexicon()

    @classmethod
    def fit(cls, excerpts: Sequence[Excerpt], *, folds: int = 4) -> Suggester:
        """Train on ``excerpts``; choose each category's threshold by cross-validation.

        Folds are drawn by excerpt group (pairs and same-article excerpts stay
        together), so the thresholds are set on predictions for unseen stories.
        """
        lex = load_lexicon()
        if not excerpts:
            return cls(None, lex)
        fold = fold_of(excerpts, folds, "fold:")
        scored: list[tuple[Excerpt, list[Scored]]] = []
        for k in range(folds):
            fit_on = [e for e in excerpts if fold[e.id] != k]
            held = [e for e in excerpts if fold[e.id] == k]
            if not fit_on or not held:
                continue
            model = _train(fit_on, lex)
            scored += [(e, score_candidates(model, read(e.text), lex)) for e in held]
        final = _train(excerpts, lex)
        thresholds = {c: _best_threshold(scored, c) for c in Category}
        return cls(replace(final, thresholds=thresholds), lex)

    def suggest(self, text: str, categories: Iterable[Category] | None = None) -> list[Suggestion]:
        """Propose spans in ``text``, in text order.

        Args:
            text: the passage, at most :data:`MAX_WORDS` words.
            categories: the categories wanted (default: all three).

        Raises:
            TextTooLong: the text has more than :data:`MAX_WORDS` words.
        """
        words = word_count(text)
        if words > MAX_WORDS:
            raise TextTooLong(
                f"the text has {words} words but the suggester reads at most {MAX_WORDS}: "
                "split it into passages (an excerpt has 60 to 180 words) and suggest on each"
            )
        if words == 0:
            return []
        wanted = set(categories) if categories is not None else set(Category)
        ctx = read(text)
        scored = [
            s
            for s in score_candidates(self.model, ctx, self.lexicon)
            if s.candidate.category in wanted
        ]
        thresholds = self.model.thresholds if self.model else {}
        kept = decode(scored, thresholds)
        out: list[Suggestion] = []
        for s in kept:
            c = s.candidate
            start, end = ctx.span(c.first, c.last)
            out.append(
                Suggestion(
                    start,
                    end,
                    c.category,
                    text[start:end],
                    c.why,
                    c.neutral,
                    round(s.probability, 3),
                )
            )
        return sorted(out, key=lambda s: (s.start, s.category.value))


def decode(scored: Sequence[Scored], thresholds: dict[Category, float]) -> list[Scored]:
    """Keep candidates above their category's threshold, best first, none overlapping."""
    kept: list[Scored] = []
    taken: dict[Category, set[int]] = {c: set() for c in Category}
    for s in sorted(scored, key=lambda s: -s.probability):
        c = s.candidate
        if s.probability < thresholds.get(c.category, 0.5):
            continue
        tokens = set(range(c.first, c.last + 1))
        if tokens & taken[c.category]:
            continue
        taken[c.category] |= tokens
        kept.append(s)
    return kept


def _train(excerpts: Sequence[Excerpt], lex: Lexicon) -> Model:
    """The filter trained on out-of-fold tagger scores, with a tagger fitted on all of them."""
    model = train(excerpts, lex, out_of_fold(excerpts))
    return replace(model, tagger=fit_tagger(excerpts))


def _best_threshold(scored: list[tuple[Excerpt, list[Scored]]], category: Category) -> float:
    if not scored:
        return 0.5
    readings = [read(excerpt.text) for excerpt, _ in scored]
    best, best_f1 = 0.5, -1.0
    for threshold in _GRID:
        items = []
        for (excerpt, cands), ctx in zip(scored, readings, strict=True):
            kept = decode(
                [s for s in cands if s.candidate.category is category], {category: threshold}
            )
            spans = [ctx.span(s.candidate.first, s.candidate.last) for s in kept]
            items.append((excerpt, {category: spans}))
        f1 = corpus_scores(items)[category].f1
        if f1 > best_f1 + 1e-9:
            best, best_f1 = threshold, f1
    return best
