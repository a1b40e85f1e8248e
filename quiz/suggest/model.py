"""The learned filter: a logistic regression per category over the candidates.

Candidates come from the rules and from the word tagger (runs of words that
look like the annotated spans). Trained on annotated excerpts only (our own
content set), the filter learns which rules and phrases the annotators agreed
with, how far to trust the tagger, and, through cross-validation by excerpt
group, the probability above which a candidate is worth showing. Pure numpy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quiz.models import Category, Excerpt
from quiz.suggest.context import Context, read
from quiz.suggest.evaluate import groups
from quiz.suggest.examples import Bank, build_bank, near_features
from quiz.suggest.features import Priors, text_stats, vector
from quiz.suggest.lexicon import Lexicon, Phrase
from quiz.suggest.rules import LOADED, Candidate, propose
from quiz.suggest.tagger import Tagger, tag_features, tagged

Array = npt.NDArray[np.float64]
MAX_LEARNED_TOKENS = 4
_RIDGE = 1.0
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Weights:
    """A fitted logistic regression on standardised features."""

    mean: Array
    scale: Array
    coef: Array
    bias: float

    def predict(self, rows: Array) -> Array:
        """Probability that each row is a gold span."""
        z = ((rows - self.mean) / self.scale) @ self.coef + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class Model:
    """What training learned; ``weights`` lacks a category with too few examples."""

    priors: Priors
    learned: dict[Phrase, tuple[Category, str]]
    support: dict[Phrase, int]
    weights: dict[Category, Weights]
    thresholds: dict[Category, float]
    tagger: Tagger | None = None
    bank: Bank | None = None


@dataclass(frozen=True)
class Scored:
    """A candidate with its probability of being gold."""

    candidate: Candidate
    probability: float


def score_candidates(
    model: Model | None, ctx: Context, lex: Lexicon, tags: Array | None = None
) -> list[Scored]:
    """Propose candidates and score them; without a model each rule's own guess is used.

    Args:
        model: what training learned, or ``None``.
        ctx: the text, read.
        lex: the word lists.
        tags: the tagger's word scores for this text (default: the model's tagger's).
    """
    learned = model.learned if model else {}
    candidates = propose(ctx, lex, learned)
    if model is None:
        return [Scored(c, _RULE_ONLY.get(c.rule, 0.0)) for c in candidates]
    if tags is None and model.tagger is not None:
        tags = model.tagger.scores(ctx.text)
    candidates += tagged(tags, candidates)
    near = (model.bank, None)
    rows = _rows(candidates, ctx, lex, model.priors, model.support, tags, near)
    scored: list[Scored] = []
    for category in Category:
        index = [i for i, c in enumerate(candidates) if c.category is category]
        weights = model.weights.get(category)
        if not index:
            continue
        if weights is None:  # too few examples of both kinds: the rules' own guesses
            scored += [
                Scored(candidates[i], _RULE_ONLY.get(candidates[i].rule, 0.0)) for i in index
            ]
            continue
        probs = weights.predict(rows[index])
        scored += [Scored(candidates[i], float(p)) for i, p in zip(index, probs, strict=True)]
    return scored


def train(
    excerpts: Sequence[Excerpt], lex: Lexicon, tags: dict[str, Array] | None = None
) -> Model:
    """Fit priors, learned phrases and one regression per category on ``excerpts``.

    Args:
        excerpts: the annotated examples.
        lex: the word lists.
        tags: each excerpt's word scores from a tagger that never saw it
            (:func:`quiz.suggest.tagger.out_of_fold`), or ``None`` to learn without one.
    """
    contexts = [read(e.text) for e in excerpts]
    bank, group = build_bank(excerpts), groups(excerpts)
    phrases, alternatives = _gold_phrases(excerpts, contexts)
    # Pass 1: candidates with phrases learned from the *other* excerpts only,
    # so that a phrase never vouches for itself.
    per_excerpt: list[list[Candidate]] = []
    for e, ctx in zip(excerpts, contexts, strict=True):
        learned = {p: alternatives[p] for p, ids in phrases.items() if ids - {e.id}}
        found = propose(ctx, lex, learned)
        per_excerpt.append(found + tagged(tags[e.id] if tags else None, found))
    labels = [
        [_label(c, ctx, e) for c in cands]
        for e, ctx, cands in zip(excerpts, contexts, per_excerpt, strict=True)
    ]
    own = [_counts(cands, labs) for cands, labs in zip(per_excerpt, labels, strict=True)]
    total: Counter[tuple[str, str, int]] = Counter()
    for counts in own:
        total.update(counts)
    rule_rates = _rule_rates(per_excerpt, labels)
    rows: list[Array] = []
    ys: list[list[float]] = []
    cats: list[list[Category]] = []
    for e, ctx, cands, labs, counts in zip(
        excerpts, contexts, per_excerpt, labels, own, strict=True
    ):
        priors = Priors(_as_rates(total - counts), rule_rates)
        support = {p: len(ids - {e.id}) for p, ids in phrases.items()}
        near = (bank, group[e.id])  # the examples, less e's own story
        rows.append(_rows(cands, ctx, lex, priors, support, tags[e.id] if tags else None, near))
        ys.append(labs)
        cats.append([c.category for c in cands])
    x = np.vstack(rows) if rows else np.zeros((0, 1))
    y = np.array([v for ls in ys for v in ls], dtype=np.float64)
    cat = [c for cs in cats for c in cs]
    weights: dict[Category, Weights] = {}
    for category in Category:
        mask = np.array([c is category for c in cat], dtype=bool)
        if mask.sum() >= 5 and 0 < y[mask].sum() < mask.sum():
            weights[category] = _fit(x[mask], y[mask])
    return Model(
        priors=Priors(_as_rates(total), rule_rates),
        learned={p: alternatives[p] for p in phrases},
        support={p: len(ids) for p, ids in phrases.items()},
        weights=weights,
        thresholds={c: DEFAULT_THRESHOLD for c in Category},
        bank=bank,
    )


# Without examples, trust only the rules that are rarely wrong.
_RULE_ONLY = {
    "first_person": 0.9,
    "adverb": 0.6,
    "ought": 0.6,
    "question": 0.7,
    "list": 0.7,
    "vague_source": 0.8,
    "learned": 0.8,
    "figure": 0.55,
    "motive": 0.55,
    "scare_quotes": 0.6,
    "label": 0.6,
}


def _gold_phrases(
    excerpts: Sequence[Excerpt], contexts: Sequence[Context]
) -> tuple[dict[Phrase, set[str]], dict[Phrase, tuple[Category, str]]]:
    phrases: dict[Phrase, set[str]] = defaultdict(set)
    alternatives: dict[Phrase, tuple[Category, str]] = {}
    for e, ctx in zip(excerpts, contexts, strict=True):
        for span in e.spans:
            if not span.is_gold or span.category not in (Category.OPINION_MARKER, LOADED):
                continue
            index = [
                i for i, t in enumerate(ctx.tokens) if t.start >= span.start and t.end <= span.end
            ]
            if not index or len(index) > MAX_LEARNED_TOKENS:
                continue
            phrase = tuple(ctx.words[i] for i in index)
            phrases[phrase].add(e.id)
            alternatives[phrase] = (span.category, span.neutral_alternative or "")
    return dict(phrases), alternatives


def _label(c: Candidate, ctx: Context, excerpt: Excerpt) -> float:
    start, end = ctx.span(c.first, c.last)
    inside = sum(max(0, min(end, g.end) - max(start, g.start)) for g in excerpt.gold(c.category))
    return 1.0 if 2 * inside >= end - start else 0.0


def _counts(cands: list[Candidate], labs: list[float]) -> Counter[tuple[str, str, int]]:
    counts: Counter[tuple[str, str, int]] = Counter()
    for c, y in zip(cands, labs, strict=True):
        counts[(c.category.value, c.key, 0)] += 1
        counts[(c.category.value, c.key, 1)] += int(y)
    return counts


def _as_rates(counts: Counter[tuple[str, str, int]]) -> dict[tuple[str, str], tuple[float, float]]:
    rates: dict[tuple[str, str], tuple[float, float]] = {}
    for (category, key, kind), n in counts.items():
        if kind == 0:
            rates[(category, key)] = (float(counts[(category, key, 1)]), float(n))
    return rates


def _rule_rates(
    per_excerpt: list[list[Candidate]], labels: list[list[float]]
) -> dict[tuple[str, str], float]:
    hits: Counter[tuple[str, str]] = Counter()
    fires: Counter[tuple[str, str]] = Counter()
    for cands, labs in zip(per_excerpt, labels, strict=True):
        for c, y in zip(cands, labs, strict=True):
            fires[(c.category.value, c.rule)] += 1
            hits[(c.category.value, c.rule)] += int(y)
    return {k: (hits[k] + 0.5) / (n + 2) for k, n in fires.items()}


def _rows(
    cands: list[Candidate],
    ctx: Context,
    lex: Lexicon,
    priors: Priors,
    support: dict[Phrase, int],
    tags: Array | None,
    near: tuple[Bank | None, str | None],
) -> Array:
    """Feature rows; ``near`` is the bank of examples and a group to leave out of it."""
    stats = text_stats(ctx, cands)
    loaded_at = frozenset(
        i
        for c in cands
        if c.category is LOADED and c.rule != "emotive"
        for i in range(c.first, c.last + 1)
    )
    table = [
        vector(
            c,
            ctx,
            lex,
            priors,
            stats,
            float(support.get(tuple(ctx.words[c.first : c.last + 1]), 0)),
            loaded_at,
        )
        for c in cands
    ]
    rows = np.array(table, dtype=np.float64).reshape(len(table), -1)
    return np.hstack([rows, tag_features(cands, tags), near_features(cands, ctx.text, *near)])


def _fit(x: Array, y: Array) -> Weights:
    """L2-regularised logistic regression by Newton's method (a dozen steps converge)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    ridge = np.eye(z.shape[1]) * _RIDGE
    ridge[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + ridge @ w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + ridge
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-6:
            break
    return Weights(mean, scale, w[:-1], float(w[-1]))
