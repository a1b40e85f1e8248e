"""The reading of a text the rules share: tokens, sentences, clauses, quotations.

Everything is computed in one pass over the tokens and the gaps between them,
so the cost is linear in the text and no regular expression can backtrack.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from quiz.suggest.lexicon import norm, word_set
from quiz.text import Token, tokenize

# Words that attribute what a sentence says to a source (CheckThat! treats
# reported opinions and claims as the journalist doing the job right).
ATTRIBUTION = word_set(
    "said says say told tells according reported reports report study studies survey data "
    "figures published statement spokesperson spokesman spokeswoman announced estimates "
    "estimated analysis census poll records"
)
_ATTRIBUTION_PHRASES = (("according", "to"), ("data", "from"), ("figures", "from"))
# A comma before one of these starts a new clause; "which" and "who" do not,
# since a relative clause belongs to the claim it qualifies.
_CLAUSE_WORDS = word_set("and but while although though because whereas yet")
# Single quotes are left out: ’ is far more often an apostrophe.
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_SENTENCE_END = re.compile(r"[.!?…]")
_CLAUSE_END = re.compile(r"[;:—–()]|\s-\s")


@dataclass(frozen=True)
class Sentence:
    """Token range ``[first, last]`` of one sentence and what it looks like."""

    first: int
    last: int
    question: bool
    exclaims: bool
    attributed: bool


@dataclass(frozen=True)
class Context:
    """A text read once: words, sentences and clauses by token index."""

    text: str
    tokens: list[Token]
    words: list[str]  # normalised token text
    sentence_of: list[int]  # token -> sentence number
    clause_of: list[int]  # token -> clause number
    quoted: list[bool]  # token sits inside quotation marks
    sentences: list[Sentence]
    clauses: list[tuple[int, int]]  # token ranges [first, last]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of tokens ``first..last``."""
        return self.tokens[first].start, self.tokens[last].end

    def gap_after(self, index: int) -> str:
        """The characters between token ``index`` and the next (or the end)."""
        end = self.tokens[index + 1].start if index + 1 < len(self.tokens) else len(self.text)
        return self.text[self.tokens[index].end : end]


def read(text: str) -> Context:
    """Tokenize ``text`` and find its sentences, clauses and quotations."""
    tokens = tokenize(text)
    words = [norm(t.text) for t in tokens]
    sentence_of: list[int] = []
    clause_of: list[int] = []
    quoted: list[bool] = []
    sentences: list[Sentence] = []
    clauses: list[tuple[int, int]] = []
    inside = False
    sentence_start = clause_start = 0
    before = text[: tokens[0].start] if tokens else ""
    inside = _toggle(inside, before)
    for i, token in enumerate(tokens):
        sentence_of.append(len(sentences))
        clause_of.append(len(clauses))
        quoted.append(inside)
        gap = text[token.end : tokens[i + 1].start] if i + 1 < len(tokens) else text[token.end :]
        inside = _toggle(inside, gap)
        last = i + 1 == len(tokens)
        ends_sentence = last or (bool(_SENTENCE_END.search(gap)) and not _is_initial(token.text))
        next_word = words[i + 1] if not last else ""
        ends_clause = (
            ends_sentence
            or bool(_CLAUSE_END.search(gap))
            or ("," in gap and next_word in _CLAUSE_WORDS)
        )
        if ends_clause:
            clauses.append((clause_start, i))
            clause_start = i + 1
        if ends_sentence:
            span_words = words[sentence_start : i + 1]
            sentences.append(
                Sentence(sentence_start, i, "?" in gap, "!" in gap, _attributed(span_words))
            )
            sentence_start = i + 1
    return Context(text, tokens, words, sentence_of, clause_of, quoted, sentences, clauses)


def _is_initial(word: str) -> bool:
    # "J. Smith" or "Mr. Jones" do not end a sentence.
    return (len(word) == 1 and word.isupper()) or word in {"Mr", "Mrs", "Ms", "Dr", "St", "vs"}


def _toggle(inside: bool, gap: str) -> bool:
    for ch in gap:
        if ch in _OPEN_QUOTES:
            inside = True
        elif ch in _CLOSE_QUOTES:
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def _attributed(words: list[str]) -> bool:
    if any(w in ATTRIBUTION for w in words):
        return True
    pairs = set(itertools.pairwise(words))
    return any(p in pairs for p in _ATTRIBUTION_PHRASES)
