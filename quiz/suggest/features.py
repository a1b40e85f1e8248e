"""Numbers that describe a candidate span, for the learned filter.

A feature vector says which rule proposed the candidate, how often that rule
and that exact phrase were right in the annotated examples (counted without
the candidate's own excerpt, so training sees honest figures), what the
lexicons say about its words, and what the sentence and the whole text look
like (attribution, quotation, first person, how opinionated the text is:
straight news controls punish every false alarm).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from quiz.suggest.context import Context
from quiz.suggest.lexicon import Lexicon, word_set
from quiz.suggest.rules import Candidate
from quiz.suggest.words import MOTIVE, SWEEPING

RULES = (
    "adverb",
    "hedge",
    "first_person",
    "ought",
    "evaluation",
    "list",
    "learned",
    "booster",
    "evaluative",
    "emotive",
    "label",
    "scare_quotes",
    "imperative",
    "question",
    "clause",
    "vague_source",
    "figure",
    "motive",
    "sweeping",
    "tagger",
)
_STRONG = frozenset({"first_person", "adverb", "ought", "question", "list", "scare_quotes"})
_FIRST_PERSON = word_set("i my me we our us i'm i've i'd we're let's")
_MODALS = word_set("should must ought need needs")
_COPULAS = word_set("is are was were be been")
# Words that carry grammar, not meaning: a loaded term rarely starts or ends on one.
FUNCTION_WORDS = word_set(
    "a an the this that these those of on in at to for from by with out up off over into as "
    "and or but if so than then it its it's they them their he she his her we our us you your "
    "i my me is are was were be been has have had do does did will would can could not no"
)


@dataclass(frozen=True)
class Priors:
    """How often each (category, key) was right in the examples: ``key -> (hits, fires)``."""

    counts: Mapping[tuple[str, str], tuple[float, float]]
    rule_rates: Mapping[tuple[str, str], float]  # (category, rule) -> hit rate

    def rate(self, c: Candidate) -> tuple[float, float]:
        """Smoothed hit rate of the candidate's key, and log of how often it fired."""
        base = self.rule_rates.get((c.category.value, c.rule), 0.2)
        hits, fires = self.counts.get((c.category.value, c.key), (0.0, 0.0))
        return (hits + 2 * base) / (fires + 2), math.log1p(fires)


@dataclass(frozen=True)
class TextStats:
    """Whole-text figures shared by every candidate of one text."""

    opinionated: float
    attributed_share: float


def text_stats(ctx: Context, candidates: list[Candidate]) -> TextStats:
    """How opinionated the text is and how much of it is attributed."""
    n = max(1, len(ctx.tokens))
    strong = sum(1 for c in candidates if c.rule in _STRONG)
    sentences = max(1, len(ctx.sentences))
    return TextStats(
        opinionated=10.0 * strong / n,
        attributed_share=sum(s.attributed for s in ctx.sentences) / sentences,
    )


def vector(
    c: Candidate,
    ctx: Context,
    lex: Lexicon,
    priors: Priors,
    stats: TextStats,
    support: float,
    loaded_at: frozenset[int],
) -> list[float]:
    """The feature vector of one candidate.

    Args:
        c: the candidate.
        ctx: its text, read.
        lex: the word lists.
        priors: hit rates from the examples.
        stats: figures of the whole text.
        support: in how many example excerpts this phrase was gold.
        loaded_at: token indices that some loaded-term rule fired on.
    """
    words = ctx.words[c.first : c.last + 1]
    sentence = ctx.sentences[ctx.sentence_of[c.first]]
    sentence_words = set(ctx.words[sentence.first : sentence.last + 1])
    rate, fires = priors.rate(c)
    n = len(words)
    last_tag = lex.pos.get(words[-1], "")
    head = ctx.tokens[c.first].text
    proper = head[:1].isupper() and c.first != sentence.first
    onehot = [1.0 if c.rule == r else 0.0 for r in RULES]
    return [
        *onehot,
        rate,
        fires,
        math.log1p(support),
        math.log(n),
        float(sentence.attributed),
        float(ctx.quoted[c.first]),
        float(sentence.question),
        float(sentence.exclaims),
        float(bool(sentence_words & _FIRST_PERSON)),
        max(abs(lex.valence.get(w, 0.0)) for w in words) / 4,
        max(lex.subjectivity.get(w, 0.0) for w in words),
        max(abs(lex.polarity.get(w, 0.0)) for w in words),
        float(proper),
        float(last_tag.startswith("JJ")),
        float(last_tag.startswith("RB")),
        float(last_tag.startswith("VB")),
        float(last_tag.startswith("NN")),
        c.first / max(1, len(ctx.tokens)),
        stats.opinionated,
        stats.attributed_share,
        min(3.0, sum(any(ch.isdigit() for ch in w) for w in words)),
        min(3.0, sum(w in SWEEPING for w in words)),
        min(3.0, sum(w in MOTIVE for w in words)),
        min(3.0, sum(i in loaded_at for i in range(c.first, c.last + 1))),
        float(any(w in _MODALS for w in words)),
        float(any(w in _COPULAS for w in words)),
        float(any(w in _FIRST_PERSON for w in words)),
        float(c.last == sentence.last and c.first == sentence.first),
        float(c.first == sentence.first and words[0] in lex.base_verbs),
        float(words[0] in FUNCTION_WORDS),
        float(words[-1] in FUNCTION_WORDS),
        sum(w not in FUNCTION_WORDS for w in words) / n,
    ]
