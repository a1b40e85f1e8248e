"""Rule families that propose candidate spans; the learned filter decides which to keep.

Each rule proposes generously and says why. The families (docs/ANNOTATION_GUIDE.md):

* opinion markers: stance adverbs, hedges, first-person stance, oughts and calls
  to action, boosters, evaluative adjectives, rhetorical questions, imperatives;
* loaded terms: our list with neutral alternatives, terms learned from the
  annotated examples, strongly emotive words (VADER), labelling compounds,
  scare quotes;
* unsupported claims: vague sources, precise figures, motives and sweeping
  generalisations, and every other unattributed clause, as a weak candidate.

The short word lists and the reason templates are in :mod:`quiz.suggest.words`.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.models import Category
from quiz.suggest.context import Context
from quiz.suggest.lexicon import Lexicon, Phrase
from quiz.suggest.words import (
    LABEL_SUFFIXES,
    LEADING,
    MOTIVE,
    NOT_AFTER_IMPERATIVE,
    SWEEPING,
    VAGUE_SUBJECTS,
    VAGUE_VERBS,
    WHY,
)

OPINION, LOADED, CLAIM = Category.OPINION_MARKER, Category.LOADED_TERM, Category.UNSUPPORTED_CLAIM


@dataclass(frozen=True)
class Candidate:
    """A proposed span: tokens ``first..last`` inclusive, and why."""

    first: int
    last: int
    category: Category
    rule: str
    key: str  # what the learned filter counts hits of, e.g. the matched phrase
    why: str
    neutral: str | None = None


def propose(
    ctx: Context, lex: Lexicon, learned: dict[Phrase, tuple[Category, str]]
) -> list[Candidate]:
    """Every candidate of every rule family, in no particular order.

    Args:
        ctx: the text, read.
        lex: the word lists.
        learned: phrases annotated in the examples: category and neutral wording
            (empty for opinion markers and when there is none).
    """
    found: list[Candidate] = []
    found += _phrases(ctx, lex, learned)
    found += _word_rules(ctx, lex)
    found += _questions(ctx)
    found += _clauses(ctx)
    found += _noun_phrases(ctx, lex, found)
    return found


def _noun_phrases(ctx: Context, lex: Lexicon, found: list[Candidate]) -> list[Candidate]:
    """Grow one-word loaded terms into the noun phrase annotators mark.

    Labels come with their noun or adjective (*greedy bosses*, *bike-mad cronies*);
    the grown span is a candidate of its own and the filter picks between them.
    """
    grown: list[Candidate] = []
    for c in found:
        if c.category is not LOADED or c.first != c.last or c.rule == "emotive":
            continue
        i = c.first
        before = ctx.words[i - 1] if i > 0 else ""
        after = ctx.words[i + 1] if i + 1 < len(ctx.words) else ""
        same_before = i > 0 and ctx.clause_of[i - 1] == ctx.clause_of[i]
        same_after = bool(after) and ctx.clause_of[i + 1] == ctx.clause_of[i]
        if same_before and (lex.pos.get(before, "").startswith("JJ") or "-" in before):
            grown.append(Candidate(i - 1, i, LOADED, c.rule, c.key + " <adj", c.why, c.neutral))
        tag = lex.pos.get(c.key, "")
        if (
            same_after
            and (tag.startswith("JJ") or c.rule == "label")
            and lex.pos.get(after, "").startswith("NN")
        ):
            grown.append(Candidate(i, i + 1, LOADED, c.rule, c.key + " noun>", c.why, c.neutral))
    return grown


def _quote(ctx: Context, first: int, last: int) -> str:
    start, end = ctx.span(first, last)
    return ctx.text[start:end]


def _phrases(
    ctx: Context, lex: Lexicon, learned: dict[Phrase, tuple[Category, str]]
) -> list[Candidate]:
    found: list[Candidate] = []
    longest = max(lex.longest, max((len(p) for p in learned), default=1))
    words = ctx.words
    for i in range(len(words)):
        for n in range(1, min(longest, len(words) - i) + 1):
            phrase = tuple(words[i : i + n])
            if ctx.sentence_of[i] != ctx.sentence_of[i + n - 1]:
                break
            key = " ".join(phrase)
            q = _quote(ctx, i, i + n - 1)
            family = lex.opinion.get(phrase)
            if family is not None:
                found.append(Candidate(i, i + n - 1, OPINION, family, key, WHY[family].format(q=q)))
            neutral = lex.loaded.get(phrase)
            if neutral is not None:
                found.append(
                    Candidate(
                        i,
                        i + n - 1,
                        LOADED,
                        "list",
                        key,
                        f"'{q}' is loaded: a neutral writer would say '{neutral}'.",
                        neutral,
                    )
                )
            if phrase in learned:
                category, alt = learned[phrase]
                why = f"'{q}' was marked as a {category.label.lower()} in similar texts" + (
                    f"; neutral: '{alt}'." if alt else "."
                )
                found.append(Candidate(i, i + n - 1, category, "learned", key, why, alt or None))
    return found


def _word_rules(ctx: Context, lex: Lexicon) -> list[Candidate]:
    found: list[Candidate] = []
    for i, w in enumerate(ctx.words):
        q = ctx.tokens[i].text
        tag = lex.pos.get(w, "")
        sentence = ctx.sentences[ctx.sentence_of[i]]
        if w in lex.boosters:
            found.append(
                Candidate(
                    i,
                    i,
                    OPINION,
                    "booster",
                    w,
                    f"'{q}' turns up the volume on the writer's judgement.",
                )
            )
        subj = lex.subjectivity.get(w, 0.0)
        if tag.startswith("JJ") and subj >= 0.6 and w not in lex.boosters:
            first = (
                i - 1
                if i > 0
                and (ctx.words[i - 1] in lex.boosters or ctx.words[i - 1] in {"most", "so", "too"})
                else i
            )
            found.append(
                Candidate(
                    first,
                    i,
                    OPINION,
                    "evaluative",
                    w,
                    f"'{_quote(ctx, first, i)}' is a judgement, not a fact.",
                )
            )
        valence = lex.valence.get(w, 0.0)
        if abs(valence) >= 1.9:
            found.append(
                Candidate(
                    i,
                    i,
                    LOADED,
                    "emotive",
                    w,
                    f"'{q}' carries strong feeling (VADER valence {valence:+.1f}).",
                )
            )
        if w.endswith(LABEL_SUFFIXES) or w.startswith(("anti-", "pro-", "self-")):
            found.append(Candidate(i, i, LOADED, "label", w, f"'{q}' is a label that judges."))
        if ctx.quoted[i] and not sentence.attributed and _short_quote(ctx, i):
            found.append(
                Candidate(
                    i, i, LOADED, "scare_quotes", w, f"Quotation marks around '{q}' mock the word."
                )
            )
        if (
            i == sentence.first
            and w in lex.base_verbs
            and (w,) not in lex.opinion
            and not sentence.question
            and i < sentence.last
            and ctx.words[i + 1] not in NOT_AFTER_IMPERATIVE
        ):
            found.append(
                Candidate(
                    i,
                    i,
                    OPINION,
                    "imperative",
                    w,
                    f"'{q}' gives the reader an order: the writer wants it done.",
                )
            )
        if i == sentence.first and w.endswith("ly") and "," in ctx.gap_after(i):
            found.append(
                Candidate(
                    i,
                    i,
                    OPINION,
                    "adverb",
                    w,
                    f"'{q},' opens with the writer's own feeling about the fact.",
                )
            )
    return found


def _short_quote(ctx: Context, i: int) -> bool:
    # Scare quotes wrap one to three words; a longer quotation is someone speaking.
    first = last = i
    while first > 0 and ctx.quoted[first - 1]:
        first -= 1
    while last + 1 < len(ctx.words) and ctx.quoted[last + 1]:
        last += 1
    return last - first < 3


def _questions(ctx: Context) -> list[Candidate]:
    found: list[Candidate] = []
    for s in ctx.sentences:
        if s.question and not ctx.quoted[s.first]:
            found.append(
                Candidate(
                    s.first,
                    s.last,
                    OPINION,
                    "question",
                    "?",
                    "A question the writer answers for you: it carries their view.",
                )
            )
    return found


def _clauses(ctx: Context) -> list[Candidate]:
    found: list[Candidate] = []
    for first, last in ctx.clauses:
        while first < last and ctx.words[first] in LEADING:
            first += 1
        # An opening adverbial ("Frankly,", "Of course,", "In reality,") is the
        # writer's framing, not part of the claim.
        for j in range(first, min(first + 3, last - 3)):
            if "," in ctx.gap_after(j):
                first = j + 1
                break
        sentence = ctx.sentences[ctx.sentence_of[first]]
        if last - first < 3 or sentence.question or ctx.quoted[first]:
            continue
        words = set(ctx.words[first : last + 1])
        rule, why = "clause", "It is stated as fact, with no source in the sentence."
        if sentence.attributed:
            why = "It is stated as fact: does the source the sentence names really back it?"
        if words & VAGUE_SUBJECTS and words & VAGUE_VERBS:
            rule, why = "vague_source", "It leans on a source nobody can check: which one?"
        elif any(any(ch.isdigit() for ch in w) for w in words):
            rule, why = "figure", "A precise figure, but the text never says where it comes from."
        elif words & MOTIVE:
            rule, why = "motive", "It claims to know what someone wants or hides, with no source."
        elif words & SWEEPING:
            rule, why = "sweeping", "It sweeps over everyone or everything, with no evidence."
        found.append(Candidate(first, last, CLAIM, rule, rule, why))
    return found
