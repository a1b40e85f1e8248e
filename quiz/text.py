"""Tokenizer: the words of an excerpt with their character offsets.

A token is the unit a learner selects. Punctuation, quotation marks, dashes and
ellipses are not tokens: they sit between tokens, so a span always starts at the
first character of a word and ends after the last character of a word.

What counts as one word:

* letters and digits in any script, with combining marks (``naïve``, ``café``);
* inner apostrophes, straight or curly (``don't``, ``America’s``);
* inner hyphens (``tax-and-spend``, ``33-year-old``), but not dashes (``—``, ``–``);
* numbers with separators and money (``1,200``, ``$4.2``, ``70%``, ``£5``);
* dotted abbreviations (``U.S.``, ``e.g.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A "letter": any Unicode alphanumeric except underscore, or a combining mark /
# zero-width joiner that belongs to the letter before it.
_CH = r"(?:[^\W_]|[\u0300-\u036f\u200d])"
_TOKEN_RE = re.compile(
    rf"""
    (?:[^\W\d_]\.){{2,}}                        # dotted abbreviation: U.S., e.g.
    | [$£€¥]?{_CH}+                             # a word or number, maybe money
      (?:(?:['’\-‐‑]|(?<=\d)[.,](?=\d)){_CH}+)* # joined by apostrophe, hyphen, or 4.2 / 1,200
      %?                                        # 70%
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One selectable word: ``text == source[start:end]``."""

    index: int
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens with half-open character offsets.

    Args:
        text: the excerpt text, any Unicode.

    Returns:
        The tokens in reading order; offsets never overlap.
    """
    return [
        Token(i, m.start(), m.end(), m.group())
        for i, m in enumerate(_TOKEN_RE.finditer(text))
    ]


def word_count(text: str) -> int:
    """Number of tokens in ``text``."""
    return sum(1 for _ in _TOKEN_RE.finditer(text))


def token_starts_ends(tokens: list[Token]) -> tuple[set[int], set[int]]:
    """The character offsets where a span may start, and where it may end."""
    return {t.start for t in tokens}, {t.end for t in tokens}


def tokens_between(tokens: list[Token], start: int, end: int) -> list[Token]:
    """Tokens that overlap the character range ``[start, end)``."""
    return [t for t in tokens if t.start < end and t.end > start]


def find_all(text: str, quote: str) -> list[int]:
    """Every start offset where ``quote`` occurs in ``text`` (overlaps included)."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1 and quote:
        found.append(at)
        at = text.find(quote, at + 1)
    return found
